"""How declarations host discussions: each pledge's page carries thread `pledge:<id>`, each clause's page thread
`clause:<declaration slug>:<number>`.

Registered with discussion.hosts in DeclarationsConfig.ready, so the discussion never imports this app.
"""

from django.urls import reverse

from declarations.models import Pledge
from discussion import hosts


def pledge_page(pk: str) -> str:
    pledge = Pledge.objects.select_related("declaration").filter(pk=int(pk)).first()
    return pledge.get_absolute_url() if pledge else "/"


def clause_page(name: str) -> str:
    slug, _sep, number = name.rpartition(":")
    return reverse("declarations:clause", kwargs={"slug": slug, "number": int(number)})


def register() -> None:
    hosts.register_page("pledge", pledge_page)
    hosts.register_page("clause", clause_page)
