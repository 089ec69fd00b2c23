"""The room polling live questions: 300 phones and a screen, while questions and likes arrive.

Starts gunicorn on loopback against a fresh PostgreSQL database (the demo data, one public discussion taking
questions) and measures, in the same run:
1. with wrk (Debian's package; 2 threads, 16 connections, 10 s each): a static file, then the two polled parts
   answered 304 (the browser's conditional request with the ETag it holds), and the ratio of each to the static
   file;
2. with 300 simulated phones (threads; each polls the question list every 2 s with If-None-Match, as the browser
   does, and 1 in 10 also polls the screen's state) for 60 s while 20 questions and 500 likes arrive from them
   within the minute (every phone first joins the room through the screen's code, as the QR code does):
   requests per second, how many were 304, p50/p95 latency, and the CPU seconds the gunicorn
   processes used (from /proc).

    .venv/bin/python bench/polling.py [--phones 300] [--seconds 60] [--workers 4]

Needs PostgreSQL on 127.0.0.1:5432 (trust auth) and wrk; the database it creates is dropped at the end.
"""

import argparse
import http.client
import json
import random
import statistics
import threading
import time
import urllib.parse

from common import gunicorn, manage, scratch_environment, server_cpu, wrk, wrk_check

STATIC = "/static/css/site.css"

SETUP = """
import datetime
import json
from django.utils import timezone
from events.models import Event
from summit.models import ProgrammeItem
item = ProgrammeItem.objects.filter(kind="public_discussion").order_by("starts_at").first()
item.starts_at = timezone.now() - datetime.timedelta(minutes=30)
item.ends_at = timezone.now() + datetime.timedelta(hours=2)
item.save()
event, _ = Event.objects.get_or_create(item=item, defaults={"capacity": 300})
event.questions_open = True
event.save()
questions = [event.questions.create(text=f"Opening question {n}", asker=f"phone:seed{n}").pk for n in range(5)]
print(json.dumps({"item": item.pk, "room_code": event.room_code, "questions": questions}))
"""


def etag_of(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.getheader("ETag")


class Phone:
    """One phone in the room: its cookie, the ETags it holds, its CSRF token for likes and questions."""

    def __init__(self, port: int, item: int):
        self.port, self.item = port, item
        self.cookies: dict[str, str] = {}
        self.etags: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, float]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        if method == "GET" and path in self.etags:
            headers["If-None-Match"] = self.etags[path]
        encoded = None
        if body is not None:
            encoded = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        began = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=encoded, headers=headers)
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        elapsed = time.perf_counter() - began
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            if header.lower() == "etag" and method == "GET":
                self.etags[path] = value
        return response.status, elapsed


def options_parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8767)
    return parser.parse_args()


class Room:
    """The phones polling the list (1 in 10 also the screen's state) on the page's own 2 s rhythm, while
    questions and likes arrive from them."""

    def __init__(self, port: int, prepared: dict, phones: int):
        self.item, self.question_ids = prepared["item"], prepared["questions"]
        self.listing = f"/programme/{self.item}/ask/?part=list"
        self.state = f"/programme/{self.item}/screen/?part=state"
        self.phones = [Phone(port, self.item) for _ in range(phones)]
        for phone in self.phones:
            phone.request("GET", f"/join/{prepared['room_code']}/")  # the QR code: the phone's pass for the room
            phone.request("GET", f"/programme/{self.item}/ask/")  # where it redirects: the CSRF cookie
        self.polls, self.writes = [], []
        self.lock, self.stop = threading.Lock(), threading.Event()
        self.rng = random.Random(2019)

    def poll(self, phone: Phone, watches_screen: bool):
        next_at = time.monotonic() + self.rng.uniform(0, 2)
        while not self.stop.is_set():
            time.sleep(max(0.0, next_at - time.monotonic()))
            next_at += 2
            for path in [self.listing, self.state] if watches_screen else [self.listing]:
                status, elapsed = phone.request("GET", path)
                with self.lock:
                    self.polls.append((status, elapsed))

    def write_second(self, second: int):
        """20 questions and 500 likes spread over the minute."""
        if second % 3 == 0 and sum(kind == "question" for kind, _ in self.writes) < 20:
            status, _elapsed = self.rng.choice(self.phones).request(
                "POST", f"/programme/{self.item}/ask/", {"text": f"Bench question {second}", "asked_by": ""}
            )
            self.writes.append(("question", status))
        for _like in range(9 if second % 7 else 8):
            if sum(kind == "like" for kind, _ in self.writes) >= 500:
                break
            status, _elapsed = self.rng.choice(self.phones).request(
                "POST", f"/programme/{self.item}/ask/{self.rng.choice(self.question_ids)}/vote/", {"kind": "like"}
            )
            self.writes.append(("like", status))

    def run(self, seconds: float) -> float:
        threads = [threading.Thread(target=self.poll, args=(phone, n % 10 == 0)) for n, phone in enumerate(self.phones)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for second in range(int(seconds)):
            self.write_second(second)
            time.sleep(max(0.0, started + second + 1 - time.monotonic()))
        self.stop.set()
        for thread in threads:
            thread.join()
        return time.monotonic() - started


def main():
    options = options_parse()
    wrk_check()
    with scratch_environment("polling") as env:
        env.update(REACTION_RATE="100000/1m", ROOM_JOIN_RATE="100000/1m")  # every phone comes from 127.0.0.1
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "seed_demo", "--no-accounts")
        prepared = json.loads(
            manage(env, "shell", "--verbosity", "0", "-c", SETUP, capture=True).strip().splitlines()[-1]
        )
        with gunicorn(env, options.port, options.workers) as server:
            room = Room(options.port, prepared, options.phones)
            static_rate = wrk(options.port, STATIC, 10).rate
            list_rate = wrk(
                options.port, room.listing, 10, f"If-None-Match: {etag_of(options.port, room.listing)}"
            ).rate
            state_rate = wrk(options.port, room.state, 10, f"If-None-Match: {etag_of(options.port, room.state)}").rate
            cpu_before = server_cpu(server.pid)
            elapsed = room.run(options.seconds)
            cpu = server_cpu(server.pid) - cpu_before

    latencies = sorted(elapsed for _status, elapsed in room.polls)
    not_modified = sum(status == 304 for status, _elapsed in room.polls)
    errors = [status for status, _elapsed in room.polls if status not in (200, 304)]
    write_errors = [status for _kind, status in room.writes if status not in (200, 302)]
    print(f"wrk, 16 connections, 10 s each (same server, same run): static file {static_rate:.0f}/s")
    print(f"  question list, 304: {list_rate:.0f}/s = {list_rate / static_rate:.2f}x the static file")
    print(f"  screen state, 304:  {state_rate:.0f}/s = {state_rate / static_rate:.2f}x the static file")
    polls = len(room.polls)
    print(f"{options.phones} phones for {elapsed:.0f} s with {sum(k == 'question' for k, _ in room.writes)} questions "
          f"and {sum(k == 'like' for k, _ in room.writes)} likes: {polls} polls ({polls / elapsed:.0f}/s), "
          f"{not_modified / max(polls, 1):.0%} answered 304")  # fmt: skip
    print(f"  poll latency p50 {statistics.median(latencies) * 1000:.1f} ms, "
          f"p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.1f} ms; "
          f"gunicorn CPU {cpu:.1f} s in {elapsed:.0f} s ({cpu / elapsed:.0%} of one core)")  # fmt: skip
    print(f"  errors: {len(errors)} polls, {len(write_errors)} writes {sorted(set(map(str, write_errors)))[:3]}")


if __name__ == "__main__":
    main()
