"""Sessions as Django's cached_db engine keeps them (in the shared cache, in front of the database), with one
addition: a session's data read together with other keys is handed to it, so it is not read again.
`summit.viewers.viewer` reads a signed-in reader's session with the user kept for it, in one round trip to Redis
instead of two, for every request a kept page does not answer (a form sent, a tablet's save, a part for htmx)."""

from django.contrib.sessions.backends import cached_db


class SessionStore(cached_db.SessionStore):
    def unread_cache_key(self) -> str | None:
        """The cache key this session's data is kept under, if the data has not been read yet; else None."""
        if self.session_key is None or hasattr(self, "_session_cache"):
            return None
        return self.cache_key

    def data_given(self, data: dict) -> None:
        """Take `data`, read from the cache under `unread_cache_key()`, as this session's data."""
        self._session_cache = data
