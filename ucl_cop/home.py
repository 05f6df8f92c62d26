"""The signed-in part of the home page: my communities, my sessions, what is new, suggestions.

Everything here only reads. "New since my previous sign-in" is measured from the time kept in
the session when the person signed in (`ucl_cop.signin`), so showing the page writes nothing.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from activities.models import Announcement, Resource
from activities.selectors import my_upcoming_sessions
from membership.models import Membership, Person
from membership.selectors import my_memberships

from .suggestions import Answers, Suggestion, suggest

SESSIONS_SHOWN = 5
NEWS_SHOWN = 5
SUGGESTIONS_SHOWN = 3
# Someone signing in for the first time (or in a session older than this page) sees what
# their communities shared in the last few weeks instead.
NO_PREVIOUS_SIGN_IN_WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class News:
    since: datetime
    since_previous_sign_in: bool
    announcements: list
    more_announcements: bool
    resources: list
    more_resources: bool

    @property
    def is_empty(self) -> bool:
        return not (self.announcements or self.resources)


def _first(queryset, n: int) -> tuple[list, bool]:
    rows = list(queryset[: n + 1])
    return rows[:n], len(rows) > n


def news_for(person: Person, memberships: list[Membership], since: datetime | None) -> News:
    """Announcements and resources in the person's communities since `since`, newest first,
    leaving out what they wrote themselves. An announcement for core members only is news only
    where the person is core; hidden resources never are."""
    previous = since is not None
    since = since or timezone.now() - NO_PREVIOUS_SIGN_IN_WINDOW
    all_ids = [m.community_id for m in memberships]
    core_ids = [m.community_id for m in memberships if m.kind == Membership.Kind.CORE]
    announcements = (
        Announcement.objects.filter(created_at__gt=since)
        .filter(
            Q(community_id__in=all_ids, audience=Announcement.Audience.ALL)
            | Q(community_id__in=core_ids, audience=Announcement.Audience.CORE)
        )
        .exclude(author=person)
        .select_related("community")
        .order_by("-created_at", "-pk")
    )
    resources = (
        Resource.objects.visible()
        .filter(community_id__in=all_ids, created_at__gt=since)
        .exclude(author=person)
        .select_related("community")
        .order_by("-created_at", "-pk")
    )
    announcement_rows, more_announcements = _first(announcements, NEWS_SHOWN)
    resource_rows, more_resources = _first(resources, NEWS_SHOWN)
    return News(
        since=since,
        since_previous_sign_in=previous,
        announcements=announcement_rows,
        more_announcements=more_announcements,
        resources=resource_rows,
        more_resources=more_resources,
    )


def dashboard(person: Person, previous_sign_in: datetime | None) -> dict:
    """What the signed-in home page shows, in a fixed handful of queries."""
    memberships = list(my_memberships(person))
    # Core first, then by name: the community a person identifies with leads the list.
    memberships.sort(key=lambda m: (m.kind != Membership.Kind.CORE, m.community.name))
    suggestions: list[Suggestion] = []
    answers = Answers(department=person.department, job_title=person.job_title)
    if not answers.is_empty:
        suggestions = suggest(answers, person=person, limit=SUGGESTIONS_SHOWN)
    sessions, more_sessions = _first(my_upcoming_sessions(person), SESSIONS_SHOWN)
    return {
        "memberships": memberships,
        "has_core": any(m.kind == Membership.Kind.CORE for m in memberships),
        "my_sessions": sessions,
        "more_sessions": more_sessions,
        "news": news_for(person, memberships, previous_sign_in) if memberships else None,
        "suggestions": suggestions,
        "has_profile": not answers.is_empty,
    }
