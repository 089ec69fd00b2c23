"""The workshops app in the admin, by entity; importing the modules registers their admins."""

from workshops.admin import practices, workshops  # noqa: F401 — registers the admins
