"""The project services: proposing, taking part, moving a project on, and naming its lead."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activities import services
from activities.models import Project, ProjectMember
from communities.models import Community
from outbox.models import Email

from .activity_factories import ProjectFactory, ProjectMemberFactory
from .factories import MembershipFactory, PersonFactory


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
def walter(community):
    person = PersonFactory(full_name="Walter Wider", email="walter@ucl.ac.uk")
    MembershipFactory(person=person, community=community, kind="wider")
    return person


@pytest.fixture
def project(community, carl):
    return ProjectFactory(community=community, lead=carl, title="Shared dashboard standards")


# Proposing -------------------------------------------------------------------------------------


def test_a_core_member_proposes_a_project_and_leads_it(community, carl):
    project = services.propose_project(
        community=community, by=carl, title="  Shared dashboard standards ", aim="One way."
    )

    assert project.title == "Shared dashboard standards"
    assert project.status == Project.Status.PROPOSED
    assert project.lead == carl
    assert project.created_by == carl
    assert not project.needs_a_lead


@pytest.mark.parametrize("who", ["wider", "outsider", "head", "core elsewhere"])
def test_only_core_members_of_the_community_propose_projects(
    community, other_community, walter, head, who
):
    person = {
        "wider": walter,
        "outsider": PersonFactory(),
        "head": head,
        "core elsewhere": MembershipFactory(community=other_community, kind="core").person,
    }[who]

    with pytest.raises(services.NotAllowed, match="Only active core members of Data and Insight"):
        services.propose_project(community=community, by=person, title="A project", aim="An aim")
    assert not Project.objects.exists()


def test_a_closed_community_takes_no_new_projects(closed_community):
    former = MembershipFactory(
        community=closed_community,
        kind="core",
        joined_at=timezone.now() - timedelta(days=9),
        ended_at=timezone.now(),
    ).person

    with pytest.raises(services.NotAllowed):
        services.propose_project(
            community=closed_community, by=former, title="A project", aim="An aim"
        )


@pytest.mark.parametrize(
    ("title", "aim", "message"),
    [
        ("   ", "An aim", "Give the project a title."),
        ("A project", "  \n ", "Say what the project sets out to do."),
        ("x" * 201, "An aim", "Keep the title to 200 characters or fewer."),
    ],
)
def test_a_project_needs_a_title_and_an_aim(community, carl, title, aim, message):
    with pytest.raises(services.InvalidProject, match=message):
        services.propose_project(community=community, by=carl, title=title, aim=aim)


# Taking part -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["core", "wider"])
def test_any_member_of_the_community_joins_a_project(community, project, kind):
    member = MembershipFactory(community=community, kind=kind).person

    place = services.join_project(project=project, person=member)

    assert place.person == member
    assert place.left_at is None
    assert project.participants.filter(left_at__isnull=True).count() == 1


def test_someone_outside_the_community_cannot_join(project, other_community):
    outsider = MembershipFactory(community=other_community, kind="core").person

    with pytest.raises(services.NotAllowed, match="Join the community"):
        services.join_project(project=project, person=outsider)
    assert not ProjectMember.objects.exists()


def test_joining_twice_is_refused_with_the_place_held(project, walter):
    first = services.join_project(project=project, person=walter)

    with pytest.raises(services.AlreadyTakingPart) as refusal:
        services.join_project(project=project, person=walter)
    assert refusal.value.place == first
    assert ProjectMember.objects.count() == 1


def test_the_lead_is_already_part_of_their_project(project, carl):
    with pytest.raises(services.AlreadyTakingPart, match="You lead"):
        services.join_project(project=project, person=carl)


def test_a_completed_project_takes_no_new_participants(community, carl, walter):
    project = ProjectFactory(community=community, lead=carl, completed=True)

    with pytest.raises(services.NotOpenToParticipants, match="is completed"):
        services.join_project(project=project, person=walter)


def test_a_closed_communitys_projects_take_no_new_participants(closed_community):
    project = ProjectFactory(community=closed_community, active=True)
    person = PersonFactory()

    with pytest.raises(services.NotOpenToParticipants, match="Old Practice has closed"):
        services.join_project(project=project, person=person)


def test_leaving_keeps_the_row_and_a_person_can_join_again(project, walter):
    services.join_project(project=project, person=walter)

    left = services.leave_project(project=project, person=walter)
    again = services.join_project(project=project, person=walter)

    assert left.left_at is not None
    assert again.pk != left.pk
    assert ProjectMember.objects.filter(project=project, person=walter).count() == 2


def test_leaving_without_a_place_is_refused(project, walter):
    with pytest.raises(services.NotTakingPart, match="You are not taking part"):
        services.leave_project(project=project, person=walter)


def test_who_took_part_in_a_completed_project_stays_as_history(community, carl, walter):
    project = ProjectFactory(community=community, lead=carl, completed=True)
    ProjectMemberFactory(project=project, person=walter)

    with pytest.raises(services.NotOpenToParticipants):
        services.leave_project(project=project, person=walter)
    assert project.participants.get().left_at is None


# Moving a project on ---------------------------------------------------------------------------


def test_the_lead_moves_a_project_to_active_and_its_start_is_recorded(project, carl):
    change = services.update_project(project=project, by=carl, status="active")

    project.refresh_from_db()
    assert change.changed == ("status",)
    assert project.status == Project.Status.ACTIVE
    assert project.started_on == timezone.localdate()


def test_completing_a_project_asks_for_its_outcome(project, carl):
    with pytest.raises(services.InvalidProject, match="needs its outcome") as refusal:
        services.update_project(project=project, by=carl, status="completed", outcome="  ")

    assert refusal.value.field == "outcome"
    project.refresh_from_db()
    assert project.status == Project.Status.PROPOSED


def test_completing_with_an_outcome_records_the_day(project, carl):
    services.update_project(project=project, by=carl, status="active")
    services.update_project(
        project=project, by=carl, status="completed", outcome="A template for all."
    )

    project.refresh_from_db()
    assert project.status == Project.Status.COMPLETED
    assert project.outcome == "A template for all."
    assert project.completed_on == timezone.localdate()
    assert not project.needs_a_lead


def test_a_completed_project_keeps_its_outcome(community, carl):
    project = ProjectFactory(community=community, lead=carl, completed=True)

    with pytest.raises(services.InvalidProject, match="needs its outcome"):
        services.update_project(project=project, by=carl, outcome="")


@pytest.mark.parametrize(
    ("start", "to", "message"),
    [
        ("active", "proposed", "already active"),
        ("completed", "active", "stays completed"),
        ("completed", "proposed", "stays completed"),
    ],
)
def test_a_project_never_goes_back(community, carl, start, to, message):
    project = ProjectFactory(community=community, lead=carl, **{start: True})

    with pytest.raises(services.InvalidProject, match=message):
        services.update_project(project=project, by=carl, status=to)


def test_a_status_that_does_not_exist_is_refused(project, carl):
    with pytest.raises(services.InvalidProject, match="Choose proposed, active or completed"):
        services.update_project(project=project, by=carl, status="abandoned")


@pytest.mark.parametrize("who", ["lead", "head", "superuser"])
def test_community_leads_and_the_head_move_projects_on(project, lena, head, superuser, who):
    by = {"lead": lena, "head": head, "superuser": superuser}[who]

    services.update_project(project=project, by=by, status="active")

    project.refresh_from_db()
    assert project.status == Project.Status.ACTIVE


@pytest.mark.parametrize("who", ["wider", "core", "participant", "lead elsewhere"])
def test_others_cannot_change_a_project(community, other_community, project, walter, who):
    participant = MembershipFactory(community=community).person
    ProjectMemberFactory(project=project, person=participant)
    by = {
        "wider": walter,
        "core": MembershipFactory(community=community, kind="core").person,
        "participant": participant,
        "lead elsewhere": MembershipFactory(
            community=other_community, kind="core", is_lead=True
        ).person,
    }[who]

    with pytest.raises(services.NotAllowed, match="Only the lead of"):
        services.update_project(project=project, by=by, status="active")


def test_nothing_changed_saves_nothing(project, carl):
    change = services.update_project(project=project, by=carl, title=project.title)

    assert change.changed == ()


def test_an_unknown_field_is_a_programming_error(project, carl):
    with pytest.raises(TypeError):
        services.update_project(project=project, by=carl, community=None)


# Naming a lead ---------------------------------------------------------------------------------


def test_a_community_lead_names_a_new_lead_who_is_emailed(community, lena, mailoutbox):
    project = ProjectFactory(community=community, lead=None, active=True)
    dana = MembershipFactory(community=community, kind="core", person__full_name="Dana Doer").person

    change = services.update_project(project=project, by=lena, lead=dana)

    project.refresh_from_db()
    assert change.changed == ("lead",)
    assert project.lead == dana
    assert not project.needs_a_lead
    email = Email.objects.get(kind="project_lead_named")
    assert email.to_address == dana.email
    assert email.subject == f"You now lead “{project.title}”"
    assert "Lena Lead has named you the lead of" in email.body_text


def test_naming_yourself_sends_no_email(community, lena):
    project = ProjectFactory(community=community, lead=None)

    services.update_project(project=project, by=lena, lead=lena)

    assert not Email.objects.filter(kind="project_lead_named").exists()


@pytest.mark.parametrize("who", ["wider", "outsider", "former core"])
def test_a_lead_must_be_an_active_core_member(community, project, carl, walter, who):
    person = {
        "wider": walter,
        "outsider": PersonFactory(full_name="Olly Outsider"),
        "former core": MembershipFactory(
            community=community,
            kind="core",
            joined_at=timezone.now() - timedelta(days=9),
            ended_at=timezone.now(),
            person__full_name="Fred Former",
        ).person,
    }[who]

    with pytest.raises(services.InvalidProject, match="not an active core member") as refusal:
        services.update_project(project=project, by=carl, lead=person)

    assert refusal.value.field == "lead"
    project.refresh_from_db()
    assert project.lead == carl


def test_a_lead_is_never_taken_away_without_naming_another(project, carl):
    with pytest.raises(services.InvalidProject, match="Choose who leads the project"):
        services.update_project(project=project, by=carl, lead=None)


def test_who_led_a_completed_project_stays_as_history(community, carl, lena):
    project = ProjectFactory(community=community, lead=carl, completed=True)

    with pytest.raises(services.InvalidProject, match="stays as its history"):
        services.update_project(project=project, by=lena, lead=lena)


def test_the_project_lead_hands_over_to_another_core_member(project, carl, lena):
    services.update_project(project=project, by=carl, lead=lena)

    project.refresh_from_db()
    assert project.lead == lena
    # Carl no longer leads it, so he may no longer change it.
    with pytest.raises(services.NotAllowed):
        services.update_project(project=project, by=carl, status="active")


def test_a_closed_communitys_projects_change_only_through_the_head(closed_community, head):
    former_lead = PersonFactory()
    project = ProjectFactory(community=closed_community, lead=former_lead, active=True)

    with pytest.raises(services.NotAllowed):
        services.update_project(project=project, by=former_lead, status="completed", outcome="x")
    services.update_project(project=project, by=head, status="completed", outcome="Handed over.")

    project.refresh_from_db()
    assert project.status == Project.Status.COMPLETED
    assert Community.objects.get(pk=closed_community.pk).status == "closed"
