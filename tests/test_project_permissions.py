"""Who may propose, manage and take part in projects: the permission functions."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from activities.permissions import can_manage_project, can_propose_project, can_take_part

from .activity_factories import ProjectFactory
from .factories import MembershipFactory, PersonFactory


@pytest.fixture
def people(community, other_community, staff, head, superuser):
    """Everyone the rules tell apart, by role in `community`."""
    MembershipFactory(person=staff, community=community, kind="wider")
    core = PersonFactory(full_name="Carl Core")
    MembershipFactory(person=core, community=community, kind="core")
    lead = PersonFactory(full_name="Lena Lead")
    MembershipFactory(person=lead, community=community, kind="core", is_lead=True)
    project_lead = PersonFactory(full_name="Pat Project")
    MembershipFactory(person=project_lead, community=community, kind="core")
    former = PersonFactory(full_name="Fred Former")
    MembershipFactory(
        person=former,
        community=community,
        kind="core",
        joined_at=timezone.now() - timedelta(days=60),
        ended_at=timezone.now() - timedelta(days=1),
    )
    elsewhere_lead = PersonFactory(full_name="Ella Elsewhere")
    MembershipFactory(person=elsewhere_lead, community=other_community, kind="core", is_lead=True)
    return {
        "anonymous": AnonymousUser(),
        "outsider": PersonFactory(full_name="Olly Outsider"),
        "wider": staff,
        "core": core,
        "lead": lead,
        "project lead": project_lead,
        "former core": former,
        "lead elsewhere": elsewhere_lead,
        "head": head,
        "superuser": superuser,
        "inactive core": MembershipFactory(
            community=community, kind="core", person__is_active=False
        ).person,
    }


@pytest.fixture
def project(community, people):
    return ProjectFactory(community=community, lead=people["project lead"])


def allowed(people, check) -> set[str]:
    return {role for role, person in people.items() if check(person)}


def test_active_core_members_propose_projects(people, community):
    assert allowed(people, lambda person: can_propose_project(person, community)) == {
        "core",
        "lead",
        "project lead",
    }


@pytest.mark.parametrize("status", ["preparing", "closed"])
def test_nobody_proposes_projects_in_a_community_that_is_not_launched(people, community, status):
    community.status = status

    assert allowed(people, lambda person: can_propose_project(person, community)) == set()


def test_the_project_lead_the_community_leads_and_the_head_manage_a_project(people, project):
    assert allowed(people, lambda person: can_manage_project(person, project)) == {
        "lead",
        "project lead",
        "head",
        "superuser",
    }


def test_another_communitys_lead_cannot_manage_this_project(people, other_community):
    project = ProjectFactory(community=other_community)

    assert allowed(people, lambda person: can_manage_project(person, project)) == {
        "lead elsewhere",
        "head",
        "superuser",
    }


def test_only_the_head_manages_a_closed_communitys_projects(people, closed_community):
    project = ProjectFactory(community=closed_community, lead=people["project lead"])

    assert allowed(people, lambda person: can_manage_project(person, project)) == {
        "head",
        "superuser",
    }


def test_members_core_or_wider_take_part(people, project):
    assert allowed(people, lambda person: can_take_part(person, project)) == {
        "wider",
        "core",
        "lead",
        "project lead",
    }


def test_nobody_takes_part_in_a_completed_project(people, community):
    project = ProjectFactory(community=community, completed=True)

    assert allowed(people, lambda person: can_take_part(person, project)) == set()
