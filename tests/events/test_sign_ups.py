"""Sign-ups for public events: places never beyond the capacity, a waiting list that moves up once, guests who
confirm their address, tickets with a calendar entry and a QR code, cancelling by the link, and the door."""

import csv
import io
import re
import subprocess
import threading

import pytest
import segno
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from icalendar import Calendar

from events.models import Registration, RegistrationStatus
from tests.factories import EventFactory, OrganiserFactory, UserFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def sign_up(client, event, **guest):
    return client.post(f"/programme/{event.item_id}/sign-up/", guest, follow=True)


def link_in(message) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/programme/registrations/[\w-]+/)", message.body).group(1)


@pytest.fixture
def event(db):
    return EventFactory(capacity=2)


def test_a_citizen_with_an_account_gets_a_place_and_a_ticket_with_the_event_and_a_qr_code(
    client, event, citizen, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(citizen)

    with django_capture_on_commit_callbacks(execute=True):
        page = sign_up(client, event)

    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED and registration.user == citizen
    assert "Your place is confirmed." in text(page)
    (ticket,) = mail.outbox
    assert ticket.to == ["citizen@example.org"] and registration.code in ticket.body
    attachments = {name: (content, mimetype) for name, content, mimetype in ticket.attachments}
    calendar = Calendar.from_ical(attachments["event.ics"][0])
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["summary"]) == "Living together: ask the mayors"
    assert entry.decoded("dtstart") == event.item.starts_at
    qr = tmp_path / "ticket.png"
    qr.write_bytes(attachments[f"ticket-{registration.code}.png"][0])
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(qr)], capture_output=True, text=True, check=True)
    assert decoded.stdout.strip() == registration.code
    assert "1 place left of 2." in text(client.get(event.item.get_absolute_url()))


def test_the_ticket_page_is_private_and_says_where_with_a_calendar_file_and_a_map(client, event, citizen):
    registration = Registration.objects.create(
        event=event, user=citizen, name="Ada", email="ada@example.org", status=RegistrationStatus.CONFIRMED
    )

    page = client.get(registration.get_absolute_url())
    german = client.get(registration.get_absolute_url() + "?lang=de")
    calendar = client.get(registration.get_absolute_url() + "event.ics")

    assert page["Cache-Control"] == "private, no-store"
    assert calendar["Cache-Control"] == page["Cache-Control"]
    assert "Marktplatz 2, 40213 Düsseldorf" in text(page) and event.item.venue.name in text(page)
    assert "https://www.openstreetmap.org/search?query=" in text(page)
    assert f'href="{registration.get_absolute_url()}event.ics"' in text(page)
    (entry,) = Calendar.from_ical(calendar.content).walk("VEVENT")
    assert "Marktplatz 2" in str(entry["location"]) and entry.decoded("dtstart") == event.item.starts_at
    day = event.item.starts_at.astimezone(event.item.summit.tzinfo)
    months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
              "November", "Dezember"]  # fmt: skip
    assert f"{day.day}. {months[day.month - 1]} {day.year}, {day:%H:%M}" in text(german)  # the locale's own format


def test_a_nul_in_a_ticket_link_is_a_404(client):
    assert client.get("/programme/registrations/%00/").status_code == 404
    assert client.post("/programme/registrations/%00/", {"action": "cancel"}).status_code == 404


