"""/events/: the programme's upcoming sessions, filtered by practice area and community, paged."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from .activity_factories import RsvpFactory, SessionFactory
from .factories import CommunityFactory, PracticeAreaFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    """The session titles listed, in order."""
    return re.findall(r'<h3 class="h5 mb-1"><a href="/sessions/\d+/">([^<]+)</a>', response.text)


def days_ahead(days: int, hour: int = 12):
    return (timezone.now() + timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


@pytest.fixture
def two_areas(db):
    planning = PracticeAreaFactory(name="Planning", slug="planning")
    estates = PracticeAreaFactory(name="Estates", slug="estates")
    data = CommunityFactory(
        name="Data and Insight", slug="data-and-insight", practice_area=planning
    )
    strategy = CommunityFactory(name="Strategy", slug="strategy", practice_area=planning)
    spaces = CommunityFactory(name="Learning Spaces", slug="learning-spaces", practice_area=estates)
    SessionFactory(community=data, title="Dashboards", starts_at=days_ahead(3))
    SessionFactory(community=strategy, title="Horizon scanning", starts_at=days_ahead(2))
    SessionFactory(community=spaces, title="Room bookings", starts_at=days_ahead(1))
    return planning, data


def test_everyone_sees_upcoming_sessions_soonest_first(client, two_areas):
    response = client.get("/events/")

    assert response.status_code == 200
    assert titles(response) == ["Room bookings", "Horizon scanning", "Dashboards"]
    assert "3 upcoming sessions." in response.text


def test_each_session_shows_its_day_time_community_and_places(client, community):
    starts = days_ahead(5, hour=12)
    session = SessionFactory(community=community, starts_at=starts, capacity=10, title="Maps")
    RsvpFactory.create_batch(4, session=session)

    text = client.get("/events/").text

    assert timezone.localtime(starts).strftime("%A %-d %B %Y") in text
    assert "Data and Insight" in text
    assert "6 of 10 places left" in text
    assert "Room G01, 90 Tottenham Court Road" in text


def test_cancelled_and_past_sessions_are_not_listed(client, community):
    SessionFactory(community=community, title="Cancelled one", cancelled=True)
    SessionFactory(community=community, title="Last week", past=True)
    SessionFactory(community=community, title="Next week")

    assert titles(client.get("/events/")) == ["Next week"]


def test_filtering_by_practice_area(client, two_areas):
    response = client.get("/events/?practice_area=planning")

    assert titles(response) == ["Horizon scanning", "Dashboards"]
    assert "2 upcoming sessions match your filters." in response.text
    assert "Clear filters" in response.text


def test_filtering_by_community(client, two_areas):
    assert titles(client.get("/events/?community=data-and-insight")) == ["Dashboards"]


def test_an_unknown_filter_is_ignored_with_a_message(client, two_areas):
    response = client.get("/events/?practice_area=no-such-area")

    assert response.status_code == 200
    assert "Choose a practice area from the list." in response.text
    assert len(titles(response)) == 3


def test_filters_that_match_nothing_say_so(client, two_areas):
    response = client.get("/events/?practice_area=estates&community=data-and-insight")

    assert "No upcoming sessions match these filters" in response.text


def test_no_sessions_at_all_says_none_are_planned(client, db):
    assert "No sessions are planned yet" in client.get("/events/").text


def test_the_list_is_paged_twenty_at_a_time_keeping_the_filters(client, community):
    for n in range(25):
        SessionFactory(community=community, title=f"Session {n:02}", starts_at=days_ahead(n + 1))

    first = client.get("/events/?community=data-and-insight")
    second = client.get("/events/?community=data-and-insight&page=2")

    assert len(titles(first)) == 20
    assert titles(second) == [f"Session {n:02}" for n in range(20, 25)]
    assert "Page 1 of 2." in first.text
    assert 'href="?community=data-and-insight&amp;page=2"' in first.text
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2' in second.text


# Not named `page`: pytest-playwright treats a test asking for `page` as a browser test.
@pytest.mark.parametrize("page_number", ["999", "nonsense", "-1"])
def test_a_page_out_of_range_shows_a_real_page(client, community, page_number):
    SessionFactory(community=community, title="Only one")

    response = client.get(f"/events/?page={page_number}")

    assert response.status_code == 200
    assert titles(response) == ["Only one"]


def test_the_page_asks_a_fixed_number_of_queries(
    client, client_for, staff, django_assert_max_num_queries
):
    areas = [PracticeAreaFactory() for _ in range(4)]
    communities = [CommunityFactory(practice_area=areas[n % 4]) for n in range(12)]
    for n in range(60):
        session = SessionFactory(community=communities[n % 12], capacity=5)
        RsvpFactory.create_batch(n % 3, session=session)

    # The chosen practice area, the count of sessions, one page of them, the two filter lists,
    # and the footer's contact.
    with django_assert_max_num_queries(6):
        response = client.get("/events/?practice_area=" + areas[0].slug)
    assert response.status_code == 200

    signed_in = client_for(staff)
    # No filter to look up; the session and person look-ups of a signed-in page instead.
    with django_assert_max_num_queries(7):
        assert len(titles(signed_in.get("/events/"))) == 20


def test_the_cached_filters_offer_a_new_community_at_once_and_keep_each_choice(client, two_areas):
    client.get("/events/")
    client.get("/events/?practice_area=planning")
    CommunityFactory(name="Timetabling", slug="timetabling")

    everything = client.get("/events/").text
    chosen = client.get("/events/?practice_area=planning").text

    assert '<option value="timetabling">Timetabling</option>' in everything
    assert '<option value="planning" selected>' in chosen
    assert '<option value="planning" selected>' not in everything
