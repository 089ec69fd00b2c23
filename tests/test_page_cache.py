"""The page caches (summit.caching): every public page is served whole to anonymous readers, the pages that are the
same for every signed-in reader with the same roles to signed-in ones, and no write to what a page shows (through
a service, the admin or a shell) leaves a copy behind."""

import io
import re
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.test import Client
from django.test.signals import template_rendered
from django.utils import timezone

from declarations.models import Declaration, Pledge
from discussion.models import Comment, CommentStatus
from discussion.selectors import thread_for_key
from discussion.services import comment_moderate, comment_post, reaction_toggle
from events.models import PressRelease
from exhibition.models import Showing
from exhibition.services.editions import compile_start, edition_fail
from hubs import following
from summit.caching import PAGES_VERSION_KEY
from summit.models import City, DelegateTitle, ProgrammeItem, Summit, Topic, User
from summit.near_pages import near_pages
from summit.viewers import reader_keys
from tests.factories import (
    DelegateFactory,
    EventFactory,
    FacilitatorFactory,
    OrganiserFactory,
    ProgrammeItemFactory,
    UserFactory,
    approved_practice,
)
from workshops.models import BestPractice, Outcome, PracticeStatus, Workshop
from workshops.services import practice_withdraw


@pytest.fixture
def site(db, publish):
    call_command("seed_demo", "--with-demo-accounts", stdout=io.StringIO())
    PressRelease.objects.create(title="The mayors sign", body="Today.", publish_at=timezone.now())
    edition = publish()
    topic = Topic.objects.order_by("order").first()
    comment_post(thread=thread_for_key(key=f"topic:{topic.slug}"), user=UserFactory(), body="Benches under every tree")
    return edition


def public_pages(edition) -> list[str]:
    """One of each page an anonymous reader can open, from the demo data."""
    topic = Topic.objects.order_by("order").first()
    practice = BestPractice.objects.filter(status=PracticeStatus.APPROVED).first()
    declaration = Declaration.objects.exclude(status="draft").first()
    clause = declaration.clauses.first()
    pledge = Pledge.objects.filter(declaration=declaration).first()
    showing = Showing.objects.select_related("city").first()
    workshop = Workshop.objects.filter(ready_for_exhibition=True).first()
    release = PressRelease.objects.filter(publish_at__lte=timezone.now()).first()
    return [
        "/",
        "/programme/",
        "/press/",
        f"/press/releases/{release.pk}/",
        f"/topics/{topic.slug}/",
        f"/cities/{City.objects.first().slug}/",
        "/practices/",
        f"/practices/?topic={topic.slug}",
        f"/practices/{practice.pk}/",
        "/declarations/",
        f"/declarations/{declaration.slug}/",
        f"/declarations/{declaration.slug}/clauses/{clause.number}/",
        f"/declarations/{declaration.slug}/versions/",
        f"/declarations/{declaration.slug}/amendments/",
        f"/declarations/{declaration.slug}/pledges/{pledge.pk}/",
        "/exhibition/",
        f"/exhibition/topics/{topic.slug}/",
        f"/exhibition/workshops/{workshop.pk}/",
        "/exhibition/editions/",
        f"/exhibition/editions/{edition.number}/",
        f"/exhibition/editions/{edition.number}/changes/",
        f"/exhibition/cities/{showing.city.slug}/",
        f"/exhibition/cities/{showing.city.slug}/topics/{topic.slug}/",
    ]


def test_every_public_page_is_served_from_the_cache_to_anonymous_readers(site, django_assert_num_queries):
    client = Client()
    for url in public_pages(site):
        first = client.get(url)
        assert first.status_code == 200, url
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.status_code == 200 and again.content == first.content, url
        for header in ("Content-Type", "Content-Language", "Cache-Control", "Vary", "Content-Security-Policy"):
            assert again.get(header) == first.get(header), (url, header)


