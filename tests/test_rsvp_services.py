"""RSVPs: going while there are places, the waiting list after, and promotion when one frees."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from activities import services
from activities.models import Rsvp
from outbox.models import Email

from .activity_factories import RsvpFactory, SessionFactory
from .factories import PersonFactory

GOING = Rsvp.Status.GOING
WAITING = Rsvp.Status.WAITING


@pytest.fixture
def session(community):
    return SessionFactory(community=community, title="Dashboards that people use", capacity=2)


def fill(session, count: int | None = None) -> list[Rsvp]:
    return RsvpFactory.create_batch(count or session.capacity, session=session)


def test_any_member_of_staff_can_rsvp_and_is_going_while_there_are_places(session, staff):
    change = services.rsvp(session=session, person=staff)

    assert change.rsvp.status == GOING
    assert change.rsvp.person == staff
    assert change.promoted == ()


def test_going_is_confirmed_by_email_with_the_session_in_a_calendar_file(
    session, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp(session=session, person=staff)

    (message,) = mailoutbox
    assert message.to == ["alice@ucl.ac.uk"]
    day = f"{timezone.localtime(session.starts_at):%-d %B}"
    assert message.subject == f"You're going to Dashboards that people use on {day}"
    assert 'You\'re going to "Dashboards that people use"' in message.body
    assert "Room G01, 90 Tottenham Court Road" in message.body
    assert message.reply_to == [session.host.email]
    filename, content, mimetype = message.attachments[0]
    assert (filename, mimetype) == ("session.ics", "text/calendar")
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Dashboards that people use")
    assert str(event["UID"]).startswith(f"session-{session.pk}@")


def test_a_full_session_puts_people_on_the_waiting_list_in_order(session):
    fill(session)
    first, second = PersonFactory(), PersonFactory()

    assert services.rsvp(session=session, person=first).rsvp.status == WAITING
    assert services.rsvp(session=session, person=second).rsvp.status == WAITING
    assert list(
        session.rsvps.filter(status=WAITING).order_by("created_at").values_list("person", flat=True)
    ) == [first.pk, second.pk]


def test_someone_waiting_is_told_so_and_gets_no_calendar_file_yet(
    session, staff, mailoutbox, django_capture_on_commit_callbacks
):
    fill(session)
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp(session=session, person=staff)

    (message,) = mailoutbox
    assert message.subject == "You're on the waiting list for Dashboards that people use"
    assert "is full, so you are on its waiting list" in message.body
    assert message.attachments == []


def test_a_session_without_a_limit_never_fills(community):
    session = SessionFactory(community=community, capacity=None)
    fill(session, 50)

    assert services.rsvp(session=session, person=PersonFactory()).rsvp.status == GOING


@pytest.mark.parametrize("status", [GOING, WAITING])
def test_a_second_rsvp_is_refused_with_the_one_already_made(session, staff, status):
    if status == WAITING:
        fill(session)
    first = services.rsvp(session=session, person=staff).rsvp

    with pytest.raises(services.AlreadyRsvped) as refusal:
        services.rsvp(session=session, person=staff)

    assert refusal.value.rsvp == first
    assert refusal.value.message == (
        "You are already going to “Dashboards that people use”."
        if status == GOING
        else "You are already on the waiting list for “Dashboards that people use”."
    )
    assert session.rsvps.filter(person=staff).count() == 1


def test_a_cancelled_session_takes_no_rsvps(community, staff):
    session = SessionFactory(community=community, title="Off", cancelled=True)

    with pytest.raises(services.NotOpenForRsvp) as refusal:
        services.rsvp(session=session, person=staff)

    assert refusal.value.message == "“Off” was cancelled, so it is not taking RSVPs."
    assert not Rsvp.objects.exists()


def test_a_session_that_has_ended_takes_no_rsvps(community, staff):
    session = SessionFactory(community=community, title="Last week's", past=True)

    with pytest.raises(services.NotOpenForRsvp) as refusal:
        services.rsvp(session=session, person=staff)

    assert refusal.value.message == "“Last week's” has ended, so it is not taking RSVPs."


def test_a_session_under_way_still_takes_rsvps(community, staff):
    started = timezone.now() - timedelta(minutes=10)
    session = SessionFactory(
        community=community, starts_at=started, ends_at=started + timedelta(hours=1)
    )

    assert services.rsvp(session=session, person=staff).rsvp.status == GOING


# Cancelling an RSVP ----------------------------------------------------------------------------


def test_cancelling_a_place_gives_it_to_the_first_person_waiting_who_is_emailed(
    session, staff, mailoutbox, django_capture_on_commit_callbacks
):
    services.rsvp(session=session, person=staff)
    fill(session, 1)
    first = RsvpFactory(session=session, status=WAITING, person__email="wendy@ucl.ac.uk")
    second = RsvpFactory(session=session, status=WAITING)

    with django_capture_on_commit_callbacks(execute=True):
        change = services.cancel_rsvp(session=session, person=staff)

    assert change.rsvp.status == Rsvp.Status.CANCELLED
    assert [rsvp.pk for rsvp in change.promoted] == [first.pk]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (GOING, WAITING)
    assert session.rsvps.filter(status=GOING).count() == 2
    (message,) = mailoutbox
    assert message.to == ["wendy@ucl.ac.uk"]
    assert "now you're going" in message.body
    assert message.attachments[0][0] == "session.ics"


def test_leaving_the_waiting_list_promotes_nobody(session, staff):
    fill(session)
    services.rsvp(session=session, person=staff)
    behind = RsvpFactory(session=session, status=WAITING)

    change = services.cancel_rsvp(session=session, person=staff)

    assert change.promoted == ()
    behind.refresh_from_db()
    assert behind.status == WAITING


def test_cancelling_without_an_rsvp_is_refused(session, staff):
    with pytest.raises(services.NoRsvp) as refusal:
        services.cancel_rsvp(session=session, person=staff)

    assert refusal.value.message == (
        "You are not going to “Dashboards that people use”, nor on its waiting list."
    )


def test_cancelling_twice_is_refused_the_second_time(session, staff):
    services.rsvp(session=session, person=staff)
    services.cancel_rsvp(session=session, person=staff)

    with pytest.raises(services.NoRsvp):
        services.cancel_rsvp(session=session, person=staff)


def test_an_answer_cannot_be_withdrawn_after_the_session(community, staff):
    session = SessionFactory(community=community, past=True)
    RsvpFactory(session=session, person=staff)

    with pytest.raises(services.NotOpenForRsvp):
        services.cancel_rsvp(session=session, person=staff)


def test_after_cancelling_one_may_rsvp_again_and_joins_the_back_of_the_queue(session, staff):
    services.rsvp(session=session, person=staff)
    services.cancel_rsvp(session=session, person=staff)
    fill(session)
    ahead = RsvpFactory(session=session, status=WAITING)

    again = services.rsvp(session=session, person=staff).rsvp

    assert again.status == WAITING
    assert again.created_at > ahead.created_at
    assert list(session.rsvps.filter(person=staff).values_list("status", flat=True)) == [
        "cancelled",
        "waiting",
    ]


def test_a_cancelled_session_promotes_nobody_when_someone_withdraws(community, staff):
    session = SessionFactory(community=community, capacity=1, cancelled=True)
    RsvpFactory(session=session, person=staff)
    waiting = RsvpFactory(session=session, status=WAITING)

    change = services.cancel_rsvp(session=session, person=staff)

    assert change.promoted == ()
    waiting.refresh_from_db()
    assert waiting.status == WAITING
    assert not Email.objects.filter(kind="session_promoted").exists()


def test_a_title_keeps_its_ampersand_in_the_subject_and_is_escaped_in_the_html(
    community, staff, mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory(community=community, title="Tips & <tricks>")
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp(session=session, person=staff)

    (message,) = mailoutbox
    assert message.subject.startswith("You're going to Tips & <tricks> on ")
    assert 'You\'re going to "Tips & <tricks>"' in message.body
    html, _ = message.alternatives[0]
    assert "<strong>Tips &amp; &lt;tricks&gt;</strong>" in html
    assert "<tricks>" not in html
