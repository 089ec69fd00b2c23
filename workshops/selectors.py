"""Reads for best practices."""

from django.db.models import Count, Q, QuerySet

from summit.models import City, Topic, User
from summit.permissions import is_organiser
from workshops.models import BestPractice, Outcome, PracticeImage, Workshop


def practices_public(
    *, topic: Topic | None = None, city: City | None = None, query: str = ""
) -> QuerySet[BestPractice]:
    """Approved practices, newest first; `query` matches every word in the title or summary."""
    practices = BestPractice.objects.filter(is_public=True).select_related("city", "public_topic", "public_cover")
    if topic is not None:
        practices = practices.filter(public_topic=topic)
    if city is not None:
        practices = practices.filter(city=city)
    for word in query.split()[:10]:
        practices = practices.filter(Q(public_title__icontains=word) | Q(public_summary__icontains=word))
    return practices.order_by("-published_at", "-id")


def practice_public_images(*, practice: BestPractice) -> list[PracticeImage]:
    """The images of the approved copy, in their approved order."""
    ids = practice.public_content.get("image_ids", [])
    by_id = PracticeImage.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def practices_for_editor(*, user: User) -> QuerySet[BestPractice]:
    """Every practice of the cities `user` is a delegate of, in any status. Anyone else's are not there."""
    if not user.is_authenticated:
        return BestPractice.objects.none()
    return (
        BestPractice.objects.filter(city__delegates__user=user)
        .select_related("city", "topic", "author")
        .order_by("city__name", "-updated_at")
    )


def practice_editor_images(*, practice: BestPractice) -> QuerySet[PracticeImage]:
    return practice.images.filter(removed=False)


def workshops_for_user(*, user: User) -> QuerySet[Workshop]:
    """Organisers see every workshop, facilitators theirs, everyone else none."""
    workshops = Workshop.objects.select_related("programme_item__venue", "topic").annotate(
        outcome_count=Count("outcomes", filter=Q(outcomes__hidden=False))
    )
    if is_organiser(user):
        return workshops
    if not user.is_authenticated:
        return workshops.none()
    return workshops.filter(facilitators=user)


def workshop_outcomes(*, workshop: Workshop) -> QuerySet[Outcome]:
    return workshop.outcomes.select_related("city").order_by("order", "id")
