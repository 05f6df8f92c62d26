"""Members are told when their community closes, and a failed notice is tried again."""

import pytest
from django.core.management import call_command

from membership import services
from outbox.models import Email

from .factories import CommunityFactory, MembershipFactory, PersonFactory


@pytest.fixture
def members(community):
    return [
        MembershipFactory(community=community, person=PersonFactory(email=email))
        for email in ["ann@ucl.ac.uk", "ian@ucl.ac.uk"]
    ]


def test_closing_tells_each_member_after_commit(
    community, members, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        closure = services.close_community(community=community)
    assert closure.emails_queued == 2
    assert sorted(message.to[0] for message in mailoutbox) == ["ann@ucl.ac.uk", "ian@ucl.ac.uk"]
    assert mailoutbox[0].subject == "Data and Insight has closed"


def test_a_failed_closure_notice_is_retried_for_that_member_only(
    community,
    members,
    mailoutbox,
    refused_addresses,
    time_passes,
    django_capture_on_commit_callbacks,
):
    refused_addresses.add("ian@ucl.ac.uk")
    with django_capture_on_commit_callbacks(execute=True):
        services.close_community(community=community)
    assert [message.to for message in mailoutbox] == [["ann@ucl.ac.uk"]]

    refused_addresses.clear()
    time_passes()
    call_command("deliver_outbox", verbosity=0)

    assert [message.to for message in mailoutbox] == [["ann@ucl.ac.uk"], ["ian@ucl.ac.uk"]]
    assert set(Email.objects.values_list("status", flat=True)) == {Email.Status.SENT}


def test_subjects_keep_ampersands_and_apostrophes(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    network = CommunityFactory(name="Events & Women's Network", slug="events-womens-network")
    MembershipFactory(community=network, person=PersonFactory(full_name="Niamh O'Brien"))
    with django_capture_on_commit_callbacks(execute=True):
        services.close_community(community=network)

    assert mailoutbox[0].subject == "Events & Women's Network has closed"
