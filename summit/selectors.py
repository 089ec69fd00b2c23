"""Reads for the summit domain. Views never build queries themselves."""

import datetime
from itertools import groupby

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from summit.models import City, Delegate, ProgrammeItem, Summit, Topic


def summit_current() -> Summit | None:
    return Summit.objects.filter(is_current=True).first()


def summit_current_or_404() -> Summit:
    """The current summit, for pages that make no sense without one."""
    summit = summit_current()
    if summit is None:
        raise Http404(_("No summit has been set up yet."))
    return summit


def topics_all() -> QuerySet[Topic]:
    return Topic.objects.all()


def cities_all() -> QuerySet[City]:
    return City.objects.all()


def cities_of_delegate(*, user) -> list[City]:
    """The cities `user` speaks for (usually one)."""
    if not user.is_authenticated:
        return []
    return list(City.objects.filter(delegates__user=user).order_by("name"))


def city_with_delegates(*, slug: str) -> QuerySet[City]:
    delegates = Delegate.objects.select_related("user").order_by("title", "user__name")
    return City.objects.filter(slug=slug).prefetch_related(Prefetch("delegates", queryset=delegates))


def programme_items(
    *,
    summit: Summit,
    include_delegates_only: bool = False,
    kind: str | None = None,
    topic: Topic | None = None,
) -> QuerySet[ProgrammeItem]:
    items = ProgrammeItem.objects.filter(summit=summit).select_related("venue", "topic")
    if not include_delegates_only:
        items = items.filter(is_public=True)
    if kind:
        items = items.filter(kind=kind)
    if topic is not None:
        items = items.filter(topic=topic)
    return items.order_by("starts_at", "title")


def programme_on_day(
    *, summit: Summit, day: datetime.date, include_delegates_only: bool = False
) -> QuerySet[ProgrammeItem]:
    """Items that run at any time during `day` in the summit's time zone."""
    tz = summit.tzinfo
    day_start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    day_end = day_start + datetime.timedelta(days=1)
    return programme_items(summit=summit, include_delegates_only=include_delegates_only).filter(
        starts_at__lt=day_end, ends_at__gt=day_start
    )


def programme_by_day(
    *, items: QuerySet[ProgrammeItem], summit: Summit
) -> list[tuple[datetime.date, list[ProgrammeItem]]]:
    """Group items by their start date in the summit's time zone."""
    tz = summit.tzinfo
    return [(day, list(group)) for day, group in groupby(items, key=lambda i: i.starts_at.astimezone(tz).date())]
