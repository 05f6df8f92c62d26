"""An area's report counts its sessions held per month, and RSVPs and attendance per community,
counting attendance only where it was marked and saying where it was not."""

import csv
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Rsvp

from .activity_factories import RsvpFactory, SessionFactory
from .factories import PersonFactory
from .test_reports_queries import AREA_MAX_QUERIES

pytestmark = pytest.mark.django_db

MONTHS = "?from=2025-01&to=2025-04"


def at(month: int, day: int, hour: int = 12, minute: int = 30) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=UTC)


def held(community, starts_at, *, going=0, attended=None, waiting=0, cancelled_rsvps=0, **kw):
    """A session with `going` RSVPs, of which `attended` (a list of True/False, or None for not
    marked) says who came, plus people waiting and RSVPs cancelled."""
    session = SessionFactory(
        community=community, starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), **kw
    )
    marks = attended if attended is not None else [None] * going
    for mark in marks:
        RsvpFactory(session=session, attended=mark)
    for _ in range(waiting):
        RsvpFactory(session=session, status=Rsvp.Status.WAITING)
    for _ in range(cancelled_rsvps):
        RsvpFactory(session=session, status=Rsvp.Status.CANCELLED)
    return session


@pytest.fixture
def sessions(planning_report):
    """Planning's sessions from January to April 2025, and one in another area.

    Data and Insight: two held in January (3 going: 2 came and 1 did not, 1 still waiting and
    1 cancelled; then 2 going, never marked), one cancelled in February (4 going), one upcoming.
    Old Practice (now closed): one held in February, both going came.
    Business Analysis: one held in March, its one person going came.
    Project and Programme Management: one on 31 March at 23:30 UTC, which is 1 April in London.
    Appraisals and inductions (Human Resources): one held in January, never counted here.
    """
    p = planning_report
    held(p.data, at(1, 15), attended=[True, True, False], waiting=1, cancelled_rsvps=1)
    held(p.data, at(1, 29), going=2)
    held(p.data, at(2, 10), going=4, status="cancelled")
    SessionFactory(community=p.data)  # Next week: not held yet.
    held(p.old, at(2, 20), attended=[True, True])
    held(p.analysis, at(3, 5), attended=[True])
    held(p.ppm, at(3, 31, 23, 30))
    held(p.appraisals, at(1, 20), attended=[True] * 5)
    return p


def _report(client, person, query=MONTHS, slug="planning"):
    client.force_login(person)
    response = client.get(reverse("report-area", kwargs={"slug": slug}) + query)
    assert response.status_code == 200
    return response


def test_sessions_held_are_counted_in_the_london_month_they_started(client, sponsor, sessions):
    monthly = _report(client, sponsor).context["activity"].monthly

    by_month = {row.label: (row.held, row.cancelled, row.going, row.attended) for row in monthly}
    assert by_month == {
        "January 2025": (2, 0, 5, 2),
        "February 2025": (1, 1, 2, 2),
        "March 2025": (1, 0, 1, 1),
        "April 2025": (1, 0, 0, 0),  # 23:30 UTC on 31 March is 00:30 BST on 1 April.
    }


def test_rsvps_and_attendance_per_community_count_attendance_only_where_marked(
    client, sponsor, sessions
):
    activity = _report(client, sponsor).context["activity"]
    rows = {row.name: row for row in activity.communities}

    # Launched communities, and the closed one that held a session; not the preparing one.
    assert list(rows) == [
        "Business Analysis",
        "Data and Insight",
        "Old Practice",
        "Project and Programme Management",
    ]
    data = rows["Data and Insight"]
    assert (data.held, data.going, data.waiting, data.attended, data.absent) == (2, 5, 1, 2, 1)
    assert data.unmarked_sessions == 1
    assert data.attendance_rate == pytest.approx(100 * 2 / 3)  # Of the 3 marked, not of all 5.
    assert rows["Project and Programme Management"].attendance_rate is None
    assert (activity.held, activity.cancelled, activity.going) == (5, 1, 8)
    assert (activity.attended, activity.marked, activity.unmarked_sessions) == (5, 6, 1)


