"""Logs: one JSON object per line in production, with the request id and the person's id (never
their email address); each response carries its request id."""

import copy
import io
import json
import logging
import sys

import pytest
from django.utils.log import configure_logging

from ucl_cop.logs import JsonFormatter, RequestContextFilter, current_request

from .test_settings import DEVELOPMENT, PRODUCTION, settings_from

KEYS = {"time", "level", "logger", "message", "request_id", "user_id", "path", "status"}


@pytest.fixture
def json_console(settings):
    """Logging as production configures it, writing to a stream the test reads."""
    production = copy.deepcopy(settings.LOGGING)
    production["handlers"]["console"]["formatter"] = "json"
    stream = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stderr", stream)  # StreamHandler() writes to sys.stderr as made.
        configure_logging(settings.LOGGING_CONFIG, production)
    yield stream
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_production_logs_json_and_development_logs_text():
    production = settings_from(PRODUCTION, "LOGGING")["LOGGING"]
    development = settings_from(DEVELOPMENT, "LOGGING")["LOGGING"]

    assert production["handlers"]["console"]["formatter"] == "json"
    assert development["handlers"]["console"]["formatter"] == "text"


def test_a_request_logs_one_json_line_with_its_ids_and_no_email(json_console, client_for, staff):
    response = client_for(staff).get("/communities/no-such-community/")

    [record] = [line for line in lines(json_console) if line["logger"] == "django.request"]
    assert set(record) >= KEYS
    assert record["level"] == "WARNING"
    assert record["status"] == 404
    assert record["path"] == "/communities/no-such-community/"
    assert record["request_id"] == response["X-Request-ID"]
    assert record["user_id"] == staff.pk
    assert staff.email not in json_console.getvalue()
    assert "@" not in json_console.getvalue()


def test_an_email_address_in_a_message_or_traceback_is_hidden(rf, staff):
    request = rf.get("/accounts/login/")
    request.request_id = "abc123"
    request._cached_user = staff
    token = current_request.set(request)
    try:
        raise ValueError(f"Key (email)=({staff.email}) already exists.")
    except ValueError:
        record = logging.LogRecord(
            "axes",
            logging.WARNING,
            __file__,
            1,
            "Failed sign-in for %s",
            (staff.email,),
            sys.exc_info(),
        )
    finally:
        RequestContextFilter().filter(record)
        current_request.reset(token)

    line = JsonFormatter().format(record)

    fields = json.loads(line)
    assert "\n" not in line
    assert fields["message"] == "Failed sign-in for [email]"
    assert "Key (email)=([email]) already exists." in fields["exception"]
    assert (fields["request_id"], fields["user_id"], fields["path"]) == (
        "abc123",
        staff.pk,
        "/accounts/login/",
    )
    assert staff.email not in line


def test_a_record_outside_a_request_has_the_keys_empty():
    record = logging.LogRecord("outbox", logging.INFO, __file__, 1, "Outbox: 3 sent", (), None)
    RequestContextFilter().filter(record)

    fields = json.loads(JsonFormatter().format(record))

    assert set(fields) >= KEYS
    assert fields["message"] == "Outbox: 3 sent"
    assert fields["request_id"] is fields["user_id"] is fields["path"] is None


def test_gunicorns_access_line_becomes_json_with_the_ids_django_left():
    atoms = {
        "h": "127.0.0.1",
        "r": "POST /communities/data/join/ HTTP/1.1",
        "m": "POST",
        "U": "/communities/data/join/",
        "s": "302",
        "b": "0",
        "M": 12,
        "{cop.request_id}e": "5f0c",
        "{cop.user_id}e": "42",
    }
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, '%(h)s "%(r)s" %(s)s', (atoms,), None
    )

    fields = json.loads(JsonFormatter().format(record))

    assert fields["message"] == '127.0.0.1 "POST /communities/data/join/ HTTP/1.1" 302'
    assert (fields["status"], fields["method"], fields["duration_ms"]) == (302, "POST", 12)
    assert (fields["request_id"], fields["user_id"]) == ("5f0c", 42)
    assert fields["path"] == "/communities/data/join/"


def test_each_response_carries_a_new_request_id(client):
    first = client.get("/healthz/")
    second = client.get("/healthz/")

    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_proxys_request_id_is_kept(client):
    response = client.get("/healthz/", headers={"X-Request-ID": "lb-7f3a-0001"})

    assert response["X-Request-ID"] == "lb-7f3a-0001"


@pytest.mark.parametrize("offered", ["x" * 129, "forged\nline", "a b", ""])
def test_a_malformed_request_id_is_replaced(client, offered):
    response = client.get("/healthz/", headers={"X-Request-ID": offered})

    assert response["X-Request-ID"] != offered
    assert len(response["X-Request-ID"]) == 32
