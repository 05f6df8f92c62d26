"""Reconfirmation in the Head's admin: the reminders read-only, and answers she records."""

from datetime import UTC, datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from membership import services
from membership.models import Membership, Reconfirmation
from membership.reconfirmation_models import add_months

from .factories import MembershipFactory

LIST = reverse("admin:membership_membership_changelist")


@pytest.fixture
def awaiting(staff, community, clock):
    membership = MembershipFactory(
        person=staff, community=community, kind="core", joined_at=datetime(2020, 1, 1, tzinfo=UTC)
    )
    services.run_reconfirmation()
    clock.set(add_months(clock.now, 12))
    services.run_reconfirmation()
    return membership


def test_the_head_records_a_confirmation_a_member_emailed_her(awaiting, head, client_for, clock):
    wider = MembershipFactory(kind="wider")

    response = client_for(head).post(
        LIST,
        {"action": "record_confirmation", ACTION_CHECKBOX_NAME: [awaiting.pk, wider.pk]},
        follow=True,
    )

    assert "Recorded 1 confirmation of core membership" in response.text
    assert "1 membership left as they were: only active core memberships are confirmed." in (
        response.text
    )
    awaiting.refresh_from_db()
    assert awaiting.confirmed_at == clock.now
    assert Reconfirmation.objects.get().outcome == "confirmed"
    history = awaiting.history.latest()
    assert history.history_user == head
    assert history.history_change_reason == (
        "Confirmed core membership (recorded by the Head of CoPs)"
    )


def test_the_reminders_are_listed_read_only(awaiting, head, client_for):
    client = client_for(head)

    page = client.get(reverse("admin:membership_reconfirmation_changelist") + "?answer=awaiting")

    assert page.status_code == 200
    assert page.context["cl"].result_count == 1
    assert "Alice Adams" in page.text
    assert "Awaiting an answer" in page.text
    reminder = Reconfirmation.objects.get()
    detail = client.get(reverse("admin:membership_reconfirmation_change", args=[reminder.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.text  # read-only: nothing to save
    assert Membership.objects.get().kind == "core"