def test_a_guest_confirms_the_address_by_the_link_before_getting_a_place(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = sign_up(client, event, name="Ada Guest", email="Ada@Example.org")
    registration = Registration.objects.get()
    link = link_in(mail.outbox[0])
    opened = client.get(link)  # a mail scanner opening the link changes nothing

    assert "Nearly there" in text(page)
    assert registration.status == RegistrationStatus.UNCONFIRMED and registration.email == "Ada@example.org"
    assert "Confirm my sign-up" in text(opened)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.UNCONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(link, {"action": "confirm"}, follow=True)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.code in text(confirmed) and "<svg" in confirmed.content.decode()
    assert len(mail.outbox) == 2 and "event.ics" in [name for name, *_rest in mail.outbox[1].attachments]


def test_a_guest_form_with_mistakes_says_what_to_fix(client, event):
    response = client.post(f"/programme/{event.item_id}/sign-up/", {"name": "", "email": "not an address"})

    assert response.status_code == 400
    assert "Enter a valid email address." in text(response) and "This field is required." in text(response)
    assert not Registration.objects.exists()


def test_beyond_the_capacity_people_wait_and_a_cancellation_moves_the_first_up_once(
    event, django_capture_on_commit_callbacks
):
    people = [UserFactory(email=f"person{n}@example.org") for n in range(4)]
    clients = []
    for person in people:
        client = Client()
        client.force_login(person)
        clients.append(client)
        with django_capture_on_commit_callbacks(execute=True):
            sign_up(client, event)
    statuses = list(Registration.objects.order_by("pk").values_list("status", flat=True))
    first_link = link_in(next(m for m in mail.outbox if m.to == ["person0@example.org"]))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        clients[0].post(first_link, {"action": "cancel"})
        clients[0].post(first_link, {"action": "cancel"})  # twice: nothing more happens

    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    now = dict(Registration.objects.values_list("email", "status"))
    assert now == {"person0@example.org": "cancelled", "person1@example.org": "confirmed",
                   "person2@example.org": "confirmed", "person3@example.org": "waiting"}  # fmt: skip
    assert [message.to for message in mail.outbox] == [["person2@example.org"]]
    assert "Your place" in mail.outbox[0].subject


def test_signing_up_twice_with_one_address_keeps_one_registration(client, event, citizen):
    client.force_login(citizen)
    sign_up(client, event)

    again = sign_up(client, event)

    assert Registration.objects.count() == 1
    assert "You are already signed up" in text(again)


def test_raising_the_capacity_in_the_admin_gives_the_new_places_to_the_waiting_list(
    client, event, django_capture_on_commit_callbacks
):
    for n in range(3):
        Registration.objects.create(event=event, name=f"P{n}", email=f"p{n}@example.org", status="confirmed")
    Registration.objects.filter(email="p2@example.org").update(status="waiting")
    client.force_login(OrganiserFactory())

    form = {"item": event.item_id, "capacity": 3, "sign_up_open": "on"}
    form |= {"registrations-TOTAL_FORMS": 3, "registrations-INITIAL_FORMS": 3}
    for index, registration in enumerate(Registration.objects.order_by("pk")):
        form |= {f"registrations-{index}-id": registration.pk, f"registrations-{index}-event": event.pk}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/events/event/{event.pk}/change/", form, follow=True)

    assert "1 people moved up from the waiting list." in text(response)
    assert Registration.objects.get(email="p2@example.org").status == "confirmed"


def test_sign_up_is_refused_with_a_reason_when_closed_or_over(client, event, citizen):
    client.force_login(citizen)
    event.sign_up_open = False
    event.save()

    closed = sign_up(client, event)

    assert "Sign-up for this event is closed." in text(closed)
    assert not Registration.objects.exists()


def test_the_door_checks_people_in_by_code_or_name_once_and_counts_them(client, event):
    alice = Registration.objects.create(event=event, name="Alice Ames", email="a@example.org", status="confirmed")
    Registration.objects.create(event=event, name="Bob Brown", email="b@example.org", status="confirmed")
    client.force_login(OrganiserFactory())
    door = f"/programme/{event.item_id}/check-in/"

    found = client.get(door, {"q": "ali"})
    first = client.post(door, {"code": alice.code.lower()}, follow=True)
    second = client.post(door, {"code": alice.code}, follow=True)
    unknown = client.post(door, {"code": "ZZZZZZ"}, follow=True)

    assert "Alice Ames" in text(found) and "Bob Brown" not in text(found)
    assert "Welcome, Alice Ames: checked in." in text(first) and "1 of 2 in." in text(first)
    assert "Alice Ames was already checked in at" in text(second) and "1 of 2 in." in text(second)
    assert "No confirmed place has the code ZZZZZZ." in text(unknown)


def test_only_organisers_and_the_events_own_moderators_run_its_door(client, event, citizen):
    other = EventFactory()
    moderator = UserFactory(email="door@example.org")
    other.moderators.add(moderator)
    client.force_login(moderator)

    assert client.get(f"/programme/{event.item_id}/check-in/").status_code == 403
    assert client.get(f"/programme/{other.item_id}/check-in/").status_code == 200
    client.force_login(citizen)
    assert client.get(f"/programme/{event.item_id}/check-in/").status_code == 403


def test_organisers_export_the_attendees_as_csv_safe_for_spreadsheets(client, event):
    Registration.objects.create(event=event, name='=HYPERLINK("x")', email="h@example.org", status="confirmed")
    client.force_login(OrganiserFactory())

    response = client.post("/admin/events/event/", {"action": "attendees_csv", "_selected_action": [event.pk]})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["event", "name", "email"]
    assert rows[1][1] == '\'=HYPERLINK("x")'


@pytest.mark.django_db(transaction=True)
def test_fifty_people_clicking_at_once_never_get_more_places_than_there_are(settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write; the race needs PostgreSQL's row locks")
    settings.SIGN_UP_RATE = "1000/1m"
    event = EventFactory(capacity=10)
    clients = []
    for n in range(50):
        client = Client()
        client.force_login(UserFactory(email=f"crowd{n}@example.org"))
        clients.append(client)
    start = threading.Barrier(50)
    statuses = []

    def click(client):
        start.wait()
        try:
            statuses.append(client.post(f"/programme/{event.item_id}/sign-up/").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [302] * 50
    counts = {status: Registration.objects.filter(status=status).count() for status in ("confirmed", "waiting")}
    assert counts == {"confirmed": 10, "waiting": 40}


def test_the_door_scans_a_tickets_qr_code_from_a_photo(client, event):
    guest = Registration.objects.create(event=event, name="Gina Guest", email="g@example.org", status="confirmed")
    client.force_login(OrganiserFactory())
    photo = io.BytesIO()
    segno.make_qr(guest.code, error="m").save(photo, kind="png", scale=12, border=6)
    door = f"/programme/{event.item_id}/check-in/"

    scanned = client.post(door, {"photo": SimpleUploadedFile("ticket.png", photo.getvalue(), "image/png")}, follow=True)
    blank = client.post(door, {"photo": SimpleUploadedFile("wall.jpg", jpeg_bytes(), "image/jpeg")}, follow=True)
    not_image = client.post(door, {"photo": SimpleUploadedFile("x.png", b"not an image", "image/png")}, follow=True)

    assert "Welcome, Gina Guest: checked in." in text(scanned)
    assert "No QR code could be read in the photo." in text(blank)
    assert not_image.status_code == 200 and "1 of 1 in." in text(not_image)
    assert Registration.objects.get(pk=guest.pk).checked_in_at


@pytest.mark.django_db(transaction=True)
def test_two_doors_scanning_the_same_ticket_at_once_count_it_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write; the race needs PostgreSQL's row locks")
    event = EventFactory()
    guest = Registration.objects.create(event=event, name="Gina Guest", email="g@example.org", status="confirmed")
    doors = []
    for number in range(2):
        door = Client()
        door.force_login(OrganiserFactory(email=f"door{number}@example.org"))
        doors.append(door)
    start, pages = threading.Barrier(2), []

    def check_in(door):
        start.wait()
        try:
            pages.append(text(door.post(f"/programme/{event.item_id}/check-in/", {"code": guest.code}, follow=True)))
        finally:
            connection.close()

    threads = [threading.Thread(target=check_in, args=(door,)) for door in doors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum("Welcome, Gina Guest: checked in." in page for page in pages) == 1
    assert sum("Gina Guest was already checked in at" in page for page in pages) == 1


def test_an_event_that_is_over_says_so_and_how_many_came_instead_of_places_left(client, event):
    event.item.starts_at = event.item.starts_at.replace(year=2019)
    event.item.ends_at = event.item.ends_at.replace(year=2019)
    event.item.save()
    Registration.objects.create(event=event, name="Ada", email="a@example.org", status="confirmed",
                                checked_in_at=event.item.starts_at)  # fmt: skip

    page = text(client.get(event.item.get_absolute_url()))

    assert "This event is over. 1 person came." in page
    assert "places left" not in page and "place left" not in page
