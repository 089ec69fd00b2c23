"""Django's PostgreSQL backend with a health check that costs no round trip while the connection is sound, and
cursors for statements the server plans once.

Workers keep their connections between requests (CONN_MAX_AGE) and check them before a request's first query
(CONN_HEALTH_CHECKS), so that after a database restart they reconnect by themselves instead of failing a request
each. Django checks with a `SELECT 1`: a round trip before every request that touches the database, which cost a
vote (opinions.views) as much Python and PostgreSQL time as the vote's own statement. A server that ends a
connection (a restart, a failover, an administrator, an idle timeout) says so on its socket: it sends its last
message and closes it, so the socket turns readable. An idle connection that is sound has nothing to read. So
the check looks at the socket, without waiting; only when there is something to read does it ask the server.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        try:
            waiting = select.poll()
            waiting.register(self.connection.fileno(), select.POLLIN)
            quiet = not waiting.poll(0)
        except (OSError, ValueError, self.Database.Error):  # closed already
            return False
        return quiet or super().is_usable()

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        # Django turns psycopg's preparing off. The cursors that bind parameters on the client, all the ORM's, never
        # prepare; so this concerns prepared_cursor()'s alone: each of their statements is prepared as it first runs.
        connection.prepare_threshold = 0
        return connection

    def prepared_cursor(self):
        """A cursor that prepares its statements: the server parses and plans each once per connection (psycopg
        keeps the last hundred), instead of every time. For the few hot statements written out by hand
        (opinions.services.VOTE_UPSERT, whose planning cost PostgreSQL more than the rest of the vote). The ORM's
        own SQL is not written to be prepared (Django ticket #20516). Django prepares nothing by default so that
        poolers in transaction mode keep working; nothing here runs behind one (deploy/)."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            return self._prepare_cursor(base.ServerBindingCursor(self.connection))
