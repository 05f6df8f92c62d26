"""The database is out of reach: a friendly 503 with Retry-After, quickly, instead of a 500.

The connection pool's short wait (DATABASE_POOL_TIMEOUT_SECONDS) bounds how long a request
waits for a connection; this turns the error it then raises into the 503 page. A view's error
is caught by the middleware; one raised elsewhere (a session saved on the way out) reaches
`ucl_cop.views.server_error`, which asks `is_database_unavailable` too.

Once the database has been found out of reach, later requests in this process wait for a
connection only `BRIEF_WAIT` seconds, until one is handed out again: during an outage threads
are freed at once instead of each waiting the full time, so pages that need no database are
not stuck behind them. A brief wait still takes a connection the pool has made meanwhile, so
recovery is noticed on the first request after it.
"""

import logging
import sqlite3

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
BRIEF_WAIT = 0.1
PSYCOPG_POOL_DEFAULT_TIMEOUT = 30.0


def is_database_unavailable(error: BaseException | None) -> bool:
    """True for errors that mean "the database cannot answer now", not "this code is wrong".

    On PostgreSQL that is every OperationalError (refused or lost connections, a pool that
    timed out, a server shutting down) and InterfaceError (a connection already closed). On
    SQLite, OperationalError also reports mistakes such as a missing table, so only a locked
    or unopenable file counts.
    """
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if isinstance(cause, sqlite3.OperationalError):
        text = str(cause).lower()
        return "locked" in text or "unable to open" in text
    return True


def database_found_unavailable() -> None:
    """Wait only briefly for a pooled connection from now on, until one is handed out."""
    for connection in connections.all(initialized_only=True):
        pool = getattr(connection, "pool", None)  # PostgreSQL with a pool only
        if pool is not None:
            pool.timeout = BRIEF_WAIT


def connection_handed_out(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: the database answers, so wait the configured time again."""
    pool = getattr(connection, "pool", None)
    if pool is not None and pool.timeout == BRIEF_WAIT:
        options = connection.settings_dict["OPTIONS"].get("pool")
        configured = options.get("timeout") if isinstance(options, dict) else None
        pool.timeout = configured or PSYCOPG_POOL_DEFAULT_TIMEOUT


def service_unavailable() -> HttpResponse:
    """The 503 page, rendered without the request so nothing on it needs the database."""
    database_found_unavailable()
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Answer the friendly 503 when a view fails because the database is out of reach."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        # One line, no traceback: during an outage every request would print the same one.
        logger.warning("Database unavailable, answered 503: %s", str(exception).strip())
        return service_unavailable()
