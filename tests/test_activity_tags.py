"""Activities on the community page and on /me/: sessions, announcements, and my calendar."""

import pytest

from activities.models import CalendarFeed, Rsvp

from .activity_factories import AnnouncementFactory, RsvpFactory, SessionFactory
from .factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

PAGE = "/communities/data-and-insight/"


def test_the_community_page_lists_upcoming_sessions_with_places_left(client, community):
    session = SessionFactory(community=community, title="Maps with R", capacity=10)
    RsvpFactory.create_batch(4, session=session)
    SessionFactory(community=community, title="Called off", cancelled=True)

    text = client.get(PAGE).text

    assert f'href="/sessions/{session.pk}/">Maps with R</a>' in text
    assert "6 of 10 places left" in text
    assert "Called off" not in text
    assert 'href="/communities/data-and-insight/calendar.ics"' in text
    assert "Subscribe to this community" in text


def test_a_community_without_sessions_says_none_are_planned(client, community):
    assert "No sessions are planned at the moment." in client.get(PAGE).text


@pytest.mark.parametrize(
    ("kind", "is_lead", "offered"),
    [(None, False, False), ("wider", False, False), ("core", False, True), ("core", True, True)],
)
def test_schedule_a_session_is_offered_to_core_members_and_leads(
    client_for, community, staff, kind, is_lead, offered
):
    if kind:
        MembershipFactory(person=staff, community=community, kind=kind, is_lead=is_lead)

    text = client_for(staff).get(PAGE).text

    assert ('href="/communities/data-and-insight/sessions/new/"' in text) == offered


def test_the_head_is_offered_scheduling_and_announcements(client_for, community, head):
    text = client_for(head).get(PAGE).text

    assert "Schedule a session" in text
    assert 'href="/communities/data-and-insight/announcements/new/"' in text


def test_anonymous_visitors_are_offered_neither(client, community):
    text = client.get(PAGE).text

    assert "Schedule a session" not in text
    assert "Post an announcement" not in text


def test_the_latest_five_announcements_show_newest_first_as_safe_markdown(client, community):
    for n in range(6):
        AnnouncementFactory(community=community, subject=f"News {n}")
    AnnouncementFactory(
        community=community,
        subject="Newest",
        body="**Bold** [click](javascript:alert(1)) <img src=x onerror=alert(1)>",
    )

    text = client.get(PAGE).text

    assert text.index("Newest") < text.index("News 5") < text.index("News 2")
    assert "News 1" not in text
    assert "<strong>Bold</strong>" in text
    assert 'href="javascript:' not in text
    assert "<img" not in text


def test_my_page_lists_the_sessions_i_am_going_to_or_waiting_for(client_for, staff, community):
    going = SessionFactory(community=community, title="Going one")
    waiting = SessionFactory(community=community, title="Waiting one")
    SessionFactory(community=community, title="Not mine")
    RsvpFactory(session=going, person=staff)
    RsvpFactory(session=waiting, person=staff, status=Rsvp.Status.WAITING)

    text = client_for(staff).get("/me/").text

    assert "Going one" in text
    assert "Waiting one" in text
    assert "On the waiting list" in text
    assert "Not mine" not in text


def test_my_page_offers_a_calendar_address_without_making_one(client_for, staff):
    text = client_for(staff).get("/me/").text

    assert not CalendarFeed.objects.exists()  # showing a page writes nothing
    assert "Get my calendar address" in text
    assert 'action="/me/calendar/reset/"' in text


def test_asking_for_a_calendar_address_makes_one_and_shows_it(client_for, staff):
    response = client_for(staff).post("/me/calendar/reset/", follow=True)

    feed = CalendarFeed.objects.get(person=staff)
    assert "Here is your calendar address: subscribe with it below." in response.text
    assert f'value="http://testserver/calendar/{feed.token}.ics"' in response.text


def test_my_page_gives_my_calendar_address_how_to_subscribe_and_a_reset(client_for, staff):
    feed = CalendarFeed.objects.create(person=staff)

    text = client_for(staff).get("/me/").text

    assert f'value="http://testserver/calendar/{feed.token}.ics"' in text
    assert "<strong>Add calendar</strong>, then <strong>Subscribe from web</strong>" in text
    assert 'action="/me/calendar/reset/"' in text


def test_resetting_the_calendar_address_shows_a_new_one(client_for, staff):
    signed_in = client_for(staff)
    old = CalendarFeed.objects.create(person=staff).token

    response = signed_in.post("/me/calendar/reset/", follow=True)

    new = CalendarFeed.objects.get(person=staff).token
    assert new != old
    assert f"/calendar/{new}.ics" in response.text
    assert f"/calendar/{old}.ics" not in response.text


def test_the_tags_ask_a_fixed_number_of_queries(
    client_for, community, staff, django_assert_max_num_queries
):
    MembershipFactory(person=staff, community=community, kind="core", is_lead=True)
    for n in range(30):
        session = SessionFactory(community=community, capacity=5, past=n % 2 == 0)
        RsvpFactory.create_batch(n % 4, session=session, attended=n % 3 == 0 or None)
        if n % 2:
            RsvpFactory(session=session, person=staff)
    AnnouncementFactory.create_batch(8, community=community)
    signed_in = client_for(staff)
    signed_in.get("/me/")  # makes the calendar feed

    # 20: the community page also shows projects and resources (issue 11), three queries each.
    with django_assert_max_num_queries(20):
        assert signed_in.get(PAGE).status_code == 200
    # 9: /me/ also lists my projects (issue 11), in one query.
    with django_assert_max_num_queries(9):
        assert signed_in.get("/me/").text.count("Going</strong>") == 15


def test_a_past_session_nobody_went_to_says_so(client, community):
    SessionFactory(community=community, past=True, title="Quiet one")

    assert "nobody had said they were going" in client.get(PAGE).text


def test_attended_counts_only_those_marked_as_coming(client, community):
    session = SessionFactory(community=community, past=True)
    RsvpFactory.create_batch(2, session=session, attended=True)
    RsvpFactory(session=session, attended=False)
    RsvpFactory(session=session, status=Rsvp.Status.CANCELLED, person=PersonFactory())

    assert "2 of 3 attended" in client.get(PAGE).text
