"""Reads for best practices."""

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.utils.html import strip_tags

from summit.models import City, Topic, User
from summit.permissions import is_organiser
from summit.similarity import nearest_in_other_groups
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


def practices_related(*, practice: BestPractice) -> list[BestPractice]:
    """Up to three approved practices from other cities that do a similar thing (their title, summary and text
    compared, in any of the summit's languages), closest first. Cached until a practice is next approved."""
    public = practices_public()
    version = public.aggregate(latest=Max("published_at"), count=Count("id"))
    latest = version["latest"].timestamp() if version["latest"] else 0
    key = f"practices-related:{latest}:{version['count']}"
    table = cache.get(key)
    if table is None:
        rows = list(public.order_by("id").values_list("id", "city_id", "public_title", "public_summary",
                                                        "public_content"))  # fmt: skip
        texts = [f"{title} {summary} {strip_tags(content.get('body_html', ''))}"
                 for _id, _city, title, summary, content in rows]  # fmt: skip
        nearest = nearest_in_other_groups(texts, [city for _id, city, *_rest in rows])
        table = {row[0]: [rows[other][0] for other in others] for row, others in zip(rows, nearest, strict=True)}
        cache.set(key, table, 60 * 60)
    related = table.get(practice.pk, [])
    practices = {p.pk: p for p in public.filter(pk__in=related)}
    return [practices[pk] for pk in related if pk in practices]
