import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.core import mail

from exhibition.apps import SHOWING_MODERATORS
from summit.models import User
from summit.permissions import ORGANISERS, can_see_delegates_only
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_public_signup_creates_a_citizen_who_must_verify_the_email(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {"name": "Ada Citizen", "email": "ada@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )

    user = User.objects.get(email="ada@example.org")
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert user.name == "Ada Citizen"
    assert not user.is_staff
    assert not user.groups.exists()
    assert not can_see_delegates_only(user)
    assert client.get("/").wsgi_request.user.is_anonymous
    (email,) = mail.outbox
    assert email.to == ["ada@example.org"]
    assert "Hello from Living Together Summit!" in email.body
    assert "Thank you for using Living Together Summit!" in email.body

    confirm_path = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", email.body).group(1)
    client.post(confirm_path)

    assert user.emailaddress_set.get().verified
    assert client.get("/").wsgi_request.user == user


def test_login_is_refused_until_email_is_verified(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {"name": "Ada", "email": "ada@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    client.logout()

    response = client.post("/accounts/login/", {"login": "ada@example.org", "password": PASSWORD})

    assert response.url == "/accounts/confirm-email/"
    assert client.get("/").wsgi_request.user.is_anonymous


def test_failed_logins_for_one_account_are_rate_limited(client, citizen):
    for _ in range(5):
        client.post("/accounts/login/", {"login": citizen.email, "password": "wrong"})

    response = client.post("/accounts/login/", {"login": citizen.email, "password": PASSWORD})

    assert "Too many failed login attempts" in response.content.decode()
    assert client.get("/").wsgi_request.user.is_anonymous


def test_login_attempts_from_one_address_get_429(client):
    statuses = [
        client.post("/accounts/login/", {"login": f"nobody{i}@example.org", "password": "x"}).status_code
        for i in range(31)
    ]

    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429


def test_admin_sign_in_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_admin_requires_an_authenticator_when_setting_is_on(client, organiser, settings):
    settings.ADMIN_REQUIRE_MFA = True
    client.force_login(organiser)

    blocked = client.get("/admin/")
    Authenticator.objects.create(user=organiser, type=Authenticator.Type.TOTP, data={"secret": "x"})
    allowed = client.get("/admin/")

    assert blocked.status_code == 302
    assert blocked.url == "/accounts/2fa/totp/activate/"
    assert allowed.status_code == 200
    assert "Site administration" in allowed.content.decode()


def test_admin_is_closed_to_citizens_and_delegates(client, citizen, mayor):
    for user in (citizen, mayor):
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")


def authenticator_app_code(secret: str, steps_ahead: int = 0) -> str:
    """What a phone's authenticator app shows for `secret` (RFC 6238, 30 s, 6 digits)."""
    counter = int(time.time()) // 30 + steps_ahead
    digest = hmac.new(base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def test_organiser_protects_the_account_with_totp_and_then_reaches_the_admin(client, organiser, settings):
    settings.ADMIN_REQUIRE_MFA = True
    settings.MFA_TOTP_TOLERANCE = 1  # one step ahead stands for "the next code", without waiting 30 s
    client.post("/accounts/login/", {"login": organiser.email, "password": PASSWORD})
    # allauth asks for the password again before security settings change.
    reauthenticate = client.get("/accounts/2fa/totp/activate/").url
    client.post(reauthenticate, {"password": PASSWORD})
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]

    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    activated = client.post("/accounts/2fa/totp/activate/", {"code": authenticator_app_code(secret)})
    client.post("/accounts/logout/")
    first_step = client.post("/accounts/login/", {"login": organiser.email, "password": PASSWORD})
    still_anonymous = client.get("/").wsgi_request.user.is_anonymous
    client.post("/accounts/2fa/authenticate/", {"code": authenticator_app_code(secret, steps_ahead=1)})

    assert "Incorrect code" in wrong.content.decode()
    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=organiser, type=Authenticator.Type.TOTP).exists()
    assert first_step.url == "/accounts/2fa/authenticate/"
    assert still_anonymous
    assert "Site administration" in client.get("/admin/").content.decode()


def test_each_app_gives_the_role_groups_its_own_permissions_after_migrate(db):
    organisers = set(Group.objects.get(name=ORGANISERS).permissions.values_list("content_type__app_label", flat=True))
    moderators = Group.objects.get(name=SHOWING_MODERATORS).permissions.values_list(
        "content_type__app_label", "codename"
    )

    assert {"summit", "account", "mfa", "discussion", "workshops", "exhibition"} <= organisers
    assert sorted(moderators) == [
        ("discussion", "change_comment"),
        ("discussion", "view_comment"),
        ("discussion", "view_commenttransition"),
        ("discussion", "view_flag"),
    ]


def test_too_many_failed_sign_ins_say_so_on_the_form_and_too_many_resets_get_a_429_page(client, citizen):
    for _attempt in range(5):
        client.post("/accounts/login/", {"login": citizen.email, "password": "wrong"})

    locked = client.post("/accounts/login/", {"login": citizen.email, "password": PASSWORD})
    resets = [client.post("/accounts/password/reset/", {"email": citizen.email}).status_code for _ in range(6)]

    assert locked.status_code == 200 and "Too many failed login attempts. Try again later." in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert resets[:5] == [302] * 5 and resets[5] == 429
