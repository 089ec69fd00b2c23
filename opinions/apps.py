from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    name = "opinions"
    verbose_name = _("Opinions")

    def ready(self):
        from summit.caching import watch_writes  # noqa: PLC0415 — models are loaded only once ready() runs
        from summit.services import organisers_grant  # noqa: PLC0415 — same

        watch_writes(self)
        post_migrate.connect(organisers_grant, sender=self, dispatch_uid="opinions_organisers")
