"""Each process's own copy of the pages it lately served from the shared cache (`summit.caching`).

A page from Redis costs the round trip and the transfer of the whole page (a topic exhibit with its comments is
hundreds of kilobytes); a crowd reads the same few pages, so each process keeps the pages it served, as they were
stored in Redis and under the same key, until the time they were stored for runs out. Whether a kept page may still
be served is decided exactly as for the shared copy: the pages' version is still read from Redis on every request
(a signed-in page's key holds it, an anonymous page is stored with it), so a write drops both copies at once.
"""

import threading
import time
from collections import OrderedDict

# What each process may keep; the least recently served pages go first beyond it.
NEAR_PAGES_BYTES = 32 * 1024 * 1024


class NearPages:
    """Pages by key, each with the time (time.time()) it stops being served and its size, least recently used
    first. `runserver` and the test server answer in threads, hence the lock."""

    def __init__(self, limit: int):
        self._limit = limit
        self._pages = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

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

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._size = 0


near_pages = NearPages(NEAR_PAGES_BYTES)
