"""A community's life: launch, close and reopen, and the emails each sends after commit."""

from datetime import date
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from communities.models import Community
from membership import services
from membership.models import Interest, Membership

from .factories import InterestFactory, MembershipFactory, PersonFactory

# Launching ------------------------------------------------------------------------------------


def test_launching_opens_the_community_to_members(staff, preparing_community):
    assert services.launch_community(community=preparing_community).changed is True

    assert preparing_community.status == Community.Status.LAUNCHED
    assert preparing_community.launched_on == timezone.localdate()
    services.join(person=staff, community=preparing_community, kind="core")


def test_launching_records_the_date_given(preparing_community):
    services.launch_community(community=preparing_community, launched_on=date(2026, 3, 2))

    preparing_community.refresh_from_db()
    assert preparing_community.launched_on == date(2026, 3, 2)


def test_launching_emails_everyone_interested_once_after_commit(
    preparing_community, django_capture_on_commit_callbacks, mailoutbox
):
    interests = InterestFactory.create_batch(3, community=preparing_community)
    with django_capture_on_commit_callbacks(execute=True):
        services.launch_community(community=preparing_community)

    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        interest.person.email for interest in interests
    )
    assert mailoutbox[0].subject == ("Widening Participation has launched: join as core or wider")
    assert not Interest.objects.filter(notified_at__isnull=True).exists()


def test_launching_twice_changes_nothing_and_emails_nobody_again(
    preparing_community, django_capture_on_commit_callbacks, mailoutbox
):
    InterestFactory(community=preparing_community)
    with django_capture_on_commit_callbacks(execute=True):
        services.launch_community(community=preparing_community, launched_on=date(2026, 1, 5))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = services.launch_community(community=preparing_community)

    assert again.changed is False
    assert callbacks == []
    assert len(mailoutbox) == 1
    preparing_community.refresh_from_db()
    assert preparing_community.launched_on == date(2026, 1, 5)


