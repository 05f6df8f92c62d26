"""The project pages for every role: the page, proposing, joining and leaving, and editing.

Roles: anonymous, a member of staff outside the community, a wider member, a core member, the
project's lead, a lead of the community, the Head and a superuser.
"""

import re
from types import SimpleNamespace

import pytest
from django.test import Client

from activities.models import Project, ProjectMember
from outbox.models import Email

from .activity_factories import ProjectFactory, ProjectMemberFactory
from .factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "wider", "core", "project_lead", "lead", "head", "superuser"]
PROPOSERS = {"core", "project_lead", "lead"}
MEMBERS = {"wider", "core", "project_lead", "lead"}
MANAGERS = {"project_lead", "lead", "head", "superuser"}


@pytest.fixture
def people(community, other_community, staff, head, superuser):
    core = PersonFactory(full_name="Carl Core", email="carl@ucl.ac.uk")
    project_lead = PersonFactory(full_name="Pat Project", email="pat@ucl.ac.uk")
    lead = PersonFactory(full_name="Lena Lead", email="lena@ucl.ac.uk")
    outsider = PersonFactory(full_name="Olly Outsider", email="olly@ucl.ac.uk")
    MembershipFactory(person=staff, community=community, kind="wider")
    MembershipFactory(person=core, community=community, kind="core")
    MembershipFactory(person=project_lead, community=community, kind="core")
    MembershipFactory(person=lead, community=community, kind="core", is_lead=True)
    # The outsider leads another community: no say over this one's projects.
    MembershipFactory(person=outsider, community=other_community, kind="core", is_lead=True)
    return SimpleNamespace(
        anonymous=None,
        outsider=outsider,
        wider=staff,
        core=core,
        project_lead=project_lead,
        lead=lead,
        head=head,
        superuser=superuser,
    )


@pytest.fixture
def as_role(people, client_for):
    def make(role: str) -> Client:
        person = getattr(people, role)
        return Client() if person is None else client_for(person)

    return make


@pytest.fixture
def project(community, people):
    return ProjectFactory(
        community=community,
        lead=people.project_lead,
        title="Shared dashboard standards",
        aim="Agree **one way** to build dashboards.",
    )


def sign_in_url(path: str) -> str:
    return f"/accounts/login/?next={path}"


# The project page ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_everyone_sees_the_project_page(as_role, project, role):
    response = as_role(role).get(f"/projects/{project.pk}/")

    assert response.status_code == 200
    text = response.text
    assert "<h1>Shared dashboard standards</h1>" in text
    assert "<strong>one way</strong>" in text
    assert "Pat Project" in text
    assert ("Manage this project" in text) == (role in MANAGERS)
    assert ("Join the project" in text) == (role in MEMBERS - {"project_lead"})
    if role == "project_lead":
        assert "You <strong>lead</strong> this project." in text
    if role == "outsider":
        assert "Projects of Data and Insight are for its members." in text


def test_signed_in_staff_see_who_takes_part_and_anonymous_visitors_only_the_count(
    client, client_for, project, other_staff
):
    ProjectMemberFactory(project=project, person=PersonFactory(full_name="Gita Giving"))

    anonymous = client.get(f"/projects/{project.pk}/").text
    signed_in = client_for(other_staff).get(f"/projects/{project.pk}/").text

    assert "Gita Giving" not in anonymous
    assert "1 person is taking part" in anonymous
    assert "Gita Giving" in signed_in


def test_people_hidden_from_lists_are_left_out_of_the_list_but_counted(
    client_for, project, other_staff
):
    ProjectMemberFactory(project=project, person=PersonFactory(full_name="Gita Giving"))
    ProjectMemberFactory(
        project=project, person=PersonFactory(full_name="Harry Hidden", hidden_from_lists=True)
    )

    text = client_for(other_staff).get(f"/projects/{project.pk}/").text

    assert "Gita Giving" in text
    assert "Harry Hidden" not in text
    assert "2 people</dd>" in text
    assert "And 1 more person who asked not to be listed." in text


def test_people_who_left_are_not_listed_or_counted(client_for, project, other_staff):
    ProjectMemberFactory(
        project=project,
        person=PersonFactory(full_name="Lou Left"),
        left_at="2025-01-01T12:00:00Z",
    )

    text = client_for(other_staff).get(f"/projects/{project.pk}/").text

    assert "Lou Left" not in text
    assert "Nobody has joined yet." in text
    assert "0 people</dd>" in text