def test_each_language_and_each_query_string_is_its_own_page(site):
    client = Client()
    english = client.get("/practices/").content.decode()
    german = client.get("/practices/?lang=de").content.decode()
    topic = Topic.objects.order_by("order").first()
    filtered = client.get(f"/practices/?topic={topic.slug}").content.decode()

    client.cookies["lang"] = "fr"  # the language chosen once, as ?lang= leaves it
    french = client.get("/practices/").content.decode()
    in_german = Client(headers={"accept-language": "de"}).get("/practices/").content.decode()

    assert 'lang="en"' in english and 'lang="de"' in german
    assert 'lang="fr"' in french and 'lang="de"' in in_german
    assert filtered != english


def test_a_compile_leaves_the_cached_pages_alone_until_its_edition_is_published(
    site, publish, django_assert_num_queries
):
    reader = Client()
    before = reader.get("/exhibition/editions/").content.decode()
    Outcome.objects.filter(workshop__ready_for_exhibition=True).update(text="Shade on every square")

    failed = compile_start()
    with django_assert_num_queries(0):  # a crowd reading during the nightly compile keeps its pages
        while_compiling = reader.get("/exhibition/editions/")
    edition_fail(edition_id=failed.edition.pk, error="The poster template is broken")
    with django_assert_num_queries(0):
        reader.get("/exhibition/editions/")
    published = publish()
    after = reader.get("/exhibition/editions/").content.decode()

    assert failed.outcome == "started" and while_compiling.status_code == 200
    assert f"Edition {published.number}" not in before
    assert f"Edition {published.number}" in after


def test_a_write_by_another_process_reaches_readers_here_within_a_second(site, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(near_pages, "_clock", lambda: clock[0])
    comment = Comment.objects.get(body="Benches under every tree")
    exhibit = comment.thread.page_url()
    anonymous, signed_in = Client(), _signed_in()
    for client in (anonymous, signed_in, signed_in):
        client.get(exhibit)  # kept, in this process too, and what was read for the signed-in reader

    # Another process hides the comment: its rows and its move of the version in Redis, nothing in this process.
    Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.HIDDEN)
    cache.set(PAGES_VERSION_KEY, cache.get(PAGES_VERSION_KEY, 0) + 1)
    within_the_second = [client.get(exhibit).content.decode() for client in (anonymous, signed_in)]
    clock[0] += 1.0
    after_the_second = [client.get(exhibit).content.decode() for client in (anonymous, signed_in)]

    assert all("Benches under every tree" in page for page in within_the_second)
    assert not any("Benches under every tree" in page for page in after_the_second)


def test_a_withdrawn_practice_leaves_the_cached_pages_at_once(site):
    client = Client()
    practice = BestPractice.objects.filter(status=PracticeStatus.APPROVED).select_related("topic").first()
    mayor = DelegateFactory(city=practice.city, title=DelegateTitle.MAYOR).user
    pages = ["/practices/", f"/topics/{practice.topic.slug}/", f"/cities/{practice.city.slug}/"]
    before = [client.get(url).content.decode() for url in pages]

    practice_withdraw(practice=practice, by=mayor)

    after = [client.get(url).content.decode() for url in pages]
    assert all(practice.title in page for page in before)
    assert not any(practice.title in page for page in after)
    assert client.get(f"/practices/{practice.pk}/").status_code == 404


def test_a_hidden_comment_leaves_every_cached_page_that_showed_it(site):
    client = Client()
    topic = Topic.objects.order_by("order").first()
    thread = thread_for_key(key=f"topic:{topic.slug}")
    comment = Comment.objects.get(thread=thread, body="Benches under every tree")
    exhibit = f"/exhibition/topics/{topic.slug}/"
    shown = client.get(exhibit).content.decode()

    comment_moderate(comment=comment, by=OrganiserFactory(), status=CommentStatus.HIDDEN, reason="Off topic")

    assert "Benches under every tree" in shown
    assert "Benches under every tree" not in client.get(exhibit).content.decode()


def test_an_edit_made_outside_the_services_drops_the_cached_pages_too(site):
    """The admin and a shell save models directly: the cache hears of it all the same."""
    client = Client()
    topic = Topic.objects.order_by("order").first()
    item = ProgrammeItem.objects.filter(is_public=True).first()
    before = client.get("/").content.decode(), client.get("/programme/").content.decode()

    topic.name = "Cities for everyone"
    topic.save()
    item.title = "Opening with the mayors"
    item.save(update_fields=["title"])

    home, programme = client.get("/").content.decode(), client.get("/programme/").content.decode()
    assert "Cities for everyone" not in before[0] and "Cities for everyone" in home
    assert "Opening with the mayors" not in before[1] and "Opening with the mayors" in programme


