from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Public events")

    def ready(self):
        from events import hosting  # noqa: PLC0415 — models are loaded only once ready() runs
        from summit.caching import watch_writes  # noqa: PLC0415 — same
        from summit.services import organisers_grant  # noqa: PLC0415 — same

        hosting.register()
        watch_writes(self)
        post_migrate.connect(organisers_grant, sender=self, dispatch_uid="events_organisers")
