"""The area report's reconfirmation figures: confirmed share per community, answers awaited,
and who will be asked in the next month; at no extra query."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from membership.models import Membership, Reconfirmation, ReconfirmationStart
from reports.figures import community_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def known(planning_report, clock):
    """On 5 January 2026, with reconfirmation running since 1 January 2025. Lena (Data and
    Insight's one core member) joined on 15 January 2025, as did Business Analysis's three core
    members, of whom one joined long ago and never confirmed (due), one joined long ago and
    confirmed in March 2025, and one joined long ago and has a reminder out."""
    ReconfirmationStart.objects.create(pk=1, started_at=datetime(2025, 1, 1, tzinfo=UTC))
    old = datetime(2023, 6, 1, tzinfo=UTC)
    due, confirmed, awaiting = Membership.objects.filter(
        community=planning_report.analysis, kind="core"
    ).order_by("pk")
    Membership.objects.filter(pk__in=[due.pk, confirmed.pk, awaiting.pk]).update(joined_at=old)
    Membership.objects.filter(pk=confirmed.pk).update(confirmed_at=datetime(2025, 3, 1, tzinfo=UTC))
    Reconfirmation.objects.create(membership=awaiting, step=1, round_started_at=old)
    return planning_report


def test_each_community_shows_its_confirmed_share_and_the_reconfirmations_to_come(known):
    rows = {row.name: row for row in community_figures(known.area)}

    data, analysis = rows["Data and Insight"], rows["Business Analysis"]
    assert (data.core, data.confirmed, data.confirmed_share) == (1, 1, 100)
    assert (data.awaiting, data.due_next_month) == (0, 1)  # her year is up on 15 January
    assert (analysis.core, analysis.confirmed, analysis.awaiting, analysis.due_next_month) == (
        3,
        1,
        1,
        1,
    )
    assert round(analysis.confirmed_share) == 33
    assert rows["Project and Programme Management"].confirmed_share is None  # no core members


def test_the_area_report_has_a_reconfirmation_section(known, sponsor, client_for):
    page = client_for(sponsor).get(reverse("report-area", kwargs={"slug": "planning"}))

    text = page.text
    assert "Core members who have confirmed" in text
    assert "2 of the area's 4 core members have confirmed (50%)." in text
    assert (
        "Of the core members, 1 is awaiting an answer to a reminder, and 2 will be asked in the "
        "next month." in text
    )
    analysis_row = text[
        text.index('<th scope="row">Business Analysis</th>', text.index("reconfirmation-caption")) :
    ]
    cells = analysis_row[: analysis_row.index("</tr>")]
    assert [cell.split("<")[0] for cell in cells.split('<td class="text-end">')[1:]] == [
        "3",
        "1",
        "33%",
        "1",
        "1",
    ]


def test_before_reconfirmation_starts_nobody_is_due(planning_report, clock):
    rows = {row.name: row for row in community_figures(planning_report.area)}

    assert sum(row.due_next_month for row in rows.values()) == 0
