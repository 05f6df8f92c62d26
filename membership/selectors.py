"""Reads that pages repeat: a person's relation to the catalogue, in as few queries as it takes.

Views and template tags call these instead of querying models themselves; the higher apps call
them too, so "who is a member of what" is asked one way everywhere.
"""

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Value, When

from communities.models import Community

from .models import Interest, Membership, Person, Reconfirmation


def communities_for_list() -> QuerySet[Community]:
    """Every community, ordered as the list shows them. Member and interest counts are the
    community's own columns (`core_count`, `wider_count`, `interest_count`)."""
    return Community.objects.select_related("practice_area__sponsor").order_by(
        "practice_area__name", "name"
    )


def community_for_page(slug: str) -> Community | None:
    """The community with this slug, its practice area and its sponsor."""
    return Community.objects.select_related("practice_area__sponsor").filter(slug=slug).first()


def is_interested(person: Person, community: Community) -> bool:
    """Whether `person` registered interest in `community`. Only a community in preparation
    takes (or shows) interest, so for any other this asks nothing and says no."""
    if community.status != Community.Status.PREPARING:
        return False
    return Interest.objects.filter(person=person, community=community).exists()


def leads_of(community: Community) -> QuerySet[Membership]:
    """The community's active leads, by name."""
    return (
        Membership.objects.active()
        .filter(community=community, is_lead=True)
        .select_related("person")
        .order_by("person__full_name")
    )


def membership_here_and_core(
    person: Person, community: Community
) -> tuple[Membership | None, Membership | None]:
    """The person's active membership of `community`, and their core membership elsewhere.

    One query for both (at most two rows), since the community page's join panel needs both.
    """
    here = core_elsewhere = None
    for row in (
        Membership.objects.active()
        .filter(person=person)
        .filter(Q(community=community) | Q(kind=Membership.Kind.CORE))
        .select_related("community")
    ):
        if row.community_id == community.pk:
            here = row
        else:
            core_elsewhere = row
    return here, core_elsewhere


def active_membership(person: Person, community: Community) -> Membership | None:
    """The person's active membership of `community`, if they have one."""
    return Membership.objects.active().filter(person=person, community=community).first()


def my_memberships(person: Person) -> QuerySet[Membership]:
    """The person's active memberships, by community name."""
    return (
        Membership.objects.active()
        .filter(person=person)
        .select_related("community__practice_area")
        .order_by("community__name")
    )


def my_open_interests(person: Person) -> QuerySet[Interest]:
    """The person's interests that are still a to-do: not closed, and not since joined."""
    return (
        Interest.objects.filter(person=person)
        .exclude(community__status=Community.Status.CLOSED)
        .exclude(
            Exists(
                Membership.objects.active().filter(person=person, community=OuterRef("community"))
            )
        )
        .select_related("community__practice_area")
        .order_by("community__name")
    )


# The member directory --------------------------------------------------------------------------

# How the directory sorts, after leads (who always come first). "since": newest members first.
DIRECTORY_SORTS = {
    "name": ("person__full_name", "person__email"),
    "department": ("no_department", "person__department", "person__full_name"),
    "since": ("-joined_at", "person__full_name"),
}


def directory(community: Community, *, q: str = "", sort: str = "name") -> QuerySet[Membership]:
    """The community's active members for its directory: leads first, then by `sort`.

    People who chose to be hidden from lists are left out (they still count in
    `directory_counts`). `q` matches names: every word must appear in the person's name.
    """
    members = (
        Membership.objects.active()
        .filter(community=community, person__hidden_from_lists=False)
        .select_related("person")
    )
    for word in q.split():
        members = members.filter(person__full_name__icontains=word)
    if sort == "department":
        # People with no department at the end of the list, not at its top.
        members = members.annotate(
            no_department=Case(When(person__department="", then=Value(1)), default=Value(0))
        )
    order = DIRECTORY_SORTS.get(sort, DIRECTORY_SORTS["name"])
    return members.order_by("-is_lead", *order, "pk")


def directory_counts(community: Community) -> dict[str, int]:
    """Active members of the community by kind, everyone included, and how many of them are
    hidden from lists: `core`, `wider`, `total`, `hidden`, in one query."""
    counts = (
        Membership.objects.active()
        .filter(community=community)
        .aggregate(
            core=Count("pk", filter=Q(kind=Membership.Kind.CORE)),
            wider=Count("pk", filter=Q(kind=Membership.Kind.WIDER)),
            hidden=Count("pk", filter=Q(person__hidden_from_lists=True)),
        )
    )
    return {**counts, "total": counts["core"] + counts["wider"]}


# A person's own data, for /me/data/ ------------------------------------------------------------


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def _membership_history(membership: Membership) -> list[dict]:
    """Each recorded change of the membership (django-simple-history), oldest first: what it
    became. Who made each change is left out: that is someone else's data."""
    return [
        {
            "at": _when(version.history_date),
            "change": version.get_history_type_display().lower(),
            "kind": version.kind,
            "lead": version.is_lead,
            "ended_at": _when(version.ended_at),
        }
        for version in membership.history.order_by("history_date", "history_id")
    ]


def personal_data(person: Person) -> dict:
    """Everything membership holds about `person`, as plain JSON-ready values: their profile
    and roles, every membership (ended ones too) with its recorded changes, their interests and
    their reconfirmation reminders."""
    memberships = (
        Membership.objects.filter(person=person)
        .select_related("community")
        .order_by("joined_at", "pk")
    )
    interests = Interest.objects.filter(person=person).select_related("community")
    reminders = Reconfirmation.objects.filter(membership__person=person).select_related(
        "membership__community"
    )
    return {
        "profile": {
            "email": person.email,
            "full_name": person.full_name,
            "department": person.department,
            "job_title": person.job_title,
            "account_active": person.is_active,
            "hidden_from_lists": person.hidden_from_lists,
            "added_at": _when(person.date_joined),
            "last_sign_in": _when(person.last_login),
            "head_of_cops_team": person.is_head_of_cops,
            "superuser": person.is_superuser,
            "sponsor_of": sorted(person.sponsored_areas.values_list("name", flat=True)),
        },
        "memberships": [
            {
                "community": membership.community.name,
                "kind": membership.kind,
                "lead": membership.is_lead,
                "joined_at": _when(membership.joined_at),
                "ended_at": _when(membership.ended_at),
                "core_confirmed_at": _when(membership.confirmed_at),
                "history": _membership_history(membership),
            }
            for membership in memberships
        ],
        "interests": [
            {
                "community": interest.community.name,
                "registered_at": _when(interest.created_at),
                "told_of_launch_at": _when(interest.notified_at),
            }
            for interest in interests.order_by("created_at", "pk")
        ],
        "reconfirmation_reminders": [
            {
                "community": reminder.membership.community.name,
                "reminder": reminder.get_step_display(),
                "sent_at": _when(reminder.sent_at),
                "outcome": reminder.get_outcome_display(),
                "closed_at": _when(reminder.closed_at),
            }
            for reminder in reminders.order_by("sent_at", "pk")
        ],
    }
