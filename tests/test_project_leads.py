"""A project whose lead leaves the community, moves their core membership elsewhere, or becomes
a wider member "needs a lead", and the community's leads are told by email.

Membership sends its signals after the change commits, so each change runs inside
`django_capture_on_commit_callbacks(execute=True)`, as a commit would.
"""

import pytest

from activities import services
from activities.models import Project
from membership import services as membership
from outbox.models import Email

from .activity_factories import ProjectFactory, ProjectMemberFactory
from .factories import MembershipFactory, PersonFactory

NEEDS_A_LEAD = "project_needs_a_lead"


@pytest.fixture
def carl(community):
    person = PersonFactory(full_name="Carl Core", email="carl@ucl.ac.uk")
    MembershipFactory(person=person, community=community, kind="core")
    return person


@pytest.fixture
def lena(community):
    person = PersonFactory(full_name="Lena Lead", email="lena@ucl.ac.uk")
    MembershipFactory(person=person, community=community, kind="core", is_lead=True)
    return person


@pytest.fixture
def project(community, carl):
    return ProjectFactory(
        community=community, lead=carl, title="Shared dashboard standards", active=True
    )


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a membership change and what its commit sets off (the signals, then the emails)."""

    def run(change, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(**kwargs)

    return run


def lead_notices() -> list[Email]:
    return list(Email.objects.filter(kind=NEEDS_A_LEAD).order_by("to_address"))


def test_a_lead_who_leaves_the_community_leaves_their_projects_needing_a_lead(
    community, project, carl, lena, commit, mailoutbox
):
    walter = MembershipFactory(community=community).person
    ProjectMemberFactory(project=project, person=walter)

    commit(membership.leave, person=carl, community=community)

    project.refresh_from_db()
    assert project.lead is None
    assert project.needs_a_lead
    assert project.status == Project.Status.ACTIVE
    # Its history stays: who takes part, its aim, its dates.
    assert project.participants.get().person == walter
    assert project.started_on is not None
    [notice] = lead_notices()
    assert notice.to_address == "lena@ucl.ac.uk"
    assert notice.subject == "“Shared dashboard standards” needs a lead"
    assert "Carl Core is no longer a core member of Data and Insight" in notice.body_text
    assert f"/projects/{project.pk}/edit/" in notice.body_text
    assert [message.to for message in mailoutbox if "needs a lead" in message.subject] == [
        ["lena@ucl.ac.uk"]
    ]


def test_a_lead_who_becomes_a_wider_member_stops_leading(community, project, carl, lena, commit):
    commit(membership.change_kind, person=carl, community=community, kind="wider")

    project.refresh_from_db()
    assert project.needs_a_lead
    assert [notice.to_address for notice in lead_notices()] == ["lena@ucl.ac.uk"]


@pytest.mark.parametrize("leave_previous", [False, True])
def test_a_lead_who_moves_their_core_membership_elsewhere_stops_leading_once(
    community, other_community, project, carl, lena, commit, leave_previous
):
    # A switch sends core_moved with kind_changed (or membership_ended): one release, one email.
    commit(
        membership.join,
        person=carl,
        community=other_community,
        kind="core",
        switch_core=True,
        leave_previous=leave_previous,
    )

    project.refresh_from_db()
    assert project.needs_a_lead
    assert len(lead_notices()) == 1


def test_every_open_project_of_theirs_in_that_community_is_listed_in_one_email(
    community, other_community, carl, lena, commit
):
    proposed = ProjectFactory(community=community, lead=carl, title="Data glossary")
    active = ProjectFactory(community=community, lead=carl, title="Dashboards", active=True)
    completed = ProjectFactory(community=community, lead=carl, title="Old one", completed=True)
    MembershipFactory(person=carl, community=other_community, kind="wider")
    elsewhere = ProjectFactory(community=other_community, lead=carl, title="Elsewhere")

    commit(membership.leave, person=carl, community=community)

    for project in (proposed, active, completed, elsewhere):
        project.refresh_from_db()
    assert proposed.lead is None
    assert active.lead is None
    # A completed project keeps its lead as history; other communities are not touched.
    assert completed.lead == carl
    assert elsewhere.lead == carl
    [notice] = lead_notices()
    assert notice.subject == "2 projects of Data and Insight need a lead"
    assert "Data glossary" in notice.body_text
    assert "Dashboards" in notice.body_text
    assert "Old one" not in notice.body_text


def test_every_lead_of_the_community_is_told(community, project, carl, lena, commit):
    MembershipFactory(community=community, kind="core", is_lead=True, person__email="lou@ucl.ac.uk")

    commit(membership.leave, person=carl, community=community)

    assert [notice.to_address for notice in lead_notices()] == [
        "lena@ucl.ac.uk",
        "lou@ucl.ac.uk",
    ]


def test_a_community_lead_who_led_the_project_is_not_told_about_their_own_leaving(
    community, lena, commit
):
    project = ProjectFactory(community=community, lead=lena)

    commit(membership.leave, person=lena, community=community)

    project.refresh_from_db()
    assert project.needs_a_lead
    # Nobody leads the community now, so the Head of CoPs is told instead.
    assert "lena@ucl.ac.uk" not in [notice.to_address for notice in lead_notices()]


def test_with_no_community_leads_the_head_is_told(community, project, carl, head, commit):
    commit(membership.leave, person=carl, community=community)

    [notice] = lead_notices()
    assert notice.to_address == head.email
    assert "Data and Insight has no leads at the moment" in notice.body_text


def test_a_closed_communitys_projects_keep_their_leads_as_history(
    community, project, carl, lena, commit
):
    commit(membership.close_community, community=community)

    project.refresh_from_db()
    assert project.lead == carl
    assert lead_notices() == []


def test_a_wider_member_leaving_changes_no_project(community, project, lena, commit):
    walter = MembershipFactory(community=community).person
    ProjectMemberFactory(project=project, person=walter)

    commit(membership.leave, person=walter, community=community)

    project.refresh_from_db()
    assert project.lead is not None
    assert lead_notices() == []


def test_releasing_a_person_who_is_still_core_there_changes_nothing(community, project, carl):
    assert services.release_project_leads(person=carl, community=community) == ()

    project.refresh_from_db()
    assert project.lead == carl
    assert lead_notices() == []


def test_the_leads_name_a_new_lead_and_the_project_is_whole_again(
    community, project, carl, lena, commit
):
    commit(membership.leave, person=carl, community=community)
    dana = MembershipFactory(community=community, kind="core").person

    services.update_project(project=project, by=lena, lead=dana)

    project.refresh_from_db()
    assert project.lead == dana
    assert not project.needs_a_lead
    assert Project.objects.needing_a_lead().count() == 0
