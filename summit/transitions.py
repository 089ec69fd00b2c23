"""Status changes: every status service checks its transition table here and writes a Transition row."""


class InvalidTransition(ValueError):
    """A status change its transition table does not allow."""


def transition_check(table: dict[str, set[str]], source: str, target: str, what: str) -> None:
    """Raise InvalidTransition unless `table` allows `what` to go from `source` to `target`."""
    if target not in table.get(source, set()):
        raise InvalidTransition(f"A {what} cannot go from {source} to {target}.")
