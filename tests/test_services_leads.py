"""Leads: a lead must be an active core member of the community they lead."""

import pytest

from membership import services
from membership.models import Membership


def test_a_core_member_can_be_made_a_lead(staff, community):
    membership = services.join(person=staff, community=community, kind="core").membership

    services.set_lead(membership=membership, is_lead=True)

    membership.refresh_from_db()
    assert membership.is_lead is True


def test_a_wider_member_cannot_be_made_a_lead(staff, community):
    membership = services.join(person=staff, community=community, kind="wider").membership

    with pytest.raises(services.LeadMustBeCore) as refused:
        services.set_lead(membership=membership, is_lead=True)

    assert refused.value.message == (
        "Alice Adams must be an active core member of Data and Insight to be a lead."
    )
    membership.refresh_from_db()
    assert membership.is_lead is False
    assert membership.history.count() == 1


def test_someone_who_has_left_cannot_be_made_a_lead(staff, community):
    membership = services.join(person=staff, community=community, kind="core").membership
    services.leave(person=staff, community=community)

    with pytest.raises(services.LeadMustBeCore):
        services.set_lead(membership=membership, is_lead=True)

    membership.refresh_from_db()
    assert membership.is_lead is False


def test_a_lead_can_stand_down_and_stays_a_core_member(staff, community):
    membership = services.join(person=staff, community=community, kind="core").membership
    services.set_lead(membership=membership, is_lead=True)

    services.set_lead(membership=membership, is_lead=False)

    membership.refresh_from_db()
    assert (membership.is_lead, membership.kind, membership.ended_at) == (False, "core", None)


def test_appointing_and_standing_down_a_lead_is_recorded_in_the_history(staff, community):
    membership = services.join(person=staff, community=community, kind="core").membership
    services.set_lead(membership=membership, is_lead=True)
    services.set_lead(membership=membership, is_lead=False)

    recorded = list(membership.history.order_by("history_date").values_list("is_lead", flat=True))
    assert recorded == [False, True, False]


def test_appointing_someone_already_lead_changes_nothing(staff, community):
    membership = services.join(person=staff, community=community, kind="core").membership
    services.set_lead(membership=membership, is_lead=True)

    services.set_lead(membership=membership, is_lead=True)

    assert membership.history.count() == 2
    assert Membership.objects.filter(is_lead=True).count() == 1


def test_a_community_can_have_several_leads(staff, other_staff, community):
    for person in (staff, other_staff):
        membership = services.join(person=person, community=community, kind="core").membership
        services.set_lead(membership=membership, is_lead=True)

    assert Membership.objects.filter(community=community, is_lead=True).count() == 2


def test_joining_as_a_core_lead_makes_the_person_a_lead_at_once(staff, community):
    membership = services.join(
        person=staff, community=community, kind="core", is_lead=True
    ).membership
    assert (membership.kind, membership.is_lead) == ("core", True)


def test_joining_as_a_wider_lead_is_refused_and_writes_nothing(staff, community):
    with pytest.raises(services.LeadMustBeCore, match="must be a core member"):
        services.join(person=staff, community=community, kind="wider", is_lead=True)
    assert not Membership.objects.filter(person=staff).exists()


def test_a_newly_appointed_lead_is_emailed_once(
    staff, community, mailoutbox, django_capture_on_commit_callbacks
):
    membership = services.join(person=staff, community=community, kind="core").membership
    with django_capture_on_commit_callbacks(execute=True):
        services.set_lead(membership=membership, is_lead=True)
        services.set_lead(membership=membership, is_lead=True)

    assert [message.to for message in mailoutbox] == [[staff.email]]
    assert mailoutbox[0].subject == "You are now a lead of Data and Insight"
    assert "/communities/data-and-insight/" in mailoutbox[0].body


def test_joining_as_a_lead_emails_the_new_lead(
    staff, community, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.join(person=staff, community=community, kind="core", is_lead=True)

    assert [message.subject for message in mailoutbox] == ["You are now a lead of Data and Insight"]


def test_standing_a_lead_down_sends_them_nothing(
    staff, community, mailoutbox, django_capture_on_commit_callbacks
):
    membership = services.join(person=staff, community=community, kind="core", is_lead=True)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_lead(membership=membership.membership, is_lead=False)

    assert mailoutbox == []
