"""Demo projects, resources and community pages: planned from the synthetic memberships, then
bulk-inserted, with the resources' files stored through the default storage.

The same synthetic people and `seed` always give the same projects and resources (to the day
they are made on). Each launched community with core members gets a completed project with its
outcome, an active one, a proposed one and sometimes another, with members taking part, and a
library of files of every type a member may share (made in `files`, checked by the portal's own
content check) and links. The rows keep the rules the services keep: a project's lead is an
active core member who had joined when it was proposed (or, for a project that "needs a lead",
a core member who has since left), participants are members, never the lead, with one live
place each, and a completed project has its outcome and dates. Nothing is emailed.

Everything made belongs to synthetic people (proposed by, or shared by), which is how a later
run finds it. Community pages are only filled in where they are empty, so a page someone
wrote is never overwritten, and a second run finds nothing to fill.
"""

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from activities import uploads
from activities.models import Project, ProjectMember, Resource, ResourceTag
from communities.models import Community
from membership.models import Membership

from . import files
from .generation import synthetic_people_queryset
from .practice_texts import PROJECTS, RESOURCES, ProjectIdea, ResourceIdea, page_for

EXTRA_PROJECT = ("active", "completed", "none")  # A fourth project, sometimes.
NEEDS_A_LEAD_SHARE = 0.3  # Active projects whose lead has since left the community.
PARTICIPANTS = (2, 7)
LEFT_PROJECT_SHARE = 0.15  # Participants of open projects who have since stepped back.
RESOURCES_PER_COMMUNITY = 5
RESOURCE_DAYS = 330  # Resources added over the last eleven months.
ONE_DAY = timedelta(days=1)


@dataclass
class Member:
    person_id: int
    kind: str
    is_lead: bool
    joined_at: datetime
    ended_at: datetime | None


@dataclass
class PlannedResource:
    resource: Resource
    tags: tuple[str, ...]
    content: bytes | None = None  # The file to store, for a resource that is not a link.
    stored_as: str = ""


@dataclass
class Planned:
    projects: list[Project] = field(default_factory=list)
    participants: list[list[ProjectMember]] = field(default_factory=list)  # As `projects`.
    resources: list[PlannedResource] = field(default_factory=list)


def demo_projects():
    """Projects proposed by synthetic people: the demo's own."""
    return Project.objects.filter(created_by__in=synthetic_people_queryset())


def demo_resources():
    return Resource.objects.filter(author__in=synthetic_people_queryset())


def present() -> bool:
    return demo_projects().exists() or demo_resources().exists()


def remove() -> None:
    """Delete the demo's projects (their participants go with them) and resources, and, once
    that commits, the resources' stored files."""
    stored = [name for name in demo_resources().values_list("file", flat=True) if name]
    demo_resources().delete()
    demo_projects().delete()
    storage = Resource._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in stored])


def fill_pages(communities: Iterable[Community]) -> int:
    """Give each community a description and "how we meet" where it has none; returns how many
    pages were filled in. Written straight to the table, field by field, only where empty."""
    filled = 0
    for community in communities:
        description, how_we_meet = page_for(community.name, community.summary, community.slug)
        rows = Community.objects.filter(pk=community.pk)
        changed = rows.filter(description="").update(description=description)
        changed += rows.filter(how_we_meet="").update(how_we_meet=how_we_meet)
        filled += bool(changed)
    return filled


def plan(*, seed: int, communities: Sequence[Community]) -> Planned:
    """Decide the demo's projects and resources for `communities` (in a stable order), from
    their synthetic members as the database holds them now."""
    rng = random.Random(f"practice-{seed}")
    today = timezone.localdate()
    start_of_today = datetime.combine(today, time(), tzinfo=timezone.get_current_timezone())
    members = _members_by_community(communities)
    planned = Planned()
    for index, community in enumerate(communities):
        pool = members.get(community.pk, [])
        if not any(m.kind == Membership.Kind.CORE and m.ended_at is None for m in pool):
            continue  # Nobody to lead or share: the community has not got going yet.
        for idea, status in _project_ideas(rng):
            made = _plan_project(rng, community, idea, status, pool, start_of_today)
            if made is not None:
                planned.projects.append(made[0])
                planned.participants.append(made[1])
        # Each community starts further along the list, so together they share every type.
        for offset in range(RESOURCES_PER_COMMUNITY):
            idea = RESOURCES[(index * RESOURCES_PER_COMMUNITY + offset) % len(RESOURCES)]
            made = _plan_resource(rng, community, idea, pool, start_of_today)
            if made is not None:
                planned.resources.append(made)
    return planned


def create(planned: Planned) -> tuple[int, int, int]:
    """Insert the plan in bulk and store the files; returns the projects, participants and
    resources made. A failure removes the files stored so far."""
    projects = Project.objects.bulk_create(planned.projects)
    places = []
    for project, participants in zip(projects, planned.participants, strict=True):
        for place in participants:
            place.project = project  # Now that it has its primary key.
            places.append(place)
    ProjectMember.objects.bulk_create(places, batch_size=2000)

    stored = []
    try:
        for item in planned.resources:
            if item.content is not None:
                item.resource.file.save(item.stored_as, ContentFile(item.content), save=False)
                stored.append(item.resource.file.name)
        resources = Resource.objects.bulk_create(item.resource for item in planned.resources)
        ResourceTag.objects.bulk_create(
            ResourceTag(resource=resource, name=name)
            for resource, item in zip(resources, planned.resources, strict=True)
            for name in item.tags
        )
    except BaseException:
        storage = Resource._meta.get_field("file").storage
        for name in stored:
            storage.delete(name)
        raise
    return len(projects), len(places), len(resources)


