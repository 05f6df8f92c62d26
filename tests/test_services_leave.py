"""Leaving a community ends the membership; the row stays so past reports stay true."""

import pytest

from membership import services
from membership.models import Membership


def test_leaving_ends_the_membership_and_keeps_the_row(staff, community):
    membership = services.join(person=staff, community=community, kind="core").membership

    services.leave(person=staff, community=community)

    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert membership.ended_at >= membership.joined_at
    assert not Membership.objects.active().filter(person=staff).exists()
    assert Membership.objects.filter(person=staff).count() == 1


def test_leaving_a_community_never_joined_is_refused(staff, community):
    with pytest.raises(services.NotAMember) as refused:
        services.leave(person=staff, community=community)

    assert refused.value.message == "You are not a member of Data and Insight."
    assert refused.value.community == community
    assert not Membership.objects.exists()


def test_leaving_twice_is_refused_and_the_first_ending_stands(staff, community):
    services.join(person=staff, community=community, kind="wider")
    first = services.leave(person=staff, community=community).membership

    with pytest.raises(services.NotAMember):
        services.leave(person=staff, community=community)

    first_ended_at = first.ended_at
    first.refresh_from_db()
    assert first.ended_at == first_ended_at


def test_leaving_one_community_leaves_the_others_alone(staff, community, other_community):
    services.join(person=staff, community=community, kind="core")
    services.join(person=staff, community=other_community, kind="wider")

    services.leave(person=staff, community=other_community)

    assert list(Membership.objects.active().values_list("community__name", "kind")) == [
        ("Data and Insight", "core")
    ]


def test_leaving_someone_elses_community_is_refused(staff, other_staff, community):
    services.join(person=other_staff, community=community, kind="wider")

    with pytest.raises(services.NotAMember):
        services.leave(person=staff, community=community)

    assert Membership.objects.active().filter(person=other_staff).count() == 1


def test_a_lead_who_leaves_stops_being_lead_and_the_head_is_emailed(
    staff, head, community, django_capture_on_commit_callbacks, mailoutbox
):
    membership = services.join(person=staff, community=community, kind="core").membership
    services.set_lead(membership=membership, is_lead=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.leave(person=staff, community=community)

    membership.refresh_from_db()
    assert (membership.is_lead, membership.ended_at is not None) == (False, True)
    assert [message.to for message in mailoutbox] == [[head.email]]