def test_reactions_and_sign_ins_leave_the_cached_pages_alone(site, django_assert_num_queries):
    """Reaction counts may be 30 seconds old; a reaction or a sign-in does not make every reader's page re-render."""
    client = Client()
    comment = Comment.objects.filter(status=CommentStatus.PUBLISHED).select_related("thread").first()
    page = comment.thread.page_url()
    reader = UserFactory()
    client.get(page)

    reaction_toggle(comment=comment, user=reader, kind="agree")
    Client().force_login(reader)

    with django_assert_num_queries(0):
        client.get(page)


def test_a_page_with_a_form_is_never_shared_with_its_csrf_token(site):
    """A programme item's guest sign-up form carries the reader's own CSRF token, so it is not cached."""
    event = EventFactory(item__summit=Summit.objects.get(is_current=True))
    url = f"/programme/{event.item.pk}/"
    tokens = []
    for client in (Client(), Client()):
        for _visit in range(2):  # the second visit already has the CSRF cookie, so sets none
            page = client.get(url).content.decode()
            tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1))

    assert len(set(tokens)) == 4


# Pages that show a reader's own state (accreditation, signing, amendments supported, a pledge's follow-up) are
# rendered for each signed-in reader; every other public page is kept for them (`cached_page(signed_in=True)`).
RENDERED_FOR_EACH_READER = re.compile(r"^/press/|^/declarations/[\w-]+/(amendments/|pledges/\d+/)?$")


def signed_in_pages(edition) -> list[str]:
    return [url for url in public_pages(edition) if not RENDERED_FOR_EACH_READER.search(url)]


@pytest.mark.parametrize("extra", [0, 20])
def test_signed_in_readers_get_shared_pages_from_the_cache_without_a_query(site, extra, django_assert_num_queries):
    for number in range(extra):
        approved_practice(topic=Topic.objects.first(), city=City.objects.first(), title=f"More shade {number}")
    first_reader, reader = Client(), Client()
    first_reader.force_login(UserFactory())
    reader.force_login(UserFactory())
    reader.get("/privacy/")  # the reader's user is verified once, then kept with the session's proof
    for url in signed_in_pages(site):
        first = first_reader.get(url)
        with django_assert_num_queries(0):
            page = reader.get(url)
        assert first.status_code == page.status_code == 200, url
        assert "Sign out" in page.content.decode(), url


def test_each_signed_in_reader_gets_their_own_csrf_token_in_a_shared_page(site):
    """The page comes from the cache; its forms carry each reader's own CSRF token, which their session accepts."""
    practice = BestPractice.objects.filter(status=PracticeStatus.APPROVED).first()
    for _reader in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(UserFactory())
        page = client.get(f"/practices/{practice.pk}/").content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

        signed_out = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})

        assert practice.title in page
        assert signed_out.status_code == 302
        assert "_auth_user_id" not in client.session


def test_delegates_only_items_stay_with_delegates_when_the_programme_is_shared(site):
    """Delegates see delegates-only items, so the programme is kept apart for them."""
    summit = Summit.objects.get(is_current=True)
    ProgrammeItemFactory(summit=summit, title="Mayors' closed breakfast", is_public=False)
    delegate, citizen = Client(), Client()
    delegate.force_login(DelegateFactory(city=City.objects.first()).user)
    citizen.force_login(UserFactory())

    for_delegate = delegate.get("/programme/").content.decode()
    for_citizen = citizen.get("/programme/").content.decode()

    assert "Mayors&#x27; closed breakfast" in for_delegate
    assert "closed breakfast" not in for_citizen


