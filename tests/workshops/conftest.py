import pytest

from tests.factories import BestPracticeFactory, CityFactory, DelegateFactory


@pytest.fixture
def draft(mayor, city, topic):
    """A draft of the mayor's city."""
    return BestPracticeFactory(city=city, topic=topic, author=mayor, title="Neighbourhood living rooms")


@pytest.fixture
def deputy(city):
    """A second delegate of the mayor's city: co-editor of its practices."""
    return DelegateFactory(city=city, title="deputy_mayor", user__email="deputy@example.org").user


@pytest.fixture
def other_mayor(db):
    return DelegateFactory(city=CityFactory(name="Vienna", slug="vienna"), user__email="other@example.org").user
