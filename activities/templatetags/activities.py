"""Activities on other apps' pages, as inclusion tags: `{% load activities %}`, then

- `{% community_sessions community user %}`: the community's upcoming sessions and the ones
  it held, with their attendance, and "Schedule a session" for those who may;
- `{% community_announcements community %}`: its five latest announcements;
- `{% my_sessions user %}`: the sessions I am going to or waiting for;
- `{% my_calendar_feed user %}`: my personal calendar address (or a button to get one), how to
  subscribe, and a reset.

The community page and /me/ stay in `membership`, which never imports `activities`: the tags
reach into it from the template instead. Each tag asks a fixed number of queries.
"""

from django import template
from django.conf import settings
from django.db.models import Count, Q

from .. import permissions, selectors, services
from ..models import Announcement, Rsvp

register = template.Library()

# The community page shows this many of each; /events/ and the feeds have the rest.
UPCOMING_ON_COMMUNITY_PAGE = 10
HELD_ON_COMMUNITY_PAGE = 5
ANNOUNCEMENTS_ON_COMMUNITY_PAGE = 5


def _places_left(session) -> int | None:
    if session.capacity is None:
        return None
    return max(session.capacity - session.going_count, 0)


@register.inclusion_tag("activities/tags/community_sessions.html")
def community_sessions(community, user) -> dict:
    """Upcoming sessions with places left; held ones with "12 of 15 attended" or "attendance
    not marked"."""
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
    return {
        "community": community,
        "upcoming": upcoming[:UPCOMING_ON_COMMUNITY_PAGE],
        "more_upcoming": len(upcoming) > UPCOMING_ON_COMMUNITY_PAGE,
        "held": list(held[:HELD_ON_COMMUNITY_PAGE]),
        "can_schedule": permissions.can_schedule(user, community),
    }


@register.inclusion_tag("activities/tags/community_announcements.html", takes_context=True)
def community_announcements(context, community) -> dict:
    """The latest announcements, newest first, their bodies rendered from Markdown; and "Post
    an announcement" for the community's leads and the Head."""
    user = context.get("user")
    announcements = (
        Announcement.objects.filter(community=community)
        .select_related("author")
        .order_by("-created_at", "-pk")[:ANNOUNCEMENTS_ON_COMMUNITY_PAGE]
    )
    return {
        "community": community,
        "announcements": list(announcements),
        "can_post": user is not None and permissions.can_post_announcement(user, community),
    }


@register.inclusion_tag("activities/tags/my_sessions.html")
def my_sessions(user) -> dict:
    """My upcoming sessions, soonest first, each saying whether I am going or waiting."""
    return {"sessions": list(selectors.my_upcoming_sessions(user))}


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
