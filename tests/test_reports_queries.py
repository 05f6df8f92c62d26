"""Report pages cost a fixed, small number of queries, however many people are behind them."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Community
from membership.models import Interest, Membership, Person
from reports.access import can_see_reports

from .factories import CommunityFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10
# The area page adds two for its sessions section (sessions by month, attendance by community)
# and three for its projects and resources (projects by month, resources by month, and both
# per community). On a cold cache it also reads three for its cached body (reports/bodies.py):
# the area's communities, whose versions the body is kept under, and when its figures next move
# with time alone (a session ending; a reconfirmation figure). A warm one reads none of these.
AREA_MAX_QUERIES = MAX_QUERIES + 2 + 3 + 3


def _populate(area, *, communities: int, people_per_community: int) -> None:
    """Communities with core, wider, lead and departed members, interests and status history."""
    start = datetime(2025, 12, 1, tzinfo=UTC)
    for index in range(communities):
        community = CommunityFactory(
            practice_area=area, status="preparing" if index % 5 == 0 else "launched"
        )
        if community.status == Community.Status.LAUNCHED:
            community.summary = "Edited"  # Another history row for the status window to scan.
            community.save()
        people = Person.objects.bulk_create(
            Person(
                email=f"c{community.pk}-p{n}@ucl.ac.uk",
                full_name=f"Person {community.pk}-{n}",
                department=f"Department {n % 12}",
            )
            for n in range(people_per_community)
        )
        if community.status == Community.Status.PREPARING:
            Interest.objects.bulk_create(Interest(person=p, community=community) for p in people)
            continue
        Membership.objects.bulk_create(
            Membership(
                person=person,
                community=community,
                kind="core" if n % 8 == 0 else "wider",
                is_lead=n == 0,
                joined_at=start + timedelta(days=n % 300),
                ended_at=start + timedelta(days=300) if n % 7 == 3 else None,
            )
            for n, person in enumerate(people)
        )


def _count(client, url) -> int:
    cache.clear()  # Count the footer's contact too, as on a cold cache.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_area_report_queries_stay_the_same_as_the_area_grows(client, sponsor, sponsored_area):
    client.force_login(sponsor)
    url = reverse("report-area", kwargs={"slug": "planning"})
    _populate(sponsored_area, communities=2, people_per_community=5)
    small = _count(client, url)
    _populate(sponsored_area, communities=18, people_per_community=60)
    large = _count(client, url)
    assert large == small
    assert large <= AREA_MAX_QUERIES


def test_area_report_for_the_head_stays_within_the_budget(
    client, head, sponsored_area, django_assert_max_num_queries
):
    _populate(sponsored_area, communities=15, people_per_community=40)
    client.force_login(head)
    with django_assert_max_num_queries(AREA_MAX_QUERIES):
        response = client.get(
            reverse("report-area", kwargs={"slug": "planning"}) + "?from=2025-06&to=2026-10"
        )
    assert response.status_code == 200
    assert len(response.context["report"].communities) == 15


def test_report_index_for_the_head_stays_within_the_budget(
    client, head, sponsored_area, django_assert_max_num_queries
):
    url = reverse("report-index")
    client.force_login(head)
    _populate(sponsored_area, communities=2, people_per_community=5)
    small = _count(client, url)
    for _ in range(5):
        _populate(CommunityFactory().practice_area, communities=3, people_per_community=20)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert len(response.context["areas"]) == 6
    assert _count(client, url) == small


def test_members_download_streams_in_a_fixed_number_of_queries(client, head, sponsored_area):
    _populate(sponsored_area, communities=4, people_per_community=50)
    client.force_login(head)
    url = reverse("report-export", kwargs={"slug": "planning"}) + "?table=members"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 1 + Membership.objects.active().count()
    assert len(queries) <= 5


def test_navigation_check_costs_nothing_for_visitors_and_one_query_when_signed_in(
    sponsor, sponsored_area, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert can_see_reports(AnonymousUser()) is False
    with django_assert_num_queries(1):
        assert can_see_reports(sponsor) is True
        assert can_see_reports(sponsor) is True  # Remembered for the rest of the request.
