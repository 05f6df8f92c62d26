"""The one way the portal writes iCalendar (.ics): a single session, or a feed of sessions.

What makes Outlook (and Google, Apple) keep a subscribed calendar right:
- each session has the same UID in every file and feed (`session-<pk>@<site host>`), and its
  SEQUENCE (raised by the services on every change) tells calendars which copy is newer;
- a cancelled session stays in the feeds with STATUS:CANCELLED, so subscribed calendars take it
  off instead of keeping a stale meeting;
- times are written in local London time with TZID=Europe/London, and the VTIMEZONE spells the
  UK rule out as one DAYLIGHT and one STANDARD observance with RRULEs. Outlook reads only that
  shape: the RDATE lists that `Timezone.from_tzid` builds make it fall back to UTC.

Feeds are public or known to whoever holds the token, so they never carry an email address:
no ORGANIZER or ATTENDEE, and the host appears by name only.
"""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.text import Truncator
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
)

from .models import Session

LONDON = ZoneInfo("Europe/London")
PRODID = "-//UCL Communities of Practice//Sessions//EN"
# How often subscribed calendars should fetch a feed again (Outlook reads X-PUBLISHED-TTL).
REFRESH_EVERY = timedelta(hours=1)
# Enough of a description to know what the session is about; the session page has the rest.
DESCRIPTION_CHARACTERS = 500


def session_uid(session: Session) -> str:
    """The UID of a session in every calendar: stable across edits, unique to this site."""
    return f"session-{session.pk}@{urlsplit(settings.SITE_URL).hostname}"


def session_calendar(session: Session) -> bytes:
    """One session as an .ics file, to open or import ("Add to calendar", email attachments)."""
    calendar = _calendar()
    calendar.add_component(_event(session))
    return calendar.to_ical()


def sessions_calendar(sessions: Iterable[Session], *, name: str) -> bytes:
    """A feed of sessions (cancelled ones as STATUS:CANCELLED) for calendars to subscribe to.

    Give sessions with their community and host selected, so the feed costs one query.
    """
    calendar = _calendar()
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-wr-timezone", "Europe/London")
    calendar.add("refresh-interval", REFRESH_EVERY, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_EVERY))
    for session in sessions:
        calendar.add_component(_event(session))
    return calendar.to_ical()


def london_timezone() -> Timezone:
    """The VTIMEZONE of Europe/London in the shape Outlook understands.

    The UK rule since 1996: clocks go forward at 01:00 GMT on the last Sunday of March and back
    at 02:00 BST on the last Sunday of October. Earlier rules do not matter: no session is older.
    """
    london = Timezone()
    london.add("tzid", "Europe/London")
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("tzoffsetfrom", timedelta(0))
    summer.add("tzoffsetto", timedelta(hours=1))
    summer.add("dtstart", datetime(1970, 3, 29, 1, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("tzoffsetfrom", timedelta(hours=1))
    winter.add("tzoffsetto", timedelta(0))
    winter.add("dtstart", datetime(1970, 10, 25, 2, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    london.add_component(winter)
    london.add_component(summer)
    return london


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(london_timezone())
    return calendar


def _event(session: Session) -> Event:
    cancelled = session.status == Session.Status.CANCELLED
    title = f"{session.title} – {session.community.name}"
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("created", session.created_at.astimezone(UTC))
    event.add("sequence", session.sequence)
    event.add("dtstart", session.starts_at.astimezone(LONDON))
    event.add("dtend", session.ends_at.astimezone(LONDON))
    event.add("summary", f"Cancelled: {title}" if cancelled else title)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    if place := _place(session):
        event.add("location", place)
    event.add("url", _absolute_url(session))
    event.add("description", _description(session))
    return event


def _place(session: Session) -> str:
    if session.location and session.online_url:
        return f"{session.location}, or online: {session.online_url}"
    return session.location or session.online_url


def _description(session: Session) -> str:
    """Plain text: the start of the description (Markdown reads as text), then the practical
    lines. The host is named, never given by address."""
    lines = []
    if session.status == Session.Status.CANCELLED:
        lines += ["This session has been cancelled.", ""]
    if text := session.description.replace("\r\n", "\n").strip():
        lines += [Truncator(text).chars(DESCRIPTION_CHARACTERS), ""]
    if session.host.full_name:
        lines.append(f"Host: {session.host.full_name}")
    if session.online_url:
        lines.append(f"Join online: {session.online_url}")
    lines.append(f"Details and RSVP: {_absolute_url(session)}")
    return "\n".join(lines)


def _absolute_url(session: Session) -> str:
    return settings.SITE_URL + session.get_absolute_url()
