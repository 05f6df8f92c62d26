"""Every status, kind and lead change is recorded with who made it, and the admin shows it."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from communities.models import Community

from .factories import MembershipFactory

LIST = reverse("admin:communities_community_changelist")


def test_every_status_change_is_recorded_with_the_head_who_made_it(
    head, preparing_community, client_for, django_capture_on_commit_callbacks
):
    client = client_for(head)
    pk = preparing_community.pk
    with django_capture_on_commit_callbacks(execute=True):
        client.post(LIST, {"action": "launch_selected", ACTION_CHECKBOX_NAME: [pk], "post": "yes"})
        client.post(
            LIST,
            {
                "action": "close_selected",
                ACTION_CHECKBOX_NAME: [pk],
                "post": "yes",
                "reason": "It merged into another community",
            },
        )
        client.post(LIST, {"action": "reopen_selected", ACTION_CHECKBOX_NAME: [pk], "post": "yes"})
    changes = [
        (record.status, record.history_user)
        for record in preparing_community.history.order_by("history_date")
    ]
    assert changes == [
        ("preparing", None),  # made by the factory, outside any request
        ("launched", head),
        ("closed", head),
        ("preparing", head),
    ]


def test_the_history_page_shows_who_when_and_old_to_new(
    head, preparing_community, client_for, django_capture_on_commit_callbacks
):
    client = client_for(head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:communities_community_launch", args=[preparing_community.pk]))
    page = client.get(reverse("admin:communities_community_history", args=[preparing_community.pk]))
    assert page.status_code == 200
    assert "Daniela Head" in page.text
    assert "Preparations underway → Launched" in page.text
    assert "Revert" not in page.text


def test_membership_changes_in_the_admin_are_recorded_with_the_head(
    head, staff, community, client_for
):
    membership = MembershipFactory(person=staff, community=community, kind="wider")
    client = client_for(head)
    client.post(
        reverse("admin:membership_membership_change", args=[membership.pk]),
        {"kind": "core", "is_lead": "on"},
    )
    latest = membership.history.order_by("-history_date", "-history_id")[:2]
    assert [(r.kind, r.is_lead, r.history_user) for r in latest] == [
        ("core", True, head),
        ("core", False, head),
    ]
    page = client.get(reverse("admin:membership_membership_history", args=[membership.pk]))
    assert "Wider → Core" in page.text
    assert "no → yes" in page.text


def test_a_past_version_can_be_read_but_not_restored(head, client_for):
    community = Community.objects.create(
        name="Digital",
        slug="digital",
        practice_area=MembershipFactory().community.practice_area,
        status="preparing",
    )
    community.status = "launched"
    community.save()
    first = community.history.earliest()
    client = client_for(head)
    url = reverse("admin:communities_community_simple_history", args=[community.pk, first.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Digital", "slug": "digital", "practice_area": 1})
    assert response.status_code == 403
    community.refresh_from_db()
    assert community.status == "launched"
