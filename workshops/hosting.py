"""How the workshops app hosts discussions: an approved practice's page carries thread `practice:<id>`."""

from django.urls import reverse

from discussion import hosts


def practice_page(pk: str) -> str:
    return reverse("workshops:practice_detail", kwargs={"pk": int(pk)})


def register() -> None:
    hosts.register_page("practice", practice_page)
