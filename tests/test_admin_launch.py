"""The Head launches a community from the admin; the people interested hear once, after commit."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from communities.models import Community

from .factories import InterestFactory, PersonFactory

LIST = reverse("admin:communities_community_changelist")


def launch_from_list(client, community):
    """The list's action, confirmed: the second POST is the "Yes, launch" button."""
    return client.post(
        LIST,
        {"action": "launch_selected", ACTION_CHECKBOX_NAME: [community.pk], "post": "yes"},
        follow=True,
    )


@pytest.fixture
def interested(preparing_community):
    return [
        InterestFactory(community=preparing_community, person=PersonFactory(email=email))
        for email in ["ivy@ucl.ac.uk", "ian@ucl.ac.uk"]
    ]


def test_the_launch_action_opens_the_community_and_emails_the_interested_after_commit(
    head,
    preparing_community,
    interested,
    client_for,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    bystander = InterestFactory(person=PersonFactory(email="other@ucl.ac.uk"))
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(head).post(
            LIST,
            {
                "action": "launch_selected",
                ACTION_CHECKBOX_NAME: [preparing_community.pk],
                "post": "yes",
            },
            follow=True,
        )
        assert mailoutbox == []  # Nobody hears of a launch before it is committed.
    assert (
        "Widening Participation has launched. Launch notices are queued for 2 people who "
        "registered interest." in response.text
    )
    for callback in callbacks:
        callback()
    preparing_community.refresh_from_db()
    assert preparing_community.status == Community.Status.LAUNCHED
    assert preparing_community.launched_on == timezone.localdate()
    assert sorted(message.to[0] for message in mailoutbox) == ["ian@ucl.ac.uk", "ivy@ucl.ac.uk"]
    assert "http://127.0.0.1:8000/communities/widening-participation/" in mailoutbox[0].body
    bystander.refresh_from_db()
    assert bystander.notified_at is None


def test_the_launch_button_asks_first_and_says_who_will_be_emailed(
    head,
    preparing_community,
    interested,
    client_for,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client = client_for(head)
    change = client.get(
        reverse("admin:communities_community_change", args=[preparing_community.pk])
    )
    launch_url = reverse("admin:communities_community_launch", args=[preparing_community.pk])
    assert launch_url in change.text
    confirm = client.get(launch_url)
    assert "the 2 people who registered interest will be emailed a link to join" in confirm.text
    preparing_community.refresh_from_db()
    assert preparing_community.status == Community.Status.PREPARING
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(launch_url)
    assert response.url == reverse(
        "admin:communities_community_change", args=[preparing_community.pk]
    )
    preparing_community.refresh_from_db()
    assert preparing_community.status == Community.Status.LAUNCHED
    assert len(mailoutbox) == 2


def test_launching_twice_emails_nobody_twice(
    head,
    preparing_community,
    interested,
    client_for,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client = client_for(head)
    data = {
        "action": "launch_selected",
        ACTION_CHECKBOX_NAME: [preparing_community.pk],
        "post": "yes",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(LIST, data)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(LIST, data, follow=True)
    assert "Widening Participation was already launched" in again.text
    assert len(mailoutbox) == 2


def test_a_closed_community_cannot_be_launched_without_reopening(
    head, closed_community, client_for
):
    response = launch_from_list(client_for(head), closed_community)
    assert "Old Practice is closed. Reopen it before launching it again." in response.text
    closed_community.refresh_from_db()
    assert closed_community.status == Community.Status.CLOSED


def test_reopening_a_launched_community_is_refused_with_a_message(head, community, client_for):
    response = client_for(head).get(
        reverse("admin:communities_community_reopen", args=[community.pk]), follow=True
    )
    assert "Data and Insight is launched: it cannot be reopened from there." in response.text


def test_a_launch_nobody_was_waiting_for_says_no_notices_were_needed(
    head, preparing_community, client_for
):
    response = launch_from_list(client_for(head), preparing_community)
    assert (
        "Widening Participation has launched. Nobody had registered interest, so no launch "
        "notices were needed." in response.text
    )


def test_a_failed_launch_notice_waits_in_the_outbox_not_behind_a_community_button(
    head,
    preparing_community,
    interested,
    client_for,
    refused_addresses,
    django_capture_on_commit_callbacks,
):
    from outbox.models import Email

    refused_addresses.add("ian@ucl.ac.uk")
    client = client_for(head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:communities_community_launch", args=[preparing_community.pk]))
    change = client.get(
        reverse("admin:communities_community_change", args=[preparing_community.pk])
    ).text
    assert "Resend" not in change
    assert "resend_launch_notices" not in client.get(LIST).text
    failed = Email.objects.get(to_address="ian@ucl.ac.uk", kind="launch_notice")
    assert failed.status != Email.Status.SENT
    outbox = client.get(reverse("admin:outbox_email_changelist"), {"kind": "launch_notice"})
    assert "ian@ucl.ac.uk" in outbox.text
    assert 'value="resend_failed"' in outbox.text


def test_the_launch_action_asks_first_and_launches_nothing(
    head, preparing_community, interested, client_for, mailoutbox
):
    response = client_for(head).post(
        LIST, {"action": "launch_selected", ACTION_CHECKBOX_NAME: [preparing_community.pk]}
    )
    assert response.status_code == 200
    assert "Launch: are you sure?" in response.text
    assert "the 2 people who registered interest will be emailed" in response.text
    preparing_community.refresh_from_db()
    assert preparing_community.status == Community.Status.PREPARING
    assert mailoutbox == []


def test_a_crafted_select_across_launches_nothing_without_the_confirmation(
    head, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    from .factories import CommunityFactory

    waiting = [CommunityFactory(status=Community.Status.PREPARING) for _ in range(3)]
    for community in waiting:
        InterestFactory(community=community)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(head).post(
            LIST,
            {
                "action": "launch_selected",
                "select_across": "1",
                "index": "0",
                ACTION_CHECKBOX_NAME: [waiting[0].pk],
            },
        )
    assert response.status_code == 200
    assert "You are about to launch these 3 communities" in response.text
    assert not Community.objects.filter(status=Community.Status.LAUNCHED).exists()
    assert mailoutbox == []
