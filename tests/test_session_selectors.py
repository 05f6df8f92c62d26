"""The reads pages share: what is coming up, what a community held, and my sessions."""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from activities import selectors
from activities.models import Rsvp

from .activity_factories import RsvpFactory, SessionFactory
from .factories import CommunityFactory, PersonFactory


def test_upcoming_sessions_are_soonest_first_and_leave_out_cancelled_and_ended_ones(community):
    later = SessionFactory(community=community, starts_at=timezone.now() + timedelta(days=9))
    sooner = SessionFactory(community=community, starts_at=timezone.now() + timedelta(days=2))
    SessionFactory(community=community, cancelled=True)
    SessionFactory(community=community, past=True)

    assert list(selectors.upcoming_sessions()) == [sooner, later]


def test_upcoming_sessions_filter_by_practice_area_and_community(community, other_community):
    here = SessionFactory(community=community)
    there = SessionFactory(community=other_community)

    assert list(selectors.upcoming_sessions(community=community)) == [here]
    assert list(selectors.upcoming_sessions(practice_area=other_community.practice_area)) == [there]


def test_a_community_lists_what_is_coming_and_what_it_held_with_attendance(community):
    coming = SessionFactory(community=community, capacity=2)
    RsvpFactory.create_batch(2, session=coming)
    RsvpFactory(session=coming, status=Rsvp.Status.WAITING)
    held = SessionFactory(community=community, past=True)
    RsvpFactory(session=held, attended=True)
    RsvpFactory(session=held, attended=False)
    SessionFactory(community=community, past=True, cancelled=True)
    SessionFactory(community=CommunityFactory())

    upcoming, past = selectors.community_sessions(community)

    ((session,),) = [list(upcoming)]
    assert (session, session.going_count, session.waiting_count) == (coming, 2, 1)
    ((session,),) = [list(past)]
    assert (session, session.going_count, session.attended_count) == (held, 2, 1)


def test_going_lists_people_in_the_order_they_answered(community):
    session = SessionFactory(community=community)
    first, second = RsvpFactory(session=session), RsvpFactory(session=session)
    RsvpFactory(session=session, status=Rsvp.Status.CANCELLED)

    assert list(selectors.going(session)) == [first, second]


def test_my_upcoming_sessions_include_those_i_wait_for_and_say_so(community, staff):
    going = SessionFactory(community=community, starts_at=timezone.now() + timedelta(days=1))
    waiting = SessionFactory(community=community, starts_at=timezone.now() + timedelta(days=2))
    dropped = SessionFactory(community=community)
    RsvpFactory(session=going, person=staff)
    RsvpFactory(session=waiting, person=staff, status=Rsvp.Status.WAITING)
    RsvpFactory(session=dropped, person=staff, status=Rsvp.Status.CANCELLED)
    RsvpFactory(session=SessionFactory(community=community), person=PersonFactory())

    mine = [(session, session.my_rsvp_status) for session in selectors.my_upcoming_sessions(staff)]

    assert mine == [(going, "going"), (waiting, "waiting")]


def test_my_live_rsvp_and_my_place_in_the_queue(community, staff):
    session = SessionFactory(community=community, capacity=1)
    RsvpFactory(session=session)
    RsvpFactory(session=session, status=Rsvp.Status.WAITING)
    RsvpFactory(session=session, person=staff, status=Rsvp.Status.CANCELLED)
    mine = RsvpFactory(session=session, person=staff, status=Rsvp.Status.WAITING)

    assert selectors.live_rsvp(session, staff) == mine
    assert selectors.waiting_position(mine) == 2
    assert selectors.live_rsvp(session, AnonymousUser()) is None
