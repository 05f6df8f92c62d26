"""Cancelling a session: everyone going or waiting is told once, and stale news is withdrawn."""

import pytest
from django.core.management import call_command
from icalendar import Calendar

from activities import services
from activities.models import Rsvp, Session
from outbox.models import Email

from .activity_factories import RsvpFactory, SessionFactory
from .factories import MembershipFactory, PersonFactory


@pytest.fixture
def host(community):
    person = PersonFactory(full_name="Carl Core", email="carl@ucl.ac.uk")
    MembershipFactory(person=person, community=community, kind="core")
    return person


@pytest.fixture
def session(community, host):
    session = SessionFactory(community=community, host=host, title="Data clinic", capacity=1)
    RsvpFactory(session=session, person=PersonFactory(email="gina@ucl.ac.uk"))
    RsvpFactory(
        session=session, status=Rsvp.Status.WAITING, person=PersonFactory(email="will@ucl.ac.uk")
    )
    RsvpFactory(
        session=session,
        status=Rsvp.Status.CANCELLED,
        person=PersonFactory(email="cora@ucl.ac.uk"),
    )
    return session


def test_cancelling_tells_everyone_going_or_waiting_after_commit(
    session, host, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        told = services.cancel_session(session=session, by=host)

    assert told == 2
    assert sorted(message.to[0] for message in mailoutbox) == ["gina@ucl.ac.uk", "will@ucl.ac.uk"]
    assert {message.subject.split(" on ")[0] for message in mailoutbox} == {
        "Cancelled: Data clinic"
    }
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert session.sequence == 1


def test_the_notice_to_someone_going_updates_their_calendar(
    session, host, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session=session, by=host)

    going = next(message for message in mailoutbox if message.to == ["gina@ucl.ac.uk"])
    waiting = next(message for message in mailoutbox if message.to == ["will@ucl.ac.uk"])
    assert "has been cancelled, so it will not take place. You were going to it." in going.body
    (event,) = Calendar.from_ical(going.attachments[0][1]).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1
    assert "You were on its waiting list." in waiting.body
    assert waiting.attachments == []


def test_cancelling_again_tells_nobody_twice(
    session, host, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session=session, by=host)
        again = services.cancel_session(session=session, by=host)

    assert again == 0
    assert len(mailoutbox) == 2
    session.refresh_from_db()
    assert session.sequence == 1


def test_a_confirmation_still_waiting_for_the_mail_server_is_withdrawn(
    session,
    host,
    staff,
    mailoutbox,
    refused_addresses,
    time_passes,
    django_capture_on_commit_callbacks,
):
    session.capacity = 5
    session.save()
    refused_addresses.add("alice@ucl.ac.uk")
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp(session=session, person=staff)
    assert Email.objects.get(kind="session_confirmation").status == Email.Status.FAILED

    refused_addresses.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session=session, by=host)
    time_passes()
    call_command("deliver_outbox", verbosity=0)

    to_alice = [message.subject for message in mailoutbox if message.to == ["alice@ucl.ac.uk"]]
    assert len(to_alice) == 1
    assert to_alice[0].startswith("Cancelled: Data clinic")
    assert not Email.objects.filter(kind="session_confirmation").exists()


def test_the_host_a_lead_or_the_head_may_cancel_but_a_wider_member_may_not(
    community, host, head, staff
):
    lead = PersonFactory()
    MembershipFactory(person=lead, community=community, kind="core", is_lead=True)
    MembershipFactory(person=staff, community=community, kind="wider")
    for person in (host, lead, head):
        session = SessionFactory(community=community, host=host)
        services.cancel_session(session=session, by=person)
        session.refresh_from_db()
        assert session.is_cancelled

    session = SessionFactory(community=community, host=host)
    with pytest.raises(services.NotAllowed):
        services.cancel_session(session=session, by=staff)
    session.refresh_from_db()
    assert not session.is_cancelled


def test_a_session_that_has_ended_cannot_be_cancelled(community, host):
    session = SessionFactory(community=community, host=host, title="Done", past=True)

    with pytest.raises(services.InvalidSession) as refusal:
        services.cancel_session(session=session, by=host)

    assert refusal.value.message == "“Done” has ended, so it cannot be cancelled."


def test_a_cancelled_session_leaves_the_upcoming_list(session, host):
    services.cancel_session(session=session, by=host)

    assert not Session.objects.upcoming().exists()
