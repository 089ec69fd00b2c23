"""Reads for sign-ups."""

from django.db.models import Case, Count, Q, QuerySet, When
from django.utils import timezone

from events.models import (
    Accreditation,
    AccreditationStatus,
    Event,
    PressContact,
    PressPhoto,
    PressRelease,
    Question,
    QuestionStatus,
    QuestionVote,
    Registration,
    RegistrationStatus,
)
from summit.models import ProgrammeItem, User


def event_of_item(*, item: ProgrammeItem) -> Event | None:
    """The item's sign-up, with its counts (places taken, waiting), or None when it has none."""
    return (
        Event.objects.filter(item=item)
        .annotate(
            taken=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
            waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
            present=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)),
        )
        .first()
    )


def event_by_room_code(*, code: str) -> Event | None:
    """The public event whose room has this code (events.forms.JoinForm has made it upper case)."""
    return Event.objects.select_related("item").filter(room_code=code, item__is_public=True).first()


def registration_of(*, event: Event, user: User) -> Registration | None:
    """The signed-in person's live sign-up for `event`, if any."""
    if not user.is_authenticated:
        return None
    return (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .filter(Q(user=user) | Q(email__iexact=user.email))
        .first()
    )


def registration_by_token(*, token: str) -> Registration | None:
    return Registration.objects.select_related("event__item__summit", "event__item__venue").filter(token=token).first()


def door_list(*, event: Event, query: str = "", limit: int = 50) -> QuerySet[Registration]:
    """Confirmed places for the door, by name (or code), those not yet in first."""
    places = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    if query:
        places = places.filter(Q(name__icontains=query) | Q(code__iexact=query.strip()))
    return places.order_by("checked_in_at", "name")[:limit]


def questions_for_room(*, event: Event) -> QuerySet[Question]:
    """What everyone in the room sees: every question not hidden, the one being answered first, then the most
    liked, answered ones last."""
    return (
        event.questions.exclude(status=QuestionStatus.HIDDEN)
        .annotate(
            place=Case(
                When(status=QuestionStatus.LIVE, then=0), When(status=QuestionStatus.ANSWERED, then=2), default=1
            )
        )
        .order_by("place", "-likes", "created_at")
    )


def questions_by_status(*, event: Event) -> dict[str, list[Question]]:
    """The moderators' queue, in columns."""
    columns = {status: [] for status in QuestionStatus.values}
    for question in event.questions.order_by("-likes", "created_at"):
        columns[question.status].append(question)
    return columns


def screen_state(*, event: Event) -> dict:
    """What the room's screen shows: the question being answered and the shortlist."""
    questions = list(
        event.questions.filter(status__in=[QuestionStatus.LIVE, QuestionStatus.SHORTLISTED]).order_by(
            "-likes", "created_at"
        )
    )
    return {
        "live": next((q for q in questions if q.status == QuestionStatus.LIVE), None),
        "shortlist": [q for q in questions if q.status == QuestionStatus.SHORTLISTED],
    }


def votes_of(*, event: Event, voter: str) -> set[tuple[int, str]]:
    """(question id, kind) this phone or account has given, to show its own likes."""
    return set(QuestionVote.objects.filter(question__event=event, voter=voter).values_list("question_id", "kind"))


def answered_questions_for_exhibition() -> list[dict]:
    """The questions answered live at public events on a topic, once the event is over, as plain values for the
    compile: the room's own words and who answered, nothing added."""
    questions = (
        Question.objects.filter(
            status=QuestionStatus.ANSWERED, event__item__topic__isnull=False, event__item__ends_at__lte=timezone.now()
        )
        .select_related("event__item__topic")
        .order_by("event__item__starts_at", "-likes", "created_at")
    )
    return [
        {
            "topic": question.event.item.topic.slug,
            "event": question.event.item.title,
            "text": question.text,
            "answered_by": question.answered_by,
        }
        for question in questions
    ]


def is_accredited(user) -> bool:
    """A journalist whose approved accreditation is for one of the account's verified addresses."""
    if not user.is_authenticated:
        return False
    verified = user.emailaddress_set.filter(verified=True).values("email")
    return Accreditation.objects.filter(status=AccreditationStatus.APPROVED, email__in=verified).exists()


def press_releases(*, user) -> list[PressRelease]:
    """Published releases, newest first; accredited journalists also get the embargoed ones, marked."""
    now = timezone.now()
    releases = PressRelease.objects.order_by("-publish_at")
    if not is_accredited(user):
        releases = releases.filter(publish_at__lte=now)
    releases = list(releases)
    for release in releases:
        release.embargoed = release.publish_at > now
    return releases


def press_release_visible(*, user, pk: int) -> PressRelease | None:
    release = PressRelease.objects.filter(pk=pk).first()
    if release is None or (release.publish_at > timezone.now() and not is_accredited(user)):
        return None
    release.embargoed = release.publish_at > timezone.now()
    return release


def press_photos() -> QuerySet[PressPhoto]:
    """Photos whose renditions are ready (the gallery shows cards and links the cleaned full size)."""
    return PressPhoto.objects.exclude(card="").order_by("position", "pk")


def press_contacts() -> QuerySet[PressContact]:
    return PressContact.objects.order_by("pk")
