"""Saving a community or a person in the admin writes only what the Head changed.

Each test lets another change land after the admin has read the object and before it saves,
as a launch, a close or a password change in another request would. The admin's save must keep
that change, and the community's history must not claim the Head undid it.
"""

import pytest
from django.contrib.auth.models import Group
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from communities.models import Community
from membership import services
from membership.admin.communities import CommunityAdmin
from membership.admin.people import PersonAdmin
from membership.models import HEAD_OF_COPS_GROUP, Person

from .factories import MembershipFactory


@pytest.fixture
def meanwhile(monkeypatch):
    """`meanwhile(ModelAdmin, change)`: run `change(obj)` just after the admin reads `obj`."""

    def arrange(model_admin, change):
        real = model_admin.get_object

        def get_object(self, request, object_id, from_field=None):
            obj = real(self, request, object_id, from_field)
            if obj is not None and request.method == "POST":
                change(obj)
            return obj

        monkeypatch.setattr(model_admin, "get_object", get_object)

    return arrange


def community_form(community, **changes):
    """The community's admin form as the page showed it, with `changes` made."""
    fields = ["name", "slug", "practice_area", "summary", "description"]
    return {**model_to_dict(community, fields=fields), **changes}


def person_form(person, **changes):
    """The person's admin form as the page showed it, with `changes` made."""
    fields = ["email", "full_name", "department", "job_title", "is_active"]
    return {**model_to_dict(person, fields=fields), **changes}


def test_renaming_a_community_as_it_closes_leaves_it_closed(head, community, client_for, meanwhile):
    MembershipFactory(community=community, kind="core")
    meanwhile(CommunityAdmin, lambda obj: services.close_community(community=Community(pk=obj.pk)))
    url = reverse("admin:communities_community_change", args=[community.pk])
    response = client_for(head).post(url, community_form(community, summary="New summary"))
    assert response.status_code == 302
    community.refresh_from_db()
    assert (community.status, community.summary) == ("closed", "New summary")
    assert not community.memberships.active().exists()
    latest = community.history.order_by("-history_date", "-history_id").first()
    assert (latest.status, latest.summary, latest.history_user) == ("closed", "New summary", head)


def test_renaming_a_community_as_it_launches_keeps_the_launch(
    head, preparing_community, client_for, meanwhile
):
    meanwhile(CommunityAdmin, lambda obj: services.launch_community(community=Community(pk=obj.pk)))
    url = reverse("admin:communities_community_change", args=[preparing_community.pk])
    client_for(head).post(url, community_form(preparing_community, name="Widening Access"))
    preparing_community.refresh_from_db()
    assert (preparing_community.name, preparing_community.status) == ("Widening Access", "launched")
    assert preparing_community.launched_on == timezone.localdate()


def test_saving_an_unchanged_community_writes_nothing(head, community, client_for, meanwhile):
    meanwhile(CommunityAdmin, lambda obj: services.close_community(community=obj))
    url = reverse("admin:communities_community_change", args=[community.pk])
    before = community.history.count()
    client_for(head).post(url, community_form(community))
    community.refresh_from_db()
    assert community.status == "closed"
    assert community.history.count() == before + 1  # the close, and no save after it


def test_a_person_s_admin_save_keeps_a_password_sign_in_and_access_changed_meanwhile(
    head, staff, client_for, meanwhile
):
    signed_in = timezone.now()

    def elsewhere(obj):
        person = Person.objects.get(pk=obj.pk)
        person.set_password("changed at the same moment")
        person.last_login = signed_in
        person.save(update_fields=["password", "last_login"])
        person.groups.add(Group.objects.get(name=HEAD_OF_COPS_GROUP))  # is_staff follows

    meanwhile(PersonAdmin, elsewhere)
    url = reverse("admin:membership_person_change", args=[staff.pk])
    # The page showed an unticked "CoP administrator" box, and the Head left it so.
    data = person_form(staff, department="Library", **{"initial-cop_administrator": "False"})
    response = client_for(head).post(url, data)
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.department == "Library"
    assert staff.check_password("changed at the same moment")
    assert staff.last_login == signed_in
    assert staff.is_staff
    assert staff.is_head_of_cops


def test_adding_a_person_still_saves_them_whole(head, client_for):
    client = client_for(head)
    client.post(
        reverse("admin:membership_person_add"),
        {"email": "nina@ucl.ac.uk", "full_name": "Nina New", "department": "Library"},
    )
    assert Person.objects.get(email="nina@ucl.ac.uk").department == "Library"
