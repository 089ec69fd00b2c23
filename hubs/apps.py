from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubsConfig(AppConfig):
    """The site layer's pages that combine several apps (home, programme items with their sign-up, topic and city
    hubs, My city, the press room, Your data), search and following across them all, and the demo data that spans them
    all (seed_demo)."""

    name = "hubs"
    verbose_name = _("Hub pages")

    def ready(self):
        from hubs import following  # noqa: PLC0415 — models are loaded only once ready() runs
        from hubs.search import index  # noqa: PLC0415 — same
        from summit.permissions import ROLE_LOADERS  # noqa: PLC0415 — same
        from summit.signed_in_pages import READER_CHOICES  # noqa: PLC0415 — same

        index.connect()
        following.connect()
        ROLE_LOADERS.append(following.followed_keys)
        READER_CHOICES["following"] = following.follow_state
