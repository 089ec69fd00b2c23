"""Following: a signed-in person follows a topic, a city, a pledge, a declaration or a discussion thread by its key
(topic:<slug>, city:<slug>, pledge:<id>, declaration:<slug>, thread:<thread key>) and hears of it by email.

Once a day, one digest lists what became public or changed in what they follow (the search index's entries carry
the keys their followers hear of, and when they changed). An official answer in a followed thread is sent at
once. Both are sent in batches of `BATCH` people per task, each batch over one mail connection, so 40,000
followers make 80 tasks, not 40,000 (Decidim's digests flooded their queue at that size). Each email has a
one-click link per followed thing to stop following it, and the link that turns every email off.
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from declarations.models import Declaration, Pledge
from discussion.models import Comment, CommentStatus, Thread
from hubs import tasks
from hubs.models import Follow, SearchEntry
from summit.models import City, Topic, User
from summit.notifications import notification_build
from summit.outbox import task_queue
from summit.viewers import viewer_forget

logger = logging.getLogger(__name__)

BATCH = 500
UNFOLLOW_SALT = "hubs.unfollow"
# What a digest lists at most per person; the page of each followed thing has the rest.
DIGEST_ITEMS = 30


def labels_of(keys: list[str]) -> dict[str, tuple[str, str]]:
    """(name, page) of each key that names something that exists, in one query per kind of thing."""
    names = defaultdict(list)
    for key in keys:
        prefix, _sep, name = key.partition(":")
        names[prefix].append(name)
    found = {}
    for topic in Topic.objects.filter(slug__in=names["topic"]):
        found[f"topic:{topic.slug}"] = (topic.name, reverse("topic_detail", kwargs={"slug": topic.slug}))
    for city in City.objects.filter(slug__in=names["city"]):
        found[f"city:{city.slug}"] = (city.name, reverse("city_detail", kwargs={"slug": city.slug}))
    pledge_ids = [int(pk) for pk in names["pledge"] if pk.isdigit()]
    for pledge in Pledge.objects.filter(pk__in=pledge_ids).select_related("declaration", "city"):
        found[f"pledge:{pledge.pk}"] = (f"{pledge.title} ({pledge.city})", pledge.get_absolute_url())
    for declaration in Declaration.objects.filter(slug__in=names["declaration"]):
        found[f"declaration:{declaration.slug}"] = (declaration.title, declaration.get_absolute_url())
    for thread in Thread.objects.filter(key__in=names["thread"]):
        found[f"thread:{thread.key}"] = (
            _("Discussion: %(title)s") % {"title": thread.title},
            thread.get_absolute_url(),
        )
    return found


def followed_keys(user: User) -> frozenset[str]:
    """The keys `user` follows, read once per user object and kept with a cached user (one of
    summit.permissions.ROLE_LOADERS), so the Follow buttons of a page kept for every signed-in reader cost nothing."""
    if not hasattr(user, "_followed_keys"):
        user._followed_keys = frozenset(Follow.objects.filter(user=user).values_list("key", flat=True))
    return user._followed_keys


def _followed_changed(user: User) -> None:
    if hasattr(user, "_followed_keys"):
        del user._followed_keys
    viewer_forget(user.pk)
    transaction.on_commit(lambda: viewer_forget(user.pk))


def follow_add(*, user: User, key: str) -> Follow:
    """Follow `key`; following it again changes nothing."""
    if key not in labels_of([key]):
        raise ValidationError(_("There is nothing to follow here."))
    _followed_changed(user)
    try:
        with transaction.atomic():
            return Follow.objects.create(user=user, key=key)
    except IntegrityError:  # followed already, perhaps from another tab
        return Follow.objects.get(user=user, key=key)


def follow_remove(*, user: User, key: str) -> bool:
    _followed_changed(user)
    return bool(Follow.objects.filter(user=user, key=key).delete()[0])


def is_following(user, key: str) -> bool:
    return user.is_authenticated and key in followed_keys(user)


def follow_state(user, *, key: str, **_values) -> bool:
    """Which of its two forms a reader's Follow button takes (the `reader_part` choice "following"): the part is
    rendered once per form, not for each reader."""
    return is_following(user, key)


def follows_of(*, user: User) -> list[dict]:
    """What `user` follows, newest first, each with its name and page (what no longer exists is left out)."""
    follows = list(Follow.objects.filter(user=user))
    labels = labels_of([follow.key for follow in follows])
    return [
        {"key": follow.key, "since": follow.created_at, "label": labels[follow.key][0], "url": labels[follow.key][1]}
        for follow in follows
        if follow.key in labels
    ]


def unfollow_url(follow_id: int) -> str:
    token = signing.dumps(follow_id, salt=UNFOLLOW_SALT)
    return settings.SITE_URL + reverse("following_off", kwargs={"token": token})


def unfollow_token_read(token: str) -> Follow | None:
    """The follow an email's link stops, if it still stands."""
    try:
        follow_id = signing.loads(token, salt=UNFOLLOW_SALT)
    except signing.BadSignature:
        return None
    return Follow.objects.select_related("user").filter(pk=follow_id).first()


