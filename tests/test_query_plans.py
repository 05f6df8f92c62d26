"""The hot pages' queries read what they need through indexes, not every community's members or
every person (PostgreSQL plans, EXPLAIN (ANALYZE, FORMAT JSON)).

The data is big enough that the planner prefers an index when one fits: 2,400 people in 40
communities (about 80 active members each), leads, interests and some history. Where a
test only proves that an index can serve a query, it says so; most assert what the plan does
on its own.

Run with DATABASE_URL=postgres://... (skipped on SQLite).
"""

import itertools
import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from membership import selectors
from membership.models import Interest, Membership, Person
from reports.figures import community_figures
from reports.monthly import monthly_figures
from reports.months import MonthRange, add_months, this_month
from reports.summaries import programme_summary

from .factories import CommunityFactory, PracticeAreaFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

PEOPLE = 2400
MEMBERSHIP_TABLES = {"membership_membership", "membership_interest"}


@pytest.fixture
def world():
    """Two areas of 20 communities; every person a member somewhere, a tenth of them core."""
    areas = [PracticeAreaFactory(), PracticeAreaFactory()]
    communities = [
        CommunityFactory(practice_area=areas[n % 2], status="preparing" if n == 39 else "launched")
        for n in range(40)
    ]
    launched = communities[:39]
    people = Person.objects.bulk_create(
        Person(
            email=f"person{n}@ucl.ac.uk",
            full_name=f"Person {n}",
            department=f"Department {n % 17}",
            password="!",
        )
        for n in range(PEOPLE)
    )
    year_ago = timezone.now() - timedelta(days=400)
    memberships = []
    homes = itertools.cycle(launched)
    for n, person in enumerate(people):
        home = next(homes)
        memberships.append(
            Membership(
                person=person,
                community=home,
                kind="core" if n % 10 == 0 or n < 78 else "wider",
                is_lead=n < 78,  # Two leads in each launched community.
                joined_at=year_ago + timedelta(hours=n),
            )
        )
        if n % 3 == 0:  # Some wider memberships elsewhere, some of them over.
            other = launched[(launched.index(home) + 1) % len(launched)]
            ended = year_ago + timedelta(days=200) if n % 2 else None
            memberships.append(
                Membership(
                    person=person,
                    community=other,
                    kind="wider",
                    joined_at=year_ago + timedelta(hours=n),
                    ended_at=ended,
                )
            )
    Membership.objects.bulk_create(memberships)
    Interest.objects.bulk_create(
        Interest(person=person, community=communities[39]) for person in people[::4]
    )
    # History as the services write it, and three memberships whose kind changed.
    history = Membership.history.model
    history.objects.bulk_create(
        history(
            id=m.pk,
            person_id=m.person_id,
            community_id=m.community_id,
            kind=m.kind,
            is_lead=m.is_lead,
            joined_at=m.joined_at,
            ended_at=None,
            history_date=m.joined_at,
            history_type="+",
        )
        for m in Membership.objects.all()
    )
    changed = Membership.objects.filter(kind="wider", ended_at__isnull=True)[:3]
    history.objects.filter(id__in=[m.pk for m in changed]).update(kind="core")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return areas, communities, people


