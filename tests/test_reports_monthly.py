"""Joins, leaves and net growth per London month, exact from joined_at and ended_at."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from membership import services
from reports.months import MonthRange, this_month

from .factories import CommunityFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _monthly(client, person, query=""):
    client.force_login(person)
    response = client.get(reverse("report-area", kwargs={"slug": "planning"}) + query)
    assert response.status_code == 200
    return response


def _figures(response):
    return [
        (row.month.strftime("%Y-%m"), row.joins, row.leaves)
        for row in response.context["report"].monthly
    ]


@pytest.fixture
def data(sponsored_area):
    return CommunityFactory(name="Data and Insight", practice_area=sponsored_area)


def test_join_just_before_midnight_utc_in_summer_time_counts_in_the_london_month(
    client, sponsor, data
):
    # 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (BST).
    MembershipFactory(community=data, joined_at=datetime(2026, 3, 31, 23, 30, tzinfo=UTC))
    response = _monthly(client, sponsor, "?from=2026-03&to=2026-04")
    assert _figures(response) == [("2026-03", 0, 0), ("2026-04", 1, 0)]


def test_join_just_before_midnight_utc_in_winter_stays_in_its_month(client, sponsor, data):
    # 23:30 UTC on 31 January 2026 is 23:30 in London (GMT): still January.
    MembershipFactory(community=data, joined_at=datetime(2026, 1, 31, 23, 30, tzinfo=UTC))
    response = _monthly(client, sponsor, "?from=2026-01&to=2026-02")
    assert _figures(response) == [("2026-01", 1, 0), ("2026-02", 0, 0)]


def test_a_leave_at_the_end_of_summer_time_counts_in_the_london_month(client, sponsor, data):
    # 23:30 UTC on 30 September 2026 is 00:30 on 1 October in London.
    MembershipFactory(
        community=data,
        joined_at=datetime(2026, 6, 10, 9, 0, tzinfo=UTC),
        ended_at=datetime(2026, 9, 30, 23, 30, tzinfo=UTC),
    )
    response = _monthly(client, sponsor, "?from=2026-06&to=2026-10")
    assert _figures(response) == [
        ("2026-06", 1, 0),
        ("2026-07", 0, 0),
        ("2026-08", 0, 0),
        ("2026-09", 0, 0),
        ("2026-10", 0, 1),
    ]


def test_months_with_no_activity_appear_as_zero_for_the_last_twelve_months(client, sponsor, data):
    response = _monthly(client, sponsor)
    figures = _figures(response)
    assert len(figures) == 12
    assert all(joins == 0 and leaves == 0 for _month, joins, leaves in figures)
    assert figures[-1][0] == this_month().strftime("%Y-%m")
    page = response.content.decode()
    assert "Joins and leaves by month" in page


def test_net_growth_is_joins_minus_leaves_with_a_total(client, sponsor, data):
    for day in (3, 4, 5):
        MembershipFactory(community=data, joined_at=datetime(2026, 5, day, 12, tzinfo=UTC))
    MembershipFactory(
        community=data,
        joined_at=datetime(2025, 1, 1, 12, tzinfo=UTC),
        ended_at=datetime(2026, 5, 20, 12, tzinfo=UTC),
    )
    response = _monthly(client, sponsor, "?from=2026-05&to=2026-05")
    report = response.context["report"]
    assert [(row.joins, row.leaves, row.net) for row in report.monthly] == [(3, 1, 2)]
    assert (report.joins, report.leaves, report.net) == (3, 1, 2)
    assert "+2" in response.content.decode()


def test_memberships_in_other_areas_are_not_counted(client, sponsor, data):
    MembershipFactory(joined_at=datetime(2026, 5, 3, 12, tzinfo=UTC))  # Another area.
    response = _monthly(client, sponsor, "?from=2026-05&to=2026-05")
    assert _figures(response) == [("2026-05", 0, 0)]


def test_switching_core_is_neither_a_join_nor_a_leave(client, sponsor, sponsored_area, data):
    other = CommunityFactory(practice_area=sponsored_area)
    person = PersonFactory()
    MembershipFactory(
        person=person, community=data, kind="core", joined_at=datetime(2025, 1, 1, tzinfo=UTC)
    )
    services.join(person=person, community=other, kind="core", switch_core=True)
    this = this_month().strftime("%Y-%m")
    response = _monthly(client, sponsor, f"?from={this}&to={this}")
    # One join (the new community); the old membership became wider on the same row.
    assert _figures(response) == [(this, 1, 0)]


def test_switching_core_and_leaving_is_one_join_and_one_leave(
    client, sponsor, sponsored_area, data
):
    other = CommunityFactory(practice_area=sponsored_area)
    person = PersonFactory()
    MembershipFactory(
        person=person, community=data, kind="core", joined_at=datetime(2025, 1, 1, tzinfo=UTC)
    )
    services.join(
        person=person, community=other, kind="core", switch_core=True, leave_previous=True
    )
    this = this_month().strftime("%Y-%m")
    response = _monthly(client, sponsor, f"?from={this}&to={this}")
    assert _figures(response) == [(this, 1, 1)]


def test_changing_kind_in_place_is_neither_a_join_nor_a_leave(client, sponsor, data):
    person = PersonFactory()
    MembershipFactory(person=person, community=data, joined_at=datetime(2025, 1, 1, tzinfo=UTC))
    services.change_kind(person=person, community=data, kind="core")
    this = this_month().strftime("%Y-%m")
    assert _figures(_monthly(client, sponsor, f"?from={this}&to={this}")) == [(this, 0, 0)]


def test_closing_a_community_counts_its_members_as_leaves(client, sponsor, data):
    for _ in range(3):
        MembershipFactory(community=data, joined_at=datetime(2025, 1, 1, tzinfo=UTC))
    services.close_community(community=data)
    this = this_month().strftime("%Y-%m")
    assert _figures(_monthly(client, sponsor, f"?from={this}&to={this}")) == [(this, 0, 3)]


def test_a_valid_range_narrows_the_months(client, sponsor, data):
    response = _monthly(client, sponsor, "?from=2026-02&to=2026-04")
    assert [month for month, _j, _l in _figures(response)] == ["2026-02", "2026-03", "2026-04"]
    assert not response.context["form"].errors
    assert "February 2026 to April 2026" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from=2026-13", "Enter a month and year, for example April 2026"),
        ("?from=banana&to=2026-02", "Enter a month and year, for example April 2026"),
        ("?to=2999-01", "cannot be in the future"),
        ("?from=2026-05&to=2026-02", "on or before the last month"),
        ("?from=2020-01&to=2026-01", "at most 36 months"),
        ("?from=1066-10", "from January 2000 onwards"),
        ("?from=0000-00", "Enter a month and year, for example April 2026"),
        ("?to=0001-01", "from January 2000 onwards"),
        ("?from=0001-01&to=0001-01", "from January 2000 onwards"),
        ("?to=1999-12", "from January 2000 onwards"),
        ("?to=abcd", "Enter a month and year, for example April 2026"),
        ("?from=abcd&to=abcd", "Enter a month and year, for example April 2026"),
    ],
)
def test_a_nonsense_range_shows_an_error_and_the_last_twelve_months(
    client, sponsor, data, query, message
):
    response = _monthly(client, sponsor, query)
    assert message in response.content.decode()
    assert "Showing the last 12 months instead" in response.content.decode()
    assert response.context["report"].months == MonthRange.last_n_months()


def test_net_growth_reads_as_people_write_it(client, sponsor, data):
    MembershipFactory(
        community=data,
        joined_at=datetime(2025, 1, 1, 12, tzinfo=UTC),
        ended_at=datetime(2026, 6, 20, 12, tzinfo=UTC),
    )
    response = _monthly(client, sponsor, "?from=2026-06&to=2026-07")
    assert [row.net_text for row in response.context["report"].monthly] == ["−1", "0"]
    assert "+0" not in response.content.decode()


def test_a_last_month_alone_shows_the_twelve_months_up_to_it(client, sponsor, data):
    response = _monthly(client, sponsor, "?to=2026-03")
    months = [month for month, _j, _l in _figures(response)]
    assert months[0] == "2025-04"
    assert months[-1] == "2026-03"
    assert len(months) == 12


def test_the_hint_reads_as_the_month_picker_shows_a_month(client, sponsor, data):
    """The picker shows "April 2026", so the hint gives its example the same way."""
    page = _monthly(client, sponsor, "?from=2026-02&to=2026-04").content.decode()
    labels = [part.split("</label>")[0] for part in page.split('<label class="form-label"')[1:]]
    range_labels = [label for label in labels if "range-" in label]
    assert len(range_labels) == 2
    for label in range_labels:
        assert "(month and year, for example April 2026)" in label
        assert "2026-04" not in label


@pytest.mark.parametrize("typed", ["February 2026", "Feb 2026", "2026-02"])
def test_a_month_typed_as_the_hint_shows_is_understood(client, sponsor, data, typed):
    """Browsers without a month picker show a text box: the hint's form must work there."""
    response = _monthly(client, sponsor, f"?from={typed}&to=April 2026")
    assert not response.context["form"].errors
    assert response.context["report"].months.label == "February 2026 to April 2026"