def _in_batches(user_ids: list[int], task, **kwargs) -> int:
    user_ids = sorted(set(user_ids))
    for start in range(0, len(user_ids), BATCH):
        task_queue(task, user_ids=user_ids[start : start + BATCH], **kwargs)
    return -(-len(user_ids) // BATCH)


def digests_queue(*, until: datetime.datetime | None = None) -> int:
    """Queue the day's digests for everyone following something that changed; returns the tasks queued."""
    until = until or timezone.now()
    since = until - datetime.timedelta(days=1)
    keys = {key for follow in _changed(since, until).values_list("follow", flat=True) for key in follow}
    followers = Follow.objects.filter(key__in=keys, user__emails_enabled=True, user__is_active=True)
    user_ids = list(followers.values_list("user_id", flat=True).distinct())
    return _in_batches(user_ids, tasks.digest_batch, since=since.isoformat(), until=until.isoformat())


def _changed(since: datetime.datetime, until: datetime.datetime):
    visible = SearchEntry.objects.filter(visible_from__lte=until).exclude(follow=[])
    return visible.filter(changed_at__gte=since, changed_at__lt=until)


def _send(messages: list) -> int:
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


def digest_batch_send(*, user_ids: list[int], since: datetime.datetime, until: datetime.datetime) -> int:
    """Build and send the digests of `user_ids` over one connection; returns how many were sent."""
    entries = list(_changed(since, until).select_related("city").order_by("-changed_at")[:2000])
    by_key = defaultdict(list)
    for entry in entries:
        for key in entry.follow:
            by_key[key].append(entry)
    follows = defaultdict(list)
    for pk, user_id, key in Follow.objects.filter(user_id__in=user_ids, key__in=by_key).values_list(
        "pk", "user_id", "key"
    ):
        follows[user_id].append((key, pk))
    labels = labels_of(list({key for keys in follows.values() for key, _pk in keys}))
    messages = []
    for user in User.objects.filter(pk__in=follows, emails_enabled=True, is_active=True):
        groups, listed = [], set()
        for key, follow_id in sorted(follows[user.pk]):
            items = [entry for entry in by_key[key] if entry.pk not in listed][:DIGEST_ITEMS]
            listed.update(entry.pk for entry in items)
            if items and key in labels:
                groups.append({"label": labels[key][0], "items": items, "unfollow_url": unfollow_url(follow_id)})
        message = groups and notification_build(
            user=user, subject=_("New in what you follow"), template="hubs/email/digest.txt",
            context={"groups": groups, "site_url": settings.SITE_URL},
        )  # fmt: skip
        if message:
            messages.append(message)
    return _send(messages)


def answer_followers_notify(*, comment: Comment) -> int:
    """Queue the official answer `comment` to the followers of its thread (not its author, nor the question's
    author, who hears of it from the discussion itself); returns the tasks queued."""
    skip = {comment.author_id, comment.parent.author_id if comment.parent_id else None}
    followers = Follow.objects.filter(key=f"thread:{comment.thread.key}", user__emails_enabled=True)
    user_ids = [pk for pk in followers.values_list("user_id", flat=True) if pk not in skip]
    return _in_batches(user_ids, tasks.answer_batch, comment_id=comment.pk)


def answer_batch_send(*, user_ids: list[int], comment_id: int) -> int:
    comment = Comment.objects.select_related("thread", "official_city").filter(pk=comment_id).first()
    if comment is None or not comment.is_official:
        return 0
    follows = Follow.objects.filter(
        key=f"thread:{comment.thread.key}", user_id__in=user_ids, user__emails_enabled=True, user__is_active=True
    ).select_related("user")
    messages = [
        notification_build(
            user=follow.user, subject=_("A mayor answered in a discussion you follow"),
            template="hubs/email/answer.txt",
            context={"comment": comment, "site_url": settings.SITE_URL, "unfollow_url": unfollow_url(follow.pk)},
        )
        for follow in follows
    ]  # fmt: skip
    return _send([message for message in messages if message])


def _comment_saved(sender, instance, created, raw=False, **kwargs):
    """An official answer reaches its thread's followers at once, queued in the answer's own transaction."""
    if created and not raw and instance.is_official and instance.status == CommentStatus.PUBLISHED:
        answer_followers_notify(comment=instance)


def connect() -> None:
    post_save.connect(_comment_saved, sender=Comment, dispatch_uid="following:answers")
