"""The Head downloads people and memberships as CSV, safe to open in a spreadsheet."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from .factories import MembershipFactory, PersonFactory

JOINED = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
LEFT = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def rows_of(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    text = body.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def members(community, other_community):
    mallory = PersonFactory(
        full_name="Mallory Formula",
        email="mallory@ucl.ac.uk",
        department="=cmd()",
        job_title="+SUM(A1)",
        date_joined=JOINED,
    )
    MembershipFactory(
        person=mallory, community=community, kind="core", is_lead=True, joined_at=JOINED
    )
    MembershipFactory(
        person=mallory, community=other_community, kind="wider", joined_at=JOINED, ended_at=LEFT
    )
    return mallory


def test_the_people_export_escapes_formulas(head, members, client_for):
    rows = rows_of(client_for(head).get(reverse("admin:membership_person_export")))
    assert rows[0] == ["name", "email", "department", "job title", "date joined"]
    assert [
        "Mallory Formula",
        "mallory@ucl.ac.uk",
        "'=cmd()",
        "'+SUM(A1)",
        "2025-01-15 12:00",
    ] in rows


def test_exporting_selected_people_gives_only_them(head, staff, members, client_for):
    response = client_for(head).post(
        reverse("admin:membership_person_changelist"),
        {"action": "export_selected_people", ACTION_CHECKBOX_NAME: [staff.pk]},
    )
    rows = rows_of(response)
    assert [row[1] for row in rows[1:]] == ["alice@ucl.ac.uk"]


def test_the_active_memberships_export_leaves_out_ended_ones(head, members, client_for):
    rows = rows_of(
        client_for(head).get(reverse("admin:membership_membership_export", args=["active"]))
    )
    assert rows == [
        ["person", "email", "community", "practice area", "kind", "lead", "joined", "ended"],
        [
            "Mallory Formula",
            "mallory@ucl.ac.uk",
            "Data and Insight",
            members.memberships.get(is_lead=True).community.practice_area.name,
            "Core",
            "yes",
            "2025-01-15 12:00",
            "",
        ],
    ]


def test_the_all_memberships_export_has_the_dates_of_ended_ones(head, members, client_for):
    rows = rows_of(
        client_for(head).get(reverse("admin:membership_membership_export", args=["all"]))
    )
    assert len(rows) == 3
    ended = next(row for row in rows if row[2] == "Events Management")
    assert (ended[4], ended[5], ended[6], ended[7]) == (
        "Wider",
        "no",
        "2025-01-15 12:00",
        "2025-03-01 12:00",
    )


def test_exporting_selected_memberships(head, members, client_for):
    lead = members.memberships.get(is_lead=True)
    response = client_for(head).post(
        reverse("admin:membership_membership_changelist"),
        {"action": "export_selected_memberships", ACTION_CHECKBOX_NAME: [lead.pk]},
    )
    assert response["Content-Disposition"].startswith('attachment; filename="memberships-selected')
    assert [row[2] for row in rows_of(response)[1:]] == ["Data and Insight"]


def test_an_unknown_export_scope_is_not_found(head, client_for):
    url = reverse("admin:membership_membership_export", args=["everything"])
    assert client_for(head).get(url).status_code == 404


@pytest.mark.parametrize("who", ["staff", "sponsor"])
def test_people_without_admin_access_cannot_export(request, who, members, client_for):
    client = client_for(request.getfixturevalue(who))
    for url in [
        reverse("admin:membership_person_export"),
        reverse("admin:membership_membership_export", args=["all"]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
