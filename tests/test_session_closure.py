"""When a community closes, its future sessions are cancelled and those going are told."""

import pytest

from activities.models import Rsvp, Session
from membership import services as membership

from .activity_factories import RsvpFactory, SessionFactory
from .factories import MembershipFactory, PersonFactory


@pytest.fixture
def gina(community):
    person = PersonFactory(email="gina@ucl.ac.uk", full_name="Gina Going")
    MembershipFactory(person=person, community=community)
    return person


def session_notices(mailoutbox) -> list[tuple[str, str]]:
    return sorted(
        (message.to[0], message.subject)
        for message in mailoutbox
        if message.subject.startswith("Cancelled: ")
    )


def close(community, django_capture_on_commit_callbacks):
    # The signal is sent after the closure commits: run the callbacks, as a commit would.
    with django_capture_on_commit_callbacks(execute=True):
        membership.close_community(community=community)


def test_closing_a_community_cancels_its_future_sessions_and_tells_those_going(
    community, gina, mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory(community=community, title="Data clinic")
    RsvpFactory(session=session, person=gina)
    RsvpFactory(session=session, person=PersonFactory(email="out@ucl.ac.uk"))

    close(community, django_capture_on_commit_callbacks)

    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert session.sequence == 1
    assert [to for to, _ in session_notices(mailoutbox)] == ["gina@ucl.ac.uk", "out@ucl.ac.uk"]
    notice = next(message for message in mailoutbox if message.subject.startswith("Cancelled"))
    assert "The Data and Insight community of practice has closed, so" in notice.body
    assert '"Data clinic" will not take place' in notice.body


def test_people_waiting_are_told_too(
    community, gina, mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory(community=community, capacity=1)
    RsvpFactory(session=session)
    RsvpFactory(session=session, person=gina, status=Rsvp.Status.WAITING)

    close(community, django_capture_on_commit_callbacks)

    assert "gina@ucl.ac.uk" in [to for to, _ in session_notices(mailoutbox)]


def test_sessions_held_already_stay_as_they_were(
    community, gina, mailoutbox, django_capture_on_commit_callbacks
):
    held = SessionFactory(community=community, past=True)
    RsvpFactory(session=held, person=gina, attended=True)

    close(community, django_capture_on_commit_callbacks)

    held.refresh_from_db()
    assert held.status == Session.Status.SCHEDULED
    assert held.rsvps.get().attended is True
    assert session_notices(mailoutbox) == []


def test_other_communities_and_sessions_cancelled_before_are_left_alone(
    community, other_community, gina, mailoutbox, django_capture_on_commit_callbacks
):
    elsewhere = SessionFactory(community=other_community)
    RsvpFactory(session=elsewhere, person=gina)
    called_off = SessionFactory(community=community, cancelled=True)
    RsvpFactory(session=called_off, person=gina)

    close(community, django_capture_on_commit_callbacks)

    elsewhere.refresh_from_db()
    called_off.refresh_from_db()
    assert elsewhere.status == Session.Status.SCHEDULED
    assert called_off.sequence == 0
    assert session_notices(mailoutbox) == []


def test_closing_twice_cancels_nothing_twice(
    community, gina, mailoutbox, django_capture_on_commit_callbacks
):
    RsvpFactory(session=SessionFactory(community=community), person=gina)

    close(community, django_capture_on_commit_callbacks)
    close(community, django_capture_on_commit_callbacks)

    assert len(session_notices(mailoutbox)) == 1