def test_a_project_without_a_lead_says_it_needs_one(client_for, community, people):
    project = ProjectFactory(community=community, lead=None, active=True)

    anyone = client_for(people.wider).get(f"/projects/{project.pk}/").text
    lead = client_for(people.lead).get(f"/projects/{project.pk}/").text

    assert "Needs a lead" in anyone
    assert "Name a lead" not in anyone
    assert "Name a lead" in lead


def test_a_completed_project_shows_its_outcome_and_takes_nobody_new(client_for, community, people):
    project = ProjectFactory(
        community=community, lead=people.project_lead, completed=True, outcome="A **template**."
    )

    text = client_for(people.wider).get(f"/projects/{project.pk}/").text

    assert "<strong>template</strong>" in text
    assert "This project is completed, so it takes no new participants." in text
    assert "Join the project" not in text


def test_a_closed_communitys_project_stays_visible_as_history(client, closed_community):
    project = ProjectFactory(community=closed_community, title="Old work", active=True)

    text = client.get(f"/projects/{project.pk}/").text

    assert "Old work" in text
    assert "Old Practice has closed. This project is kept as part of its history" in text


@pytest.mark.parametrize("field", ["aim", "outcome"])
def test_markdown_in_a_project_is_inert(client, community, field):
    nasty = (
        "<script>alert(1)</script> <img src=x onerror=alert(2)> "
        "[click](javascript:alert(3)) [fine](https://example.com)"
    )
    project = ProjectFactory(community=community, completed=True, **{field: nasty})

    text = client.get(f"/projects/{project.pk}/").text

    assert "<script>alert(1)" not in text
    assert not re.search(r"<[^>]*onerror", text)
    assert "<img" not in text
    assert 'href="javascript:' not in text
    assert 'href="https://example.com"' in text


def test_a_title_is_shown_as_text(client, community):
    project = ProjectFactory(community=community, title="<script>alert(1)</script>")

    text = client.get(f"/projects/{project.pk}/").text

    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/projects/999/"),
        ("get", "/projects/999/edit/"),
        ("post", "/projects/999/join/"),
        ("post", "/projects/999/leave/"),
        ("get", "/communities/no-such-community/projects/new/"),
    ],
)
def test_an_unknown_project_or_community_is_a_friendly_404(client_for, staff, method, path):
    response = getattr(client_for(staff), method)(path)

    assert response.status_code == 404
    assert "Page not found" in response.text


@pytest.mark.parametrize("path", ["join", "leave"])
def test_taking_part_is_post_only(client_for, project, staff, path):
    response = client_for(staff).get(f"/projects/{project.pk}/{path}/")

    assert response.status_code == 405


# Proposing -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_core_members_and_leads_get_the_proposal_form(as_role, role):
    response = as_role(role).get("/communities/data-and-insight/projects/new/")

    if role == "anonymous":
        assert response.status_code == 302
        assert response.url == sign_in_url("/communities/data-and-insight/projects/new/")
    elif role in PROPOSERS:
        assert response.status_code == 200
        assert "<h1>Propose a project</h1>" in response.text
    else:
        assert response.status_code == 403
        assert "You do not have access" in response.text


@pytest.mark.parametrize("role", ROLES)
def test_core_members_and_leads_propose_a_project(as_role, people, role):
    response = as_role(role).post(
        "/communities/data-and-insight/projects/new/",
        {"title": "Data glossary", "aim": "One list of the terms we use."},
    )

    if role == "anonymous":
        assert response.status_code == 302
        assert response.url == sign_in_url("/communities/data-and-insight/")
        assert not Project.objects.filter(title="Data glossary").exists()
    elif role in PROPOSERS:
        project = Project.objects.get(title="Data glossary")
        assert response.status_code == 302
        assert response.url == f"/projects/{project.pk}/"
        assert project.lead == getattr(people, role)
        assert project.status == Project.Status.PROPOSED
    else:
        assert response.status_code == 403
        assert not Project.objects.filter(title="Data glossary").exists()


def test_a_proposal_without_a_title_comes_back_with_the_reason(client_for, people):
    response = client_for(people.core).post(
        "/communities/data-and-insight/projects/new/", {"title": "  ", "aim": ""}
    )

    assert response.status_code == 200
    assert "Give the project a title." in response.text
    assert "Say what the project sets out to do." in response.text
    assert not Project.objects.exists()


def test_a_core_member_elsewhere_cannot_propose_here(client_for, other_community, people):
    # Object level: Lena leads Data and Insight, not Events Management.
    response = client_for(people.lead).get("/communities/events-management/projects/new/")

    assert response.status_code == 403


