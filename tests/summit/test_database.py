"""The PostgreSQL connection's health check (summit.postgresql): before a request's first query, a sound
connection is taken as it is, without a query of its own; one the server cut is replaced."""

import psycopg
import pytest
from django.db import connection

from tests.processes import wait_until


@pytest.fixture
def server():
    """A connection of the test's own to the server, to watch and cut the application's connection."""
    if connection.vendor != "postgresql":
        pytest.skip("The health check is PostgreSQL's; SQLite has no server to lose")
    db = connection.settings_dict
    with psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname="postgres",
                         autocommit=True) as watcher:  # fmt: skip
        yield watcher


def last_query(server, pid: int) -> str | None:
    found = server.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()
    return found[0] if found else None


@pytest.mark.django_db(transaction=True)
def test_a_sound_connection_is_checked_without_a_query(server):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'the last thing this connection asked'")
    pid = connection.connection.info.backend_pid

    assert connection.is_usable()
    assert last_query(server, pid) == "SELECT 'the last thing this connection asked'"


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_cut_is_replaced_before_the_next_query(server):
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    server.execute("SELECT pg_terminate_backend(%s)", [pid])
    wait_until(lambda: last_query(server, pid) is None, seconds=10, what="the server ends the connection")

    assert not connection.is_usable()
    connection.health_check_done = False
    connection.close_if_health_check_failed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
