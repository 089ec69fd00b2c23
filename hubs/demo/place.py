"""The summit, its topics, venues, cities and programme, and the demo accounts."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils.text import slugify

from hubs.demo.data import DELEGATES_ONLY, DEMO_ACCOUNTS, DEMO_PASSWORD, other_languages
from summit.models import (
    City,
    Delegate,
    DelegateTitle,
    ProgrammeItem,
    Summit,
    Topic,
    User,
    Venue,
)
from summit.permissions import FACILITATORS, ORGANISERS
from summit.services import role_groups_ensure


def summit_load(data, translations):
    info = data["summit"]
    Summit.objects.exclude(slug="duesseldorf-2019").update(is_current=False)
    summit, _ = Summit.objects.update_or_create(
        slug="duesseldorf-2019",
        defaults={
            "name": info["name"],
            "slogan": info["slogan"],
            "host_city": info["host_city"],
            "starts_on": info["starts_on"],
            "ends_on": info["ends_on"],
            "time_zone": info["timezone"],
            "languages": info["languages"],
            "context": info["context"],
            "is_current": True,
            **other_languages(translations["summit"]),
        },
    )
    topics = {}
    for topic in data["topics"]:
        topics[topic["slug"]], _ = Topic.objects.update_or_create(
            slug=topic["slug"],
            defaults={
                "name": topic["name"],
                "order": topic["order"],
                "colour": topic["colour"],
                "summary": topic["summary"],
                **other_languages(translations["topics"].get(topic["slug"], {})),
            },
        )
    venues = {}
    for venue in data["venues"]:
        venues[venue["slug"]], _ = Venue.objects.update_or_create(
            slug=venue["slug"],
            defaults={
                "name": venue["name"],
                "address": venue["address"],
                **other_languages(translations["venues"].get(venue["slug"], {})),
            },
        )
    for city in data["cities"]:
        City.objects.update_or_create(
            slug=slugify(city["name"]), defaults={"name": city["name"], "country": city["country"]}
        )
    _programme_load(summit, data["programme"], translations, topics, venues)
    return summit


def _programme_load(summit, programme, translations, topics, venues):
    tz = summit.tzinfo
    for item in programme:
        day = datetime.date.fromisoformat(item["day"])

        def at(clock, day=day):
            return datetime.datetime.combine(day, datetime.time.fromisoformat(clock), tzinfo=tz)

        ProgrammeItem.objects.update_or_create(
            summit=summit,
            title=item["title"],
            defaults={
                "kind": item["kind"],
                "starts_at": at(item["start"]),
                "ends_at": at(item["end"]),
                "venue": venues[item["venue"]],
                "topic": topics.get(item.get("topic")),
                "is_public": item["title"] not in DELEGATES_ONLY,
                **other_languages(translations["programme"].get(item["title"], {})),
            },
        )


def accounts_load():
    role_groups_ensure()
    organisers = Group.objects.get(name=ORGANISERS)
    facilitators = Group.objects.get(name=FACILITATORS)
    for email, name, role, city_name in DEMO_ACCOUNTS:
        user, _ = User.objects.update_or_create(
            email=email, defaults={"name": name, "is_staff": role == "organiser", "is_active": True}
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"primary": True, "verified": True})
        if role == "organiser":
            user.groups.add(organisers)
        elif role == "facilitator":
            user.groups.add(facilitators)
        elif city_name and role in DelegateTitle.values:
            Delegate.objects.update_or_create(
                user=user, city=City.objects.get(name=city_name), defaults={"title": role}
            )
