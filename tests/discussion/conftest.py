import pytest

from discussion.models import Thread
from tests.factories import (
    CityFactory,
    DelegateFactory,
)


@pytest.fixture
def other_city_mayor(db):
    return DelegateFactory(city=CityFactory(name="Vienna", slug="vienna"), user__email="vienna@example.org").user


@pytest.fixture
def thread(sources, publish):
    """The healthy cities' topic thread, in a published edition."""
    publish()
    return Thread.objects.get(key="topic:healthy-cities")