@pytest.fixture
def busy(sponsored_area, data):
    """Members of Planning coming and going across early 2026, one changing kind."""
    other = CommunityFactory(practice_area=sponsored_area)
    at = lambda month, day=10: datetime(2026, month, day, 12, tzinfo=UTC)  # noqa: E731
    MembershipFactory(community=data, kind="core", joined_at=datetime(2025, 6, 1, tzinfo=UTC))
    MembershipFactory(community=data, joined_at=datetime(2025, 6, 1, tzinfo=UTC))
    MembershipFactory(community=other, joined_at=datetime(2025, 6, 1, tzinfo=UTC), ended_at=at(2))
    MembershipFactory(community=data, joined_at=at(1))
    MembershipFactory(community=other, kind="core", joined_at=at(2))
    MembershipFactory(community=data, joined_at=at(2, 3), ended_at=at(2, 20))  # In and out.
    MembershipFactory(community=other, joined_at=at(3), ended_at=at(4))
    # Counted at the London month's end: 23:30 UTC on 31 March is already April in London.
    MembershipFactory(community=data, joined_at=datetime(2026, 3, 31, 23, 30, tzinfo=UTC))
    # Another area's members never count.
    MembershipFactory(joined_at=at(1))


def test_members_at_each_month_end_are_the_previous_end_plus_joins_less_leaves(
    client, sponsor, busy
):
    report = _monthly(client, sponsor, "?from=2026-01&to=2026-04").context["report"]
    ends = [(row.core_at_end, row.wider_at_end, row.members_at_end) for row in report.monthly]
    assert ends == [(1, 3, 4), (2, 2, 4), (2, 3, 5), (2, 3, 5)]
    assert report.members_at_start == 3
    previous = report.members_at_start
    for row in report.monthly:
        assert row.members_at_end == previous + row.joins - row.leaves
        previous = row.members_at_end
    assert report.members_at_end == previous


def test_the_end_of_month_counts_follow_changes_of_kind(client, sponsor, data):
    """Someone who became core in March was a wider member at the end of February."""
    person = PersonFactory()
    MembershipFactory(person=person, community=data, joined_at=datetime(2025, 1, 1, tzinfo=UTC))
    services.change_kind(person=person, community=data, kind="core")
    this = this_month()
    previous = MonthRange.last_n_months(2).first
    query = f"?from={previous:%Y-%m}&to={this:%Y-%m}"
    rows = _monthly(client, sponsor, query).context["report"].monthly
    assert [(row.core_at_end, row.wider_at_end) for row in rows] == [(0, 1), (1, 0)]


def test_the_monthly_table_shows_members_at_each_month_end(client, sponsor, busy):
    page = _monthly(client, sponsor, "?from=2026-01&to=2026-04").content.decode()
    assert "Active memberships at the end of the month" in page
    assert "3 active memberships at the start of January 2026" in page
