import pytest

from tests.factories import (
    CityFactory,
    DelegateFactory,
)


@pytest.fixture
def other_city_mayor(db):
    return DelegateFactory(city=CityFactory(name="Vienna", slug="vienna"), user__email="vienna@example.org").user
