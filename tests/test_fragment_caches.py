"""Cached fragments stay exact: the next read after any write shows it, in every worker.

The list's body, a community's about section and activity sections, and the report bodies are
cached under the versions of what they show (communities/fragments.py, reports/bodies.py). These
tests read pages as signed-in people, whose pages are built from fragments (the anonymous page
cache has tests of its own).
"""

import os
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities import services as activity_services
from communities import fragments
from membership import services
from membership.models import HEAD_OF_COPS_GROUP

from .activity_factories import RsvpFactory, SessionFactory
from .factories import CommunityFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

ON_REDIS = bool(os.environ.get("REDIS_URL"))


def queries_for(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.text


def main(text: str) -> str:
    """The page's main content (the header holds each person's own sign-out form)."""
    return text.split('id="main-content"')[1].split("</main>")[0]


def figure(text: str, label: str) -> int:
    """A figure card of a report: `<dt>label</dt><dd>N ...`."""
    match = re.search(rf"<dt>{re.escape(label)}</dt>\s*<dd>([\d,]+)", text)
    assert match, label
    return int(match.group(1).replace(",", ""))


# The community list ------------------------------------------------------------------------


def test_the_lists_body_and_filter_form_are_built_once_for_everyone(
    client_for, staff, other_staff, community
):
    alice, bob = client_for(staff), client_for(other_staff)
    alice.get("/")  # the first page after signing in renews the session
    bob.get("/")
    cold, first = queries_for(alice, "/communities/")
    warm, second = queries_for(bob, "/communities/")

    assert warm < cold
    assert main(first) == main(second)
    assert 'name="practice_area"' in second  # the filter form comes from the cache too


def test_a_join_shows_at_once_in_the_signed_in_list(client_for, staff, other_staff, community):
    bob = client_for(other_staff)
    bob.get("/communities/")

    services.join(person=staff, community=community, kind="core")

    assert "<strong>1</strong> core member<" in bob.get("/communities/").text


def test_a_text_search_is_never_cached(client_for, staff, community):
    alice = client_for(staff)
    alice.get("/")
    first, _ = queries_for(alice, "/communities/?q=data")
    second, text = queries_for(alice, "/communities/?q=data")

    assert second == first
    assert "Data and Insight" in text


@pytest.mark.skipif(
    not ON_REDIS,
    reason="needs a shared cache: set REDIS_URL (CI's PostgreSQL pass does) to read the list "
    "through a second Redis client; a per-process cache has no second client to read through",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_join_shows_at_once_to_a_second_cache_client(client, community):
    from django.core.cache.backends.redis import RedisCache

    client.get("/communities/")  # cached through this worker's client
    person = PersonFactory()
    services.join(person=person, community=community, kind="core")  # committed, bumped after

    this_worker = caches["default"]
    other_worker = RedisCache(settings.REDIS_URL, settings.CACHES["default"])
    caches["default"] = other_worker  # another process: its own client, the same Redis
    try:
        text = client.get("/communities/").text
    finally:
        caches["default"] = this_worker

    assert other_worker is not this_worker
    assert "<strong>1</strong> core member<" in text


# The community page -------------------------------------------------------------------------


def test_an_edit_of_the_about_section_shows_at_once(client_for, staff, community):
    lead = PersonFactory()
    MembershipFactory(person=lead, community=community, kind="core", is_lead=True)
    alice = client_for(staff)
    alice.get(community.get_absolute_url())

    services.update_community_page(
        community=community,
        by=lead,
        description="We meet to **share** dashboards.",
        how_we_meet="Monthly.",
        online_space_url="",
    )

    assert "<strong>share</strong> dashboards" in alice.get(community.get_absolute_url()).text


def test_each_section_is_cached_once_for_each_answer_to_may_i(
    client, client_for, staff, other_staff, community
):
    MembershipFactory(person=staff, community=community, kind="core")
    MembershipFactory(person=other_staff, community=community, kind="wider")
    SessionFactory(community=community, title="Dashboards at lunch")
    core, wider = client_for(staff), client_for(other_staff)

    for _ in range(2):  # built, then from the cache, in either order
        assert "Schedule a session" in core.get(community.get_absolute_url()).text
        assert "Schedule a session" not in wider.get(community.get_absolute_url()).text
        assert "Propose a project" in core.get(community.get_absolute_url()).text
        assert "Propose a project" not in wider.get(community.get_absolute_url()).text
        assert "Add a resource" in wider.get(community.get_absolute_url()).text
        assert "Add a resource" not in client.get(community.get_absolute_url()).text


def test_a_cached_community_page_asks_only_who_the_person_is_to_it(client_for, staff, community):
    MembershipFactory(person=staff, community=community, kind="core")
    SessionFactory.create_batch(3, community=community)
    alice = client_for(staff)
    alice.get("/")
    cold, _ = queries_for(alice, community.get_absolute_url())
    warm, text = queries_for(alice, community.get_absolute_url())

    assert warm < cold
    assert text.count('class="session-item') == 3


def test_an_rsvp_shows_at_once_in_its_community_and_changes_no_other(
    client_for, staff, other_staff, community, other_community
):
    MembershipFactory(person=staff, community=community)
    session = SessionFactory(community=community, capacity=5)
    bob = client_for(other_staff)
    bob.get(community.get_absolute_url())
    bob.get(other_community.get_absolute_url())
    bob.get(other_community.get_absolute_url())

    activity_services.rsvp(session=session, person=staff)

    assert "4 of 5 places left" in bob.get(community.get_absolute_url()).text
    warm, _ = queries_for(bob, other_community.get_absolute_url())
    cold_again = fragments.version_of(other_community)
    assert warm == queries_for(bob, other_community.get_absolute_url())[0]
    assert cold_again == fragments.version_of(other_community)


def test_marking_attendance_shows_at_once(client_for, staff, community):
    host = PersonFactory()
    MembershipFactory(person=host, community=community, kind="core", is_lead=True)
    session = SessionFactory(community=community, past=True, host=host, title="Held one")
    going = RsvpFactory.create_batch(2, session=session)
    alice = client_for(staff)
    assert "2 going, attendance not marked" in alice.get(community.get_absolute_url()).text

    activity_services.mark_attendance(session=session, by=host, attended_rsvp_ids={going[0].pk})

    assert "1 of 2 attended" in alice.get(community.get_absolute_url()).text


def _token(text: str) -> str:
    """The CSRF token of the first form in the page's main content."""
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', main(text)).group(1)


def test_a_signed_in_persons_cached_page_carries_their_own_csrf_token(
    staff, other_staff, community
):
    from django.test import Client

    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    alice.force_login(staff)
    bob.force_login(other_staff)
    alice.get("/")  # the first page after signing in renews the session
    bob.get("/")
    built, _ = queries_for(alice, community.get_absolute_url())
    shared, text = queries_for(bob, community.get_absolute_url())  # what Alice's visit built

    assert shared < built
    assert fragments.csrf_placeholder() not in text
    joined = bob.post(
        reverse("community-join", args=[community.slug]),
        {"kind": "wider", "csrfmiddlewaretoken": _token(text)},
    )
    assert joined.status_code == 302
    assert community.memberships.filter(person=other_staff, ended_at__isnull=True).exists()


def test_a_members_own_change_shows_at_once_on_their_cached_page(client_for, staff, community):
    MembershipFactory(person=staff, community=community, kind="core")
    alice = client_for(staff)
    assert "You are a <strong>core member</strong>" in alice.get(community.get_absolute_url()).text

    services.change_kind(person=staff, community=community, kind="wider")

    assert "You are a <strong>wider member</strong>" in alice.get(community.get_absolute_url()).text


def test_the_core_community_named_elsewhere_is_never_out_of_date(
    client_for, staff, community, other_community
):
    MembershipFactory(person=staff, community=other_community, kind="core")
    alice = client_for(staff)
    assert "core member of <a" in alice.get(community.get_absolute_url()).text

    other_community.name = "Events and Conferences"
    other_community.save()

    assert "Events and Conferences</a> now" in alice.get(community.get_absolute_url()).text


def test_becoming_core_elsewhere_shows_at_once_on_a_cached_community_page(
    client_for, staff, community, other_community
):
    alice = client_for(staff)
    for _ in range(2):
        assert "core member of <a" not in alice.get(community.get_absolute_url()).text

    services.join(person=staff, community=other_community, kind="core")

    assert "core member of <a" in alice.get(community.get_absolute_url()).text


def test_a_new_role_shows_at_once_on_a_cached_community_page(client_for, staff, community):
    alice = client_for(staff)
    assert "Edit the page" not in alice.get(community.get_absolute_url()).text

    staff.groups.add(Group.objects.get(name=HEAD_OF_COPS_GROUP))

    assert "Edit the page" in alice.get(community.get_absolute_url()).text


def test_the_sessions_section_expires_when_the_next_session_ends(
    client_for, clock, staff, community
):
    starts = clock.now + timedelta(minutes=30)
    SessionFactory(
        community=community, title="Soon", starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    alice = client_for(staff)
    assert "Held recently" not in alice.get(community.get_absolute_url()).text

    clock.travel(hours=2)

    assert "Held recently" in alice.get(community.get_absolute_url()).text


# Reports ------------------------------------------------------------------------------------


def test_a_join_shows_at_once_in_the_sponsors_report_and_the_heads_index(
    client_for, sponsor, head, planning_report
):
    area_url = reverse("report-area", kwargs={"slug": "planning"})
    as_sponsor, as_head = client_for(sponsor), client_for(head)
    before = figure(as_sponsor.get(area_url).text, "Core members")
    index_before = figure(
        as_head.get(reverse("report-index")).text, "People with a core membership"
    )

    services.join(person=PersonFactory(), community=planning_report.ppm, kind="core")

    after = as_sponsor.get(area_url).text
    assert "Figures are live" in after
    assert figure(after, "Core members") == before + 1
    index = as_head.get(reverse("report-index")).text
    assert figure(index, "People with a core membership") == index_before + 1


def test_a_report_body_is_read_from_the_cache_the_second_time(client_for, sponsor, planning_report):
    as_sponsor = client_for(sponsor)
    url = reverse("report-area", kwargs={"slug": "planning"})
    as_sponsor.get("/")
    cold, first = queries_for(as_sponsor, url)
    warm, second = queries_for(as_sponsor, url)

    assert warm < cold
    assert warm <= 5  # the session, the person, their roles, the area (and no figures)
    assert main(second) == main(first)


def test_session_activity_in_an_areas_community_shows_at_once_in_its_report(
    client_for, sponsor, planning_report
):
    url = reverse("report-area", kwargs={"slug": "planning"})
    as_sponsor = client_for(sponsor)
    assert "0 sessions held" in as_sponsor.get(url).text

    SessionFactory(community=planning_report.data, past=True)

    assert "1 session held" in as_sponsor.get(url).text


def test_report_bodies_are_kept_apart_by_role_and_by_months(
    client_for, sponsor, head, planning_report
):
    url = reverse("report-area", kwargs={"slug": "planning"})
    as_head, as_sponsor = client_for(head), client_for(sponsor)

    assert "Active members (CSV), with email addresses" in as_head.get(url).text
    assert "with email addresses" not in as_sponsor.get(url).text
    last_year = as_sponsor.get(url + "?from=2025-01&to=2025-03").text
    assert 'value="2025-01"' in last_year
    assert 'value="2025-01"' not in as_sponsor.get(url).text


def test_a_month_range_that_does_not_validate_is_shown_as_typed_and_not_cached(
    client_for, sponsor, planning_report
):
    url = reverse("report-area", kwargs={"slug": "planning"}) + "?from=soon"
    as_sponsor = client_for(sponsor)
    as_sponsor.get(url)
    first, text = queries_for(as_sponsor, url)
    second, _ = queries_for(as_sponsor, url)

    assert "(you entered “soon”)" in text
    assert second == first


def test_an_areas_report_expires_when_one_of_its_sessions_ends(
    client_for, clock, sponsor, planning_report
):
    starts = clock.now + timedelta(minutes=30)
    SessionFactory(
        community=planning_report.data, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    url = reverse("report-area", kwargs={"slug": "planning"})
    as_sponsor = client_for(sponsor)
    assert "0 sessions held" in as_sponsor.get(url).text

    clock.travel(hours=2)

    assert "1 session held" in as_sponsor.get(url).text


def test_an_areas_report_expires_when_a_core_members_year_is_up(
    client_for, clock, sponsor, sponsored_area
):
    community = CommunityFactory(practice_area=sponsored_area)
    # Joined a year ago less an hour: "confirmed" (chose core within the year) for an hour more.
    joined = clock.now - timedelta(days=365) + timedelta(hours=1)
    MembershipFactory(community=community, kind="core", joined_at=joined)
    url = reverse("report-area", kwargs={"slug": "planning"})
    as_sponsor = client_for(sponsor)
    assert "1 of the area's 1 core members have confirmed" in as_sponsor.get(url).text

    clock.travel(hours=2)

    assert "0 of the area's 1 core members have confirmed" in as_sponsor.get(url).text


# Keys ---------------------------------------------------------------------------------------


def test_keys_change_with_the_code_so_a_deployment_never_serves_old_pages(monkeypatch):
    before = fragments.key("page", "/communities/", 1)
    monkeypatch.setattr(fragments, "code_identity", lambda: "another-build")

    assert fragments.key("page", "/communities/", 1) != before
    assert fragments.key("page", "/communities/", 1) == fragments.key("page", "/communities/", 1)
