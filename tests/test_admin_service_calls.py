"""Each write the Head makes in the admin is one service call: no trial run, no second run.

A refusal comes back from that one call and is shown on the same form, with nothing written.
"""

from collections import Counter

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from membership import services
from membership.models import Membership

from .factories import MembershipFactory

ADD = reverse("admin:membership_membership_add")


def change_url(membership):
    return reverse("admin:membership_membership_change", args=[membership.pk])


@pytest.fixture
def calls(monkeypatch) -> Counter:
    """Count the calls to each membership service the admin makes, letting each run."""
    counted = Counter()
    for name in ["join", "update_membership", "leave", "set_lead", "change_kind"]:
        real = getattr(services, name)

        def counting(*args, _name=name, _real=real, **kwargs):
            counted[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(services, name, counting)
    return counted


def test_adding_a_membership_calls_join_once(head, staff, community, client_for, calls):
    response = client_for(head).post(
        ADD, {"person": staff.pk, "community": community.pk, "kind": "core", "is_lead": "on"}
    )
    assert response.status_code == 302
    assert calls == {"join": 1}
    assert Membership.objects.get(person=staff).is_lead


def test_changing_kind_and_lead_calls_update_membership_once(
    head, staff, community, client_for, calls
):
    membership = MembershipFactory(person=staff, community=community, kind="wider")
    client_for(head).post(change_url(membership), {"kind": "core", "is_lead": "on"})
    assert calls == {"update_membership": 1}
    membership.refresh_from_db()
    assert (membership.kind, membership.is_lead) == ("core", True)


def test_ending_a_membership_calls_leave_once(head, staff, community, client_for, calls):
    membership = MembershipFactory(person=staff, community=community)
    client_for(head).post(reverse("admin:membership_membership_end", args=[membership.pk]))
    assert calls == {"leave": 1}
    membership.refresh_from_db()
    assert not membership.is_active


def test_ending_selected_memberships_calls_leave_once_each(
    head, staff, other_staff, community, client_for, calls
):
    ids = [
        MembershipFactory(person=person, community=community).pk for person in (staff, other_staff)
    ]
    client_for(head).post(
        reverse("admin:membership_membership_changelist"),
        {"action": "end_memberships", ACTION_CHECKBOX_NAME: ids},
    )
    assert calls == {"leave": 2}


def test_appointing_a_lead_calls_set_lead_once(head, staff, community, client_for, calls):
    membership = MembershipFactory(person=staff, community=community, kind="core")
    client_for(head).post(
        reverse("admin:communities_community_appoint_lead", args=[community.pk]),
        {"membership": membership.pk},
    )
    assert calls == {"set_lead": 1}
    membership.refresh_from_db()
    assert membership.is_lead


def test_standing_a_lead_down_calls_set_lead_once(head, staff, community, client_for, calls):
    membership = MembershipFactory(person=staff, community=community, kind="core", is_lead=True)
    client_for(head).post(
        reverse("admin:communities_community_stand_down_lead", args=[community.pk]),
        {"membership": membership.pk},
    )
    assert calls == {"set_lead": 1}
    membership.refresh_from_db()
    assert not membership.is_lead


# Refusals: the one call refuses, the form says why, nothing is written ----------------------


def test_a_second_core_without_the_switch_is_refused_by_the_one_call(
    head, staff, community, other_community, client_for, calls
):
    MembershipFactory(person=staff, community=community, kind="core")
    page = client_for(head).post(
        ADD, {"person": staff.pk, "community": other_community.pk, "kind": "core"}
    )
    assert calls == {"join": 1}
    assert "Please correct the error below" in page.text
    assert "Alice Adams is already a core member of Data and Insight" in page.text
    assert Membership.objects.count() == 1


def test_a_wider_lead_is_refused_by_the_one_call(head, staff, community, client_for, calls):
    membership = MembershipFactory(person=staff, community=community, kind="core", is_lead=True)
    page = client_for(head).post(change_url(membership), {"kind": "wider", "is_lead": "on"})
    assert calls == {"update_membership": 1}
    assert "must be a core member of Data and Insight to be a lead" in page.text
    membership.refresh_from_db()
    assert (membership.kind, membership.is_lead) == ("core", True)
    assert membership.history.count() == 1


def test_a_closed_community_is_refused_by_the_one_call(
    head, staff, closed_community, client_for, calls
):
    page = client_for(head).post(
        ADD, {"person": staff.pk, "community": closed_community.pk, "kind": "core"}
    )
    assert calls == {"join": 1}
    assert "Old Practice has closed, so it cannot take members." in page.text
    assert not Membership.objects.exists()


def test_a_form_that_does_not_parse_calls_no_service(head, staff, client_for, calls):
    page = client_for(head).post(ADD, {"person": staff.pk, "kind": "core"})
    assert page.status_code == 200
    assert "This field is required" in page.text
    assert calls == {}