def test_a_signed_in_reader_sees_a_withdrawn_practice_gone_at_once(site):
    practice = BestPractice.objects.filter(status=PracticeStatus.APPROVED).select_related("topic").first()
    client = Client()
    client.force_login(UserFactory())
    hub = f"/topics/{practice.topic.slug}/"
    before = client.get(hub).content.decode()

    practice_withdraw(practice=practice, by=DelegateFactory(city=practice.city).user)

    assert practice.title in before
    assert practice.title not in client.get(hub).content.decode()


def test_own_comment_controls_reach_only_their_author_in_a_shared_page(site, django_assert_num_queries):
    topic = Topic.objects.order_by("order").first()
    author, reader = UserFactory(), Client()
    comment = comment_post(thread=thread_for_key(key=f"topic:{topic.slug}"), user=author, body="More fountains")
    reader.force_login(UserFactory())
    own = Client()
    own.force_login(author)
    own.get("/privacy/")
    exhibit = f"/exhibition/topics/{topic.slug}/"
    delete = f"/exhibition/comments/{comment.pk}/delete/"

    for_reader = reader.get(exhibit).content.decode()
    with django_assert_num_queries(0):
        for_author = own.get(exhibit).content.decode()

    assert "More fountains" in for_reader and "More fountains" in for_author
    assert delete not in for_reader
    assert delete in for_author and f"/exhibition/comments/{comment.pk}/edit/" in for_author
    assert "\x00" not in for_reader + for_author


def test_a_changed_password_or_a_closed_account_signs_the_session_out_at_once(site):
    changed, closed = UserFactory(), UserFactory()
    clients = {}
    for user in (changed, closed):
        clients[user.pk] = Client()
        clients[user.pk].force_login(user)
        assert "Sign out" in clients[user.pk].get("/").content.decode()

    changed.set_password("a new and long password")
    changed.save()
    closed.is_active = False
    closed.save()

    for user in (changed, closed):
        page = clients[user.pk].get("/").content.decode()
        assert "Sign out" not in page and "Sign in" in page


def test_menus_follow_roles_in_shared_pages(site):
    """Pages are kept per set of roles: an organiser's menu never reaches a citizen, and a new role shows at once."""
    organiser, citizen = Client(), Client()
    organiser.force_login(OrganiserFactory())
    user = UserFactory()
    citizen.force_login(user)

    for_organiser = organiser.get("/").content.decode()
    for_citizen = citizen.get("/").content.decode()
    DelegateFactory(user=user, city=City.objects.first())
    as_delegate = citizen.get("/").content.decode()

    assert "Administration" in for_organiser
    assert "Administration" not in for_citizen and "My city" not in for_citizen
    assert "My city" in as_delegate


def test_a_pending_message_is_shown_on_the_next_page_not_a_kept_one(site):
    """A report without a reason writes nothing, so the kept page is still current; the reader's message shows."""
    comment = Comment.objects.get(body="Benches under every tree")
    exhibit = comment.thread.page_url()
    client = _signed_in()
    client.get(exhibit)
    kept = client.get(exhibit).content.decode()

    refused = client.post(f"/exhibition/comments/{comment.pk}/flag/", {"reason": ""})
    page = client.get(exhibit).content.decode()

    assert refused.status_code == 302
    assert "Please say why a moderator should look at this comment." not in kept
    assert "Please say why a moderator should look at this comment." in page


def test_a_reader_sees_their_own_reaction_at_once_and_the_page_rendered_for_them_is_then_kept_for_everyone(
    site, django_assert_num_queries
):
    comment = Comment.objects.get(body="Benches under every tree")
    exhibit = comment.thread.page_url()
    reader, other, anonymous = _signed_in(), _signed_in(), Client()
    reader.get(exhibit)
    reader.get("/")
    other.get(exhibit)
    anonymous.get(exhibit)  # the page is kept for all three, with no reaction on the comment

    for _click in range(21):  # twenty clicks, then one more: one reaction stands
        clicked = reader.post(f"/exhibition/comments/{comment.pk}/react/", {"kind": "helpful"})
    with_message = reader.get(exhibit).content.decode()
    reloaded = reader.get(exhibit).content.decode()
    with django_assert_num_queries(0):  # the page rendered for the reader is kept, for them and the others
        elsewhere = reader.get("/")  # a page that does not show the reaction stays as kept, for them too
        again = reader.get(exhibit).content.decode()
        shared = other.get(exhibit).content.decode()
        kept_anonymous = anonymous.get(exhibit).content.decode()

    assert clicked.status_code == 302 and elsewhere.status_code == 200
    assert "Noted. This comment now has 1 reaction." in with_message
    for page in (with_message, reloaded, again, shared):
        assert re.search(rf'id="comment-{comment.pk}".*?1 reaction\b', page, re.S)
    assert re.search(rf'id="comment-{comment.pk}".*?0 reactions\b', kept_anonymous, re.S)


