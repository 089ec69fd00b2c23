"""The delegations' protocol in the admin, by entity; importing the modules registers their admins."""

from delegations.admin import letters, meetings, people  # noqa: F401 — registers the admins
