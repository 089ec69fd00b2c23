"""Throughput of a topic exhibit page with 500 comments, against a static file served by the same server.

Starts gunicorn on loopback against a fresh PostgreSQL database with the demo data, one compiled edition and 500
comments (with replies) on the Healthy Cities exhibit, then has concurrent clients fetch, for a fixed time, first
the page and then /static/css/site.css. Prints both throughputs and their ratio.

    .venv/bin/python bench/pages.py [--clients 8] [--seconds 10] [--workers 4]

Needs PostgreSQL on 127.0.0.1:5432 (trust auth); the database it creates is dropped at the end.
"""

import argparse
import http.client
import threading
import time

from common import gunicorn, manage, scratch_environment

PAGE = "/exhibition/topics/healthy-cities/"
STATIC = "/static/css/site.css"

SETUP = """
from discussion.models import Comment, Thread
from summit.models import User
thread = Thread.objects.get(key="topic:healthy-cities")
author, _ = User.objects.get_or_create(email="bench@example.org", defaults={"name": "Bench"})
comments = Comment.objects.bulk_create(
    [Comment(thread=thread, author=author, body=f"Comment {n}", body_html=f"<p>Comment {n}</p>", status="published")
     for n in range(500)]
)
Comment.objects.bulk_create(
    [Comment(thread=thread, parent=c, author=author, body="Reply", body_html="<p>Reply</p>", status="published")
     for c in comments[::5]]
)
"""


def hammer(port: int, path: str, seconds: float, clients: int) -> tuple[float, int]:
    counts, errors = [0] * clients, [0] * clients
    stop = time.monotonic() + seconds

    def client(index):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    counts[index] += 1
                else:
                    errors[index] += 1
            except OSError:
                errors[index] += 1
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / seconds, sum(errors)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8766)
    options = parser.parse_args()
    with scratch_environment("pages") as env:
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo", "--no-accounts")
        manage(env, "compile_exhibition")
        manage(env, "collectstatic", "--noinput")
        manage(env, "shell", "--verbosity", "0", "-c", SETUP)
        with gunicorn(env, options.port, options.workers):
            hammer(options.port, PAGE, 1, options.clients)  # warm up
            page, page_errors = hammer(options.port, PAGE, options.seconds, options.clients)
            static, static_errors = hammer(options.port, STATIC, options.seconds, options.clients)
    print(f"clients: {options.clients}, gunicorn workers: {options.workers}, {options.seconds:.0f} s each")
    print(f"topic exhibit with 500 comments: {page:7.0f} requests/s ({page_errors} errors)")
    print(f"static file, same server:        {static:7.0f} requests/s ({static_errors} errors)")
    print(f"ratio page / static:             {page / static:.0%}")


if __name__ == "__main__":
    main()
