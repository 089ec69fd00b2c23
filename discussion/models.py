"""The discussion: threads on stable string keys, comments with replies, reactions, reports and blocks.

The tables were created by the exhibition app and keep their names, so an installation upgrades with `migrate`.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from discussion import hosts
from summit.model_bases import Transition
from summit.models import DelegateTitle
from summit.storage import private_files


class Thread(models.Model):
    """The discussion of one exhibit, on its stable key, so comments outlive every edition."""

    key = models.CharField(_("key"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=250)
    city = models.ForeignKey(
        "summit.City",
        verbose_name=_("city concerned"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For a practice: its city, whose delegates answer officially."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "exhibition_thread"
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["key"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return hosts.page_url(self.key)

    def page_url(self, scope: str = hosts.SUMMIT) -> str:
        """Where this thread is read: its own page, or a host scope's page (a showing's) for that scope's comments."""
        return hosts.page_url(self.key, scope)


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")
    REMOVED = "removed", _("Removed")
    DELETED = "deleted", _("Deleted by its author")


class Comment(models.Model):
    # Reaction counts on cached pages may be a page's seconds old for other readers (summit.caching).
    cached_pages_ignore_fields = frozenset({"reaction_count"})

    thread = models.ForeignKey(Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="comments")
    scope = models.CharField(
        _("where"),
        max_length=120,
        blank=True,
        default=hosts.SUMMIT,
        help_text=_("Empty for the summit's own discussion; showing:<city> for a city's showing."),
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        "summit.User", verbose_name=_("author"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    guest_name = models.CharField(_("guest name"), max_length=80, blank=True)
    body = models.TextField(_("comment"), max_length=2000)
    body_html = models.TextField(editable=False)
    status = models.CharField(_("status"), max_length=10, choices=CommentStatus.choices, db_index=True)
    is_official = models.BooleanField(_("official answer"), default=False)
    # The facts of an official answer; its label is worded in each reader's language (official_label).
    official_city = models.ForeignKey(
        "summit.City", verbose_name=_("answered for"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    official_title = models.CharField(_("answered as"), max_length=20, choices=DelegateTitle.choices, blank=True)
    moderation_reason = models.CharField(_("reason shown to the author"), max_length=250, blank=True)
    flag_count = models.PositiveIntegerField(_("flags"), default=0)
    reaction_count = models.PositiveIntegerField(_("reactions"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # A comment left on paper at a venue and typed in by a moderator (comment_from_paper): where and when it was
    # written, and a photo of the card, which only moderators see (stored apart from public media, served by a view).
    paper_place = models.CharField(_("written on paper at"), max_length=120, blank=True)
    written_on = models.DateField(_("written on"), null=True, blank=True)
    paper_photo = models.FileField(
        _("photo of the paper"), upload_to="private/paper-comments/", blank=True, storage=private_files
    )

    class Meta:
        db_table = "exhibition_comment"
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["thread", "scope", "parent", "status", "-created_at"])]

    def __str__(self):
        return self.body[:60]

    def get_absolute_url(self):
        return f"{self.thread.page_url(self.scope)}#comment-{self.pk}"

    @property
    def official_label(self) -> str:
        """“Mayor of Arnhem”, in the current language."""
        if not self.official_city_id:
            return self.get_official_title_display()
        return _("%(title)s of %(city)s") % {"title": self.get_official_title_display(), "city": self.official_city}

    @property
    def cached_pages_lag(self) -> bool:
        """A new comment reaches others' cached pages within a page's seconds (its author's at once), so a busy
        discussion does not drop every page many times a second; an official answer, which takes a question off the
        city's open ones, and any later change (an edit, an approval, a hiding) drop them at once (summit.caching)."""
        return not self.is_official

    @property
    def editable_until(self) -> datetime.datetime:
        """Authors may correct their comment for COMMENT_EDIT_MINUTES after posting it."""
        return self.created_at + datetime.timedelta(minutes=settings.COMMENT_EDIT_MINUTES)

    @property
    def display_name(self) -> str:
        if self.author_id:
            return self.author.name or _("Participant")
        if self.paper_place:
            return self.guest_name or _("A visitor")
        return self.guest_name or _("former participant")


class ReactionKind(models.TextChoices):
    HELPFUL = "helpful", _("Helpful")
    AGREE = "agree", _("Agree")


class Reaction(models.Model):
    cached_pages_ignore = True  # pages show the comment's count, which may lag (summit.caching)

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    # A deleted account's reactions and reports stay, anonymous, as its comments do: counts and moderation hold.
    user = models.ForeignKey("summit.User", on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=10, choices=ReactionKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "exhibition_reaction"
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [models.UniqueConstraint(fields=["comment", "user", "kind"], name="one_reaction_per_kind")]

    def __str__(self):
        return self.kind


class Flag(models.Model):
    cached_pages_ignore = True  # reports are not shown; the hiding they cause is a Comment write

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey("summit.User", on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.CharField(_("reason"), max_length=250)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "exhibition_flag"
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="one_flag_per_user")]

    def __str__(self):
        return self.reason


class CommentTransition(Transition):
    """A comment's moderation history: published, hidden, removed, deleted; by whom and why."""

    cached_pages_ignore = True  # shown to moderators only; the change it records is a Comment write

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="transitions")

    class Meta(Transition.Meta):
        verbose_name = _("moderation step")
        verbose_name_plural = _("moderation steps")


class Block(models.Model):
    """Someone a moderator stopped from writing (reading stays open): everywhere, or in one scope only."""

    user = models.ForeignKey("summit.User", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(
        _("where"),
        max_length=120,
        blank=True,
        default=hosts.SUMMIT,
        help_text=_("Empty blocks the person everywhere; showing:<city> at that showing only."),
    )
    by = models.ForeignKey(
        "summit.User", verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("why"), max_length=250, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "scope"], name="one_block_per_scope")]

    def __str__(self):
        return f"{self.user} ({self.scope or 'everywhere'})"
