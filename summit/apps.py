from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_role_groups(sender, **kwargs):
    from summit.services import role_groups_ensure

    role_groups_ensure()


class SummitConfig(AppConfig):
    name = "summit"
    verbose_name = _("Summit")

    def ready(self):
        # After every migrate (and test database flush) the role groups exist with current permissions.
        # Each app's permissions appear in its own post_migrate, so the groups follow every app's.
        post_migrate.connect(_ensure_role_groups, dispatch_uid="summit_role_groups")
