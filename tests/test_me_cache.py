"""/me/ kept in the cache (membership.cached_parts.me_content): read after the second visit, and
exact after every write that changes it, whoever makes it, and after time alone."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities import services as activity_services
from membership import services

from .activity_factories import ProjectFactory, SessionFactory
from .factories import CommunityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def me(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/me/")
    assert response.status_code == 200
    return len(queries), response.text.split('id="main-content"')[1].split("</main>")[0]


def unmasked(text: str) -> str:
    """The page without its CSRF tokens, which Django masks afresh on every request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


@pytest.fixture
def alice(client_for, staff, community):
    MembershipFactory(person=staff, community=community, kind="core")
    signed_in = client_for(staff)
    signed_in.get("/")  # the first page after signing in renews the session
    return signed_in


def test_the_second_visit_reads_the_page_without_building_it(alice, staff, other_community):
    # Something in every section, each in a community of its own: the page is kept only when
    # the communities it shows are the ones its key names (ME_COMMUNITY_SOURCES).
    services.register_interest(
        person=staff, community=CommunityFactory(status="preparing", name="Soon to launch")
    )
    services.join(person=staff, community=other_community, kind="wider")
    ProjectFactory(community=CommunityFactory(), lead=staff, title="Led elsewhere")
    activity_services.rsvp(
        session=SessionFactory(community=CommunityFactory(), title="Went elsewhere"), person=staff
    )
    first, text = me(alice)
    second, again = me(alice)

    assert second < first
    assert unmasked(again) == unmasked(text)
    assert all(part in text for part in ("Soon to launch", "Led elsewhere", "Went elsewhere"))


def test_joining_shows_at_once(alice, staff, other_community):
    me(alice), me(alice)

    services.join(person=staff, community=other_community, kind="wider")

    assert "Events Management" in me(alice)[1]


def test_a_community_renamed_shows_at_once(alice, community):
    me(alice), me(alice)

    community.name = "Data, Insight and Analytics"
    community.save()

    assert "Data, Insight and Analytics" in me(alice)[1]


def test_an_rsvp_in_a_community_i_do_not_belong_to_shows_at_once(alice, staff):
    elsewhere = SessionFactory(community=CommunityFactory(), title="Open to all")
    me(alice), me(alice)

    activity_services.rsvp(session=elsewhere, person=staff)
    assert "Open to all" in me(alice)[1]

    elsewhere.title = "Open to all staff"
    elsewhere.save()  # the session's community, which only the RSVP links to me
    assert "Open to all staff" in me(alice)[1]


def test_becoming_a_projects_lead_shows_at_once(alice, staff, community):
    project = ProjectFactory(community=CommunityFactory(), title="Dashboards for all")
    me(alice), me(alice)

    project.lead = staff
    project.save()

    assert "Dashboards for all" in me(alice)[1]


def test_a_new_calendar_address_shows_at_once(alice, staff):
    me(alice), me(alice)

    address = activity_services.reset_calendar_token(person=staff)

    assert address.feed.token in me(alice)[1]


def test_a_session_leaves_the_list_when_it_ends(alice, staff, community, clock):
    starts = clock.now + timedelta(hours=1)
    session = SessionFactory(
        community=community, title="Soon", starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    activity_services.rsvp(session=session, person=staff)
    me(alice), me(alice)
    assert "Soon" in me(alice)[1]

    clock.travel(hours=2, minutes=1)

    assert "Soon" not in me(alice)[1]


def test_each_person_gets_their_own_page_and_token(client_for, staff, other_staff, community):
    MembershipFactory(person=staff, community=community, kind="core")
    alice, bob = client_for(staff), client_for(other_staff)
    for _ in range(3):
        mine, theirs = me(alice)[1], me(bob)[1]

    assert "Data and Insight" in mine
    assert "Data and Insight" not in theirs
