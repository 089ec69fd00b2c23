from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# Kept in step with the showings' moderator lists (exhibition.showings.showing_moderators_sync).
SHOWING_MODERATORS = "Showing moderators"


def _moderators_group(sender, **kwargs):
    """Showing moderators get the discussion's comment queue. Its permissions exist already: the discussion's
    post_migrate runs first, as it stands before the exhibition in INSTALLED_APPS."""
    from summit.services import role_permissions_grant  # noqa: PLC0415 — apps.py loads before the models

    role_permissions_grant(
        group=SHOWING_MODERATORS,
        app_label="discussion",
        codenames=["view_comment", "change_comment", "view_flag", "view_commenttransition"],
    )


class ExhibitionConfig(AppConfig):
    name = "exhibition"
    verbose_name = _("Exhibition")

    def ready(self):
        from exhibition import hosting  # noqa: PLC0415 — models are loaded only once ready() runs
        from summit.caching import watch_writes  # noqa: PLC0415 — same
        from summit.services import organisers_grant  # noqa: PLC0415 — same

        hosting.register()
        watch_writes(self)
        post_migrate.connect(organisers_grant, sender=self, dispatch_uid="exhibition_organisers")
        post_migrate.connect(_moderators_group, sender=self, dispatch_uid="exhibition_moderators")