def test_a_new_comment_shows_to_its_author_at_once_and_to_others_when_their_kept_page_expires(
    site, django_assert_num_queries
):
    topic = Topic.objects.order_by("order").first()
    exhibit = f"/exhibition/topics/{topic.slug}/"
    author, other, anonymous = _signed_in(), _signed_in(), Client()
    page = author.get(exhibit).content.decode()
    other.get(exhibit)
    anonymous.get(exhibit)
    thread = thread_for_key(key=f"topic:{topic.slug}")

    posted = author.post(
        f"/exhibition/threads/{thread.pk}/comments/",
        {"body": "Shade sails over the market", "csrfmiddlewaretoken": _token(page)},
    )
    with django_assert_num_queries(0):  # a busy discussion does not drop everyone's pages many times a second
        kept = other.get(exhibit).content.decode()
        kept_anonymous = anonymous.get(exhibit).content.decode()
    with_message = author.get(exhibit).content.decode()
    reloaded = author.get(exhibit).content.decode()
    with django_assert_num_queries(0):
        fresher = other.get(exhibit).content.decode()  # the page rendered for the author, kept for everyone signed in
    cache.clear()  # the kept pages' half minute is over, in Redis and in the process
    near_pages.clear()
    later = anonymous.get(exhibit).content.decode()

    assert posted.status_code == 302
    for shown in (with_message, reloaded, fresher, later):
        assert "Shade sails over the market" in shown
    for shown in (kept, kept_anonymous):
        assert "Benches under every tree" in shown and "Shade sails over the market" not in shown


def test_a_reaction_that_is_not_offered_is_refused_with_a_reason(site):
    comment = Comment.objects.get(body="Benches under every tree")
    reader = _signed_in()

    response = reader.post(f"/exhibition/comments/{comment.pk}/react/", {"kind": "love"}, follow=True)

    assert "That reaction is not one this page offers." in response.content.decode()
    comment.refresh_from_db()
    assert comment.reaction_count == 0


def test_each_delegate_gets_their_own_citys_dashboard_from_the_cache(site, django_assert_num_queries):
    first_city, second_city = City.objects.order_by("name")[:2]
    mayors = {}
    for city in (first_city, second_city, first_city):
        client = Client()
        client.force_login(DelegateFactory(city=city, title=DelegateTitle.MAYOR).user)
        client.get("/privacy/")
        mayors.setdefault(city.name, []).append(client)

    first = mayors[first_city.name][0].get("/me/").content.decode()
    second = mayors[second_city.name][0].get("/me/").content.decode()
    with django_assert_num_queries(0):
        colleague = mayors[first_city.name][1].get("/me/").content.decode()

    assert f"<h1>{first_city.name}</h1>" in first and f"<h1>{second_city.name}</h1>" in second
    assert colleague == first.replace(_token(first), _token(colleague))


def test_htmx_requests_for_part_of_a_page_are_never_cached_as_the_page(site):
    topic = Topic.objects.order_by("order").first()
    url = f"/practices/?topic={topic.slug}"
    for client in (Client(), _signed_in()):
        part = client.get(url, headers={"HX-Request": "true"}).content.decode()
        page = client.get(url).content.decode()
        part_again = client.get(url, headers={"HX-Request": "true"}).content.decode()

        assert "<html" not in part and "<html" not in part_again
        assert "<html" in page


def _signed_in() -> Client:
    client = Client()
    client.force_login(UserFactory())
    return client


