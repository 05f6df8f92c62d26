"""Projects, their participants and the resource libraries in the admin: the Head reads them,
hides and shows resources only through the services, and edits nothing there."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities import services
from activities.models import Resource, ResourceTag

from .activity_factories import ProjectFactory, ProjectMemberFactory, ResourceFactory
from .factories import MembershipFactory, PersonFactory

PROJECTS = reverse("admin:activities_project_changelist")
PARTICIPANTS = reverse("admin:activities_projectmember_changelist")
RESOURCES = reverse("admin:activities_resource_changelist")


@pytest.fixture
def project(community):
    """An active project led by a core member, with two taking part and one who stepped back."""
    lead = PersonFactory(full_name="Priya Lead")
    MembershipFactory(person=lead, community=community, kind="core")
    made = ProjectFactory(community=community, title="Dashboard standards", lead=lead, active=True)
    ProjectMemberFactory(project=made, person__full_name="Tariq Taking-Part")
    ProjectMemberFactory(project=made, person__full_name="Uma Taking-Part")
    ProjectMemberFactory(
        project=made, person__full_name="Lee Left", left_at=timezone.now() - timedelta(days=1)
    )
    return made


@pytest.fixture
def leaderless(community):
    """A project whose lead left the community: it needs a lead."""
    return ProjectFactory(community=community, title="Glossary of terms", lead=None, active=True)


@pytest.fixture
def shared_file(community):
    resource = ResourceFactory(community=community, title="Month-end checklist", pdf=True)
    ResourceTag.objects.create(resource=resource, name="finance")
    ResourceTag.objects.create(resource=resource, name="checklists")
    return resource


def _act(client, action, *resources):
    return client.post(
        RESOURCES,
        {"action": action, ACTION_CHECKBOX_NAME: [r.pk for r in resources]},
        follow=True,
    )


def test_the_head_sees_projects_with_their_lead_and_how_many_take_part(
    head, client_for, project, leaderless
):
    page = client_for(head).get(PROJECTS)

    assert page.status_code == 200
    rows = {row.title: row for row in page.context["cl"].result_list}
    assert rows["Dashboard standards"].live_count == 2  # Not the one who stepped back.
    assert "Priya Lead" in page.text
    assert "Needs a lead" in page.text  # The leaderless project says so.


def test_the_head_picks_out_the_projects_that_need_a_lead(head, client_for, project, leaderless):
    page = client_for(head).get(PROJECTS, {"lead": "needed"})

    assert [row.title for row in page.context["cl"].result_list] == ["Glossary of terms"]


def test_a_completed_project_without_a_lead_does_not_need_one(head, client_for, community):
    ProjectFactory(community=community, title="Old survey", lead=None, completed=True)

    page = client_for(head).get(PROJECTS, {"lead": "needed"})

    assert list(page.context["cl"].result_list) == []


def test_a_project_reads_in_full_and_is_changed_on_the_site(head, client_for, project):
    url = reverse("admin:activities_project_change", args=[project.pk])
    page = client_for(head).get(url)

    assert page.status_code == 200
    assert 'name="title"' not in page.text  # Read-only: no form fields.
    assert "Tariq Taking-Part" in page.text
    assert "Lee Left" in page.text  # Who took part stays as history.
    assert reverse("project-edit", kwargs={"pk": project.pk}) in page.text
    posted = client_for(head).post(url, {"title": "Renamed", "status": "completed"})
    assert posted.status_code == 403
    project.refresh_from_db()
    assert (project.title, project.status) == ("Dashboard standards", "active")


def test_the_head_sees_who_takes_part_in_which_project(head, client_for, project):
    page = client_for(head).get(PARTICIPANTS, {"q": "Taking-Part"})

    assert page.status_code == 200
    assert len(page.context["cl"].result_list) == 2
    assert "Dashboard standards" in page.text


def test_the_head_sees_resources_and_their_files_open_through_the_download_view(
    head, client_for, shared_file, community
):
    ResourceFactory(community=community, title="Style guide", author=None)
    signed_in = client_for(head)

    listed = signed_in.get(RESOURCES)
    page = signed_in.get(reverse("admin:activities_resource_change", args=[shared_file.pk]))

    assert "Month-end checklist" in listed.text
    assert "A former member" in listed.text  # The link whose author's record was removed.
    assert 'value="hide_selected"' in listed.text
    assert 'value="unhide_selected"' in listed.text
    assert f'href="{reverse("resource-file", kwargs={"pk": shared_file.pk})}"' in page.text
    assert shared_file.file.name not in page.text  # Never a link straight to the storage.
    assert "checklists, finance" in page.text
    assert 'name="title"' not in page.text


def test_hiding_from_the_admin_goes_through_the_services(
    head, client_for, shared_file, monkeypatch
):
    calls = []
    real = services.hide_resource

    def spy(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(services, "hide_resource", spy)

    page = _act(client_for(head), "hide_selected", shared_file)

    shared_file.refresh_from_db()
    assert shared_file.hidden
    assert calls == [{"resource": shared_file, "by": head}]
    assert "Hid 1 resource." in page.text


def test_hiding_what_is_already_hidden_changes_nothing_and_says_so(
    head, client_for, shared_file, community
):
    hidden = ResourceFactory(community=community, hidden=True)

    page = _act(client_for(head), "hide_selected", shared_file, hidden)

    assert Resource.objects.filter(hidden=True).count() == 2
    assert "Hid 1 resource." in page.text
    assert "1 resource was already hidden; nothing changed." in page.text


def test_showing_again_from_the_admin(superuser, client_for, community):
    hidden = ResourceFactory.create_batch(2, community=community, hidden=True)

    page = _act(client_for(superuser), "unhide_selected", *hidden)

    assert not Resource.objects.filter(hidden=True).exists()
    assert "Showed 2 resources." in page.text


def test_a_refusal_from_the_service_is_reported_and_changes_nothing(
    head, client_for, shared_file, monkeypatch
):
    def refuse(**kwargs):
        raise services.NotAllowed("Only the leads of Data and Insight and the Head can hide it.")

    monkeypatch.setattr(services, "hide_resource", refuse)

    page = _act(client_for(head), "hide_selected", shared_file)

    shared_file.refresh_from_db()
    assert not shared_file.hidden
    assert "“Month-end checklist” not changed: Only the leads" in page.text


@pytest.mark.parametrize("model", ["project", "projectmember", "resource"])
def test_nobody_adds_or_deletes_projects_or_resources_in_the_admin(
    superuser, client_for, project, shared_file, model
):
    row = {"project": project, "projectmember": project.participants.first()}.get(
        model, shared_file
    )
    signed_in = client_for(superuser)

    assert signed_in.get(reverse(f"admin:activities_{model}_add")).status_code == 403
    assert signed_in.get(
        reverse(f"admin:activities_{model}_delete", args=[row.pk])
    ).status_code in (
        403,
        404,
    )
    assert type(row).objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("url", [PROJECTS, PARTICIPANTS, RESOURCES])
def test_the_lists_cost_the_same_queries_however_many_rows(head, client_for, community, url):
    signed_in = client_for(head)
    ProjectMemberFactory(project__community=community)
    ResourceFactory(community=community)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        signed_in.get(url)
    for _ in range(15):
        ProjectMemberFactory.create_batch(3, project=ProjectFactory(community=community))
        ResourceFactory(community=community, author=PersonFactory())

    cache.clear()
    with CaptureQueriesContext(connection) as many:
        assert signed_in.get(url).status_code == 200

    assert len(many) == len(few)
