"""The project lists other pages show: a community's projects, and mine on /me/."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from .activity_factories import ProjectFactory, ProjectMemberFactory
from .factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def community_projects(community, user=None) -> str:
    """The tag as a page uses it, with the page's signed-in person in the context."""
    template = Template("{% load practice %}{% community_projects community %}")
    return template.render(Context({"community": community, "user": user or AnonymousUser()}))


def test_the_community_lists_open_projects_active_first_then_completed_ones(community):
    carl = PersonFactory(full_name="Carl Core")
    ProjectFactory(community=community, title="Data glossary", lead=carl)
    running = ProjectFactory(community=community, title="Dashboards", lead=carl, active=True)
    ProjectMemberFactory.create_batch(3, project=running)
    ProjectMemberFactory(project=running, left_at="2025-01-01T12:00:00Z")
    ProjectFactory(community=community, title="Needs someone", lead=None)
    ProjectFactory(community=community, title="Old review", completed=True)
    ProjectFactory(title="Another community's")

    html = community_projects(community)

    assert html.index("Dashboards") < html.index("Needs someone") < html.index("Data glossary")
    assert html.index("Data glossary") < html.index('<h3 class="h5">Completed</h3>')
    assert html.index("Completed</h3>") < html.index("Old review")
    assert "Led by Carl Core · 3 people taking part" in html
    assert "Needs a lead · Nobody has joined yet" in html
    assert "Another community" not in html
    assert "Propose a project" not in html


def test_core_members_are_offered_to_propose_a_project(community):
    core = MembershipFactory(community=community, kind="core").person
    wider = MembershipFactory(community=community, kind="wider").person

    assert "Propose a project" in community_projects(community, core)
    assert "Propose a project" not in community_projects(community, wider)
    assert "No projects are under way at the moment." in community_projects(community, wider)


def test_the_tag_also_takes_the_person_as_an_argument(community):
    core = MembershipFactory(community=community, kind="core").person
    template = Template("{% load practice %}{% community_projects community user %}")

    html = template.render(Context({"community": community, "user": core}))

    assert "/communities/data-and-insight/projects/new/" in html


def test_a_closed_communitys_projects_are_shown_as_history(closed_community):
    ProjectFactory(community=closed_community, title="Unfinished", active=True)

    html = community_projects(closed_community)

    assert "Old Practice has closed. Its projects are kept here as its history." in html
    assert "Unfinished" in html


def test_only_the_latest_five_completed_projects_are_shown(community):
    for n in range(7):
        ProjectFactory(community=community, completed=True, title=f"Finished {n}")

    html = community_projects(community)

    assert html.count("Finished ") == 5
    assert "The 5 most recently completed projects are shown." in html


def test_the_community_list_asks_a_fixed_number_of_queries(
    community, django_assert_max_num_queries
):
    core = MembershipFactory(community=community, kind="core").person
    for n in range(12):
        project = ProjectFactory(community=community, completed=n % 3 == 0)
        ProjectMemberFactory.create_batch(n % 3, project=project)

    # The open projects, the completed ones, and whether the person may propose.
    with django_assert_max_num_queries(3):
        community_projects(community, core)


def test_my_projects_on_me_lists_what_i_lead_and_take_part_in(client_for, community, staff):
    MembershipFactory(person=staff, community=community, kind="core")
    ProjectFactory(community=community, lead=staff, title="Mine to lead", active=True)
    joined = ProjectFactory(community=community, title="Helping out")
    ProjectMemberFactory(project=joined, person=staff)
    left = ProjectFactory(community=community, title="Walked away")
    ProjectMemberFactory(project=left, person=staff, left_at="2025-01-01T12:00:00Z")
    done = ProjectFactory(community=community, title="All done", completed=True)
    ProjectMemberFactory(project=done, person=staff)
    ProjectFactory(community=community, title="Not mine")

    text = client_for(staff).get("/me/").text

    assert '<h2 id="my-projects" class="h4">My projects</h2>' in text
    assert text.index("Mine to lead") < text.index("Helping out") < text.index("All done")
    assert "You lead it" in text
    assert text.count("Taking part</strong>") == 2
    assert "Walked away" not in text
    assert "Not mine" not in text


def test_someone_with_no_projects_is_told_where_to_find_them(client_for, staff):
    text = client_for(staff).get("/me/").text

    assert "You are not taking part in any projects." in text
