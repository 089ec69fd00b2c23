"""What search knows of each public thing, read through each app's public selectors: a `Document` per key, or None
when the thing is not (or no longer) public, so that its entry is removed.

Keys: practice:<id>, programme:<id>, press:<id>, pledge:<id>, update:<id>, clause:<declaration>:<number>,
comment:<id>, and outcome:<uuid> for the outcomes of the current edition (read from its frozen exhibits, since
the public sees outcomes only through an edition).
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from declarations import selectors as declarations
from declarations.models import Clause, PledgeUpdate, VersionTranslation
from discussion.models import Comment, CommentStatus
from events.models import PressRelease
from exhibition import selectors as exhibition
from hubs.models import SearchKind
from summit import selectors as summit
from summit.models import City, ProgrammeItem, Topic
from workshops import selectors as workshops

# Text of unknown language (comments): stemmed in every language.
ANY_LANGUAGE = "*"


@dataclass(frozen=True)
class Document:
    key: str
    kind: str
    texts: dict[str, tuple[str, str]]
    url: str
    date: datetime.datetime
    city: City | None = None
    topic: Topic | None = None
    follow: list[str] = field(default_factory=list)
    visible_from: datetime.datetime | None = None

    @property
    def context(self) -> str:
        names = [self.city.name] if self.city else []
        if self.topic:
            names += dict.fromkeys(
                getattr(self.topic, f"name_{code}") or self.topic.name for code, _ in settings.LANGUAGES
            )
        return " · ".join(names)


def _places(city: City | None, topic: Topic | None) -> list[str]:
    return ([f"city:{city.slug}"] if city else []) + ([f"topic:{topic.slug}"] if topic else [])


def _translated(instance, title: str, body: str) -> dict[str, tuple[str, str]]:
    """A translated model's (summit/translation.py) texts per language, where it has them."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        pair = (getattr(instance, f"{title}_{code}") or "", strip_tags(getattr(instance, f"{body}_{code}") or ""))
        if pair[0]:
            texts[code] = pair
    return texts


def practice(pk: str) -> Document | None:
    found = workshops.practices_public().filter(pk=int(pk)).first()
    if found is None:
        return None
    content = found.public_content
    body = strip_tags(f"{content.get('body_html', '')} {content.get('results_html', '')}")
    return Document(
        key=f"practice:{pk}", kind=SearchKind.PRACTICE, url=found.get_absolute_url(),
        texts={content.get("language", found.language): (found.public_title, f"{found.public_summary} {body}")},
        city=found.city, topic=found.public_topic, date=found.published_at or found.updated_at,
        follow=[*_places(found.city, found.public_topic), f"thread:practice:{pk}"],
    )  # fmt: skip


def programme(pk: str) -> Document | None:
    current = summit.summit_current()
    found = current and summit.programme_items(summit=current).filter(pk=int(pk)).first()
    if not found:
        return None
    return Document(
        key=f"programme:{pk}", kind=SearchKind.PROGRAMME, url=found.get_absolute_url(),
        texts=_translated(found, "title", "description"), topic=found.topic, date=found.starts_at,
        follow=_places(None, found.topic),
    )  # fmt: skip


def press(pk: str) -> Document | None:
    # Indexed before its time, shown from it: `visible_from` keeps the embargo.
    found = PressRelease.objects.filter(pk=int(pk)).first()
    if found is None:
        return None
    return Document(
        key=f"press:{pk}", kind=SearchKind.PRESS, url=found.get_absolute_url(),
        texts=_translated(found, "title", "body"), date=found.publish_at, visible_from=found.publish_at,
    )  # fmt: skip


def _pledge_follow(pledge) -> list[str]:
    return [*_places(pledge.city, pledge.topic), f"pledge:{pledge.pk}", f"declaration:{pledge.declaration.slug}"]


def pledge(pk: str) -> Document | None:
    found = declarations.pledges_of().filter(pk=int(pk)).first()
    if found is None:
        return None
    return Document(
        key=f"pledge:{pk}", kind=SearchKind.PLEDGE, url=found.get_absolute_url(),
        texts={ANY_LANGUAGE: (found.title, found.description)}, city=found.city, topic=found.topic,
        date=found.created_at, follow=_pledge_follow(found),
    )  # fmt: skip


def update(pk: str) -> Document | None:
    found = PledgeUpdate.objects.filter(pk=int(pk), pledge__in=declarations.pledges_of()).first()
    if found is None:
        return None
    pledge = declarations.pledges_of().get(pk=found.pledge_id)
    return Document(
        key=f"update:{pk}", kind=SearchKind.UPDATE, url=f"{pledge.get_absolute_url()}#update-{pk}",
        texts={ANY_LANGUAGE: (pledge.title, found.text)}, city=pledge.city, topic=pledge.topic,
        date=found.created_at, follow=_pledge_follow(pledge),
    )  # fmt: skip


