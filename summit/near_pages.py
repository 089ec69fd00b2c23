"""Each process's own copy of the pages it lately served from the shared cache (`summit.caching`).

A page from Redis costs the round trip and the transfer of the whole page (a topic exhibit with its comments is
hundreds of kilobytes); a crowd reads the same few pages, so each process keeps the pages it served, as they were
stored in Redis and under the same key, until the time they were stored for runs out. Whether a kept page may still
be served is decided as for the shared copy, by the pages' version. A signed-in reader's request reads it from
Redis with their user (`summit.viewers.viewer`), so a write drops both copies at once for them. For anonymous
readers, each process reads it at most once every `NEAR_VERSION_SECONDS` (`version`): a page served from this
process's copy then costs no round trip at all, and a write reaches anonymous readers of other processes within
that second (the writing process forgets its version at once).
"""

import threading
import time
from collections import OrderedDict

# What each process may keep; the least recently served pages go first beyond it.
NEAR_PAGES_BYTES = 32 * 1024 * 1024
# How long a process trusts the pages' version it read for anonymous readers.
NEAR_VERSION_SECONDS = 1.0


class NearPages:
    """Pages by key, each with the time (time.time()) it stops being served and its size, least recently used
    first. `runserver` and the test server answer in threads, hence the lock."""

    def __init__(self, limit: int, clock=time.monotonic):
        self._limit = limit
        self._clock = clock  # for the version's second
        self._pages = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._version = None  # (version, the clock's time it was read)

    def get(self, key: str):
        with self._lock:
            found = self._pages.get(key)
            if found is None:
                return None
            until, page, size = found
            if until <= time.time():
                del self._pages[key]
                self._size -= size
                return None
            self._pages.move_to_end(key)
            return page

    def set(self, key: str, page, until: float, size: int) -> None:
        if size > self._limit // 4:  # one page never pushes out most of the others
            return
        with self._lock:
            if key in self._pages:
                self._size -= self._pages.pop(key)[2]
            self._pages[key] = (until, page, size)
            self._size += size
            while self._size > self._limit:
                _key, (_until, _page, dropped) = self._pages.popitem(last=False)
                self._size -= dropped

    def version(self, read) -> int:
        """The pages' version: from `read()` (Redis) at most once every NEAR_VERSION_SECONDS."""
        kept = self._version
        if kept is not None and self._clock() - kept[1] < NEAR_VERSION_SECONDS:
            return kept[0]
        version = read()
        self.version_seen(version)
        return version

    def version_seen(self, version: int) -> None:
        self._version = (version, self._clock())

    def version_forget(self) -> None:
        """This process has just moved the version on: read it again on the next request."""
        self._version = None

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._size = 0
            self._version = None


near_pages = NearPages(NEAR_PAGES_BYTES)
