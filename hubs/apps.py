from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubsConfig(AppConfig):
    """The site layer's pages that combine several apps (home, programme items with their sign-up, topic and city
    hubs, My city, the press room, Your data) and the demo data that spans them all (seed_demo)."""

    name = "hubs"
    verbose_name = _("Hub pages")