# Planning --------------------------------------------------------------------------------------


def _members_by_community(communities: Iterable[Community]) -> dict[int, list[Member]]:
    rows = (
        Membership.objects.filter(
            person__in=synthetic_people_queryset(), community__in=list(communities)
        )
        .order_by("community_id", "person__email", "joined_at")
        .values_list("community_id", "person_id", "kind", "is_lead", "joined_at", "ended_at")
    )
    found: dict[int, list[Member]] = {}
    for community_id, *member in rows:
        found.setdefault(community_id, []).append(Member(*member))
    return found


def _project_ideas(rng: random.Random) -> list[tuple[ProjectIdea, str]]:
    """Three or four ideas: one completed, one active, one proposed and perhaps another."""
    statuses = ["completed", "active", "proposed"]
    if (extra := rng.choice(EXTRA_PROJECT)) != "none":
        statuses.append(extra)
    return list(zip(rng.sample(PROJECTS, len(statuses)), statuses, strict=True))


def _working_moment(rng: random.Random, day: date) -> datetime:
    while day.weekday() >= 5:
        day -= ONE_DAY
    clock = time(rng.randrange(9, 17), rng.randrange(60))
    return datetime.combine(day, clock, tzinfo=timezone.get_current_timezone())


def _plan_project(rng, community, idea: ProjectIdea, status: str, pool, start_of_today):
    today = start_of_today.date()
    started_on = completed_on = None
    if status == "completed":
        completed_on = today - timedelta(days=rng.randint(7, 300))
        started_on = completed_on - timedelta(days=rng.randint(45, 200))
        proposed_on = started_on - timedelta(days=rng.randint(5, 30))
    elif status == "active":
        started_on = today - timedelta(days=rng.randint(14, 270))
        proposed_on = started_on - timedelta(days=rng.randint(5, 30))
    else:
        proposed_on = today - timedelta(days=rng.randint(2, 60))
    created_at = _working_moment(rng, proposed_on)
    core = [m for m in pool if m.kind == Membership.Kind.CORE and m.joined_at < created_at]
    leads = [m for m in core if m.ended_at is None]
    # A core member who proposed it and has since left: the project now needs a lead.
    departed = [
        m
        for m in core
        if m.ended_at is not None and timezone.localdate(m.ended_at) > (started_on or today)
    ]
    if status == "active" and departed and rng.random() < NEEDS_A_LEAD_SHARE:
        proposer, lead = rng.choice(departed), None
    elif leads:
        proposer = lead = rng.choice(leads)
    else:
        return None  # Nobody was a core member yet when it would have been proposed.
    project = Project(
        community=community,
        title=idea.title,
        aim=idea.aim,
        status=status,
        lead_id=lead.person_id if lead else None,
        outcome=idea.outcome if status == "completed" else "",
        started_on=started_on,
        completed_on=completed_on,
        created_by_id=proposer.person_id,
        created_at=created_at,
    )
    return project, _participants(rng, project, pool, proposer, start_of_today)


def _participants(rng, project: Project, pool, proposer: Member, start_of_today):
    """Members, core or wider, who had joined the community before the project was proposed
    and are members still; never its lead or proposer. They joined while it was open."""
    candidates = sorted(
        {
            m.person_id
            for m in pool
            if m.ended_at is None
            and m.joined_at < project.created_at
            and m.person_id != proposer.person_id
        }
    )
    wanted = min(len(candidates), rng.randint(*PARTICIPANTS))
    closes = (
        datetime.combine(project.completed_on, time(9), tzinfo=start_of_today.tzinfo)
        if project.completed_on
        else start_of_today
    )
    span = max((closes - project.created_at).total_seconds(), 60)
    places = []
    for person_id in rng.sample(candidates, wanted):
        joined_at = project.created_at + timedelta(seconds=rng.uniform(60, span * 0.8))
        left_at = None
        if project.status != "completed" and rng.random() < LEFT_PROJECT_SHARE:
            left_at = joined_at + (start_of_today - joined_at) * rng.uniform(0.2, 0.9)
        places.append(ProjectMember(person_id=person_id, joined_at=joined_at, left_at=left_at))
    return places


def _plan_resource(rng, community, idea: ResourceIdea, pool, start_of_today):
    added_on = start_of_today.date() - timedelta(days=rng.randint(3, RESOURCE_DAYS))
    created_at = _working_moment(rng, added_on)
    authors = [m for m in pool if m.ended_at is None and m.joined_at < created_at]
    # Core members share most; wider members share too.
    core = [m for m in authors if m.kind == Membership.Kind.CORE]
    if not authors:
        return None
    author = rng.choice(core if core and rng.random() < 0.7 else authors)
    resource = Resource(
        community=community,
        title=idea.title,
        kind=idea.kind,
        description=idea.description,
        url=idea.url,
        author_id=author.person_id,
        created_at=created_at,
        updated_at=created_at,
    )
    planned = PlannedResource(resource=resource, tags=idea.tags)
    if idea.format:
        content = files.make(idea.format, f"{idea.title} ({community.name})", idea.lines)
        checked = uploads.check_upload(ContentFile(content, name=idea.file_name))
        resource.file_name = checked.name
        resource.file_type = checked.content_type
        resource.file_size = checked.size
        planned.content = content
        planned.stored_as = f"{rng.getrandbits(128):032x}{checked.extension}"
    return planned
