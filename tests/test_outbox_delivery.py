"""Delivering the outbox: a failure is recorded and retried with back-off; nothing goes twice."""

import time
from datetime import timedelta
from io import StringIO
from smtplib import SMTPServerDisconnected

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from outbox import services
from outbox.models import Email

from .factories import EmailFactory
from .test_races import run_together


@pytest.fixture
def clock(monkeypatch):
    """The time the outbox sees; `clock.advance(minutes=…)` moves it on."""

    class Clock:
        now = timezone.now()

        def advance(self, **delta):
            self.now += timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def mail_server(monkeypatch):
    """The mail server, down until the test brings it `up`."""
    real_send = EmailBackend.send_messages
    server = {"up": False}

    def send_messages(backend, messages):
        if not server["up"]:
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(backend, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return server


def deliver_outbox(*options: str) -> str:
    out = StringIO()
    call_command("deliver_outbox", *options, stdout=out)
    return out.getvalue()


def test_a_failed_send_is_recorded_then_retried_after_its_back_off(
    staff, community, mailoutbox, mail_server, clock, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        email = services.queue_email(
            to=staff,
            kind="closure_notice",
            template="closure_notice",
            context={"person": staff, "community": community},
        )

    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.FAILED, 1)
    assert email.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert email.next_attempt_at == clock.now + timedelta(minutes=1)
    assert "failed" in caplog.text

    mail_server["up"] = True
    clock.advance(seconds=30)
    assert deliver_outbox() == "Outbox: 0 sent, 0 failed.\n"
    assert mailoutbox == []

    clock.advance(seconds=30)
    assert deliver_outbox() == "Outbox: 1 sent, 0 failed.\n"
    email.refresh_from_db()
    assert (email.status, email.attempts, email.sent_at) == (Email.Status.SENT, 2, clock.now)
    assert [message.to for message in mailoutbox] == [["alice@ucl.ac.uk"]]

    assert deliver_outbox() == "Outbox: 0 sent, 0 failed.\n"
    assert len(mailoutbox) == 1


def test_the_back_off_doubles_and_is_capped_at_an_hour():
    delays = [services.retry_delay(attempts) for attempts in range(1, 10)]
    assert delays[:4] == [timedelta(minutes=minutes) for minutes in (1, 2, 4, 8)]
    assert max(delays) == delays[-1] == timedelta(hours=1)


def test_after_the_last_attempt_an_email_waits_for_the_head(
    db, mail_server, clock, settings, mailoutbox
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    email = EmailFactory(status=Email.Status.FAILED, attempts=1, next_attempt_at=clock.now)

    assert deliver_outbox() == "Outbox: 0 sent, 1 failed.\n"
    email.refresh_from_db()
    assert (email.status, email.attempts, email.next_attempt_at) == (Email.Status.FAILED, 2, None)

    mail_server["up"] = True
    clock.advance(days=7)
    assert deliver_outbox() == "Outbox: 0 sent, 0 failed.\n"
    assert mailoutbox == []


def test_the_command_sends_the_oldest_first_up_to_its_limit(db, clock, mailoutbox):
    for minutes_ago, address in [(1, "newer@ucl.ac.uk"), (5, "oldest@ucl.ac.uk")]:
        EmailFactory(to_address=address, created_at=clock.now - timedelta(minutes=minutes_ago))

    assert deliver_outbox("--limit", "1") == "Outbox: 1 sent, 0 failed.\n"

    assert [message.to for message in mailoutbox] == [["oldest@ucl.ac.uk"]]


def test_delivering_the_same_email_twice_sends_it_once(db, mailoutbox):
    email = EmailFactory()

    assert services.deliver(email.pk) is True
    assert services.deliver(email.pk) is False

    assert len(mailoutbox) == 1


def test_an_email_another_deliverer_has_claimed_is_left_to_it(db, clock, mailoutbox):
    email = EmailFactory()
    assert services._claim(email.pk) is not None  # another deliverer, mid-send

    assert services.deliver(email.pk) is False
    assert deliver_outbox() == "Outbox: 0 sent, 0 failed.\n"
    assert mailoutbox == []

    clock.advance(minutes=10)  # that deliverer died: its claim runs out
    assert services.deliver(email.pk) is True
    assert len(mailoutbox) == 1


@pytest.mark.usefixtures("transactional_db", "django_db_serialized_rollback")
def test_a_real_commit_sends_the_email_and_the_request_carries_on(mailoutbox):
    with transaction.atomic():
        email = services.queue_email(
            to="cop-team@ucl.ac.uk",
            kind="closure_notice",
            template="closure_notice",
            context={"community": {"name": "Data and Insight"}},
        )
    # The send gave the database connection back; the next query simply opens another.
    assert Email.objects.get(pk=email.pk).status == Email.Status.SENT
    assert [message.to for message in mailoutbox] == [["cop-team@ucl.ac.uk"]]


@pytest.mark.postgres
@pytest.mark.usefixtures("transactional_db", "django_db_serialized_rollback")
def test_deliverers_racing_for_one_email_send_it_once(monkeypatch, mailoutbox):
    real_send = EmailBackend.send_messages

    def slow_send(backend, messages):
        time.sleep(0.3)  # a slow mail server: the others try while this one is sending
        return real_send(backend, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", slow_send)
    email = EmailFactory()

    results = run_together([lambda: services.deliver(email.pk)] * 4)

    assert sorted(results) == [False, False, False, True]
    assert len(mailoutbox) == 1
    assert Email.objects.get(pk=email.pk).status == Email.Status.SENT
