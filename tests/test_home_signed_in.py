"""The signed-in home page knows the person: their communities with their kind and lead role,
their upcoming sessions, what is new in their communities since their previous sign-in, up to
three suggestions, and a clear first step when they have no community yet. Showing it writes
nothing: the previous sign-in was kept in the session when they signed in."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communities.models import Community
from ucl_cop.signin import PREVIOUS_SIGN_IN

from .activity_factories import AnnouncementFactory, ResourceFactory, RsvpFactory, SessionFactory
from .factories import CommunityFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(programme):
    return {c.slug: c for c in Community.objects.all()}


@pytest.fixture
def lena(seed):
    """A lead of Data and Insight, wider member of Events Management, who last signed in three
    days ago."""
    person = PersonFactory(
        full_name="Lena Lead",
        department="Finance",
        job_title="Data analyst",
        last_login=timezone.now() - timedelta(days=3),
    )
    MembershipFactory(person=person, community=seed["data-and-insight"], kind="core", is_lead=True)
    MembershipFactory(person=person, community=seed["events-management"], kind="wider")
    return person


def days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def section(text: str, heading_id: str) -> str:
    start = text.index(f'id="{heading_id}"')
    end = text.find("</section>", start)
    return text[start:end]


def test_signing_in_keeps_the_previous_sign_in_and_still_updates_last_login(client_for, lena):
    before = lena.last_login

    client = client_for(lena)

    lena.refresh_from_db()
    assert client.session[PREVIOUS_SIGN_IN] == before.isoformat()
    assert lena.last_login > before


def test_my_communities_show_my_kind_and_lead_role_core_first(client_for, lena):
    text = client_for(lena).get("/").text

    mine = section(text, "your-communities")
    assert mine.index("Data and Insight") < mine.index("Events Management")
    assert 'Core member</span> <span class="role-badge role-lead">Lead</span>' in mine
    assert "Wider member" in mine
    assert "Welcome, Lena" in text


def test_my_upcoming_sessions_say_whether_i_am_going_or_waiting(client_for, lena, seed):
    going = SessionFactory(community=seed["data-and-insight"], title="Power BI basics")
    waiting = SessionFactory(community=seed["events-management"], title="Venue tours")
    RsvpFactory(session=going, person=lena)
    RsvpFactory(session=waiting, person=lena, status="waiting")
    past = SessionFactory(community=seed["data-and-insight"], title="Old news", past=True)
    RsvpFactory(session=past, person=lena)

    sessions = section(client_for(lena).get("/").text, "your-sessions")

    assert "Power BI basics" in sessions
    assert "<strong>Going</strong>" in sessions
    assert "Venue tours" in sessions
    assert "On the waiting list" in sessions
    assert "Old news" not in sessions


def test_what_is_new_since_my_previous_sign_in(client_for, lena, seed):
    data, events = seed["data-and-insight"], seed["events-management"]
    AnnouncementFactory(community=data, subject="New dashboard standard", created_at=days_ago(1))
    AnnouncementFactory(community=data, subject="Before my last visit", created_at=days_ago(5))
    AnnouncementFactory(
        community=events, subject="Core only", audience="core", created_at=days_ago(1)
    )
    AnnouncementFactory(
        community=data, subject="For the core", audience="core", created_at=days_ago(1)
    )
    AnnouncementFactory(community=data, subject="My own news", author=lena, created_at=days_ago(1))
    AnnouncementFactory(
        community=seed["student-recruitment"], subject="Not my community", created_at=days_ago(1)
    )
    ResourceFactory(community=events, title="Venue checklist", created_at=days_ago(2))
    ResourceFactory(community=events, title="Hidden guide", hidden=True, created_at=days_ago(2))
    ResourceFactory(community=data, title="Old resource", created_at=days_ago(4))

    news = section(client_for(lena).get("/").text, "whats-new")

    assert "New since you last signed in" in news
    # Machine-readable times without microseconds, which HTML does not allow.
    times = re.findall(r'datetime="([^"]+)"', news)
    assert len(times) == 4
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", t) for t in times)
    assert "New dashboard standard" in news
    assert "For the core" in news  # she is core in Data and Insight
    assert "Venue checklist" in news
    for left_out in [
        "Before my last visit",
        "Core only",  # she is only a wider member of Events Management
        "My own news",
        "Not my community",
        "Hidden guide",
        "Old resource",
    ]:
        assert left_out not in news, left_out


def test_a_first_sign_in_shows_the_latest_month_instead(client_for, seed):
    newcomer = PersonFactory(last_login=None)
    MembershipFactory(person=newcomer, community=seed["data-and-insight"])
    AnnouncementFactory(
        community=seed["data-and-insight"], subject="Welcome week", created_at=days_ago(10)
    )
    AnnouncementFactory(
        community=seed["data-and-insight"], subject="Ancient", created_at=days_ago(40)
    )

    news = section(client_for(newcomer).get("/").text, "whats-new")

    assert "Latest in your communities" in news
    assert "Welcome week" in news
    assert "Ancient" not in news


def test_nothing_new_says_so(client_for, lena):
    news = section(client_for(lena).get("/").text, "whats-new")

    assert "Nothing new in your communities since then." in news


def test_up_to_three_suggestions_with_their_reasons(client_for, seed):
    priya = PersonFactory(department="Finance", job_title="Data analyst")
    for slug in [
        "events-management",
        "internal-communications",
        "student-recruitment",
        "digital-communications",
    ]:
        MembershipFactory(community=seed[slug], kind="core", person__department="Finance")

    suggested = section(client_for(priya).get("/").text, "suggested")

    assert suggested.count('class="suggestion"') == 3
    assert "Data and Insight" in suggested  # matches "data": the strongest signal
    assert "Matches what you do: “data”" in suggested
    assert "1 person in your department is a core member here" in suggested


def test_someone_with_no_community_gets_a_clear_first_step(client_for, seed):
    nadia = PersonFactory(department="", job_title="")

    text = client_for(nadia).get("/").text

    first = section(text, "first-step")
    assert "You are not a core member of any community yet." in first
    assert 'href="/find/">Find a community that fits me' in first
    assert "your-communities" not in text
    assert "Tell us what you do and what you want from a community" in text


def test_a_wider_only_member_is_told_about_core_membership(client_for, seed):
    walter = PersonFactory()
    MembershipFactory(person=walter, community=seed["data-and-insight"], kind="wider")

    text = client_for(walter).get("/").text

    assert "first-step" not in text
    assert "You are not a core member of any community yet." in text


def test_the_signed_in_home_writes_nothing(client_for, lena, seed):
    AnnouncementFactory(community=seed["data-and-insight"], created_at=days_ago(1))
    RsvpFactory(session=SessionFactory(community=seed["data-and-insight"]), person=lena)
    client = client_for(lena)

    with CaptureQueriesContext(connection) as first:
        assert client.get("/").status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get("/").status_code == 200

    def writes(queries, allowed=()):
        return [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
            and not any(table in q["sql"] for table in allowed)
        ]

    # The first page after signing in may renew the session's expiry (accounts.middleware);
    # nothing else is written, then or after.
    assert writes(first, allowed=('"django_session"',)) == []
    assert writes(second) == []


def test_the_signed_in_home_asks_a_fixed_number_of_queries(client_for, lena, seed):
    for n in range(8):
        community = CommunityFactory(name=f"Finance group {n}")
        MembershipFactory(person=lena, community=community)
        AnnouncementFactory(community=community, created_at=days_ago(1))
        ResourceFactory(community=community, created_at=days_ago(1))
        RsvpFactory(session=SessionFactory(community=community), person=lena)
    client = client_for(lena)
    client.get("/")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")

    assert "And more on your communities' pages." in response.text
    assert len(queries) <= 12, [q["sql"][:90] for q in queries.captured_queries]


def test_the_anonymous_home_is_unchanged(client, programme):
    text = client.get("/").text

    assert "Communities of Practice at UCL" in text
    assert "Welcome," not in text
    assert "your-communities" not in text
    assert "wenger-source" in text
