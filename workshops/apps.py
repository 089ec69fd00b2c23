from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Livable Cities Lab")

    def ready(self):
        from summit.caching import watch_writes  # noqa: PLC0415 — models are loaded only once ready() runs
        from summit.permissions import ROLE_LOADERS  # noqa: PLC0415 — same
        from summit.services import organisers_grant  # noqa: PLC0415 — same
        from workshops import hosting, permissions  # noqa: PLC0415 — same

        hosting.register()
        ROLE_LOADERS.append(permissions.facilitated)
        watch_writes(self)
        post_migrate.connect(organisers_grant, sender=self, dispatch_uid="workshops_organisers")
