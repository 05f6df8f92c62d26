"""Reminders: one per person going, for sessions starting within a day, however often cron runs."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from activities import services
from activities.models import Rsvp
from outbox.models import Email

from .activity_factories import RsvpFactory, SessionFactory
from .factories import PersonFactory


def starting_in(community, delta: timedelta, **fields):
    starts_at = timezone.now() + delta
    return SessionFactory(
        community=community, starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), **fields
    )


@pytest.fixture
def tomorrow(community):
    session = starting_in(community, timedelta(hours=20), title="Data clinic")
    RsvpFactory(session=session, person=PersonFactory(email="gina@ucl.ac.uk"))
    RsvpFactory(session=session, person=PersonFactory(email="gus@ucl.ac.uk"))
    return session


def test_everyone_going_to_a_session_tomorrow_is_reminded(
    tomorrow, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queued = services.send_session_reminders()

    assert queued == 2
    assert sorted(message.to[0] for message in mailoutbox) == ["gina@ucl.ac.uk", "gus@ucl.ac.uk"]
    message = mailoutbox[0]
    assert message.subject.startswith("Reminder: Data clinic, ")
    assert 'A reminder that you\'re going to "Data clinic"' in message.body
    assert f"http://127.0.0.1:8000/sessions/{tomorrow.pk}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="http://127.0.0.1:8000/sessions/{tomorrow.pk}/"' in html


def test_running_again_reminds_nobody_twice(
    tomorrow, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_session_reminders()
        call_command("send_session_reminders", verbosity=0)
        again = services.send_session_reminders()

    assert again == 0
    assert len(mailoutbox) == 2
    assert Email.objects.filter(kind="session_reminder").count() == 2
    assert not tomorrow.rsvps.filter(reminded_at__isnull=True).exists()


def test_someone_promoted_after_the_reminders_went_is_reminded_on_the_next_run(tomorrow, staff):
    tomorrow.capacity = 2
    tomorrow.save()
    services.rsvp(session=tomorrow, person=staff)
    services.send_session_reminders()
    first_going = tomorrow.rsvps.filter(status=Rsvp.Status.GOING).first()

    services.cancel_rsvp(session=tomorrow, person=first_going.person)
    assert services.send_session_reminders() == 1

    assert Email.objects.filter(kind="session_reminder", to_address="alice@ucl.ac.uk").exists()


def test_only_sessions_starting_within_a_day_and_only_people_going(community):
    later = starting_in(community, timedelta(hours=30))
    started = starting_in(community, timedelta(minutes=-5))
    cancelled = starting_in(community, timedelta(hours=3), cancelled=True)
    full = starting_in(community, timedelta(hours=3), capacity=1)
    for session in (later, started, cancelled, full):
        RsvpFactory(session=session)
    RsvpFactory(session=full, status=Rsvp.Status.WAITING)
    RsvpFactory(session=full, status=Rsvp.Status.CANCELLED)

    assert services.send_session_reminders() == 1
    assert list(Rsvp.objects.filter(reminded_at__isnull=False)) == [
        full.rsvps.get(status=Rsvp.Status.GOING)
    ]


def test_the_day_before_is_a_day_before_whenever_cron_runs(community):
    session = starting_in(community, timedelta(days=3))
    RsvpFactory(session=session)

    assert services.send_session_reminders(now=timezone.now() + timedelta(days=1)) == 0
    assert services.send_session_reminders(now=timezone.now() + timedelta(days=2, hours=1)) == 1


def test_an_inactive_person_is_marked_but_not_emailed(community):
    session = starting_in(community, timedelta(hours=2))
    RsvpFactory(session=session, person=PersonFactory(is_active=False))

    assert services.send_session_reminders() == 0
    assert not session.rsvps.filter(reminded_at__isnull=True).exists()
    assert not Email.objects.exists()


def test_the_command_says_how_many_it_queued(tomorrow, capsys):
    call_command("send_session_reminders")

    assert capsys.readouterr().out == "2 reminders queued.\n"