def test_a_launch_that_rolls_back_emails_nobody(
    preparing_community, django_capture_on_commit_callbacks, mailoutbox
):
    InterestFactory(community=preparing_community)

    def launch_then_fail():
        with transaction.atomic():
            services.launch_community(community=preparing_community)
            raise RuntimeError("something later in the same request failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        launch_then_fail()

    assert mailoutbox == []
    preparing_community.refresh_from_db()
    assert preparing_community.status == Community.Status.PREPARING


def test_launching_a_closed_community_is_refused_until_it_is_reopened(closed_community):
    with pytest.raises(services.InvalidStatusChange) as refused:
        services.launch_community(community=closed_community)

    assert refused.value.message == "Old Practice is closed. Reopen it before launching it again."
    closed_community.refresh_from_db()
    assert closed_community.status == Community.Status.CLOSED


def test_a_launch_notice_that_fails_is_sent_by_the_next_outbox_run(
    preparing_community,
    refused_addresses,
    time_passes,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    ok, failing = InterestFactory.create_batch(2, community=preparing_community)
    refused_addresses.add(failing.person.email)
    with django_capture_on_commit_callbacks(execute=True):
        services.launch_community(community=preparing_community)
    assert [message.to for message in mailoutbox] == [[ok.person.email]]

    refused_addresses.clear()
    time_passes()
    call_command("deliver_outbox", verbosity=0)

    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [ok.person.email, failing.person.email]
    )


# Closing --------------------------------------------------------------------------------------


def test_closing_ends_every_active_membership_and_keeps_the_rows(community, staff, other_staff):
    services.join(person=staff, community=community, kind="core")
    services.join(person=other_staff, community=community, kind="wider")

    closure = services.close_community(community=community)

    assert closure.memberships_ended == 2
    assert community.status == Community.Status.CLOSED
    assert Membership.objects.filter(community=community).count() == 2
    assert not Membership.objects.active().filter(community=community).exists()
    ended_at = set(Membership.objects.values_list("ended_at", flat=True))
    assert len(ended_at) == 1
    assert None not in ended_at


def test_closing_leaves_earlier_endings_and_other_communities_alone(
    community, other_community, staff, other_staff
):
    long_ago = timezone.now() - timezone.timedelta(days=300)
    earlier = MembershipFactory(
        person=other_staff, community=community, joined_at=long_ago, ended_at=long_ago
    )
    elsewhere = services.join(person=staff, community=other_community, kind="core").membership

    services.close_community(community=community)

    earlier.refresh_from_db()
    elsewhere.refresh_from_db()
    assert earlier.ended_at == long_ago
    assert elsewhere.is_active


def test_closing_stands_down_the_leads(community, staff):
    membership = services.join(person=staff, community=community, kind="core").membership
    services.set_lead(membership=membership, is_lead=True)

    services.close_community(community=community)

    membership.refresh_from_db()
    assert membership.is_lead is False
    assert membership.ended_at is not None


def test_closing_keeps_registrations_of_interest_as_history(preparing_community):
    InterestFactory(community=preparing_community)

    services.close_community(community=preparing_community)

    assert Interest.objects.filter(community=preparing_community).count() == 1


def test_closing_emails_the_members_whose_memberships_ended(
    community, staff, other_staff, django_capture_on_commit_callbacks, mailoutbox
):
    services.join(person=staff, community=community, kind="core")
    services.join(person=other_staff, community=community, kind="wider")
    services.leave(person=other_staff, community=community)

    with django_capture_on_commit_callbacks(execute=True):
        services.close_community(community=community)

    assert [message.to for message in mailoutbox] == [[staff.email]]
    assert mailoutbox[0].subject == "Data and Insight has closed"


def test_closing_is_all_or_nothing(community):
    people = PersonFactory.create_batch(3)
    for person in people:
        services.join(person=person, community=community, kind="wider")
    real_save = Membership.save
    saves = []

    def failing_save(self, *args, **kwargs):
        saves.append(self.pk)
        if len(saves) == 2:
            raise RuntimeError("database went away mid-close")
        return real_save(self, *args, **kwargs)

    with mock.patch.object(Membership, "save", failing_save), pytest.raises(RuntimeError):
        services.close_community(community=community)

    community.refresh_from_db()
    assert community.status == Community.Status.LAUNCHED
    assert Membership.objects.active().filter(community=community).count() == 3


def test_closing_twice_ends_nothing_more(community, staff, mailoutbox):
    services.join(person=staff, community=community, kind="core")
    services.close_community(community=community)

    assert services.close_community(community=community).memberships_ended == 0


# Reopening ------------------------------------------------------------------------------------


def test_reopening_brings_a_closed_community_back_into_preparation(community, staff):
    old = services.join(person=staff, community=community, kind="core").membership
    services.close_community(community=community)

    assert services.reopen_community(community=community).changed is True

    assert community.status == Community.Status.PREPARING
    old.refresh_from_db()
    assert old.ended_at is not None
    services.register_interest(person=staff, community=community)


def test_reopening_a_community_that_is_not_closed_does_nothing(community):
    assert services.reopen_community(community=community).changed is False

    community.refresh_from_db()
    assert community.status == Community.Status.LAUNCHED


def test_a_reopened_community_can_be_launched_again(community, staff):
    services.close_community(community=community)
    services.reopen_community(community=community)

    services.launch_community(community=community)

    services.join(person=staff, community=community, kind="wider")
    assert Membership.objects.active().filter(community=community).count() == 1


def test_people_interested_before_a_closure_hear_of_the_launch_after_reopening(
    preparing_community, staff, mailoutbox, django_capture_on_commit_callbacks
):
    services.register_interest(person=staff, community=preparing_community)
    with django_capture_on_commit_callbacks(execute=True):
        services.launch_community(community=preparing_community)
    services.close_community(community=preparing_community)
    services.reopen_community(community=preparing_community)
    assert Interest.objects.get(person=staff).notified_at is None

    with django_capture_on_commit_callbacks(execute=True):
        services.launch_community(community=preparing_community)

    launch_notices = [m for m in mailoutbox if "has launched" in m.subject]
    assert [m.to for m in launch_notices] == [[staff.email], [staff.email]]
