"""Each process's own copy of the pages it lately served from the shared cache (`summit.caching`).

A page from Redis costs the round trip and the transfer of the whole page (a topic exhibit with its comments is
hundreds of kilobytes); a crowd reads the same few pages, so each process keeps the pages it served, as they were
stored in Redis and under the same key, until the time they were stored for runs out. Whether a kept page may still
be served is decided as for the shared copy, by the pages' version. Each process reads that version at most once
every `NEAR_VERSION_SECONDS` for anonymous readers (`version`), and what one round trip reads for a signed-in
reader of a page (the version, their session, their kept user, their last write to that page) at most as often
(`reader`): a page served from this process's copy then costs no round trip at all, and a write reaches readers of
other processes within that second. The writing process forgets what it read at once, and a browser that has just
sent a form reads everything afresh for a while (`summit.signed_in_pages.FRESH_COOKIE`), so a writer sees their
write at once whichever process answers them.
"""

import threading
import time
from collections import OrderedDict

# What each process may keep; the least recently served pages go first beyond it.
NEAR_PAGES_BYTES = 32 * 1024 * 1024
# How long a process trusts the pages' version it read for anonymous readers, and what it read for a signed-in one.
NEAR_VERSION_SECONDS = 1.0
# Signed-in readers' reads kept at once, the least recently used going first: only a second's worth is of use.
NEAR_READERS = 2000
# Parts of pages rendered once for every reader with the same choice (summit.signed_in_pages.READER_CHOICES).
NEAR_PARTS = 1024


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
        self._readers = OrderedDict()  # key: (what was read, the generation and the clock's time it was read at)
        self._generation = 0  # moved on whenever this process moves the version on
        self._parts = {}

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
        """This process has just moved the version on: read it, and every reader's, again on the next request."""
        self._version = None
        self._generation += 1

    def reader(self, key: str, read, fresh: bool = False):
        """What `read()` (one round trip to Redis) gives for a signed-in reader and page (`key`): at most once every
        NEAR_VERSION_SECONDS, at once after this process moved the version on, and at once when `fresh`."""
        now = self._clock()
        with self._lock:
            found = self._readers.get(key)
        if not fresh and found is not None and found[1] == self._generation and now - found[2] < NEAR_VERSION_SECONDS:
            return found[0]
        generation, value = self._generation, read()
        with self._lock:
            self._readers[key] = (value, generation, now)
            self._readers.move_to_end(key)
            while len(self._readers) > NEAR_READERS:
                self._readers.popitem(last=False)
        return value

    def part(self, key: tuple, render) -> str:
        """The part of a page kept under `key`, else `render()` kept; all are dropped when there are too many."""
        found = self._parts.get(key)
        if found is None:
            found = render()
            if len(self._parts) >= NEAR_PARTS:
                self._parts.clear()
            self._parts[key] = found
        return found

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._readers.clear()
            self._parts.clear()
            self._size = 0
            self._version = None


near_pages = NearPages(NEAR_PAGES_BYTES)
