"""The Head's to-do list on the admin's home page: real counts, links to where she acts, and a
fixed number of queries however big the programme."""

from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from membership.models import Membership, Reconfirmation, ReconfirmationStart
from reports.dashboard import head_dashboard

from .factories import CommunityFactory, EmailFactory, InterestFactory, MembershipFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


@pytest.fixture
def known(planning_report, clock):
    """The planning report's programme (see conftest), seen on 5 January 2026, with
    reconfirmation running since 1 January 2025, two emails pending, one failed, one sent, and
    one reminder awaiting an answer (one of the Appraisals core members)."""
    ReconfirmationStart.objects.create(pk=1, started_at=datetime(2025, 1, 1, tzinfo=UTC))
    EmailFactory.create_batch(2)
    EmailFactory(status="failed")
    EmailFactory(status="sent")
    awaiting = Membership.objects.filter(community=planning_report.appraisals).first()
    Reconfirmation.objects.create(
        membership=awaiting, step=1, round_started_at=datetime(2025, 1, 15, tzinfo=UTC)
    )
    return planning_report


def test_the_counts_match_the_programme(known):
    todo = head_dashboard()

    assert [(need.name, need.interest) for need in todo.preparing] == [("Strategy and Policy", 3)]
    assert todo.interest_total == 3
    assert [(need.name, need.leads) for need in todo.leads_outside_guidance] == [
        ("Appraisals and inductions", 0),
        ("Business Analysis", 0),
        ("Data and Insight", 1),
        ("Project and Programme Management", 0),
    ]
    assert [
        (need.name, round(need.core_share), need.norm.code) for need in todo.core_outside_norm
    ] == [
        ("Appraisals and inductions", 100, "well-above"),
        ("Business Analysis", 75, "well-above"),
        ("Project and Programme Management", 0, "well-below"),
    ]
    assert (todo.emails_pending, todo.emails_failed) == (2, 1)
    # Joined 15 January 2025: the four Planning core members and four of the five Appraisals
    # ones are asked by 5 February 2026; the fifth awaits an answer already.
    assert (todo.reconfirmations_due, todo.reconfirmations_awaiting) == (8, 1)
    assert [slug for _name, slug in todo.areas] == ["human-resources", "planning"]


def test_the_admin_home_page_opens_with_the_list_and_links_where_she_acts(known, head, client_for):
    page = client_for(head).get(INDEX)

    assert page.status_code == 200
    text = page.text
    assert text.index("What needs you") < text.index('id="content-main"')  # before the apps
    strategy, data = known.strategy, known.data
    assert "Communities in preparation: 1" in text
    assert (
        f'<a href="/admin/communities/community/{strategy.pk}/change/">Strategy and Policy</a>: '
        "3 registered interest" in text
    )
    assert "Launched communities without 2 to 4 leads: 4" in text
    assert (
        f'<a href="/admin/communities/community/{data.pk}/leads/">Data and Insight</a>: 1 lead'
        in text
    )
    assert "Launched communities outside the 10–15% core norm: 3" in text
    assert (
        f'href="/admin/membership/membership/?community__id__exact={known.analysis.pk}">'
        "Business Analysis</a>: 75% core (3 of 4), well above the norm (over 25%)" in text
    )
    assert '<a href="/admin/outbox/email/?status__exact=failed">1 failed</a>' in text
    assert '<a href="/admin/outbox/email/?status__exact=pending">2 pending</a>' in text
    assert (
        '<a href="/admin/membership/membership/?reconfirmation=awaiting">1 awaiting an answer</a>'
        in text
    )
    assert '?reconfirmation=due">8 to be asked in the next month</a>' in text
    assert '<a href="/reports/">The programme at a glance</a>' in text
    assert '<a href="/reports/planning/">Planning</a>' in text


def test_each_link_leads_to_the_list_it_counts(known, head, client_for):
    client = client_for(head)

    awaiting = client.get("/admin/membership/membership/?reconfirmation=awaiting")
    due = client.get("/admin/membership/membership/?reconfirmation=due")
    failed = client.get("/admin/outbox/email/?status__exact=failed")

    assert awaiting.context["cl"].result_count == 1
    assert due.context["cl"].result_count == 8
    assert failed.context["cl"].result_count == 1


def test_an_empty_programme_says_nothing_needs_her(head, client_for):
    text = client_for(head).get(INDEX).text

    assert "None: every community has launched or closed." in text
    assert "None: every launched community has 2 to 4 leads." in text
    assert "None: every launched community with members is within the norm." in text


def test_the_app_pages_do_not_repeat_the_list(head, client_for):
    page = client_for(head).get(reverse("admin:app_list", kwargs={"app_label": "membership"}))

    assert page.status_code == 200
    assert "What needs you" not in page.text


def _index_queries(client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INDEX).status_code == 200
    return len(queries)


def test_the_list_costs_five_queries_however_big_the_programme(known, django_assert_num_queries):
    with django_assert_num_queries(5):
        head_dashboard()
    for _ in range(12):
        community = CommunityFactory(practice_area=known.area, status="preparing")
        InterestFactory.create_batch(3, community=community)
        launched = CommunityFactory(practice_area=known.area)
        MembershipFactory.create_batch(4, community=launched, kind="core")
    with django_assert_num_queries(5):
        todo = head_dashboard()
    assert len(todo.preparing) == 13


def test_the_admin_home_page_costs_the_same_with_more_communities(known, head, client_for):
    client = client_for(head)
    small = _index_queries(client)
    for _ in range(10):
        launched = CommunityFactory(practice_area=known.area)
        MembershipFactory.create_batch(3, community=launched, kind="core")
        InterestFactory(community=CommunityFactory(practice_area=known.hr, status="preparing"))

    assert _index_queries(client) == small
    assert small <= 12
