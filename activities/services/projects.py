"""Projects: proposing, taking part, and changing status and lead (losing a lead when its
lead leaves the community is in `project_leads`).

Every write locks the people it decides about first (in primary-key order), then the project's
row (or, when proposing, the community's), the order `membership.services` locks in, so a
membership change and a project change queue behind each other instead of deadlocking. Who
may do what is asked of `activities.permissions` under those locks. The database's
constraints are the last word: a lost race on one becomes the refusal it would have been.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from communities.models import Community
from membership.models import Membership, Person

from .. import project_emails
from ..models import Project, ProjectMember
from ..permissions import can_manage_project, can_propose_project, can_take_part
from .errors import ActivityError, NotAllowed
from .locks import lock_people_then_community
from .project_errors import AlreadyTakingPart, InvalidProject, NotOpenToParticipants, NotTakingPart

PROPOSED = Project.Status.PROPOSED
ACTIVE = Project.Status.ACTIVE
COMPLETED = Project.Status.COMPLETED
EDITABLE_FIELDS = frozenset({"title", "aim", "status", "outcome", "lead"})
# The moves a project may make; it never goes back.
NEXT_STATUSES = {PROPOSED: {ACTIVE, COMPLETED}, ACTIVE: {COMPLETED}, COMPLETED: set()}
_TITLE_MAX = Project._meta.get_field("title").max_length


@dataclass(frozen=True)
class ProjectChange:
    """What an edit did: the project as saved and the fields that changed (empty when nothing
    did). A newly named lead has been emailed."""

    project: Project
    changed: tuple[str, ...] = ()


# Locks and shared checks -----------------------------------------------------------------------


def lock_people(*people: Person | None) -> None:
    """Lock these people's rows, in primary-key order, as `membership.services` locks them."""
    ids = {person.pk for person in people if person is not None}
    list(Person.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def _lock_project(project: Project) -> Project:
    # of=("self",): lock the project only, not the joined community or lead.
    return (
        Project.objects.select_for_update(of=("self",))
        .select_related("community", "lead")
        .get(pk=project.pk)
    )


def _live_place(project: Project, person: Person) -> ProjectMember | None:
    return (
        ProjectMember.objects.select_for_update(of=("self",))
        .filter(project=project, person=person, left_at__isnull=True)
        .first()
    )


def is_active_core(person: Person, community: Community) -> bool:
    """Whether the person may lead the community's projects: active, and a core member now."""
    return (
        person.is_active
        and Membership.objects.active().core().filter(person=person, community=community).exists()
    )


def _check_text(title: str, aim: str) -> None:
    if not title:
        raise InvalidProject("Give the project a title.", field="title")
    if len(title) > _TITLE_MAX:
        raise InvalidProject(f"Keep the title to {_TITLE_MAX} characters or fewer.", field="title")
    if not aim.strip():
        raise InvalidProject("Say what the project sets out to do.", field="aim")


def _history(project: Project) -> NotOpenToParticipants | None:
    """Why the project's participants can no longer change, if they cannot."""
    if project.community.status == Community.Status.CLOSED:
        return NotOpenToParticipants(
            f"{project.community.name} has closed, so “{project.title}” is kept as its history "
            "and takes no new participants."
        )
    if project.status == COMPLETED:
        return NotOpenToParticipants(
            f"“{project.title}” is completed, so who took part stays as its history."
        )
    return None


def _guarded[T](action: Callable[[], T], *, project: Project, person: Person) -> T:
    """Run `action` atomically; a lost race on the one-live-place constraint is refused as the
    repeat it was. Caught outside the atomic block, since PostgreSQL must roll back first."""
    try:
        with transaction.atomic():
            return action()
    except IntegrityError:
        existing = ProjectMember.objects.filter(
            project=project, person=person, left_at__isnull=True
        ).first()
        if existing is not None:
            raise AlreadyTakingPart(
                f"You already take part in “{project.title}”.", place=existing
            ) from None
        raise ActivityError(
            "Someone changed this at the same moment. Please check and try again."
        ) from None


# Proposing -------------------------------------------------------------------------------------


def propose_project(*, community: Community, by: Person, title: str, aim: str) -> Project:
    """Propose a project of `community`, led by the person who proposes it.

    Only an active core member (leads are core) of a launched community may, since a project's
    lead must be one (NotAllowed otherwise). It needs a title and an aim (InvalidProject), and
    starts as proposed.
    """
    title = title.strip()
    _check_text(title, aim)
    with transaction.atomic():
        locked = lock_people_then_community([by], community)
        if not can_propose_project(by, locked):
            raise NotAllowed(
                f"Only active core members of {locked.name} can propose its projects, and they "
                "lead the projects they propose."
            )
        project = Project.objects.create(
            community=locked, title=title, aim=aim, lead=by, created_by=by
        )
    return project


# Taking part -----------------------------------------------------------------------------------


def join_project(*, project: Project, person: Person) -> ProjectMember:
    """Take part in a project, as any active member (core or wider) of its community.

    Refused with NotOpenToParticipants once the project is completed or its community has
    closed, NotAllowed for someone who is not a member, and AlreadyTakingPart for someone who
    already takes part or leads it. After leaving, a person may join again (a new row).
    """

    def action() -> ProjectMember:
        lock_people(person)
        locked = _lock_project(project)
        if (refusal := _history(locked)) is not None:
            raise refusal
        if not can_take_part(person, locked):
            raise NotAllowed(
                f"Projects of {locked.community.name} are for its members. Join the community, "
                "as a core or a wider member, to take part."
            )
        if locked.lead_id == person.pk:
            raise AlreadyTakingPart(f"You lead “{locked.title}”, so you are already part of it.")
        if (existing := _live_place(locked, person)) is not None:
            raise AlreadyTakingPart(f"You already take part in “{locked.title}”.", place=existing)
        return ProjectMember.objects.create(project=locked, person=person, joined_at=timezone.now())

    return _guarded(action, project=project, person=person)


def leave_project(*, project: Project, person: Person) -> ProjectMember:
    """Stop taking part in a project; the row stays, with `left_at`, as history.

    Refused with NotTakingPart when the person has no place, and NotOpenToParticipants once
    the project is completed or its community has closed (who took part is then history).
    """

    def action() -> ProjectMember:
        lock_people(person)
        locked = _lock_project(project)
        existing = _live_place(locked, person)
        if existing is None:
            raise NotTakingPart(f"You are not taking part in “{locked.title}”.")
        if (refusal := _history(locked)) is not None:
            raise refusal
        existing.left_at = timezone.now()
        existing.save(update_fields=["left_at"])
        return existing

    return _guarded(action, project=project, person=person)


# Changing a project ----------------------------------------------------------------------------


def _check_status_move(project: Project, new_status: str) -> None:
    if new_status not in Project.Status.values:
        raise InvalidProject("Choose proposed, active or completed.", field="status")
    if new_status not in NEXT_STATUSES[project.status]:
        if project.status == COMPLETED:
            message = f"“{project.title}” is completed, and a completed project stays completed."
        else:
            message = f"“{project.title}” is already active: it can be completed, not proposed."
        raise InvalidProject(message, field="status")


def _apply_status(project: Project, new_status: str) -> list[str]:
    """Set the new status and the date it brings; returns the date fields set."""
    today = timezone.localdate()
    project.status = new_status
    if new_status == ACTIVE and project.started_on is None:
        project.started_on = today
        return ["started_on"]
    if new_status == COMPLETED:
        project.completed_on = today
        return ["completed_on"]
    return []


def _check_lead(project: Project, lead: Person | None) -> None:
    if project.status == COMPLETED:
        raise InvalidProject(
            f"“{project.title}” is completed, so who led it stays as its history.", field="lead"
        )
    if lead is None:
        raise InvalidProject(
            "Choose who leads the project. It keeps its lead until you name another.",
            field="lead",
        )
    if not is_active_core(lead, project.community):
        raise InvalidProject(
            f"{lead.display_name} is not an active core member of {project.community.name}, "
            "and a project's lead must be one.",
            field="lead",
        )


def update_project(*, project: Project, by: Person, **fields) -> ProjectChange:
    """Change a project's title, aim, status, outcome or lead (any of EDITABLE_FIELDS), as its
    lead, one of its community's leads or the Head (NotAllowed otherwise).

    A project moves forward only: proposed to active (its start date set) or completed, active
    to completed. Completing needs an outcome, and sets the completion date; a completed
    project keeps its outcome. A new lead must be an active core member of the community, and
    is emailed unless they named themselves; once completed, the lead stays as history.
    """
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"update_project() cannot change {', '.join(sorted(unknown))}")
    for text in ("title", "outcome"):
        if text in fields:
            fields[text] = (fields[text] or "").strip()
    if "aim" in fields:
        fields["aim"] = fields["aim"] or ""
    with transaction.atomic():
        lock_people(by, fields.get("lead"))
        locked = _lock_project(project)
        if not can_manage_project(by, locked):
            raise NotAllowed(
                f"Only the lead of “{locked.title}”, the leads of {locked.community.name} and "
                "the Head of CoPs can change it."
            )
        changed = [name for name, value in fields.items() if _differs(locked, name, value)]
        if not changed:
            return ProjectChange(locked)
        if "lead" in changed:
            _check_lead(locked, fields["lead"])
        if "status" in changed:
            _check_status_move(locked, fields["status"])
        saved = list(changed)
        for name in changed:
            if name != "status":
                setattr(locked, name, fields[name])
        if "status" in changed:
            saved += _apply_status(locked, fields["status"])
        _check_text(locked.title, locked.aim)
        if locked.status == COMPLETED and not locked.outcome:
            raise InvalidProject(
                "Say what the project achieved: a completed project needs its outcome.",
                field="outcome",
            )
        locked.save(update_fields=saved)
        if "lead" in changed:
            project_emails.queue_lead_named(project=locked, by=by)
    project.refresh_from_db()
    return ProjectChange(locked, changed=tuple(changed))


def _differs(project: Project, name: str, value) -> bool:
    if name == "lead":
        return project.lead_id != (value.pk if value is not None else None)
    return getattr(project, name) != value
