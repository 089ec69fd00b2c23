"""The site layer's own rows: the search index over every app's public text, and what people follow."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchKind(models.TextChoices):
    PRACTICE = "practice", _("Best practice")
    OUTCOME = "outcome", _("Workshop outcome")
    CLAUSE = "clause", _("Declaration clause")
    PLEDGE = "pledge", _("Pledge")
    UPDATE = "update", _("Pledge update")
    PROGRAMME = "programme", _("Programme")
    PRESS = "press", _("Press release")
    COMMENT = "comment", _("Comment")


class SearchEntry(models.Model):
    """One public thing as search finds it: its texts per language, where it belongs and where it is read.

    Only what anyone may read is ever written here (`hubs.search.documents` asks each app's public selectors), so a
    search cannot show more than the pages do; `visible_from` holds back what is embargoed until its time. On
    PostgreSQL `vector` holds the weighted full-text vector of every language's text, each stemmed in its own
    language; on SQLite an FTS5 table (`hubs_searchtext`, made by the migration) holds the same texts.
    """

    cached_pages_ignore = True  # no cached page shows the index

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=12, choices=SearchKind.choices)
    # {language: [title, body]}; "*" for text of unknown language (comments), stemmed in every language.
    texts = models.JSONField()
    # The city's and topic's names, found by a search for them.
    context = models.CharField(max_length=300, blank=True)
    # Titles and context, for the typo-tolerant fallback (trigrams, PostgreSQL).
    plain = models.TextField(blank=True)
    city = models.ForeignKey("summit.City", on_delete=models.CASCADE, null=True, related_name="+")
    topic = models.ForeignKey("summit.Topic", on_delete=models.CASCADE, null=True, related_name="+")
    url = models.CharField(max_length=300)
    # The followed keys (topic:<slug>, city:<slug>, …) whose followers hear of this in their digest.
    follow = models.JSONField(default=list)
    # The thing's own date, shown with it; when it first appeared or its text last changed, for the digests.
    date = models.DateTimeField()
    visible_from = models.DateTimeField()
    changed_at = models.DateTimeField()
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [models.Index(fields=["changed_at"]), models.Index(fields=["kind", "visible_from"])]

    def __str__(self):
        return self.key

    @property
    def title(self) -> str:
        """The title in the first language it has (emails; the search page picks the reader's)."""
        return next(iter(self.texts.values()))[0]


class Follow(models.Model):
    """A person follows a topic, a city, a pledge, a declaration or a discussion thread, by its key."""

    cached_pages_ignore = True  # the follow buttons are each reader's own part of a page

    user = models.ForeignKey("summit.User", on_delete=models.CASCADE, related_name="follows")
    key = models.CharField(_("followed"), max_length=140)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_follow_per_key")]
        indexes = [models.Index(fields=["key"])]

    def __str__(self):
        return f"{self.user} → {self.key}"
