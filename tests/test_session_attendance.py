"""Marking attendance: after the session, of those going, by the host, a lead or the Head."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activities import services
from activities.models import Rsvp, Session

from .activity_factories import RsvpFactory, SessionFactory
from .factories import MembershipFactory, PersonFactory


@pytest.fixture
def host(community):
    person = PersonFactory(full_name="Carl Core")
    MembershipFactory(person=person, community=community, kind="core")
    return person


@pytest.fixture
def held(community, host):
    """A session held last week: three went, one was still waiting, one cancelled."""
    session = SessionFactory(community=community, host=host, title="Data clinic", past=True)
    going = RsvpFactory.create_batch(3, session=session)
    RsvpFactory(session=session, status=Rsvp.Status.WAITING)
    RsvpFactory(session=session, status=Rsvp.Status.CANCELLED)
    return session, going


def attended(session) -> dict[str, int]:
    counts = Session.objects.with_rsvp_counts().get(pk=session.pk)
    return {"going": counts.going_count, "attended": counts.attended_count}


def test_the_host_marks_who_came_and_the_rest_count_as_absent(held, host):
    session, (ann, ben, cat) = held

    marked = services.mark_attendance(session=session, by=host, attended_rsvp_ids={ann.pk, cat.pk})

    assert marked == 3
    assert attended(session) == {"going": 3, "attended": 2}
    ben.refresh_from_db()
    assert ben.attended is False


def test_people_not_going_are_never_marked(held, host):
    session, _ = held
    others = list(session.rsvps.exclude(status=Rsvp.Status.GOING))

    services.mark_attendance(
        session=session, by=host, attended_rsvp_ids={rsvp.pk for rsvp in others}
    )

    assert set(session.rsvps.exclude(status="going").values_list("attended", flat=True)) == {None}
    assert attended(session) == {"going": 3, "attended": 0}


def test_marking_again_replaces_the_last_marks(held, host):
    session, (ann, ben, _) = held
    services.mark_attendance(session=session, by=host, attended_rsvp_ids={ann.pk})

    services.mark_attendance(session=session, by=host, attended_rsvp_ids={ben.pk})

    ann.refresh_from_db()
    ben.refresh_from_db()
    assert (ann.attended, ben.attended) == (False, True)


def test_attendance_waits_until_the_session_has_ended(community, host):
    started = timezone.now() - timedelta(minutes=30)
    session = SessionFactory(
        community=community,
        host=host,
        title="Data clinic",
        starts_at=started,
        ends_at=started + timedelta(hours=1),
    )
    going = RsvpFactory(session=session)

    with pytest.raises(services.NotEnded) as refusal:
        services.mark_attendance(session=session, by=host, attended_rsvp_ids={going.pk})

    assert (
        refusal.value.message == "“Data clinic” has not ended yet: mark who came once it is over."
    )
    going.refresh_from_db()
    assert going.attended is None


def test_a_lead_and_the_head_may_mark_but_a_wider_member_may_not(held, community, head, staff):
    session, (ann, _, _) = held
    lead = PersonFactory()
    MembershipFactory(person=lead, community=community, kind="core", is_lead=True)
    MembershipFactory(person=staff, community=community, kind="wider")

    assert services.mark_attendance(session=session, by=lead, attended_rsvp_ids={ann.pk}) == 3
    assert services.mark_attendance(session=session, by=head, attended_rsvp_ids=set()) == 3
    with pytest.raises(services.NotAllowed):
        services.mark_attendance(session=session, by=staff, attended_rsvp_ids={ann.pk})
    assert attended(session) == {"going": 3, "attended": 0}


def test_nobody_attended_a_cancelled_session(community, host):
    session = SessionFactory(community=community, host=host, past=True, cancelled=True)
    going = RsvpFactory(session=session)

    with pytest.raises(services.InvalidSession):
        services.mark_attendance(session=session, by=host, attended_rsvp_ids={going.pk})