def _token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_a_showings_page_shows_its_editing_and_paper_links_only_to_those_who_may(site):
    showing = Showing.objects.select_related("city").first()
    citizen, mayor, moderator = _signed_in(), Client(), Client()
    mayor.force_login(DelegateFactory(city=showing.city, title=DelegateTitle.MAYOR).user)
    moderating = UserFactory()
    showing.moderators.add(moderating)
    moderator.force_login(moderating)
    url = f"/exhibition/cities/{showing.city.slug}/"

    pages = {name: client.get(url).content.decode() for name, client in [("citizen", citizen), ("mayor", mayor),
                                                                           ("moderator", moderator)]}  # fmt: skip
    again = citizen.get(url).content.decode()

    assert "Edit this showing" in pages["mayor"] and "Type in comments written on paper" not in pages["mayor"]
    assert "Type in comments written on paper" in pages["moderator"] and "Edit this showing" not in pages["moderator"]
    for page in (pages["citizen"], again):
        assert showing.title in page
        assert "Edit this showing" not in page and "Type in comments written on paper" not in page


def test_a_kept_user_holds_no_password_hash_and_saving_it_keeps_the_password(site):
    user = UserFactory()
    user.set_password("a long and good password")
    user.save()
    client = Client()
    client.force_login(user)
    client.get("/")

    _proof, kept = cache.get(reader_keys(client.session.session_key, "/")[0])
    kept.name = "Renamed"
    kept.save()

    assert "password" not in kept.__dict__
    assert User.objects.get(pk=user.pk).check_password("a long and good password")


@pytest.fixture
def cache_reads(monkeypatch):
    """The reads of the shared cache, each a round trip to Redis in production (a backend's `get_many` may be made
    of its own `get`s: only the outer call counts)."""
    backend = caches["default"]
    reads, inside = [], []

    def counted(name, read):
        def spy(*args, **kwargs):
            if not inside:
                reads.append(name)
            inside.append(name)
            try:
                return read(*args, **kwargs)
            finally:
                inside.pop()

        return spy

    for name in ("get", "get_many"):
        monkeypatch.setattr(backend, name, counted(name, getattr(backend, name)))
    return reads


def test_a_signed_in_reader_with_their_cookies_gets_a_kept_page_in_one_round_trip_at_most_once_a_second(
    site, cache_reads, monkeypatch
):
    """The session, the kept user, the pages' version and the reader's last write come in one read, before the
    session middleware, which this process then trusts for a second; the page itself is this process's copy."""
    clock = [1000.0]
    monkeypatch.setattr(near_pages, "_clock", lambda: clock[0])
    exhibit = f"/exhibition/topics/{Topic.objects.order_by('order').first().slug}/"
    client = _signed_in()
    first = client.get(exhibit)
    reads = []
    for _again in range(3):
        cache_reads.clear()
        page = client.get(exhibit)
        reads.append(list(cache_reads))
    clock[0] += 1.0
    cache_reads.clear()
    client.get(exhibit)

    assert settings.CSRF_COOKIE_NAME in client.cookies
    assert reads == [["get_many"], [], []]
    assert cache_reads == ["get_many"]
    assert page.status_code == 200 and "Sign out" in page.content.decode()
    assert int(page["Content-Length"]) == len(page.content)
    for header in ("Content-Language", "Vary", "X-Frame-Options", "Content-Security-Policy", "Cache-Control"):
        assert page.get(header) == first.get(header), header


def test_a_signed_out_sessions_cookie_gets_the_anonymous_page(site):
    client = _signed_in()
    client.get("/")
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    token = _token(client.get("/").content.decode())
    client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
    replayed = Client()
    replayed.cookies.load(cookies)  # the cookies as they were before signing out, sent again

    page = replayed.get("/").content.decode()

    assert "Sign out" not in page and "Sign in" in page


def test_a_follow_shows_in_the_readers_other_sessions(site):
    """At once in the process that saved it, as here; other processes read the kept user again within a second."""
    user = UserFactory()
    phone, laptop = Client(), Client()
    for client in (phone, laptop):
        client.force_login(user)
    topic = f"/topics/{Topic.objects.order_by('order').first().slug}/"
    for client in (phone, laptop, laptop):  # kept for both sessions, and served to the laptop from the copy
        assert "You follow this" not in client.get(topic).content.decode()

    phone.post("/me/following/", {"key": topic.strip("/").replace("topics/", "topic:"), "action": "follow"})

    assert "You follow this" in laptop.get(topic).content.decode()


