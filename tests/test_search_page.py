"""/search/?q= finds communities, upcoming sessions and (for signed-in staff) resources, grouped
by kind. Hidden resources never appear, and nobody signed out sees any resource."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities.models import Community

from .activity_factories import ResourceFactory, SessionFactory
from .factories import CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(programme):
    return Community.objects.get(slug="data-and-insight")


def group(response, heading: str) -> str:
    """The text of the results section under `heading` (up to the next section)."""
    text = response.text
    start = text.index(f'id="found-{heading}"')
    end = text.find("<section", start)
    return text[start : end if end != -1 else len(text)]


def test_the_empty_page_is_just_the_form(client, programme):
    response = client.get("/search/")

    assert response.status_code == 200
    assert '<form method="get" action="/search/"' in response.text
    assert "found-communities" not in response.text


def test_results_are_grouped_by_kind(client, data):
    SessionFactory(community=data, title="Planning your first dashboard")

    response = client.get("/search/", {"q": "planning"})

    communities = group(response, "communities")
    assert "Data and Insight" in communities
    assert "Project and Programme Management" in communities
    assert "Planning your first dashboard" in group(response, "sessions")


def test_sessions_are_found_by_their_communitys_name_and_only_while_upcoming(client, data):
    SessionFactory(community=data, title="Power BI basics")
    SessionFactory(community=data, title="Last week's talk", past=True)
    SessionFactory(community=data, title="Called off", cancelled=True)

    sessions = group(client.get("/search/", {"q": "insight"}), "sessions")

    assert "Power BI basics" in sessions
    assert "Last week" not in sessions
    assert "Called off" not in sessions


def test_signed_out_visitors_see_no_resources_and_are_told_why(client, data):
    ResourceFactory(community=data, title="Dashboard checklist")

    response = client.get("/search/", {"q": "dashboard"})

    assert "Dashboard checklist" not in response.text
    assert "found-resources" not in response.text
    assert "to search the communities' resources too" in response.text


def test_signed_in_staff_find_resources_by_title_description_and_tag(client_for, staff, data):
    by_title = ResourceFactory(community=data, title="Dashboard checklist")
    by_text = ResourceFactory(community=data, title="Guide", description="Build a dashboard.")
    by_tag = ResourceFactory(community=data, title="Colour rules")
    by_tag.tags.create(name="dashboards")
    ResourceFactory(community=data, title="Unrelated", description="Month end.")

    resources = group(client_for(staff).get("/search/", {"q": "dashboard"}), "resources")

    assert by_title.title in resources
    assert by_text.title in resources
    assert by_tag.title in resources
    assert "Unrelated" not in resources
    assert resources.index(by_title.title) < resources.index(by_text.title)


def test_hidden_resources_never_appear_even_to_their_author_or_the_head(
    client_for, staff, head, data
):
    ResourceFactory(community=data, title="Dashboard secrets", hidden=True, author=staff)

    for person in (staff, head):
        response = client_for(person).get("/search/", {"q": "dashboard secrets"})
        assert "Dashboard secrets" not in response.text
        assert "No resource matches." in response.text


def test_nothing_found_says_so_in_each_group(client, programme):
    response = client.get("/search/", {"q": "underwater basket weaving"})

    assert "Nothing matches “underwater basket weaving”." in response.text
    assert "No community matches." in response.text
    assert "No upcoming session matches." in response.text


def test_a_query_of_only_little_words_asks_for_a_better_one(client, programme):
    response = client.get("/search/", {"q": "the and"})

    assert "Try a more telling word" in response.text
    assert "found-communities" not in response.text


def test_an_overlong_query_is_refused_kindly(client, programme):
    response = client.get("/search/", {"q": "x" * 101})

    assert response.status_code == 200
    assert "at most 100 characters" in response.text
    assert "found-communities" not in response.text


def test_the_query_is_escaped_on_the_page(client, programme):
    response = client.get("/search/", {"q": "<script>alert(1)</script> data"})

    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;" in response.text


def test_a_search_asks_a_fixed_number_of_queries(client_for, staff, data):
    for n in range(15):
        community = CommunityFactory(name=f"Data group {n}", summary="Data people.")
        SessionFactory(community=community, title=f"Data session {n}")
        ResourceFactory(community=community, title=f"Data resource {n}").tags.create(name="data")
    signed_in = client_for(staff)
    signed_in.get("/search/")  # the first page after signing in may renew the session

    with CaptureQueriesContext(connection) as queries:
        response = signed_in.get("/search/", {"q": "data"})

    assert response.status_code == 200
    assert "See every matching community" not in response.text  # 16, under the 20 shown
    assert "See all upcoming sessions" in response.text  # 15, over the 10 shown
    assert len(queries) <= 8, [query["sql"][:80] for query in queries.captured_queries]
