"""With the database out of reach, people get a friendly 503 quickly, and pages that need no
database stay up. (scripts/faults stops a real PostgreSQL cluster under load; see README.)"""

import copy
import socket
import sqlite3
import time
from unittest import mock

import psycopg_pool
import pytest
from django.conf import settings
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
    connection,
    connections,
)
from django.test import Client

from communities.models import ProgrammeContact
from membership.models import Membership
from ucl_cop import views
from ucl_cop.unavailable import (
    BRIEF_WAIT,
    connection_handed_out,
    database_found_unavailable,
    is_database_unavailable,
)

pytestmark = pytest.mark.django_db

FRIENDLY = "The portal is briefly unavailable"


def outage():
    """Every query meanwhile fails as when the pool cannot get a connection."""
    refusal = OperationalError("couldn't get a connection after 1.00 sec")
    return mock.patch.object(connection, "_cursor", side_effect=refusal)


@pytest.fixture
def database_down():
    with outage() as cursor:
        yield cursor


def assert_friendly_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert f"<h1>{FRIENDLY}</h1>" in text
    assert "please try again in a minute" in text


def test_a_page_that_needs_the_database_answers_a_friendly_503(client, community, database_down):
    started = time.monotonic()
    response = client.get("/communities/")

    assert_friendly_503(response)
    assert time.monotonic() - started < 2


def test_a_join_while_the_database_is_down_answers_503_and_writes_nothing(
    client_for, staff, community
):
    signed_in = client_for(staff)

    with outage():
        response = signed_in.post(f"/communities/{community.slug}/join/", {"kind": "wider"})

    assert_friendly_503(response)
    assert not Membership.objects.filter(person=staff).exists()


@pytest.mark.parametrize("path", ["/about/", "/membership/", "/accessibility/", "/healthz/"])
def test_pages_that_need_no_database_stay_up(client, path, database_down):
    response = client.get(path)

    assert response.status_code == 200


def test_the_footer_says_whom_to_contact_without_the_database(client, database_down):
    client.get("/about/")
    tries = database_down.call_count
    response = client.get("/accessibility/")

    assert "Contact the Head of Communities of Practice." in response.content.decode()
    # After one failed read the footer stops asking for a while: no wait on every page.
    assert database_down.call_count == tries


def test_a_cached_contact_still_shows_while_the_database_is_down(client):
    ProgrammeContact.objects.create(name="Daniela Head", email="cop@ucl.ac.uk")
    client.get("/about/")  # fills the cache

    with outage():
        response = client.get("/about/")

    assert response.status_code == 200
    assert "Daniela Head" in response.content.decode()


def test_a_signed_in_page_answers_503_when_its_session_cannot_be_read(client_for, staff):
    signed_in = client_for(staff)

    with outage():
        response = signed_in.get("/me/")

    assert_friendly_503(response)


def test_an_error_outside_a_view_gets_the_503_too(rf):
    # Django calls handler500 while it handles the error, as here.
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = views.server_error(rf.get("/"))

    assert_friendly_503(response)


def test_any_other_error_still_gets_the_500_page(rf):
    try:
        raise ProgrammingError("column does not exist")
    except ProgrammingError:
        response = views.server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Retry-After" not in response


def wrapped(error: Exception, cause: Exception) -> Exception:
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (wrapped(OperationalError("timeout"), psycopg_pool.PoolTimeout("after 1.00 sec")), True),
        (OperationalError("terminating connection due to administrator command"), True),
        (InterfaceError("connection already closed"), True),
        (wrapped(OperationalError(), sqlite3.OperationalError("database is locked")), True),
        (wrapped(OperationalError(), sqlite3.OperationalError("no such table: x")), False),
        (ProgrammingError("syntax error"), False),
        (DatabaseError("other"), False),
        (ValueError("not the database"), False),
        (None, False),
    ],
)
def test_only_errors_of_reach_count_as_the_database_being_unavailable(error, unavailable):
    assert is_database_unavailable(error) is unavailable


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.postgres
def test_a_real_unreachable_postgresql_answers_503_within_the_pool_wait(client, community):
    """Through the real pool and psycopg: nothing listens on the port, so no connection comes."""
    live = connections["default"]
    dead_settings = copy.deepcopy(live.settings_dict)
    dead_settings["PORT"] = str(free_port())
    dead = type(live)(dead_settings, alias="unreachable")
    wait = settings.DATABASES["default"]["OPTIONS"]["pool"]["timeout"]
    connections._connections.default = dead
    try:
        started = time.monotonic()
        first = Client().get("/communities/")
        first_took = time.monotonic() - started
        started = time.monotonic()
        second = Client().get(f"/communities/{community.slug}/")
        second_took = time.monotonic() - started
        healthy = Client().get("/healthz/")
    finally:
        connections._connections.default = live
        dead.close_pool()

    assert_friendly_503(first)
    assert first_took < min(wait + 0.5, 2.0)
    # Once found out of reach, the next request waits only briefly: threads are not held.
    assert_friendly_503(second)
    assert second_took < BRIEF_WAIT + 0.5
    assert healthy.status_code == 200


@pytest.mark.postgres
def test_the_full_wait_returns_once_a_connection_is_handed_out():
    live = connections["default"]
    configured = settings.DATABASES["default"]["OPTIONS"]["pool"]["timeout"]
    database_found_unavailable()
    assert live.pool.timeout == BRIEF_WAIT

    connection_handed_out(sender=type(live), connection=live)

    assert live.pool.timeout == configured
