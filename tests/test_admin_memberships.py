"""The Head adds, changes and ends memberships in the admin, by the same rules as everyone."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from membership.models import Membership

from .factories import MembershipFactory

ADD = reverse("admin:membership_membership_add")
LIST = reverse("admin:membership_membership_changelist")


def change_url(membership):
    return reverse("admin:membership_membership_change", args=[membership.pk])


def test_the_head_adds_a_core_member(head, staff, community, client_for):
    response = client_for(head).post(
        ADD, {"person": staff.pk, "community": community.pk, "kind": "core"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person=staff)
    assert (membership.community, membership.kind, membership.is_active) == (
        community,
        "core",
        True,
    )
    assert membership.history.get().history_user == head


def test_a_second_core_membership_is_a_form_error_and_nothing_is_written(
    head, staff, community, other_community, client_for
):
    MembershipFactory(person=staff, community=community, kind="core")
    page = client_for(head).post(
        ADD, {"person": staff.pk, "community": other_community.pk, "kind": "core"}
    )
    assert page.status_code == 200
    assert "Alice Adams is already a core member of Data and Insight" in page.text
    assert "Move their core membership here" in page.text
    assert list(Membership.objects.values_list("community__name", "kind")) == [
        ("Data and Insight", "core")
    ]


def test_moving_a_core_membership_makes_the_old_one_wider(
    head, staff, community, other_community, client_for
):
    old = MembershipFactory(person=staff, community=community, kind="core", is_lead=True)
    response = client_for(head).post(
        ADD,
        {
            "person": staff.pk,
            "community": other_community.pk,
            "kind": "core",
            "switch_core": "on",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][1] == 302
    assert (
        "Alice Adams is now a core member of Events Management. Their core membership of Data "
        "and Insight is now wider. They no longer lead Data and Insight." in response.text
    )
    old.refresh_from_db()
    assert (old.kind, old.is_lead) == ("wider", False)
    assert Membership.objects.active().core().get(person=staff).community == other_community


def test_a_community_in_preparation_takes_no_members(head, staff, preparing_community, client_for):
    page = client_for(head).post(
        ADD, {"person": staff.pk, "community": preparing_community.pk, "kind": "wider"}
    )
    assert "Widening Participation has not launched yet" in page.text
    assert not Membership.objects.exists()


def test_a_wider_member_cannot_be_added_as_a_lead(head, staff, community, client_for):
    page = client_for(head).post(
        ADD, {"person": staff.pk, "community": community.pk, "kind": "wider", "is_lead": "on"}
    )
    assert page.status_code == 200
    assert "must be a core member of Data and Insight to be a lead" in page.text
    assert not Membership.objects.exists()


def test_adding_someone_already_in_the_community_is_a_form_error(
    head, staff, community, client_for
):
    MembershipFactory(person=staff, community=community, kind="wider")
    page = client_for(head).post(
        ADD, {"person": staff.pk, "community": community.pk, "kind": "wider"}
    )
    assert "Alice Adams is already a wider member of Data and Insight" in page.text
    assert Membership.objects.count() == 1


def test_the_change_form_changes_only_kind_and_lead(
    head, staff, other_staff, community, other_community, client_for
):
    membership = MembershipFactory(person=staff, community=community, kind="wider")
    response = client_for(head).post(
        change_url(membership),
        {
            "kind": "core",
            "is_lead": "on",
            "person": other_staff.pk,
            "community": other_community.pk,
        },
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.person, membership.community) == (staff, community)
    assert (membership.kind, membership.is_lead) == ("core", True)


def test_changing_to_core_when_core_elsewhere_is_a_form_error(
    head, staff, community, other_community, client_for
):
    MembershipFactory(person=staff, community=other_community, kind="core")
    wider = MembershipFactory(person=staff, community=community, kind="wider")
    page = client_for(head).post(change_url(wider), {"kind": "core"})
    assert page.status_code == 200
    assert "already a core member of Events Management" in page.text
    wider.refresh_from_db()
    assert wider.kind == "wider"


def test_making_a_lead_wider_without_unticking_lead_is_a_form_error(
    head, staff, community, client_for
):
    lead = MembershipFactory(person=staff, community=community, kind="core", is_lead=True)
    page = client_for(head).post(change_url(lead), {"kind": "wider", "is_lead": "on"})
    assert "must be a core member of Data and Insight to be a lead" in page.text
    lead.refresh_from_db()
    assert (lead.kind, lead.is_lead) == ("core", True)


def test_ending_selected_memberships_keeps_the_rows(
    head, staff, other_staff, community, client_for
):
    first = MembershipFactory(person=staff, community=community, kind="core")
    second = MembershipFactory(person=other_staff, community=community)
    response = client_for(head).post(
        LIST,
        {"action": "end_memberships", ACTION_CHECKBOX_NAME: [first.pk, second.pk]},
        follow=True,
    )
    assert "Ended 2 memberships" in response.text
    assert Membership.objects.count() == 2
    assert not Membership.objects.active().exists()
    assert first.history.latest().history_user == head


def test_a_membership_can_be_ended_from_its_own_page_after_confirming(
    head, staff, community, client_for
):
    membership = MembershipFactory(person=staff, community=community, kind="core", is_lead=True)
    client = client_for(head)
    end_url = reverse("admin:membership_membership_end", args=[membership.pk])
    page = client.get(change_url(membership))
    assert "End this membership…" in page.text
    assert end_url in page.text
    confirm = client.get(end_url)
    assert "You are about to end Alice Adams's core membership of Data and Insight." in (
        confirm.text
    )
    assert "Alice Adams is a lead: they stop being one." in confirm.text
    assert f'href="{change_url(membership)}"' in confirm.text  # "No, take me back"
    membership.refresh_from_db()
    assert membership.ended_at is None
    response = client.post(end_url, follow=True)
    assert "Ended 1 membership. The rows stay" in response.text
    membership.refresh_from_db()
    assert (membership.is_active, membership.is_lead) == (False, False)
    assert end_url not in client.get(change_url(membership)).text
    again = client.post(end_url, follow=True)  # a second click
    assert "had already ended" in again.text


def test_the_change_page_shows_who_and_where_and_changes_nothing_unasked(
    head, staff, community, client_for
):
    membership = MembershipFactory(person=staff, community=community, kind="wider")
    client = client_for(head)
    page = client.get(change_url(membership))
    assert "Alice Adams" in page.text
    assert "Data and Insight" in page.text
    assert 'name="person"' not in page.text
    response = client.post(change_url(membership), {"kind": "wider"}, follow=True)
    assert "Nothing was changed" in response.text
    assert membership.history.count() == 1


def test_save_and_continue_stays_on_the_membership(head, staff, community, client_for):
    membership = MembershipFactory(person=staff, community=community, kind="wider")
    response = client_for(head).post(
        change_url(membership), {"kind": "core", "_continue": "Save and continue editing"}
    )
    assert response.url == change_url(membership)
    membership.refresh_from_db()
    assert membership.kind == "core"


def test_a_closed_community_takes_no_members(head, staff, closed_community, client_for):
    page = client_for(head).post(
        ADD, {"person": staff.pk, "community": closed_community.pk, "kind": "wider"}
    )
    assert page.status_code == 200
    assert "Please correct the error below" in page.text
    assert "Old Practice has closed, so it cannot take members." in page.text
    assert not Membership.objects.exists()


def test_an_ended_membership_is_read_only_and_off_the_default_list(
    head, staff, other_staff, community, client_for
):
    ended = MembershipFactory(
        person=staff,
        community=community,
        joined_at=timezone.now() - timedelta(days=30),
        ended_at=timezone.now(),
    )
    MembershipFactory(person=other_staff, community=community)
    client = client_for(head)
    assert 'name="_save"' not in client.get(change_url(ended)).text
    assert client.post(change_url(ended), {"kind": "core"}).status_code == 403
    listed = client.get(LIST).text
    assert "Bob Brown" in listed
    assert "Alice Adams" not in listed
    assert "Alice Adams" in client.get(LIST, {"state": "ended"}).text


@pytest.mark.parametrize("who", ["head", "superuser"])
def test_memberships_cannot_be_deleted(request, who, staff, community, client_for):
    membership = MembershipFactory(person=staff, community=community)
    client = client_for(request.getfixturevalue(who))
    url = reverse("admin:membership_membership_delete", args=[membership.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert "delete_selected" not in client.get(LIST).text
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_head_adds_a_core_member_as_a_lead(head, staff, community, client_for):
    client_for(head).post(
        ADD, {"person": staff.pk, "community": community.pk, "kind": "core", "is_lead": "on"}
    )
    membership = Membership.objects.get(person=staff)
    assert (membership.kind, membership.is_lead) == ("core", True)