def test_a_malformed_csrf_cookie_is_replaced_and_the_kept_page_still_served(site):
    practice = BestPractice.objects.filter(status=PracticeStatus.APPROVED).first()
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    client.get(f"/practices/{practice.pk}/")
    client.cookies[settings.CSRF_COOKIE_NAME] = "not a token"

    page = client.get(f"/practices/{practice.pk}/").content.decode()
    signed_out = client.post("/accounts/logout/", {"csrfmiddlewaretoken": _token(page)})

    assert practice.title in page
    assert signed_out.status_code == 302


def test_a_browser_that_sent_a_form_reads_afresh_for_two_seconds(site):
    """Whichever process answers its next pages, the writer's own write shows at once (summit.near_pages)."""
    comment = Comment.objects.get(body="Benches under every tree")
    reader, guest = _signed_in(), Client()

    reacted = reader.post(f"/exhibition/comments/{comment.pk}/react/", {"kind": "helpful"})
    read = reader.get(comment.thread.page_url())
    guest_form = guest.post(f"/exhibition/comments/{comment.pk}/react/", {"kind": "helpful"})

    assert reacted.cookies["fresh"]["max-age"] == 2 and reacted.cookies["fresh"]["httponly"]
    assert "fresh" not in read.cookies
    assert "fresh" not in guest_form.cookies


def test_a_follow_button_is_rendered_once_per_form_not_for_each_reader(site):
    topic = Topic.objects.order_by("order").first()
    readers = [_signed_in() for _reader in range(3)]
    follower = UserFactory()
    following.follow_add(user=follower, key=f"topic:{topic.slug}")
    readers.append(Client())
    readers[-1].force_login(follower)
    rendered = []

    def counted(sender, template, **kwargs):
        if template.name == "hubs/_follow_button.html":
            rendered.append(template.name)

    template_rendered.connect(counted)
    try:
        pages = [" ".join(reader.get(f"/topics/{topic.slug}/").content.decode().split()) for reader in readers]
    finally:
        template_rendered.disconnect(counted)

    assert len(rendered) == 2
    assert all(">Follow</button>" in page for page in pages[:3])
    assert "✓ You follow this" in pages[3]


def test_an_authors_controls_land_on_each_of_their_comments_in_a_kept_page(site):
    topic = Topic.objects.order_by("order").first()
    author = UserFactory()
    thread = thread_for_key(key=f"topic:{topic.slug}")
    first, second = (comment_post(thread=thread, user=author, body=body) for body in ("More fountains", "More shade"))
    exhibit = f"/exhibition/topics/{topic.slug}/"
    _signed_in().get(exhibit)  # kept by another reader first
    own = Client()
    own.force_login(author)

    page = own.get(exhibit).content.decode()

    for comment in (first, second):
        block = re.search(rf'<li id="comment-{comment.pk}".*?</li>', page, re.S).group(0)
        assert comment.body in block
        assert f"/exhibition/comments/{comment.pk}/delete/" in block
    assert "\x00" not in page


def test_a_signed_in_request_no_kept_page_answers_reads_the_session_and_its_user_in_one_round_trip(site, cache_reads):
    """A tablet's save goes through the whole stack: the session's data comes with the kept user
    (summit.sessions), not in a read of its own."""
    facilitator = FacilitatorFactory()
    workshop = Workshop.objects.order_by("pk").first()
    workshop.facilitators.add(facilitator)
    client = Client()
    client.force_login(facilitator)
    client.get(f"/workshops/{workshop.pk}/")
    cache_reads.clear()

    saved = client.post(
        f"/workshops/{workshop.pk}/outcomes/",
        {"uuid": str(uuid.uuid4()), "kind": "insight", "text": "Shade first", "city": "", "version": ""},
    )

    assert saved.status_code == 201 and workshop.outcomes.filter(text="Shade first", created_by=facilitator).exists()
    assert cache_reads == ["get_many"]
