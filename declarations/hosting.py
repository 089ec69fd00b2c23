"""How declarations host discussions: each pledge's page carries thread `pledge:<id>`.

Registered with discussion.hosts in DeclarationsConfig.ready, so the discussion never imports this app.
"""

from declarations.models import Pledge
from discussion import hosts


def pledge_page(pk: str) -> str:
    pledge = Pledge.objects.select_related("declaration").filter(pk=int(pk)).first()
    return pledge.get_absolute_url() if pledge else "/"


def register() -> None:
    hosts.register_page("pledge", pledge_page)
