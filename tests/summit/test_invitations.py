import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from summit.models import Delegate, Invitation, InvitationRole, User
from summit.permissions import is_delegate_of_city, is_facilitator
from summit.services import invitation_send
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://127\.0\.0\.1:8000(/invitations/[\w-]+/)")


def invite(*, by, email="new.mayor@example.org", role=InvitationRole.MAYOR, city=None, capture):
    """Send an invitation the way the admin does and return the path from the email."""
    with capture(execute=True):
        invitation_send(invitation=Invitation(email=email, role=role, city=city), by=by)
    return LINK.search(mail.outbox[-1].body).group(1)


def signup(client, path, password="correct-horse-battery-9"):
    return client.post(path, {"name": "Mia Mayor", "password1": password, "password2": password})


def test_invitation_email_is_sent_after_commit_with_a_single_link(organiser, city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        invitation_send(
            invitation=Invitation(email="new.mayor@example.org", role=InvitationRole.MAYOR, city=city),
            by=organiser,
        )
        assert mail.outbox == []
    for callback in callbacks:
        callback()

    (email,) = mail.outbox
    assert email.to == ["new.mayor@example.org"]
    assert "Mayor of Düsseldorf" in email.body
    assert LINK.search(email.body)


def test_invitation_signup_creates_verified_mayor_and_signs_in(
    client, organiser, city, django_capture_on_commit_callbacks
):
    path = invite(by=organiser, city=city, capture=django_capture_on_commit_callbacks)

    page = client.get(path)
    assert "You are invited to the Living Together Summit as Mayor of Düsseldorf." in page.content.decode()
    response = signup(client, path)

    assert response.status_code == 302
    assert response.url == "/me/"
    user = User.objects.get(email="new.mayor@example.org")
    assert user.name == "Mia Mayor"
    assert is_delegate_of_city(user, city)
    assert Delegate.objects.get(user=user).title == "mayor"
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/").wsgi_request.user == user
    assert Invitation.objects.get().accepted_by == user


def test_invitation_signup_as_facilitator_joins_the_group(client, organiser, django_capture_on_commit_callbacks):
    path = invite(
        by=organiser,
        email="facilitator.two@example.org",
        role=InvitationRole.FACILITATOR,
        capture=django_capture_on_commit_callbacks,
    )
    response = signup(client, path)

    assert response.url == "/workshops/"
    user = User.objects.get(email="facilitator.two@example.org")
    assert is_facilitator(user)
    assert not user.delegations.exists()


def test_invitation_used_twice_is_refused(client, organiser, city, django_capture_on_commit_callbacks):
    path = invite(by=organiser, city=city, capture=django_capture_on_commit_callbacks)
    signup(client, path)
    client.logout()

    response = client.get(path)
    again = signup(client, path)

    assert response.status_code == 410
    assert "This invitation has already been used" in response.content.decode()
    assert again.status_code == 410
    assert User.objects.filter(email="new.mayor@example.org").count() == 1


def test_invitation_expired_is_refused_and_creates_nothing(client, organiser, city, django_capture_on_commit_callbacks):
    path = invite(by=organiser, city=city, capture=django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    response = signup(client, path)

    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    assert not User.objects.filter(email="new.mayor@example.org").exists()


def test_invitation_tampered_link_is_refused(client, organiser, city, django_capture_on_commit_callbacks):
    path = invite(by=organiser, city=city, capture=django_capture_on_commit_callbacks)
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]

    response = signup(client, tampered)

    assert response.status_code == 404
    assert "This invitation link is not valid" in response.content.decode()
    assert not User.objects.filter(email="new.mayor@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_invitation_sent_again_voids_the_old_link(client, organiser, city, django_capture_on_commit_callbacks):
    old_path = invite(by=organiser, city=city, capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(invitation=Invitation.objects.get(), by=organiser)
    new_path = LINK.search(mail.outbox[-1].body).group(1)

    assert client.get(old_path).status_code == 404
    assert client.get(new_path).status_code == 200


def test_invitation_bad_password_shows_error_and_saves_nothing(
    client, organiser, city, django_capture_on_commit_callbacks
):
    path = invite(by=organiser, city=city, capture=django_capture_on_commit_callbacks)

    response = client.post(path, {"name": "Mia", "password1": "123", "password2": "123"})

    assert response.status_code == 400
    assert "This password is too short" in response.content.decode()
    assert not User.objects.filter(email="new.mayor@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_invitation_existing_account_accepts_after_signing_in(
    client, organiser, city, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="new.mayor@example.org")
    path = invite(by=organiser, city=city, capture=django_capture_on_commit_callbacks)

    anonymous_page = client.get(path).content.decode()
    client.force_login(existing)
    response = client.post(path, {"action": "accept"})

    assert "There is already an account for new.mayor@example.org" in anonymous_page
    assert response.status_code == 302
    assert is_delegate_of_city(existing, city)


def test_invitation_cannot_be_accepted_by_another_signed_in_user(
    client, organiser, city, citizen, django_capture_on_commit_callbacks
):
    path = invite(by=organiser, city=city, capture=django_capture_on_commit_callbacks)
    client.force_login(citizen)

    page = client.get(path).content.decode()
    client.post(path, {"action": "accept"})

    assert "but you are signed in as citizen@example.org" in page
    assert not citizen.delegations.exists()
    assert Invitation.objects.get().accepted_at is None


def test_admin_add_invitation_emails_the_invitee(client, organiser, city, django_capture_on_commit_callbacks):
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/summit/invitation/add/",
            {"email": "deputy@example.org", "role": "deputy_mayor", "city": city.pk},
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.invited_by == organiser
    assert invitation.expires_at > timezone.now()
    assert mail.outbox[-1].to == ["deputy@example.org"]
    assert "Deputy mayor of Düsseldorf" in mail.outbox[-1].body


def test_admin_invitation_for_delegate_without_city_is_refused(client, organiser):
    client.force_login(organiser)

    response = client.post("/admin/summit/invitation/add/", {"email": "x@example.org", "role": "mayor"})

    assert response.status_code == 200
    assert "Choose the city this delegate speaks for." in response.content.decode()
    assert not Invitation.objects.exists()


def test_invited_user_can_sign_in_with_the_new_password(client, organiser, city, django_capture_on_commit_callbacks):
    path = invite(by=organiser, city=city, capture=django_capture_on_commit_callbacks)
    signup(client, path, password=PASSWORD)
    client.logout()

    response = client.post("/accounts/login/", {"login": "new.mayor@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/").wsgi_request.user.email == "new.mayor@example.org"
