"""Sessions last a working day from the last activity, renewed at most every 15 minutes."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from accounts import middleware

pytestmark = pytest.mark.django_db

START = 1_750_000_000


@pytest.fixture
def clock(monkeypatch):
    """The middleware's clock, moved by the test."""
    now = SimpleNamespace(value=START)
    monkeypatch.setattr(middleware, "time", SimpleNamespace(time=lambda: now.value))
    return now


@pytest.fixture
def session_writes(monkeypatch):
    writes = []
    save = SessionStore.save

    def counting_save(self, *args, **kwargs):
        writes.append(self.session_key)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(SessionStore, "save", counting_save)
    return writes


def test_a_session_lasts_a_working_day():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert not settings.SESSION_SAVE_EVERY_REQUEST


def test_two_pages_a_minute_apart_do_not_both_write_the_session(
    client_for, staff, clock, session_writes
):
    signed_in = client_for(staff)
    session_writes.clear()  # signing in writes the session, of course, and stamps it

    first = signed_in.get("/me/")
    clock.value += 60
    second = signed_in.get("/me/")

    assert session_writes == []
    assert settings.SESSION_COOKIE_NAME not in first.cookies
    assert settings.SESSION_COOKIE_NAME not in second.cookies


def test_activity_after_a_quarter_of_an_hour_renews_the_session(
    client_for, staff, clock, session_writes
):
    signed_in = client_for(staff)
    session_writes.clear()
    signed_in.get("/me/")

    clock.value += 14 * 60
    signed_in.get("/communities/")
    assert session_writes == []

    clock.value += 60
    renewed = signed_in.get("/communities/")
    assert len(session_writes) == 1
    assert renewed.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 60 * 60
    assert "Signed in as Alice Adams" in renewed.text


def test_anonymous_pages_and_health_checks_write_no_session(client, staff, session_writes):
    client.get("/communities/")
    client.get("/healthz/")

    assert session_writes == []


def test_health_checks_do_not_renew_a_session(client_for, staff, clock, session_writes):
    signed_in = client_for(staff)
    session_writes.clear()

    response = signed_in.get("/healthz/")

    assert session_writes == []
    assert "Cookie" not in response.get("Vary", "")
