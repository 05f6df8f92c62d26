"""Activities on other apps' pages, as inclusion tags: `{% load activities %}`, then

- `{% community_sessions community user %}`: the community's upcoming sessions and the ones
  it held, with their attendance, and "Schedule a session" for those who may;
- `{% community_announcements community %}`: its five latest announcements;
- `{% my_sessions user %}`: the sessions I am going to or waiting for;
- `{% my_calendar_feed user %}`: my personal calendar address (or a button to get one), how to
  subscribe, and a reset.

The community page and /me/ stay in `membership`, which never imports `activities`: the tags
reach into it from the template instead. Each tag asks a fixed number of queries.

The community's sections are the same for everyone who may do the same there, so each is
cached under the community's version (communities.fragments), once per answer to "may this
person schedule / post here?"; only that answer is asked on a cached visit. The sessions expire
when the next session starts or ends, since time passing writes nothing.
"""

from datetime import datetime

from django import template
from django.conf import settings
from django.db.models import Count, Min, Q
from django.template.loader import render_to_string
from django.utils import timezone

from communities import fragments

from .. import permissions, selectors, services
from ..models import Announcement, Rsvp, Session

register = template.Library()

# The community page shows this many of each; /events/ and the feeds have the rest.
UPCOMING_ON_COMMUNITY_PAGE = 10
HELD_ON_COMMUNITY_PAGE = 5
ANNOUNCEMENTS_ON_COMMUNITY_PAGE = 5


def _places_left(session) -> int | None:
    if session.capacity is None:
        return None
    return max(session.capacity - session.going_count, 0)


def _sessions_change_at(community, listed: list[Session]) -> datetime | None:
    """When the sessions section would change with no write: the next start or end of a
    session coming up (an ended one moves to "held recently").

    The sessions listed (the page's ten and one more) tell: any later one starts after the last
    of them, so after that one's start, and ends later still. Only when even that one has
    started already (eleven at once) could a later one end first: then one more query asks.
    """
    now = timezone.now()
    moments = [s.starts_at for s in listed if s.starts_at > now] + [s.ends_at for s in listed]
    if len(listed) > UPCOMING_ON_COMMUNITY_PAGE and listed[-1].starts_at <= now:
        later = Session.objects.upcoming(now).filter(community=community).aggregate(Min("ends_at"))
        moments.append(later["ends_at__min"])
    return min((moment for moment in moments if moment is not None), default=None)


@register.simple_tag(takes_context=True)
def community_sessions(context, community, user, membership=permissions.UNREAD) -> str:
    """Upcoming sessions with places left; held ones with "12 of 15 attended" or "attendance
    not marked". `membership`: the person's active membership here, when the page has read it
    (None: not a member), which saves the permission check a query."""
    can_schedule = permissions.can_schedule(user, community, membership=membership)

    def build() -> tuple[str, datetime | None]:
        upcoming, held = selectors.community_sessions(community)
        upcoming = list(upcoming[: UPCOMING_ON_COMMUNITY_PAGE + 1])
        for session in upcoming:
            session.places_left = _places_left(session)
        held = held.annotate(
            marked_count=Count(
                "rsvps",
                filter=Q(rsvps__status=Rsvp.Status.GOING, rsvps__attended__isnull=False),
            )
        )
        html = render_to_string(
            "activities/tags/community_sessions.html",
            {
                "community": community,
                "upcoming": upcoming[:UPCOMING_ON_COMMUNITY_PAGE],
                "more_upcoming": len(upcoming) > UPCOMING_ON_COMMUNITY_PAGE,
                "held": list(held[:HELD_ON_COMMUNITY_PAGE]),
                "can_schedule": can_schedule,
            },
        )
        return html, _sessions_change_at(community, upcoming)

    return fragments.community_fragment(
        "sessions", community, (can_schedule,), build, request=context.get("request")
    )


@register.simple_tag(takes_context=True)
def community_announcements(context, community, membership=permissions.UNREAD) -> str:
    """The latest announcements, newest first, their bodies rendered from Markdown; and "Post
    an announcement" for the community's leads and the Head. `membership` as for sessions."""
    user = context.get("user")
    can_post = user is not None and permissions.can_post_announcement(
        user, community, membership=membership
    )

    def build() -> tuple[str, None]:
        announcements = (
            Announcement.objects.filter(community=community)
            .select_related("author")
            .order_by("-created_at", "-pk")[:ANNOUNCEMENTS_ON_COMMUNITY_PAGE]
        )
        html = render_to_string(
            "activities/tags/community_announcements.html",
            {"community": community, "announcements": list(announcements), "can_post": can_post},
        )
        return html, None

    return fragments.community_fragment(
        "announcements", community, (can_post,), build, request=context.get("request")
    )


@register.inclusion_tag("activities/tags/my_sessions.html", takes_context=True)
def my_sessions(context, user) -> dict:
    """My upcoming sessions, soonest first, each saying whether I am going or waiting. Tells
    /me/'s cache which communities they are in, and when the list changes with time alone (a
    session starts, or ends and leaves it)."""
    sessions = list(selectors.my_upcoming_sessions(user))
    request = context.get("request")
    fragments.shows_communities(request, {session.community_id for session in sessions})
    now = timezone.now()
    moments = [s.starts_at for s in sessions if s.starts_at > now] + [s.ends_at for s in sessions]
    fragments.changes_at(request, min(moments, default=None))
    return {"sessions": sessions}


@register.inclusion_tag("activities/tags/my_calendar_feed.html", takes_context=True)
def my_calendar_feed(context, user) -> dict:
    """The address of my own calendar feed and how to use it; before I have one, a button that
    makes it (showing the page writes nothing)."""
    feed = services.calendar_feed_of(person=user)
    if feed is None:
        return {"address": "", "csrf_token": context.get("csrf_token")}
    request = context.get("request")
    path = feed.get_absolute_url()
    address = request.build_absolute_uri(path) if request else f"{settings.SITE_URL}{path}"
    return {"address": address, "csrf_token": context.get("csrf_token")}
