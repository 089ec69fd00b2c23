"""Django's PostgreSQL backend with a health check that costs no round trip while the connection is sound.

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
