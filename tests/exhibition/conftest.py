import pytest

from tests.factories import (
    CityFactory,
    DelegateFactory,
    OutcomeFactory,
    TopicFactory,
    WorkshopFactory,
    approved_practice,
)


@pytest.fixture
def sources(db, summit):
    """Two topics; one ready workshop with outcomes, one approved practice each."""
    healthy = TopicFactory(
        name="Healthy Cities", name_de="Gesunde Städte", name_fr="Villes en bonne santé",
        summary="Green mobility.", summary_de="Grüne Mobilität.",
        slug="healthy-cities", colour="#2da44e", order=1,
    )  # fmt: skip
    inclusive = TopicFactory(name="Inclusive Cities", slug="inclusive-cities", colour="#d4a72c", order=2)
    for topic in (healthy, inclusive):
        workshop = WorkshopFactory(
            topic=topic, ready_for_exhibition=True, summary="We **agreed**.", programme_item__summit=summit,
            programme_item__title=f"Workshop: {topic.name}",
        )  # fmt: skip
        OutcomeFactory(workshop=workshop, kind="solution", text=f"{topic.name} solution", votes=7)
        OutcomeFactory(workshop=workshop, kind="commitment", text=f"{topic.name} commitment", votes=1)
        approved_practice(topic=topic, title=f"{topic.name} practice")
    return {"healthy": healthy, "inclusive": inclusive}


@pytest.fixture
def other_city_mayor(db):
    return DelegateFactory(city=CityFactory(name="Vienna", slug="vienna"), user__email="vienna@example.org").user