def test_a_closed_community_takes_no_proposals(client_for, closed_community, people):
    response = client_for(people.head).get("/communities/old-practice/projects/new/")

    assert response.status_code == 302
    assert response.url == "/communities/old-practice/"


# Joining and leaving ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_members_core_or_wider_join_a_project(as_role, people, project, role):
    response = as_role(role).post(f"/projects/{project.pk}/join/", follow=False)
    person = getattr(people, role)
    places = ProjectMember.objects.filter(project=project, left_at__isnull=True)

    if role == "anonymous":
        assert response.status_code == 302
        assert response.url == sign_in_url(f"/projects/{project.pk}/")
    elif role in MEMBERS:
        assert response.status_code == 302
        assert response.url == f"/projects/{project.pk}/"
        # The project's lead is part of it already: nothing is written for them.
        assert places.filter(person=person).exists() == (role != "project_lead")
    else:
        assert response.status_code == 403
        assert not places.exists()


def test_joining_says_so_and_a_second_click_is_reported_as_done(client_for, people, project):
    client = client_for(people.wider)

    first = client.post(f"/projects/{project.pk}/join/", follow=True).text
    second = client.post(f"/projects/{project.pk}/join/", follow=True).text

    assert "You are taking part in “Shared dashboard standards”." in first
    assert "You already take part in “Shared dashboard standards”." in second
    assert "Leave the project" in second
    assert ProjectMember.objects.count() == 1


def test_a_member_of_another_community_cannot_join_this_ones_project(
    client_for, other_community, people
):
    # Object level: Walter is a member of Data and Insight only.
    elsewhere = ProjectFactory(community=other_community)

    response = client_for(people.wider).post(f"/projects/{elsewhere.pk}/join/")

    assert response.status_code == 403
    assert not ProjectMember.objects.exists()


def test_a_completed_project_refuses_to_join_with_a_message(client_for, community, people):
    project = ProjectFactory(community=community, completed=True)

    text = client_for(people.wider).post(f"/projects/{project.pk}/join/", follow=True).text

    assert "is completed, so who took part stays as its history." in text
    assert not ProjectMember.objects.exists()


def test_a_closed_communitys_project_refuses_to_join_with_a_message(client_for, closed_community):
    project = ProjectFactory(community=closed_community, title="Old work")

    response = client_for(PersonFactory()).post(f"/projects/{project.pk}/join/", follow=True)

    assert response.status_code == 200
    assert "Old Practice has closed, so “Old work” is kept as its history" in response.text


@pytest.mark.parametrize("role", ROLES)
def test_a_participant_leaves_and_others_are_told_they_were_not_taking_part(
    as_role, people, project, role
):
    person = getattr(people, role)
    if role in MEMBERS - {"project_lead"}:
        ProjectMemberFactory(project=project, person=person)

    response = as_role(role).post(f"/projects/{project.pk}/leave/", follow=True)

    if role == "anonymous":
        assert response.redirect_chain[0][0] == sign_in_url(f"/projects/{project.pk}/")
        return
    assert response.redirect_chain == [(f"/projects/{project.pk}/", 302)]
    if role in MEMBERS - {"project_lead"}:
        assert "You are no longer taking part in “Shared dashboard standards”." in response.text
        assert ProjectMember.objects.get().left_at is not None
    else:
        assert "You are not taking part in “Shared dashboard standards”." in response.text


# Editing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_project_lead_community_leads_and_the_head_get_the_edit_form(as_role, project, role):
    response = as_role(role).get(f"/projects/{project.pk}/edit/")

    if role == "anonymous":
        assert response.status_code == 302
        assert response.url == sign_in_url(f"/projects/{project.pk}/edit/")
    elif role in MANAGERS:
        assert response.status_code == 200
        assert "<h1>Edit the project</h1>" in response.text
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_the_project_lead_community_leads_and_the_head_move_a_project_on(
    as_role, people, project, role
):
    response = as_role(role).post(
        f"/projects/{project.pk}/edit/",
        {
            "title": project.title,
            "aim": project.aim,
            "status": "active",
            "outcome": "",
            "lead": people.project_lead.pk,
        },
    )

    project.refresh_from_db()
    if role == "anonymous":
        assert response.url == sign_in_url(f"/projects/{project.pk}/")
    elif role in MANAGERS:
        assert response.status_code == 302
        assert response.url == f"/projects/{project.pk}/"
    else:
        assert response.status_code == 403
    assert (project.status == Project.Status.ACTIVE) == (role in MANAGERS)


