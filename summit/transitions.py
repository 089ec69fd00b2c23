"""Status changes: the one way a row's status changes (`transition_apply`), and the check every transition table
is read through. Each app keeps its own history table (a `summit.model_bases.Transition` subclass) and its own table
of allowed steps; the steps themselves all go through here."""

import logging
from collections.abc import Iterable

from django.db import models

logger = logging.getLogger(__name__)


class InvalidTransition(ValueError):
    """A status change its transition table does not allow."""


def transition_check(table: dict[str, set[str]], source: str, target: str, what: str) -> None:
    """Raise InvalidTransition unless `table` allows `what` to go from `source` to `target`."""
    if target not in table.get(source, set()):
        raise InvalidTransition(f"A {what} cannot go from {source} to {target}.")


def transition_apply(
    row: models.Model,
    *,
    to: str,
    table: dict[str, set[str]],
    history: models.Manager,
    by=None,
    reason: str = "",
    field: str = "status",
    also: Iterable[str] | None = (),
) -> models.Model:
    """Move `row` to `to`: check the step against `table`, write the history row (from, to, who, why) through the
    row's `history` manager, set the field and save it with `also`, the other fields the caller changed with it
    (None: save the whole row). The caller holds the row's lock (select_for_update in its transaction) wherever
    two requests could change it at once, and queues what follows (emails, tasks) on commit."""
    source = getattr(row, field)
    transition_check(table, source, to, row._meta.verbose_name)
    history.create(from_status=source, to_status=to, by=by, reason=reason)
    logger.info("%s %s: %s → %s by %s", row._meta.verbose_name.capitalize(), row.pk, source, to, by)
    setattr(row, field, to)
    row.save(update_fields=None if also is None else [field, *also])
    return row