def clause(name: str) -> Document | None:
    slug, _sep, number = name.rpartition(":")
    declaration = declarations.declarations_public().filter(slug=slug).first()
    found = declaration and Clause.objects.filter(declaration=declaration, number=int(number)).first()
    if not found:
        return None
    texts = {declaration.language: (f"{declaration.title} § {found.number}", found.text)}
    translations = VersionTranslation.objects.filter(version__declaration=declaration).order_by("-version__number")
    for translation in translations:
        clauses = translation.clauses
        if translation.language not in texts and 0 < found.number <= len(clauses):
            texts[translation.language] = (f"{translation.title} § {found.number}", clauses[found.number - 1])
    return Document(
        key=f"clause:{name}", kind=SearchKind.CLAUSE, texts=texts, date=declaration.created_at,
        url=reverse("declarations:clause", kwargs={"slug": slug, "number": found.number}),
        follow=[f"declaration:{slug}", f"thread:clause:{name}"],
    )  # fmt: skip


def comment(pk: str) -> Document | None:
    found = (
        Comment.objects.filter(pk=int(pk), status=CommentStatus.PUBLISHED)
        .select_related("thread__city", "official_city")
        .first()
    )
    if found is None or not _page_public(found.thread.key):
        return None
    thread = found.thread
    topic = Topic.objects.filter(slug=thread.key.partition(":")[2]).first() if thread.key.startswith("topic:") else None
    return Document(
        key=f"comment:{pk}", kind=SearchKind.COMMENT, url=found.get_absolute_url(),
        texts={ANY_LANGUAGE: (thread.title, found.body)}, city=found.official_city or thread.city, topic=topic,
        date=found.created_at, follow=[f"thread:{thread.key}", *_places(thread.city, topic)],
    )  # fmt: skip


def _page_public(thread_key: str) -> bool:
    """Whether the page a thread is read on is public now: a withdrawn practice's or a workshop's no longer in the
    current edition is not, and nor are their comments."""
    prefix, _sep, name = thread_key.partition(":")
    if prefix == "practice":
        return workshops.practices_public().filter(pk=int(name)).exists()
    if prefix == "workshop":
        return exhibition.exhibit_current(key=thread_key) is not None
    return True


def outcomes_current() -> Iterator[Document]:
    """The outcomes the current edition shows, on their workshop's exhibit page."""
    edition = exhibition.edition_current()
    if edition is None:
        return
    cities = {city.name: city for city in summit.cities_all()}
    topics = {topic.slug: topic for topic in summit.topics_all()}
    for exhibit in exhibition.edition_exhibits(edition=edition).filter(kind="workshop"):
        payload = exhibit.payload
        topic = topics.get(payload["topic"]["slug"])
        url = reverse("exhibition:workshop", kwargs={"pk": int(exhibit.key.partition(":")[2])})
        for items in payload["outcomes"].values():
            for outcome in items:
                city = cities.get(outcome["city"])
                yield Document(
                    key=f"outcome:{outcome['id']}", kind=SearchKind.OUTCOME, url=url,
                    texts={ANY_LANGUAGE: (payload["title"], outcome["text"])}, city=city, topic=topic,
                    date=edition.published_at or timezone.now(), follow=_places(city, topic),
                )  # fmt: skip


BUILDERS = {
    "practice": practice,
    "programme": programme,
    "press": press,
    "pledge": pledge,
    "update": update,
    "clause": clause,
    "comment": comment,
}


def document(key: str) -> Document | None:
    """The document of `key`, or None when nothing public stands under it."""
    prefix, _sep, name = key.partition(":")
    builder = BUILDERS.get(prefix)
    return builder(name) if builder else None


def keys_all() -> Iterator[str]:
    """Every key that may hold a public document (the rebuild asks each)."""
    yield from (f"practice:{pk}" for pk in workshops.practices_public().values_list("pk", flat=True))
    yield from (f"programme:{pk}" for pk in ProgrammeItem.objects.values_list("pk", flat=True))
    yield from (f"press:{pk}" for pk in PressRelease.objects.values_list("pk", flat=True))
    yield from (f"pledge:{pk}" for pk in declarations.pledges_of().values_list("pk", flat=True))
    yield from (f"update:{pk}" for pk in PledgeUpdate.objects.values_list("pk", flat=True))
    for slug, number in Clause.objects.values_list("declaration__slug", "number"):
        yield f"clause:{slug}:{number}"
    published = Comment.objects.filter(status=CommentStatus.PUBLISHED)
    yield from (f"comment:{pk}" for pk in published.values_list("pk", flat=True))
