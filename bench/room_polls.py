"""A workshop's room: 300 phones answering one poll within 10 seconds, while the screen polls the results.

Starts gunicorn on loopback against a fresh PostgreSQL database (the demo data, one workshop's room with a
single-choice poll open and on the screen) and measures, in the same run:
1. with wrk (2 threads, 16 connections, 10 s each): a static file, then the screen's polled state answered 304
   (the If-None-Match the browser sends while nothing changed), as a ratio to the static file;
2. 300 phones (threads; each joined the room by its code first, as the QR code does) each sending its answer at a
   random moment within 10 s: the p50/p95 latency of an answer, answers of 5xx, and, read back from the database,
   that every phone's answer is stored exactly once.

    .venv/bin/python bench/room_polls.py [--phones 300] [--seconds 10] [--workers 4]

Needs PostgreSQL on 127.0.0.1:5432 (trust auth), Redis on 127.0.0.1:6379 and wrk; the database it creates is
dropped at the end. `make bench` runs it with the others.
"""

import argparse
import json
import random
import statistics
import threading
import time

from common import Figure, figures_print, gunicorn, manage, scratch_environment, wrk, wrk_check
from polling import Phone, etag_of

STATIC = "/static/css/site.css"
ANSWER_P95_MS = 150

SETUP = """
import json
from rooms.services import poll_create, poll_open, poll_show, room_ensure
from workshops.hosting import room_key
from workshops.models import Workshop
room = room_ensure(key=room_key(Workshop.objects.order_by("pk").first()))
poll = poll_create(room=room, kind="single", question="Where should shade come first?",
                   options=["Schoolyards", "Bus stops", "Squares", "Markets"], by=None)
poll_show(poll=poll_open(poll=poll, by=None), shown=True, by=None)
print(json.dumps({"code": room.code, "poll": poll.pk, "options": list(poll.options.values_list("pk", flat=True))}))
"""

VERIFY = """
import json
from rooms.models import PollAnswer
answers = PollAnswer.objects.filter(poll_id=POLL)
print(json.dumps({"answers": answers.count(), "voters": answers.values("voter").distinct().count()}))
"""


def phones_answer(port: int, room: dict, phones: int, seconds: float) -> list[tuple[int, float]]:
    """Every phone joins, then sends its answer once at a random moment within `seconds`: (status, seconds)."""
    rng = random.Random(2019)
    joined = [Phone(port, 0) for _ in range(phones)]
    for phone in joined:
        phone.request("GET", f"/join/{room['code']}/")
        phone.request("GET", f"/rooms/{room['code']}/")  # where it redirects: the CSRF cookie
    sent, lock = [], threading.Lock()
    began = time.monotonic()

    def answer(phone: Phone, at: float, choice: int):
        time.sleep(max(0.0, began + at - time.monotonic()))
        result = phone.request("POST", f"/rooms/{room['code']}/", {"poll": room["poll"], "choice": choice})
        with lock:
            sent.append(result)

    threads = [
        threading.Thread(target=answer, args=(phone, rng.uniform(0, seconds), rng.choice(room["options"])))
        for phone in joined
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sent


def measure(phones: int = 300, seconds: float = 10, workers: int = 4, port: int = 8768) -> list[Figure]:
    wrk_check()
    with scratch_environment("rooms", redis_db=11) as env:
        env.update(ROOM_JOIN_RATE="100000/1m", ROOM_ADDRESS_RATE="100000/1m")  # every phone comes from 127.0.0.1
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "seed_demo", "--no-accounts")
        room = json.loads(manage(env, "shell", "--verbosity", "0", "-c", SETUP, capture=True).strip().splitlines()[-1])
        with gunicorn(env, port, workers):
            state = f"/rooms/{room['code']}/screen/?part=state"
            static_rate = wrk(port, STATIC, 10).rate
            state_rate = wrk(port, state, 10, f"If-None-Match: {etag_of(port, state)}").rate
            sent = phones_answer(port, room, phones, seconds)
        verify = VERIFY.replace("POLL", str(room["poll"]))
        stored = json.loads(manage(env, "shell", "--verbosity", "0", "-c", verify, capture=True).strip())

    latencies = sorted(elapsed * 1000 for _status, elapsed in sent)
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    server_errors = sum(status >= 500 for status, _elapsed in sent)
    exactly_once = stored["answers"] == stored["voters"] == phones
    return [
        Figure("static file (wrk, same server)", f"{static_rate:.0f}/s", "", None),
        Figure("room screen state, 304", f"{state_rate:.0f}/s = {state_rate / static_rate:.2f}x static", "", None),
        Figure(
            f"poll answer: p95, {phones} phones in {seconds:.0f} s",
            f"{p95:.0f} ms (p50 {statistics.median(latencies):.0f})",
            f"< {ANSWER_P95_MS} ms",
            p95 < ANSWER_P95_MS,
        ),
        Figure("poll answers: 5xx", str(server_errors), "0", server_errors == 0),
        Figure(
            "poll answers stored exactly once",
            f"{stored['answers']} of {phones}",
            f"{phones} of {phones}",
            exactly_once,
        ),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=4)
    options = parser.parse_args()
    figures_print(measure(options.phones, options.seconds, options.workers))


if __name__ == "__main__":
    main()
