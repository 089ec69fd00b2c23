from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_migrate
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from summit.converters import TokenConverter
from summit.near_pages import near_pages


def _ensure_role_groups(sender, **kwargs):
    from summit.services import role_groups_ensure  # noqa: PLC0415 — runs after migrate, once models are ready

    role_groups_ensure()


def _signed_out(sender, **kwargs):
    """What this process read for signed-in readers is read again: the session just ended is not served here (other
    processes stop within a second, see summit.near_pages)."""
    near_pages.version_forget()


class SummitConfig(AppConfig):
    name = "summit"
    verbose_name = _("Summit")

    def ready(self):
        from summit.caching import watch_writes  # noqa: PLC0415 — models are loaded only once ready() runs

        register_converter(TokenConverter, "token")

        watch_writes(self)
        # After every migrate (and test database flush) the core's role groups exist with current permissions; each
        # app adds its own permissions in its own post_migrate, which runs after its permissions are created.
        post_migrate.connect(_ensure_role_groups, sender=self, dispatch_uid="summit_role_groups")
        user_logged_out.connect(_signed_out, dispatch_uid="summit_signed_out")