def test_the_report_says_where_attendance_was_not_marked(client, sponsor, sessions):
    page = _report(client, sponsor).text

    assert "5 sessions held and 1 cancelled, with 8 RSVPs going." in page
    assert "Where attendance was marked, 5 of 6 people going attended (83%)." in page
    assert "Attendance not marked for 1 session</strong>: Data and Insight (1)." in page
    assert "Appraisals and inductions" not in page


def test_a_report_with_every_session_marked_says_so(client, sponsor, planning_report):
    held(planning_report.analysis, at(3, 5), attended=[True, False])

    page = _report(client, sponsor).text

    assert "Attendance was marked for every session held with people going." in page
    assert "not marked for" not in page


def test_each_chart_states_its_numbers_and_has_a_table(client, sponsor, sessions):
    page = _report(client, sponsor).text
    svgs = {
        re.search(r'<title id="([^"]+)-title">', svg).group(1): svg
        for svg in re.findall(r"<svg\b.*?</svg>", page, flags=re.DOTALL)
    }

    monthly, attendance = svgs["sessions-monthly"], svgs["sessions-attendance"]
    assert "Sessions held per month, January 2025 to April 2025" in monthly
    assert "In total 5 sessions held." in monthly
    assert "<title>January 2025: 2 sessions held</title>" in monthly
    assert (
        "Data and Insight: 2 sessions held, 5 going, 2 attended, 1 did not attend, 2 not marked"
        in attendance
    )
    assert "5 going, 2 attended" in attendance  # The label after the bar.
    assert '<caption id="sessions-monthly-caption">Sessions of Planning' in page
    assert '<caption id="sessions-communities-caption">RSVPs and attendance' in page
    assert '<th scope="row">January 2025</th><td class="text-end">2</td>' in page


def test_a_sponsor_of_another_area_still_gets_not_found(client, other_staff, sessions):
    client.force_login(other_staff)  # The Human Resources sponsor.
    assert client.get(reverse("report-area", kwargs={"slug": "planning"})).status_code == 404

    own = _report(client, other_staff, slug="human-resources").context["activity"]
    assert [(row.name, row.held, row.attended) for row in own.communities] == [
        ("Appraisals and inductions", 1, 5)
    ]


def test_the_sessions_section_costs_the_same_queries_however_many_sessions(
    client, head, sessions, django_assert_max_num_queries
):
    client.force_login(head)
    url = reverse("report-area", kwargs={"slug": "planning"}) + MONTHS
    cache.clear()  # Count the footer's contact every time, as on a cold cache.
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for day in range(1, 28):
        held(sessions.data, at(2, day), attended=[True, False, None], waiting=2)
        held(sessions.ppm, at(3, day), going=3, host=PersonFactory())

    cache.clear()
    with django_assert_max_num_queries(AREA_MAX_QUERIES):
        response = client.get(url)

    assert response.context["activity"].held == 5 + 54
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_sessions_download_lists_each_session_with_its_rsvps(client, head, sessions):
    client.force_login(head)
    response = client.get(
        reverse("report-export", kwargs={"slug": "planning"}) + MONTHS + "&table=sessions"
    )

    assert response.status_code == 200
    assert 'filename="planning-sessions-2025-01-to-2025-04.csv"' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(text.splitlines()))
    assert header[:4] == ["Starts (London time)", "Ends (London time)", "Community", "Title"]
    assert [row[0] for row in rows] == [
        "2025-01-15 12:30",
        "2025-01-29 12:30",
        "2025-02-10 12:30",
        "2025-02-20 12:30",
        "2025-03-05 12:30",
        "2025-04-01 00:30",
    ]
    by_start = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    first = by_start["2025-01-15 12:30"]
    assert (first["Going"], first["Waiting"], first["Attended"]) == ("3", "1", "2")
    assert first["Attendance marked"] == "yes"
    assert by_start["2025-01-29 12:30"]["Attendance marked"] == "no"
    assert by_start["2025-01-29 12:30"]["Attended"] == ""
    assert by_start["2025-02-10 12:30"]["Status"] == "Cancelled"
    assert by_start["2025-04-01 00:30"]["Attendance marked"] == ""  # Nobody going to mark.
