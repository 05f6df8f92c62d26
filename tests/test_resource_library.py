"""Finding resources: a community's library and the programme-wide one, searched and filtered by
kind, tag and text; and the latest resources on the community page."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from .activity_factories import ResourceFactory
from .factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(community, other_community):
    """Four resources in Data and Insight (one hidden), one in Events Management."""
    now = timezone.now()

    def add(title, kind, tags, *, days_ago, **fields):
        resource = ResourceFactory(
            community=fields.pop("community", community),
            title=title,
            kind=kind,
            created_at=now - timedelta(days=days_ago),
            **fields,
        )
        for tag in tags:
            resource.tags.create(name=tag)
        return resource

    return {
        "dashboards": add(
            "Dashboards people use", "experience", ["power bi", "dashboards"], days_ago=1
        ),
        "checklist": add(
            "Month-end checklist",
            "tool",
            ["month end"],
            days_ago=2,
            description="Reconcile the **ledgers** first.",
        ),
        "story": add("How we cut report time", "story", ["power bi"], days_ago=3),
        "hidden": add("Leaked draft", "document", ["power bi"], days_ago=4, hidden=True),
        "venues": add(
            "Booking venues", "solution", ["venues"], days_ago=5, community=other_community
        ),
    }


def titles(response) -> list[str]:
    return [resource.title for resource in response.context["page"]]


@pytest.fixture
def reader(client_for, staff):
    return client_for(staff)


def test_a_communitys_library_lists_its_visible_resources_newest_first(reader, community, library):
    response = reader.get(f"/communities/{community.slug}/resources/")

    assert titles(response) == [
        "Dashboards people use",
        "Month-end checklist",
        "How we cut report time",
    ]
    page = response.content.decode()
    assert "3 resources." in page
    assert "Leaked draft" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=tool", ["Month-end checklist"]),
        ("tag=power+bi", ["Dashboards people use", "How we cut report time"]),
        ("tag=Power+BI", ["Dashboards people use", "How we cut report time"]),
        ("q=ledgers", ["Month-end checklist"]),
        ("q=report+time", ["How we cut report time"]),
        ("q=dashboards", ["Dashboards people use"]),
        ("q=power&kind=story", ["How we cut report time"]),
        ("q=nothing+like+this", []),
    ],
)
def test_the_library_filters_by_kind_tag_and_text(reader, community, library, query, expected):
    response = reader.get(f"/communities/{community.slug}/resources/?{query}")

    assert titles(response) == expected


def test_a_search_with_no_results_says_so_and_offers_to_clear_it(reader, community, library):
    page = reader.get(f"/communities/{community.slug}/resources/?q=zebra").content.decode()

    assert "Nothing matches this search" in page
    assert "Clear the search and show everything" in page


def test_an_unknown_kind_is_shown_as_an_error_and_filters_nothing(reader, community, library):
    response = reader.get(f"/communities/{community.slug}/resources/?kind=gossip&page=999")

    assert response.status_code == 200
    assert "Choose a kind from the list." in response.content.decode()
    assert len(titles(response)) == 3


def test_the_library_lists_its_most_used_tags_as_filters(reader, community, library):
    response = reader.get(f"/communities/{community.slug}/resources/")

    assert response.context["tags"] == [
        {"name": "power bi", "count": 2},
        {"name": "dashboards", "count": 1},
        {"name": "month end", "count": 1},
    ]
    assert "?tag=power+bi" in response.content.decode()


def test_the_programme_wide_library_covers_every_community(reader, library):
    response = reader.get("/resources/")

    assert titles(response) == [
        "Dashboards people use",
        "Month-end checklist",
        "How we cut report time",
        "Booking venues",
    ]
    assert "Events Management" in response.content.decode()


def test_the_programme_wide_library_filters_by_community(reader, library, other_community):
    response = reader.get(f"/resources/?community={other_community.slug}")

    assert titles(response) == ["Booking venues"]


def test_the_head_finds_hidden_resources_marked_hidden(client_for, head, library):
    response = client_for(head).get("/resources/?tag=power+bi")

    assert "Leaked draft" in titles(response)
    assert "Hidden" in response.content.decode()


def test_a_lead_finds_their_communitys_hidden_resources(client_for, community, library):
    lead = PersonFactory()
    MembershipFactory(person=lead, community=community, kind="core", is_lead=True)

    assert "Leaked draft" in titles(client_for(lead).get("/resources/"))


def test_the_library_pages_at_twenty(reader, community):
    ResourceFactory.create_batch(25, community=community)

    first = reader.get(f"/communities/{community.slug}/resources/")
    second = reader.get(f"/communities/{community.slug}/resources/?page=2")

    assert len(titles(first)) == 20
    assert len(titles(second)) == 5
    assert "Page 1 of 2." in first.content.decode()


def test_the_library_asks_a_fixed_number_of_queries(reader, community):
    for _ in range(3):
        resource = ResourceFactory(community=community)
        resource.tags.create(name="budgets")
    reader.get(f"/communities/{community.slug}/resources/")  # warm the session and user

    with CaptureQueriesContext(connection) as few:
        reader.get(f"/communities/{community.slug}/resources/")
    for _ in range(15):
        resource = ResourceFactory(community=community)
        resource.tags.create(name="month end")
    with CaptureQueriesContext(connection) as many:
        reader.get(f"/communities/{community.slug}/resources/")

    assert len(many) == len(few)


def test_an_empty_library_invites_members_to_share(client_for, community, staff):
    MembershipFactory(person=staff, community=community)

    page = client_for(staff).get(f"/communities/{community.slug}/resources/").content.decode()

    assert "Nothing shared yet" in page
    assert "Be the first" in page


# The community page's section ----------------------------------------------------------------


def render_section(community, user) -> str:
    template = Template("{% load practice %}{% community_resources community %}")
    return template.render(Context({"community": community, "user": user}))


def test_the_community_page_section_shows_the_five_latest_visible_resources(
    community, library, staff
):
    for n in range(4):
        ResourceFactory(
            community=community,
            title=f"Older {n}",
            created_at=timezone.now() - timedelta(days=30 + n),
        )

    html = render_section(community, staff)

    assert "Dashboards people use" in html
    assert "Older 1" in html
    assert "Older 2" not in html
    assert "Leaked draft" not in html
    assert "Browse all 7 resources" in html


def test_the_section_offers_adding_to_members_only(community, staff, other_staff):
    MembershipFactory(person=staff, community=community)

    assert "Add a resource" in render_section(community, staff)
    assert "Add a resource" not in render_section(community, other_staff)


def test_an_anonymous_visitor_sees_the_count_and_a_way_to_sign_in(community, library):
    html = render_section(community, AnonymousUser())

    assert "Members have shared 3 resources" in html
    assert "Dashboards people use" not in html
    assert "/accounts/login/?next=/communities/data-and-insight/resources/" in html


def test_the_section_asks_a_fixed_number_of_queries(
    community, library, staff, django_assert_num_queries
):
    MembershipFactory(person=staff, community=community)

    with django_assert_num_queries(2):
        render_section(community, staff)
