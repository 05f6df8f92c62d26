"""Scheduling and changing sessions: who may, what a session needs, and what a change does."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activities import services
from activities.models import Rsvp, Session
from outbox.models import Email

from .activity_factories import RsvpFactory, SessionFactory
from .factories import MembershipFactory, PersonFactory


def next_week(hour: int = 12):
    return (timezone.now() + timedelta(days=7)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def details(**overrides) -> dict:
    starts_at = next_week()
    return {
        "title": "Dashboards that people use",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=1),
        "location": "Room G01, 90 Tottenham Court Road",
        **overrides,
    }


@pytest.fixture
def core(community):
    person = PersonFactory(full_name="Carl Core", email="carl@ucl.ac.uk")
    MembershipFactory(person=person, community=community, kind="core")
    return person


@pytest.fixture
def lead(community):
    person = PersonFactory(full_name="Lena Lead", email="lena@ucl.ac.uk")
    MembershipFactory(person=person, community=community, kind="core", is_lead=True)
    return person


@pytest.fixture
def wider(community, staff):
    MembershipFactory(person=staff, community=community, kind="wider")
    return staff


# Scheduling ------------------------------------------------------------------------------------


def test_a_core_member_schedules_a_session_that_they_host(community, core):
    session = services.schedule_session(community=community, by=core, **details(capacity=12))

    assert session.pk is not None
    assert session.host == core
    assert session.created_by == core
    assert session.status == Session.Status.SCHEDULED
    assert session.capacity == 12
    assert session.sequence == 0
    assert list(community.sessions.all()) == [session]


def test_a_lead_can_name_another_member_as_the_host(community, lead, wider):
    session = services.schedule_session(community=community, by=lead, host=wider, **details())

    assert session.host == wider
    assert session.created_by == lead


def test_the_head_and_a_superuser_schedule_without_being_members(community, head, superuser):
    for person in (head, superuser):
        session = services.schedule_session(community=community, by=person, **details())
        assert session.host == person


def test_a_wider_member_may_not_schedule_a_session(community, wider):
    with pytest.raises(services.NotAllowed) as refusal:
        services.schedule_session(community=community, by=wider, **details())

    assert refusal.value.message == (
        "Only core members and leads of Data and Insight and the Head of CoPs can schedule "
        "its sessions."
    )
    assert not Session.objects.exists()


def test_someone_with_no_membership_may_not_schedule_a_session(community, other_staff):
    with pytest.raises(services.NotAllowed):
        services.schedule_session(community=community, by=other_staff, **details())


def test_a_former_core_member_may_not_schedule_a_session(community, staff):
    MembershipFactory(
        person=staff,
        community=community,
        kind="core",
        joined_at=timezone.now() - timedelta(days=30),
        ended_at=timezone.now() - timedelta(days=1),
    )
    with pytest.raises(services.NotAllowed):
        services.schedule_session(community=community, by=staff, **details())


def test_nobody_schedules_a_session_of_a_closed_community(closed_community, head):
    with pytest.raises(services.NotAllowed):
        services.schedule_session(community=closed_community, by=head, **details())


def test_the_host_must_be_a_member_of_the_community(community, lead, other_staff):
    with pytest.raises(services.InvalidSession) as refusal:
        services.schedule_session(community=community, by=lead, host=other_staff, **details())

    assert refusal.value.message == (
        "Bob Brown is not a member of Data and Insight, so they cannot host its sessions."
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "  "}, "Give the session a title."),
        (
            {"ends_at": next_week(hour=11)},
            "A session must end after it starts.",
        ),
        (
            {
                "starts_at": timezone.now() - timedelta(hours=2),
                "ends_at": timezone.now() + timedelta(hours=1),
            },
            "A session must start in the future.",
        ),
        ({"location": ""}, "Give a location, an online link, or both."),
        (
            {"online_url": "javascript:alert(1)"},
            "The online link must be a web address starting with https:// or http://.",
        ),
        ({"capacity": 0}, "The capacity must be at least 1, or left empty for no limit."),
        ({"title": "x" * 201}, "Ensure this value has at most 200 characters (it has 201)."),
    ],
    ids=["no-title", "ends-first", "in-the-past", "nowhere", "not-a-web-link", "no-places", "long"],
)
def test_a_session_that_nobody_could_attend_is_refused(community, core, overrides, message):
    with pytest.raises(services.InvalidSession) as refusal:
        services.schedule_session(community=community, by=core, **details(**overrides))

    assert refusal.value.message == message
    assert not Session.objects.exists()


def test_an_online_session_needs_no_room(community, core):
    session = services.schedule_session(
        community=community,
        by=core,
        **details(location="", online_url="https://teams.microsoft.com/l/meetup-join/abc"),
    )

    assert session.online_url == "https://teams.microsoft.com/l/meetup-join/abc"


# Changing --------------------------------------------------------------------------------------


@pytest.fixture
def session(community, core):
    return SessionFactory(community=community, host=core, capacity=3)


def test_every_change_raises_the_sequence_by_one(session, core):
    services.update_session(session=session, by=core, title="Dashboards, revisited")
    services.update_session(
        session=session,
        by=core,
        starts_at=session.starts_at + timedelta(days=1),
        ends_at=session.ends_at + timedelta(days=1),
    )

    session.refresh_from_db()
    assert session.title == "Dashboards, revisited"
    assert session.sequence == 2


def test_saving_without_a_change_leaves_the_sequence_alone(session, core):
    change = services.update_session(session=session, by=core, title=session.title, capacity=3)

    assert change.session.sequence == 0
    assert change.promoted == ()


def test_the_host_a_lead_and_the_head_may_edit_but_a_wider_member_may_not(
    session, core, lead, head, wider
):
    for person, title in [(core, "One"), (lead, "Two"), (head, "Three")]:
        services.update_session(session=session, by=person, title=title)
    with pytest.raises(services.NotAllowed) as refusal:
        services.update_session(session=session, by=wider, title="Four")

    session.refresh_from_db()
    assert session.title == "Three"
    assert "Only the host, the leads of Data and Insight and the Head" in refusal.value.message


def test_lowering_the_capacity_below_the_number_going_is_refused(session, core):
    RsvpFactory.create_batch(3, session=session)

    with pytest.raises(services.CapacityBelowGoing) as refusal:
        services.update_session(session=session, by=core, capacity=2)

    assert refusal.value.message == (
        f"3 people are already going to “{session.title}”, so its capacity cannot be less than 3."
    )
    session.refresh_from_db()
    assert (session.capacity, session.sequence) == (3, 0)


def test_lowering_the_capacity_to_the_number_going_is_allowed(session, core):
    RsvpFactory.create_batch(2, session=session)

    change = services.update_session(session=session, by=core, capacity=2)

    assert change.session.capacity == 2


def test_raising_the_capacity_promotes_people_waiting_in_order_and_emails_them(
    session, core, mailoutbox, django_capture_on_commit_callbacks
):
    RsvpFactory.create_batch(3, session=session)
    first, second, third = (
        RsvpFactory(session=session, status=Rsvp.Status.WAITING, person__email=f"{name}@ucl.ac.uk")
        for name in ("wendy", "walter", "wanda")
    )

    with django_capture_on_commit_callbacks(execute=True):
        change = services.update_session(session=session, by=core, capacity=5)

    assert [rsvp.pk for rsvp in change.promoted] == [first.pk, second.pk]
    assert set(session.rsvps.filter(status="going").values_list("person__email", flat=True)) >= {
        "wendy@ucl.ac.uk",
        "walter@ucl.ac.uk",
    }
    third.refresh_from_db()
    assert third.status == Rsvp.Status.WAITING
    assert sorted(message.to[0] for message in mailoutbox) == [
        "walter@ucl.ac.uk",
        "wendy@ucl.ac.uk",
    ]
    assert mailoutbox[0].subject.startswith(f"A place opened: you're going to {session.title}")
    assert mailoutbox[0].attachments[0][0] == "session.ics"


def test_removing_the_limit_lets_everyone_waiting_go(session, core):
    RsvpFactory.create_batch(3, session=session)
    RsvpFactory.create_batch(4, session=session, status=Rsvp.Status.WAITING)

    change = services.update_session(session=session, by=core, capacity=None)

    assert len(change.promoted) == 4
    assert not session.rsvps.filter(status="waiting").exists()


def test_a_new_host_must_be_a_member(session, core, lead, other_staff, wider):
    with pytest.raises(services.InvalidSession):
        services.update_session(session=session, by=core, host=other_staff)

    services.update_session(session=session, by=lead, host=wider)
    session.refresh_from_db()
    assert session.host == wider


def test_an_edit_is_checked_as_a_new_session_is(session, core):
    with pytest.raises(services.InvalidSession, match="end after it starts"):
        services.update_session(session=session, by=core, ends_at=session.starts_at)
    with pytest.raises(services.InvalidSession, match="location, an online link"):
        services.update_session(session=session, by=core, location="")


def test_a_session_that_has_started_can_run_longer(community, core):
    started = timezone.now() - timedelta(minutes=20)
    session = SessionFactory(
        community=community, host=core, starts_at=started, ends_at=started + timedelta(hours=1)
    )

    change = services.update_session(session=session, by=core, ends_at=started + timedelta(hours=2))

    assert change.session.sequence == 1


def test_moving_a_session_means_people_going_are_reminded_again(session, core):
    going = RsvpFactory(session=session, reminded_at=timezone.now())

    services.update_session(
        session=session,
        by=core,
        starts_at=session.starts_at + timedelta(days=2),
        ends_at=session.ends_at + timedelta(days=2),
    )

    going.refresh_from_db()
    assert going.reminded_at is None


def test_a_cancelled_session_cannot_be_changed(community, core):
    session = SessionFactory(community=community, host=core, cancelled=True)

    with pytest.raises(services.InvalidSession) as refusal:
        services.update_session(session=session, by=core, title="Back on")

    assert refusal.value.message == f"“{session.title}” was cancelled, so it cannot be changed."


def test_only_the_fields_of_a_session_can_be_changed(session, core):
    with pytest.raises(TypeError):
        services.update_session(session=session, by=core, status="cancelled")


def test_scheduling_sends_no_email(community, core):
    services.schedule_session(community=community, by=core, **details())

    assert not Email.objects.exists()
