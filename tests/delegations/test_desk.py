"""The accreditation desk's server side: the signed list it works from, and check-ins sent (twice, from two
desks, forged) that count each person once; organisers only."""

import json
import time
from unittest import mock

import pytest
from django.core import signing
from django.test import Client

from delegations.badges import badge_token
from delegations.desk import LIST_SALT
from delegations.models import Member
from tests.delegations.test_delegation import NEW, PERSON

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(summit, mayor):
    delegate = Client()
    delegate.force_login(mayor)
    delegate.post(NEW, PERSON)
    return Member.objects.get()


def send(client, codes):
    return client.post("/delegates/desk/check-ins/", json.dumps({"codes": codes}), content_type="application/json")


def test_check_ins_count_each_person_once_and_forged_codes_are_unknown(member, organiser):
    desk = Client()
    desk.force_login(organiser)
    other_desk = Client()
    other_desk.force_login(organiser)
    code = badge_token(member)

    first = send(desk, [code, "eyJtIjo5OX0:forged:signature"]).json()["results"]
    again = send(other_desk, [code]).json()["results"]
    checked_in = Member.objects.get().checked_in_at

    assert first == {code: "new", "eyJtIjo5OX0:forged:signature": "unknown"}
    assert again == {code: "again"} and checked_in is not None
    assert Member.objects.get().checked_in_at == checked_in  # the first time stays


def test_the_desk_works_from_a_signed_dated_list_and_is_for_organisers(member, organiser, mayor):
    desk = Client()
    desk.force_login(organiser)
    delegate = Client()
    delegate.force_login(mayor)

    listed = desk.get("/delegates/desk/list.json").json()
    page = desk.get("/delegates/desk/").content.decode()

    assert [person["name"] for person in listed["people"]] == ["Stephan Keller"]
    assert listed["people"][0]["code"] == badge_token(member)
    assert signing.loads(listed["signed"], salt=LIST_SALT) == listed["made"]
    assert 'id="desk-people"' in page and "Stephan Keller" in page
    assert delegate.get("/delegates/desk/").status_code == 403
    assert send(delegate, [badge_token(member)]).status_code == 403
    assert send(desk, "not a list").status_code == 400
    assert desk.post("/delegates/desk/check-ins/", "{oops", content_type="application/json").status_code == 400


def test_a_badge_printed_days_before_carries_the_very_code_in_the_desks_list(member, organiser):
    desk = Client()
    desk.force_login(organiser)
    with mock.patch("time.time", return_value=time.time() - 3 * 86400):  # the print shop's day
        printed = badge_token(member)

    listed = desk.get("/delegates/desk/list.json").json()

    assert listed["people"][0]["code"] == printed  # the tablet matches a scanned code offline as it is
