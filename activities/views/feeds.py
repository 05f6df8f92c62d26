"""Calendar files: one session, a community's feed, and a person's own feed; and a new address
for that own feed.

The feeds keep sessions from the last 90 days as well as future ones, so that a session moved
or cancelled just now still reaches calendars that subscribed earlier.
"""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.views.decorators.http import require_POST, require_safe

from .. import calendar, services
from ..models import CalendarFeed, Rsvp, Session
from .common import get_community, get_session, sign_in_first

# How far back a feed reaches.
FEED_HISTORY = timedelta(days=90)


def _ics(content: bytes, *, filename: str, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _feed_sessions():
    """Sessions a feed shows: scheduled or cancelled, from 90 days ago on, soonest first."""
    return (
        Session.objects.filter(starts_at__gte=timezone.now() - FEED_HISTORY)
        .select_related("community", "host")
        .order_by("starts_at", "pk")
    )


@require_safe
def session_calendar(request, pk: int):
    """Send one session as an .ics file to open in a calendar."""
    session = get_session(pk)
    day = timezone.localdate(session.starts_at).isoformat()
    filename = f"{slugify(session.title)[:60].strip('-') or 'session'}-{day}.ics"
    return _ics(calendar.session_calendar(session), filename=filename, attachment=True)


@require_safe
def community_calendar(request, slug: str):
    """Send a community's feed: its sessions, cancelled ones marked so."""
    community = get_community(slug)
    content = calendar.sessions_calendar(
        _feed_sessions().filter(community=community),
        name=f"{community.name} – UCL Communities of Practice",
    )
    return _ics(content, filename=f"{community.slug}.ics")


@require_safe
def personal_calendar(request, token: str):
    """Send the feed of the sessions the token's holder is going to (not waiting for).

    The token is the only key, so an unknown one (or a reset one) is a 404, and so is the feed
    of someone whose account has been switched off.
    """
    feed = CalendarFeed.objects.select_related("person").filter(token=token).first()
    if feed is None or not feed.person.is_active:
        raise Http404("No calendar has that address.")
    sessions = _feed_sessions().filter(rsvps__person=feed.person, rsvps__status=Rsvp.Status.GOING)
    content = calendar.sessions_calendar(sessions, name="My sessions – UCL Communities of Practice")
    response = _ics(content, filename="my-sessions.ics")
    # The feed is personal: no shared cache may keep a copy.
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
@sign_in_first("me", message="Please sign in first. You will come back to your page.")
def reset_calendar_token(request):
    """Give my feed a new address (my first, if I had none); the old one stops working at once."""
    if services.reset_calendar_token(person=request.user).is_new:
        messages.success(request, "Here is your calendar address: subscribe with it below.")
    else:
        messages.success(
            request, "Your calendar address has changed: subscribe again with the new one."
        )
    return redirect("me")
