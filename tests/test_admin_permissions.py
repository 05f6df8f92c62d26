"""Who gets into the admin: the Head of CoPs (by her group) and superusers; nobody else."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from membership.models import HEAD_OF_COPS_GROUP, Person

from .factories import MembershipFactory

HEAD_PERMISSIONS = {
    "communities.add_practicearea",
    "communities.change_practicearea",
    "communities.view_practicearea",
    "communities.add_community",
    "communities.change_community",
    "communities.view_community",
    "communities.change_programmecontact",
    "communities.view_programmecontact",
    "communities.view_historicalpracticearea",
    "communities.view_historicalcommunity",
    "membership.add_person",
    "membership.change_person",
    "membership.view_person",
    "membership.add_membership",
    "membership.change_membership",
    "membership.view_membership",
    "membership.view_historicalmembership",
    "membership.view_interest",
    # Yearly reconfirmation: read the reminders sent (answers go through the services).
    "membership.view_reconfirmation",
    # The outbox: read what was sent, and resend what failed.
    "outbox.change_email",
    "outbox.view_email",
    # Activities: see sessions, RSVPs and announcements; cancel sessions (through the services).
    "activities.view_session",
    "activities.change_session",
    "activities.view_rsvp",
    "activities.view_announcement",
    # Projects and resources: see them; hide and show resources (through the services).
    "activities.view_project",
    "activities.view_projectmember",
    "activities.view_resource",
    "activities.change_resource",
    # Proposed communities: read them and their supporters; accept or decline (the services).
    "proposals.view_proposal",
    "proposals.change_proposal",
    "proposals.view_support",
}

ADMIN_PAGES = [
    reverse("admin:index"),
    reverse("admin:communities_community_changelist"),
    reverse("admin:membership_membership_changelist"),
    reverse("admin:membership_membership_add"),
    reverse("admin:membership_person_import"),
    reverse("admin:membership_reconfirmation_changelist"),
    reverse("admin:membership_membership_import"),
    reverse("admin:activities_project_changelist"),
    reverse("admin:activities_projectmember_changelist"),
    reverse("admin:activities_resource_changelist"),
    reverse("admin:proposals_proposal_changelist"),
]

ACTIONS = {
    "communities_community": ["launch_selected", "close_selected", "reopen_selected"],
    "membership_person": ["send_invitations", "export_selected_people"],
    "membership_membership": [
        "end_memberships",
        "record_confirmation",
        "export_selected_memberships",
    ],
}


def test_the_cop_administrators_group_has_exactly_the_head_s_permissions(db):
    group = Group.objects.get(name=HEAD_OF_COPS_GROUP)
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }
    assert granted == HEAD_PERMISSIONS


def test_the_head_is_staff_through_her_group_and_not_a_superuser(head):
    assert head.is_staff
    assert not head.is_superuser
    assert not head.user_permissions.exists()


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_the_head_reaches_the_admin_pages(head, client_for, url):
    assert client_for(head).get(url).status_code == 200


@pytest.mark.parametrize(("model", "actions"), ACTIONS.items())
def test_the_head_is_offered_every_action(head, community, client_for, model, actions):
    MembershipFactory(community=community)  # the admin offers actions only on a non-empty list
    page = client_for(head).get(reverse(f"admin:{model}_changelist"))
    for action in actions:
        assert f'value="{action}"' in page.text


def test_the_head_sees_no_groups_or_task_results(head, client_for):
    index = client_for(head).get(reverse("admin:index")).text
    assert "Groups" not in index
    assert "task result" not in index.lower()


@pytest.mark.parametrize("who", ["staff", "sponsor"])
@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_staff_and_sponsors_are_sent_to_the_admin_sign_in(
    request, who, sponsored_area, community, client_for, url
):
    person = request.getfixturevalue(who)
    assert not person.is_staff
    response = client_for(person).get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_sponsor_cannot_launch_a_community(
    sponsor, sponsored_area, preparing_community, client_for
):
    response = client_for(sponsor).post(
        reverse("admin:communities_community_launch", args=[preparing_community.pk])
    )
    assert response.status_code == 302
    preparing_community.refresh_from_db()
    assert preparing_community.status == "preparing"


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_the_staff_flag_alone_does_not_open_the_admin(staff, client_for, url):
    # Admin access is the Head's group or a superuser's status: a flag set some other way
    # (the shell, an old fixture) lets nobody in.
    Person.objects.filter(pk=staff.pk).update(is_staff=True)
    staff.refresh_from_db()
    assert staff.is_staff
    assert not staff.is_head_of_cops
    assert not staff.is_superuser
    response = client_for(staff).get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_leaving_the_group_takes_admin_access_away(head, client_for):
    head.groups.clear()
    head.refresh_from_db()
    assert not head.is_staff
    assert client_for(head).get(reverse("admin:index")).status_code == 302


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_a_superuser_reaches_the_admin_pages(superuser, client_for, url):
    assert client_for(superuser).get(url).status_code == 200


def test_a_superuser_can_make_someone_a_superuser_but_the_head_cannot(
    head, superuser, staff, client_for
):
    url = reverse("admin:membership_person_change", args=[staff.pk])
    assert 'name="is_superuser"' in client_for(superuser).get(url).text
    assert 'name="is_superuser"' not in client_for(head).get(url).text
    client_for(head).post(
        url,
        {
            "email": staff.email,
            "full_name": staff.full_name,
            "is_active": "on",
            "is_superuser": "on",
        },
    )
    staff.refresh_from_db()
    assert not staff.is_superuser
