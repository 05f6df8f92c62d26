"""Logs: a request id on every request, and one JSON object per line when debug is off.

`RequestIdMiddleware` takes the proxy's `X-Request-ID` (or makes one), returns it in the
response, and keeps the request in a context variable for the length of the request.
`RequestContextFilter` copies the request id, the signed-in person's id and the path onto each
record; `JsonFormatter` writes the record as JSON. gunicorn's access log uses the same formatter
(gunicorn.conf.py), reading the request and person ids that the middleware leaves in the WSGI
environ.

People appear in logs by id only: any email address in a message or traceback (a sign-in
failure names the account, a constraint error quotes the row) is replaced by "[email]".

This module needs no settings at import time, so gunicorn's master can load it.
"""

import json
import logging
import re
import uuid
from collections.abc import Mapping
from contextvars import ContextVar
from datetime import UTC, datetime

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

current_request: ContextVar = ContextVar("current_request", default=None)

# What a proxy may send as a request id: short, and nothing that could forge a log line.
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
EMAIL = re.compile(r"[^\s@\"'<>(),;:\[\]]+@[^\s@\"'<>(),;:\[\]]+\.[A-Za-z]{2,}")
ENVIRON_REQUEST_ID = "cop.request_id"
ENVIRON_USER_ID = "cop.user_id"


def redact(text: str) -> str:
    """`text` with every email address replaced by "[email]"."""
    return EMAIL.sub("[email]", text)


def user_id_of(request) -> int | None:
    """The signed-in person's id, if this request has already looked them up.

    Never looks them up itself: that reads the session from the database, which a log line
    about the database being down must not do.
    """
    user = getattr(request, "_cached_user", None)  # set by AuthenticationMiddleware's get_user
    if user is None and not isinstance(assigned := request.__dict__.get("user"), SimpleLazyObject):
        user = assigned  # set by login() on the sign-in request itself
    if user is not None and user.is_authenticated:
        return user.pk
    return None


class RequestIdMiddleware:
    """Give each request an id (the proxy's X-Request-ID when it is well formed), send it back
    in the response, and make the request visible to `RequestContextFilter` meanwhile."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request.request_id = offered if REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        response["X-Request-ID"] = request.request_id
        # For gunicorn's access line, which is written after Django has finished.
        request.META[ENVIRON_REQUEST_ID] = request.request_id
        if (user_id := user_id_of(request)) is not None:
            request.META[ENVIRON_USER_ID] = str(user_id)
        return response


class RequestContextFilter(logging.Filter):
    """Add `request_id`, `user_id` and `path` (None outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        # django.request logs a response's status after the middleware has finished, with the
        # request on the record.
        request = getattr(record, "request", None)
        if not isinstance(request, HttpRequest):  # django.server's is a socket
            request = current_request.get()
        if not hasattr(record, "request_id"):
            record.request_id = getattr(request, "request_id", None)
        if not hasattr(record, "user_id"):
            record.user_id = user_id_of(request) if request is not None else None
        if not hasattr(record, "path"):
            record.path = getattr(request, "path", None)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, user_id, path,
    status (where known), and the traceback as `exception` when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        fields = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
            "path": getattr(record, "path", None),
            # django.request and django.server put the response's status on the record.
            "status": getattr(record, "status_code", None),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            fields.update(_access_fields(record.args))
        if record.exc_info:
            fields["exception"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            fields["exception"] = redact(record.exc_text)
        return json.dumps(fields, ensure_ascii=False, default=str)


def _access_fields(atoms: Mapping) -> dict:
    """The fields of gunicorn's access line (its "atoms"), where the request is over."""

    def atom(key: str) -> str | None:
        value = atoms.get(key)
        return None if value in (None, "-") else str(value)

    status = atom("s")
    user_id = atom(f"{{{ENVIRON_USER_ID}}}e")
    return {
        "request_id": atom(f"{{{ENVIRON_REQUEST_ID}}}e") or atom("{x-request-id}i"),
        "user_id": int(user_id) if user_id and user_id.isdigit() else None,
        "path": atom("U") and redact(atom("U")),
        "status": int(status) if status and status.isdigit() else status,
        "method": atom("m"),
        "duration_ms": atoms.get("M"),
        "remote_addr": atom("h"),
    }
