"""Reads of projects that pages repeat, each in a fixed number of queries.

Counts of people taking part include everyone; lists of names leave out people who chose
to be hidden from lists (`Person.hidden_from_lists`), as they asked on /me/settings/.
"""

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from communities.models import Community
from membership.models import Person

from .models import Project, ProjectMember

LIVE = Q(participants__left_at__isnull=True)
# Open projects first (active, then proposed), then completed ones.
_STATUS_ORDER = Case(
    When(status=Project.Status.ACTIVE, then=Value(0)),
    When(status=Project.Status.PROPOSED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def with_participant_count(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Annotate `participant_count`: the people taking part now, hidden ones included."""
    return projects.annotate(participant_count=Count("participants", filter=LIVE, distinct=True))


def project_for_page(pk: int) -> Project | None:
    """The project with this id, its community, lead and participant count; None if none."""
    projects = Project.objects.select_related("community__practice_area", "lead")
    return with_participant_count(projects).filter(pk=pk).first()


def community_projects(community: Community) -> tuple[QuerySet[Project], QuerySet[Project]]:
    """The community's open projects (active first, then proposed; newest first within each)
    and its completed ones (latest completed first), each with its lead and participant count."""
    projects = with_participant_count(
        Project.objects.filter(community=community).select_related("lead")
    )
    open_projects = projects.open().order_by(_STATUS_ORDER, "-created_at", "-pk")
    completed = projects.filter(status=Project.Status.COMPLETED).order_by("-completed_on", "-pk")
    return open_projects, completed


def listed_participants(project: Project) -> QuerySet[ProjectMember]:
    """The people taking part, in the order they joined, without those hidden from lists."""
    return (
        ProjectMember.objects.filter(
            project=project, left_at__isnull=True, person__hidden_from_lists=False
        )
        .select_related("person")
        .order_by("joined_at", "pk")
    )


def live_place(project: Project, person) -> ProjectMember | None:
    """The person's current place in the project; None if none (or signed out)."""
    if not getattr(person, "is_authenticated", False):
        return None
    return ProjectMember.objects.filter(
        project=project, person=person, left_at__isnull=True
    ).first()


def my_projects(person: Person) -> QuerySet[Project]:
    """The projects the person leads or takes part in: open ones first (active, then proposed),
    then completed ones; each with its community and participant count."""
    mine = ProjectMember.objects.filter(project=OuterRef("pk"), person=person, left_at__isnull=True)
    projects = Project.objects.annotate(taking_part=Exists(mine)).filter(
        Q(lead=person) | Q(taking_part=True)
    )
    return (
        with_participant_count(projects)
        .select_related("community")
        .order_by(_STATUS_ORDER, "-created_at", "-pk")
    )


def communities_on_my_page(person: Person) -> set[int]:
    """The communities /me/'s projects and sessions show (`my_projects`, and the selectors'
    `my_upcoming_sessions`), for its cache (membership.cached_parts.me_content)."""
    from .selectors import my_upcoming_sessions  # the selectors module is the sessions' own

    projects = my_projects(person).values_list("community_id", flat=True)
    sessions = my_upcoming_sessions(person).values_list("community_id", flat=True)
    return set(projects) | set(sessions)
