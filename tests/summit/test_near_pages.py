"""Each process's own copy of the pages it served (summit.near_pages): what it keeps, for how long, and how often
it asks Redis for the pages' version."""

import time

from summit.near_pages import NEAR_VERSION_SECONDS, NearPages


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_beyond_its_limit_the_least_recently_served_pages_go_first():
    pages = NearPages(limit=1000)
    later = time.time() + 30
    for name in ("exhibit", "programme", "home", "hub"):
        pages.set(name, f"<{name}>", later, 240)
    pages.get("exhibit")  # served again: now the most recent

    pages.set("practice", "<practice>", later, 240)

    assert pages.get("programme") is None
    assert [pages.get(name) for name in ("exhibit", "home", "hub", "practice")] == [
        "<exhibit>",
        "<home>",
        "<hub>",
        "<practice>",
    ]


def test_a_page_is_not_served_after_its_time_nor_kept_when_it_would_push_out_most_others():
    pages = NearPages(limit=1000)
    pages.set("expired", "<old>", time.time() - 1, 10)
    pages.set("huge", "<huge>", time.time() + 30, 400)

    assert pages.get("expired") is None and pages.get("huge") is None


def test_the_version_is_read_at_most_once_a_second_and_again_at_once_after_this_process_moved_it():
    clock, reads = Clock(), []
    pages = NearPages(limit=1000, clock=clock)

    def read():
        reads.append(clock.now)
        return len(reads)

    first = pages.version(read)
    within = pages.version(read)
    clock.now += NEAR_VERSION_SECONDS
    after_the_second = pages.version(read)
    pages.version_forget()  # a write in this process
    after_a_write = pages.version(read)

    assert (first, within, after_the_second, after_a_write) == (1, 1, 2, 3)


def test_a_signed_in_readers_read_is_kept_a_second_and_read_again_after_a_write_here_or_a_form_of_theirs():
    clock, reads = Clock(), []
    pages = NearPages(limit=1000, clock=clock)

    def read():
        reads.append(clock.now)
        return len(reads)

    first = pages.reader("reader-a:page", read)
    within = pages.reader("reader-a:page", read)
    other_page = pages.reader("reader-a:other-page", read)
    after_their_form = pages.reader("reader-a:page", read, fresh=True)
    pages.version_forget()  # a write in this process
    after_a_write = pages.reader("reader-a:page", read)
    clock.now += NEAR_VERSION_SECONDS
    after_the_second = pages.reader("reader-a:page", read)

    assert (first, within, other_page, after_their_form, after_a_write, after_the_second) == (1, 1, 2, 3, 4, 5)
