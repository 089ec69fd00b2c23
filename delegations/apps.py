from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _organisers_grant(sender, **kwargs) -> None:
    """Organisers manage the delegations from the admin; reading passport numbers ("view_passport") is given to
    the people of the protocol office one by one, never with the role."""
    from summit.permissions import ORGANISERS  # noqa: PLC0415 — models are loaded only once ready() runs
    from summit.services import role_permissions_grant  # noqa: PLC0415 — same

    codenames = [f"{action}_{model._meta.model_name}" for action in ("add", "change", "delete", "view")
                 for model in sender.get_models()]  # fmt: skip
    role_permissions_grant(group=ORGANISERS, app_label=sender.label, codenames=codenames)


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations' protocol")

    def ready(self):
        post_migrate.connect(_organisers_grant, sender=self, dispatch_uid="delegations_organisers")
