"""Closing a community in the admin: confirm first, then memberships end and members hear."""

from datetime import timedelta

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from communities.models import Community
from membership.models import Interest, Membership

from .factories import InterestFactory, MembershipFactory, PersonFactory

LIST = reverse("admin:communities_community_changelist")


def members_of(community):
    MembershipFactory(community=community, kind="core", is_lead=True, person__email="c@ucl.ac.uk")
    MembershipFactory(community=community, kind="wider", person__email="w@ucl.ac.uk")
    MembershipFactory(
        community=community,
        person__email="gone@ucl.ac.uk",
        joined_at=timezone.now() - timedelta(days=60),
        ended_at=timezone.now() - timedelta(days=30),
    )


def test_the_close_action_asks_first_saying_how_many_members_it_affects(
    head, community, client_for, mailoutbox
):
    members_of(community)
    page = client_for(head).post(
        LIST, {"action": "close_selected", ACTION_CHECKBOX_NAME: [community.pk]}
    )
    assert page.status_code == 200
    assert "You are about to close this community" in page.text
    assert "2 active memberships will end, and those members will be emailed" in page.text
    community.refresh_from_db()
    assert community.status == Community.Status.LAUNCHED
    assert Membership.objects.active().count() == 2
    assert mailoutbox == []


def test_confirming_ends_the_memberships_keeps_the_rows_and_emails_the_members(
    head, community, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    members_of(community)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(head).post(
            LIST,
            {
                "action": "close_selected",
                ACTION_CHECKBOX_NAME: [community.pk],
                "post": "yes",
                "reason": "Its work is done",
            },
            follow=True,
        )
        assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert (
        "Data and Insight has closed. 2 memberships ended; closure notices are queued for 2 "
        "people." in response.text
    )
    community.refresh_from_db()
    assert community.status == Community.Status.CLOSED
    assert Membership.objects.count() == 3
    assert not Membership.objects.active().exists()
    assert not Membership.objects.filter(is_lead=True).exists()
    assert sorted(message.to[0] for message in mailoutbox) == ["c@ucl.ac.uk", "w@ucl.ac.uk"]
    assert mailoutbox[0].subject == "Data and Insight has closed"


def test_the_close_button_on_the_community_page_goes_through_the_confirmation(
    head, community, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    members_of(community)
    client = client_for(head)
    change_url = reverse("admin:communities_community_change", args=[community.pk])
    close_url = reverse("admin:communities_community_close", args=[community.pk])
    assert close_url in client.get(change_url).text
    confirm = client.get(close_url)
    assert "2 active memberships will end" in confirm.text
    assert f'href="{change_url}"' in confirm.text  # "No, take me back"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(close_url, {"reason": "Its work is done"})
    assert response.url == change_url
    community.refresh_from_db()
    assert community.status == Community.Status.CLOSED
    assert len(mailoutbox) == 2


def test_closing_a_community_in_preparation_keeps_its_interests(
    head, preparing_community, client_for
):
    InterestFactory(community=preparing_community, person=PersonFactory())
    client_for(head).post(
        LIST,
        {
            "action": "close_selected",
            ACTION_CHECKBOX_NAME: [preparing_community.pk],
            "post": "yes",
            "reason": "Not enough interest",
        },
    )
    preparing_community.refresh_from_db()
    assert preparing_community.status == Community.Status.CLOSED
    assert Interest.objects.filter(community=preparing_community).count() == 1


def test_reopening_is_deliberate_and_leaves_old_memberships_ended(
    head, community, client_for, django_capture_on_commit_callbacks
):
    members_of(community)
    client = client_for(head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            LIST,
            {
                "action": "close_selected",
                ACTION_CHECKBOX_NAME: [community.pk],
                "post": "yes",
                "reason": "Its work is done",
            },
        )
    confirm = client.post(LIST, {"action": "reopen_selected", ACTION_CHECKBOX_NAME: [community.pk]})
    assert "You are about to reopen this community" in confirm.text
    community.refresh_from_db()
    assert community.status == Community.Status.CLOSED
    response = client.post(
        LIST,
        {"action": "reopen_selected", ACTION_CHECKBOX_NAME: [community.pk], "post": "yes"},
        follow=True,
    )
    assert "Data and Insight is open again, in preparation" in response.text
    community.refresh_from_db()
    assert community.status == Community.Status.PREPARING
    assert not Membership.objects.active().exists()


def test_the_reopen_button_appears_only_on_a_closed_community(
    head, community, closed_community, client_for
):
    client = client_for(head)
    closed_page = client.get(
        reverse("admin:communities_community_change", args=[closed_community.pk])
    )
    launched_page = client.get(reverse("admin:communities_community_change", args=[community.pk]))
    assert "Reopen…" in closed_page.text
    assert "Close…" not in closed_page.text
    assert "Reopen…" not in launched_page.text
    assert "Close…" in launched_page.text


def test_closing_asks_for_a_reason_and_a_message_which_go_into_the_closure_email(
    head, community, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    members_of(community)
    client = client_for(head)
    close_url = reverse("admin:communities_community_close", args=[community.pk])
    confirm = client.get(close_url)
    assert "Reason for closing" in confirm.text
    assert "Message to its members (optional)" in confirm.text

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            close_url,
            {
                "reason": "It has merged into Events Management",
                "message": "Thank you all for two good years.\nSee you at Events Management!",
            },
        )

    community.refresh_from_db()
    assert community.status == Community.Status.CLOSED
    body = mailoutbox[0].body
    assert "Why it has closed: It has merged into Events Management" in body
    assert "A message from the Head of Communities of Practice:" in body
    assert "Thank you all for two good years.\nSee you at Events Management!" in body
    html = mailoutbox[0].alternatives[0][0]
    assert "Thank you all for two good years.<br>See you at Events Management!" in html
    closed = community.history.latest()
    assert closed.history_change_reason == "Closed: It has merged into Events Management"


def test_closing_without_a_reason_asks_again_and_closes_nothing(head, community, client_for):
    members_of(community)
    client = client_for(head)

    page = client.post(
        LIST,
        {"action": "close_selected", ACTION_CHECKBOX_NAME: [community.pk], "post": "yes"},
    )
    single = client.post(reverse("admin:communities_community_close", args=[community.pk]))

    for response in (page, single):
        assert response.status_code == 200
        assert "Give a reason for closing: its members will read it." in response.text
    community.refresh_from_db()
    assert community.status == Community.Status.LAUNCHED
    assert Membership.objects.active().count() == 2


def test_launching_asks_with_the_ordinary_button_and_closing_with_the_red_one(
    head, preparing_community, community, client_for
):
    client = client_for(head)

    launch = client.get(
        reverse("admin:communities_community_launch", args=[preparing_community.pk])
    )
    close = client.get(reverse("admin:communities_community_close", args=[community.pk]))

    assert "step-confirmation" in launch.text
    assert "delete-confirmation" not in launch.text
    assert "delete-confirmation" in close.text