def plans(call) -> list[dict]:
    """Run `call`, then EXPLAIN ANALYZE each SELECT it made; the plans' root nodes."""
    with CaptureQueriesContext(connection) as ctx:
        call()
    found = []
    for query in ctx.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
        found.append((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"])
    assert found, "no SELECT was made"
    return found


def nodes(plan: dict) -> Iterator[dict]:
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def all_nodes(roots: list[dict]) -> list[dict]:
    return [node for root in roots for node in nodes(root)]


def seq_scans(roots: list[dict]) -> set[str]:
    return {node["Relation Name"] for node in all_nodes(roots) if node["Node Type"] == "Seq Scan"}


def indexes_used(roots: list[dict]) -> set[str]:
    return {node["Index Name"] for node in all_nodes(roots) if "Index Name" in node}


# The catalogue ---------------------------------------------------------------------------------


def test_the_list_reads_counts_from_its_columns_without_touching_memberships(world):
    roots = plans(lambda: list(selectors.communities_for_list().visible()))

    relations = {node.get("Relation Name") for node in all_nodes(roots)}
    assert not relations & MEMBERSHIP_TABLES
    assert not [node for node in all_nodes(roots) if node.get("Parent Relationship") == "SubPlan"]


def test_a_community_page_reads_its_row_leads_and_my_memberships_by_index(world):
    _areas, communities, people = world
    community, person = communities[0], people[0]

    def page():
        found = selectors.community_for_page(community.slug)
        selectors.membership_here_and_core(person, found)
        list(selectors.leads_of(found))

    roots = plans(page)

    assert not seq_scans(roots) & (MEMBERSHIP_TABLES | {"membership_person"})
    assert "membership_active_leads" in indexes_used(roots)


def test_the_leads_come_from_the_partial_index_without_discarding_members(world):
    _areas, communities, _people = world

    roots = plans(lambda: list(selectors.leads_of(communities[0])))

    scans = [node for node in all_nodes(roots) if node.get("Index Name")]
    leads_scan = next(n for n in scans if n["Index Name"] == "membership_active_leads")
    assert leads_scan["Actual Rows"] == 2
    assert leads_scan.get("Rows Removed by Filter", 0) == 0


def test_my_page_reads_only_my_rows(world):
    person = world[2][0]

    def me():
        mine = selectors.my_memberships(person)
        mine.core().first()
        list(mine.wider())
        list(selectors.my_open_interests(person))

    roots = plans(me)

    assert not seq_scans(roots) & (MEMBERSHIP_TABLES | {"membership_person"})


# Reports ---------------------------------------------------------------------------------------


def test_an_area_s_community_figures_count_each_community_s_core_members_by_index(world):
    area = world[0][0]

    roots = plans(lambda: community_figures(area))

    assert "membership_active_core" in indexes_used(roots)
    assert "membership_active_leads" in indexes_used(roots)
    assert not seq_scans(roots) & (MEMBERSHIP_TABLES | {"membership_person"})


def test_monthly_figures_read_the_history_only_for_memberships_whose_kind_changed(world):
    area = world[0][0]
    last = this_month()
    months = MonthRange(add_months(last, -11), last)

    roots = plans(lambda: monthly_figures(area, months))

    history_loops = sum(
        node["Actual Loops"]
        for node in all_nodes(roots)
        if node.get("Relation Name") == "membership_historicalmembership"
        and node.get("Parent Relationship") != "Inner"  # not the one join that finds them
        and node["Actual Loops"] > 1
    )
    # Three memberships changed kind, and each month asks at most twice for each: before this
    # change, every one of the area's ~1,600 memberships was asked about 24 times.
    assert history_loops <= 3 * 12 * 2


def test_the_programme_summary_can_count_staff_from_their_index_not_every_person(world):
    # On a vacuumed table of 20,000 people the planner picks this index of its own accord (an
    # index-only scan, 1.3 ms); this test's rows are too new for an index-only scan to pay, so
    # it proves the index matches the summary's condition: with sequential scans off the staff
    # are still counted from it, not from every person.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    roots = plans(programme_summary)

    assert "membership_person" not in seq_scans(roots)
    staff_counts = [
        node for node in all_nodes(roots) if node.get("Index Name") == "person_counted_as_staff"
    ]
    assert len(staff_counts) == 2  # The staff, and the staff among the members.


def test_the_partial_indexes_can_serve_their_queries(world):
    # Proves each index usable (not that the planner picks it on any data): with sequential
    # scans off, the planner still reads through the partial index.
    community = world[1][0]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    leads = plans(lambda: list(selectors.leads_of(community)))
    core = plans(lambda: Membership.objects.active().core().filter(community=community).count())

    assert "membership_active_leads" in indexes_used(leads)
    assert "membership_active_core" in indexes_used(core)


def test_the_portal_s_connections_run_without_jit(db):
    # Compiling the sponsor report's monthly counts took 4.9 s of a 5.1 s query at 20,000
    # people; the portal's queries are all short, so JIT is off for them (ucl_cop/settings.py).
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
