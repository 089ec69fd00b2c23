from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    name = "discussion"
    verbose_name = _("Discussion")

    def ready(self):
        from discussion import permissions  # noqa: PLC0415 — models are loaded only once ready() runs
        from summit.caching import watch_writes  # noqa: PLC0415 — same
        from summit.permissions import ROLE_LOADERS  # noqa: PLC0415 — same
        from summit.services import organisers_grant  # noqa: PLC0415 — same

        watch_writes(self)
        ROLE_LOADERS.append(permissions.moderated_scopes)
        post_migrate.connect(organisers_grant, sender=self, dispatch_uid="discussion_organisers")
