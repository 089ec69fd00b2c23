"""Reads for best practices."""

from django.core.cache import cache
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils.html import strip_tags

from summit.models import City, Topic, User
from summit.permissions import is_organiser
from summit.similarity import nearest_in_other_groups
from summit.text import translations_of
from workshops.models import BestPractice, Outcome, OutcomeKind, OutcomePhoto, PracticeImage, Workshop, WorkshopStatus


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


def outcome_kind_label(kind: str) -> str:
    """The reader's name of an outcome kind as stored in an exhibit's payload ("solution" → "Solution")."""
    return OutcomeKind(kind).label


def workshops_for_exhibition() -> list[dict]:
    """The workshops the exhibition shows (closed, or marked ready by their facilitators) as plain values for the
    compile: their visible outcomes in order, and the flipchart photos whose renditions are ready. The summary is
    handed over as written (Markdown); the compile turns it into HTML."""
    outcomes = Outcome.objects.filter(hidden=False).select_related("city").order_by("order", "id")
    workshops = (
        Workshop.objects.filter(Q(status=WorkshopStatus.CLOSED) | Q(ready_for_exhibition=True))
        .select_related("programme_item", "topic")
        .prefetch_related(
            Prefetch("outcomes", queryset=outcomes),
            Prefetch("photos", queryset=OutcomePhoto.objects.exclude(card="").order_by("created_at", "id")),
        )
        .order_by("topic__order", "id")
    )
    return [
        {
            "id": w.pk, "topic": w.topic.slug, "title": w.programme_item.title,
            "i18n": translations_of(w.programme_item, "title"), "summary": w.summary,
            "outcomes": [
                {"id": str(o.uuid), "kind": o.kind, "text": o.text, "city": o.city.name if o.city else "",
                 "votes": o.votes}
                for o in w.outcomes.all()
            ],
            # The caption is also the photo's text alternative.
            "photos": [
                {"card": photo.card.name, "full": photo.poster.name, "caption": photo.caption,
                 "width": photo.width, "height": photo.height}
                for photo in w.photos.all()
            ],
        }
        for w in workshops
    ]  # fmt: skip


def practices_for_exhibition() -> list[dict]:
    """The public practices as plain values for the compile, by topic, city and age: their public version (what the
    review approved), with the cover's poster rendition."""
    practices = (
        BestPractice.objects.filter(is_public=True)
        .select_related("city", "public_topic", "public_cover")
        .order_by("public_topic__order", "city__name", "id")
    )
    return [
        {
            "id": p.pk, "topic": p.public_topic.slug, "city": p.city.name, "city_slug": p.city.slug,
            "title": p.public_title, "summary": p.public_summary,
            "body_html": p.public_content.get("body_html", ""),
            "results_html": p.public_content.get("results_html", ""),
            "image": p.public_cover.poster.name if p.public_cover and p.public_cover.poster else "",
            "image_alt": p.public_cover.alt_text if p.public_cover else "",
            "is_demo": p.is_demo,
        }
        for p in practices
    ]  # fmt: skip
