"""What a signed-in page asks the database once the caches are warm.

With a shared cache (Redis), the session (cached_db), the user, their roles (the Reports link,
"may I edit?", the admin's door) and the footer's contact come from the cache: a signed-in page
asks only for what is the person's own on that page. Without one, each request reads the
session, the user and the roles (three queries) before the page's own.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.functional import SimpleLazyObject

from accounts.backends import PersonBackend
from membership.models import Membership
from reports.context_processors import report_access

from .activity_factories import (
    AnnouncementFactory,
    ProjectFactory,
    ResourceFactory,
    SessionFactory,
)
from .factories import CommunityFactory, InterestFactory, MembershipFactory, PersonFactory
from .signed_in import committing, needs_redis, shared_cache  # noqa: F401

# The budgets of the issue (warm caches, with Redis).
COMMUNITY_PAGE_BUDGET = 4
ME_BUDGET = 6


def warm_count(signed_in, url: str) -> tuple[int, list[str]]:
    """Open `url` twice to warm every cache, then count the third visit's queries."""
    for _ in range(2):
        assert signed_in.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = signed_in.get(url)
    assert response.status_code == 200
    return len(queries), [query["sql"] for query in queries]


@pytest.fixture
def busy_community(db, staff):
    """A launched community with a lead, members, upcoming and past sessions, announcements,
    projects and resources; `staff` is one of its core members (and wider elsewhere, and
    interested in a community in preparation)."""
    community = CommunityFactory(name="Data and Insight", slug="data-and-insight")
    lead = PersonFactory(full_name="Lena Lead")
    MembershipFactory(person=lead, community=community, kind="core", is_lead=True)
    MembershipFactory(person=staff, community=community, kind="core")
    for person in PersonFactory.create_batch(6):
        MembershipFactory(person=person, community=community, kind="wider")
    MembershipFactory(person=staff, community=CommunityFactory(), kind="wider")
    InterestFactory(person=staff, community=CommunityFactory(status="preparing"))
    for _ in range(3):
        SessionFactory(community=community, host=lead)
    SessionFactory(community=community, host=lead, past=True)
    for _ in range(2):
        AnnouncementFactory(community=community, author=lead)
    ProjectFactory(community=community, lead=lead, active=True)
    ProjectFactory(community=community, lead=lead, completed=True)
    for _ in range(3):
        ResourceFactory(community=community, author=lead)
    return community


# The Reports link -------------------------------------------------------------------------------


def test_the_reports_link_is_not_worked_out_for_a_page_that_does_not_show_it(
    db, django_assert_num_queries
):
    def never():
        raise AssertionError("the signed-in user was loaded")

    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(never)

    with django_assert_num_queries(0):
        context = report_access(request)

    assert set(context) == {"can_see_reports"}
    anonymous = RequestFactory().get("/")
    anonymous.user = AnonymousUser()
    assert not report_access(anonymous)["can_see_reports"]


@committing
@pytest.mark.usefixtures("shared_cache")
def test_the_reports_link_costs_no_query_once_the_cache_is_warm(
    sponsor, sponsored_area, django_assert_num_queries
):
    backend = PersonBackend()
    backend.get_user(sponsor.pk)
    request = RequestFactory().get("/")
    request.user = backend.get_user(sponsor.pk)  # the next request's user
    bool(report_access(request)["can_see_reports"])  # the first page asks the database once

    request.user = backend.get_user(sponsor.pk)  # and the page after it
    with django_assert_num_queries(0):
        assert report_access(request)["can_see_reports"]


@committing
@needs_redis
def test_a_warm_signed_in_page_with_nothing_of_its_own_asks_the_database_nothing(
    client_for, sponsor, sponsored_area
):
    count, queries = warm_count(client_for(sponsor), "/membership/")

    assert count == 0, queries


# Budgets of the main signed-in pages ------------------------------------------------------------


@committing
@needs_redis
def test_a_members_community_page_needs_at_most_four_queries_when_warm(
    client_for, staff, busy_community
):
    signed_in = client_for(staff)
    count, queries = warm_count(signed_in, busy_community.get_absolute_url())

    assert count <= COMMUNITY_PAGE_BUDGET, queries
    page = signed_in.get(busy_community.get_absolute_url()).text
    assert "You are a <strong>core member</strong>" in page


@committing
@needs_redis
def test_my_communities_need_at_most_six_queries_when_warm(client_for, staff, busy_community):
    signed_in = client_for(staff)
    count, queries = warm_count(signed_in, "/me/")

    assert count <= ME_BUDGET, queries


@committing
def test_the_interest_check_runs_only_for_a_community_in_preparation(
    client_for, staff, busy_community, preparing_community
):
    signed_in = client_for(staff)
    InterestFactory(person=staff, community=preparing_community)

    def asks_about_interest(url: str) -> tuple[bool, str]:
        with CaptureQueriesContext(connection) as queries:
            page = signed_in.get(url).text
        return any('"membership_interest"."person_id" =' in query["sql"] for query in queries), page

    asked, _ = asks_about_interest(busy_community.get_absolute_url())
    assert not asked
    asked, page = asks_about_interest(preparing_community.get_absolute_url())
    assert asked
    assert "You have <strong>registered interest</strong>" in page


def test_the_busy_community_has_everything_a_page_shows(busy_community, staff):
    # The budget above holds for a page with every section filled.
    assert Membership.objects.active().filter(community=busy_community).count() == 8
    assert busy_community.sessions.count() == 4
    assert busy_community.projects.count() == 2
    assert busy_community.resources.count() == 3
