"""How the exhibition hosts discussions: its exhibits' threads and the showings' own comment streams.

Registered with discussion.hosts in ExhibitionConfig.ready, so the discussion never imports this app.
"""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from discussion import hosts
from exhibition.models import Showing
from summit.models import User


def topic_page(slug: str) -> str:
    return reverse("exhibition:topic", kwargs={"slug": slug})


def workshop_page(pk: str) -> str:
    return reverse("exhibition:workshop", kwargs={"pk": int(pk)})


class ShowingScopes:
    """Scope "showing:<city slug>": the comments made at a city's showing, on the topic exhibits it shows."""

    refusal = _("A showing discusses its topic exhibits only.")
    blocked = _("A moderator has blocked your account from writing at this showing.")

    def title(self, name: str) -> str | None:
        return Showing.objects.filter(city__slug=name).values_list("title", flat=True).first()

    def page(self, name: str, key: str) -> str | None:
        prefix, _sep, slug = key.partition(":")
        if prefix != "topic":
            return None
        return reverse("exhibition:showing_topic", kwargs={"city": name, "slug": slug})

    def moderators(self, name: str) -> QuerySet[User]:
        return User.objects.filter(showings_moderated__city__slug=name, is_active=True)

    def moderated_by(self, user: User) -> list[str]:
        return list(Showing.objects.filter(moderators=user).values_list("city__slug", flat=True))


def showing_scope(showing: Showing) -> str:
    return f"showing:{showing.city.slug}"


def register() -> None:
    hosts.register_page("topic", topic_page)
    hosts.register_page("workshop", workshop_page)
    hosts.register_scope("showing", ShowingScopes())
