"""Reports and every CSV with names are kept by no cache: `Cache-Control: private, no-store`."""

import pytest
from django.urls import reverse

from .factories import MembershipFactory


def kept_by_no_cache(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.mark.parametrize(
    "address",
    [
        "/reports/",
        "/reports/planning/",
        "/reports/planning/export/",
        "/reports/planning/export/?table=members",
        "/reports/planning/export/?table=monthly",
    ],
)
def test_reports_and_their_downloads_are_kept_by_no_cache(
    client_for, head, planning_report, address
):
    response = client_for(head).get(address)

    assert response.status_code == 200
    assert kept_by_no_cache(response)


@pytest.mark.parametrize("query", ["", "?format=csv"])
def test_the_member_directory_and_its_csv_are_kept_by_no_cache(client_for, head, community, query):
    MembershipFactory(community=community)

    response = client_for(head).get(f"/communities/{community.slug}/members/{query}")

    assert response.status_code == 200
    assert kept_by_no_cache(response)


@pytest.mark.parametrize(
    "address",
    [
        reverse("admin:membership_person_export"),
        reverse("admin:membership_membership_export", args=["active"]),
    ],
)
def test_the_admin_s_csv_downloads_are_kept_by_no_cache(client_for, head, address):
    MembershipFactory()

    response = client_for(head).get(address)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert kept_by_no_cache(response)


def test_an_admin_action_s_csv_is_kept_by_no_cache(client_for, head):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    membership = MembershipFactory()

    response = client_for(head).post(
        reverse("admin:membership_membership_changelist"),
        {"action": "export_selected_memberships", ACTION_CHECKBOX_NAME: [membership.pk]},
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert kept_by_no_cache(response)