def test_a_lead_of_another_community_cannot_edit_this_ones_project(client_for, people, project):
    # Object level: the outsider leads Events Management.
    assert client_for(people.outsider).get(f"/projects/{project.pk}/edit/").status_code == 403


def test_completing_without_an_outcome_asks_for_it(client_for, people, project):
    response = client_for(people.project_lead).post(
        f"/projects/{project.pk}/edit/",
        {"title": project.title, "aim": project.aim, "status": "completed", "outcome": " "},
    )

    assert response.status_code == 200
    assert "Say what the project achieved: completing a project asks for its outcome." in (
        response.text
    )
    project.refresh_from_db()
    assert project.status == Project.Status.PROPOSED


def test_completing_with_an_outcome_shows_it_on_the_page(client_for, people, project):
    response = client_for(people.lead).post(
        f"/projects/{project.pk}/edit/",
        {
            "title": project.title,
            "aim": project.aim,
            "status": "completed",
            "outcome": "Every dashboard uses **the template**.",
            "lead": people.project_lead.pk,
        },
        follow=True,
    )

    assert "“Shared dashboard standards” is completed. Its outcome is on its page." in (
        response.text
    )
    assert "<strong>the template</strong>" in response.text
    assert "Completed on" in response.text


def test_a_lead_names_a_new_lead_from_the_core_members(client_for, people, community):
    project = ProjectFactory(community=community, lead=None, active=True)
    client = client_for(people.lead)

    form = client.get(f"/projects/{project.pk}/edit/").text
    response = client.post(
        f"/projects/{project.pk}/edit/",
        {"title": project.title, "aim": project.aim, "status": "active", "lead": people.core.pk},
        follow=True,
    )

    assert "Needs a lead: choose someone" in form
    assert "Carl Core" in form
    assert "Alice Adams" not in form
    assert "Carl Core now leads it, and we have emailed them." in response.text
    project.refresh_from_db()
    assert project.lead == people.core
    assert Email.objects.filter(kind="project_lead_named", to_address="carl@ucl.ac.uk").exists()


def test_a_wider_member_cannot_be_named_lead(client_for, people, project):
    response = client_for(people.lead).post(
        f"/projects/{project.pk}/edit/",
        {"title": project.title, "aim": project.aim, "status": "proposed", "lead": people.wider.pk},
    )

    assert response.status_code == 200
    assert "Choose the lead from the community&#x27;s core members." in response.text
    project.refresh_from_db()
    assert project.lead == people.project_lead


def test_the_lead_cannot_be_left_empty(client_for, people, project):
    response = client_for(people.lead).post(
        f"/projects/{project.pk}/edit/",
        {"title": project.title, "aim": project.aim, "status": "proposed", "lead": ""},
    )

    assert response.status_code == 200
    assert "Choose who leads the project." in response.text


def test_a_project_cannot_go_back_through_the_form(client_for, people, community):
    project = ProjectFactory(community=community, lead=people.project_lead, active=True)

    response = client_for(people.project_lead).post(
        f"/projects/{project.pk}/edit/",
        {"title": project.title, "aim": project.aim, "status": "proposed"},
    )

    assert response.status_code == 200
    assert "Choose one of the statuses listed." in response.text


def test_saving_an_unchanged_form_says_so(client_for, people, project):
    response = client_for(people.project_lead).post(
        f"/projects/{project.pk}/edit/",
        {
            "title": project.title,
            "aim": project.aim,
            "status": "proposed",
            "lead": people.project_lead.pk,
        },
        follow=True,
    )

    assert "You did not change anything, so nothing was saved." in response.text


def test_a_completed_projects_form_shows_its_lead_as_history(client_for, people, community):
    project = ProjectFactory(community=community, lead=people.project_lead, completed=True)

    text = client_for(people.head).get(f"/projects/{project.pk}/edit/").text

    assert "Who led a completed project stays as its history." in text
    assert 'name="lead"' not in text


def test_the_head_records_the_outcome_of_a_closed_communitys_project(
    client_for, people, closed_community
):
    former = PersonFactory(full_name="Fran Former")
    project = ProjectFactory(community=closed_community, lead=former, active=True)

    response = client_for(people.head).post(
        f"/projects/{project.pk}/edit/",
        {
            "title": project.title,
            "aim": project.aim,
            "status": "completed",
            "outcome": "Handed over to the new team.",
            "lead": former.pk,
        },
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.COMPLETED
    assert project.lead == former
