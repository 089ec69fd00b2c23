"""Log records carry the id of the request being served (set by summit.middleware.RequestId), so an error a
visitor reports by the reference on the 500 page can be found in the log. Loaded by LOGGING before the apps are."""

import contextvars
import logging

# A context variable: one value per request, also under ASGI.
current_request_id = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current_request_id.get()
        return True
