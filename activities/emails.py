"""The emails about sessions, written to the outbox in the transaction of the change.

Every one is `about` its session (`outbox.services.reference_to`), so a cancellation can
withdraw the confirmations, promotions and reminders not yet delivered: once a session is
cancelled, "see you there" is no longer true.
"""

from collections.abc import Iterable

from django.conf import settings

from communities.models import ProgrammeContact
from outbox.services import PLACEHOLDER_DOMAIN, queue_email, reference_to, withdraw_unsent

from .calendar import session_calendar
from .models import Rsvp, Session

CONFIRMATION = "session_confirmation"
PROMOTED = "session_promoted"
CANCELLED = "session_cancelled"
REMINDER = "session_reminder"
# What stops being true when a session is cancelled.
WITHDRAWN_ON_CANCEL = (CONFIRMATION, PROMOTED, REMINDER)


def _reply_to_host(session: Session) -> list[str]:
    # Questions about a session are for its host, not the programme's mailbox.
    address = session.host.email
    usable = session.host.is_active and address and not address.endswith(PLACEHOLDER_DOMAIN)
    return [address] if usable else []


def _calendar_attachment(session: Session) -> dict:
    return {
        "filename": "session.ics",
        "content": session_calendar(session).decode("utf-8"),
        "mimetype": "text/calendar",
    }


class _Mailer:
    """Queues one kind of email about one session to each RSVP given, working out what every
    copy shares (the page's address, the contact, the .ics) once."""

    def __init__(self, session: Session, *, kind: str, attach_calendar: bool = False, **extra):
        self.session = session
        self.kind = kind
        self.reply_to = _reply_to_host(session)
        self.attachments = [_calendar_attachment(session)] if attach_calendar else []
        self.context = {
            "session": session,
            "community": session.community,
            "session_url": f"{settings.SITE_URL}{session.get_absolute_url()}",
            "contact": ProgrammeContact.current(),
            "host_replies": bool(self.reply_to),
            **extra,
        }

    def queue(self, rsvp: Rsvp, *, attach_calendar: bool = True) -> bool:
        email = queue_email(
            to=rsvp.person,
            kind=self.kind,
            template=self.kind,
            context={**self.context, "rsvp": rsvp, "person": rsvp.person},
            reply_to=self.reply_to,
            attachments=self.attachments if attach_calendar else [],
            about=reference_to(self.session),
        )
        return email is not None


def queue_confirmation(*, rsvp: Rsvp) -> bool:
    """Confirm an RSVP: going (with the session's .ics attached), or on the waiting list."""
    going = rsvp.status == Rsvp.Status.GOING
    return _Mailer(rsvp.session, kind=CONFIRMATION, attach_calendar=going).queue(rsvp)


def queue_promotions(*, session: Session, rsvps: Iterable[Rsvp]) -> int:
    """Tell people who were waiting that a place opened and they are now going (.ics attached).
    Returns how many were told."""
    rsvps = list(rsvps)
    if not rsvps:
        return 0
    mailer = _Mailer(session, kind=PROMOTED, attach_calendar=True)
    return sum(mailer.queue(rsvp) for rsvp in rsvps)


def queue_reminders(*, session: Session, rsvps: Iterable[Rsvp]) -> int:
    """Remind people going that the session is coming up; returns how many were queued."""
    rsvps = list(rsvps)
    if not rsvps:
        return 0
    mailer = _Mailer(session, kind=REMINDER)
    return sum(mailer.queue(rsvp) for rsvp in rsvps)


def queue_cancellation_notices(
    *, session: Session, rsvps: Iterable[Rsvp], community_closed: bool = False
) -> int:
    """Tell everyone going or waiting that the session is cancelled; returns how many were told.

    Those going get the .ics with STATUS:CANCELLED and a higher SEQUENCE, so their calendar
    can mark it.
    """
    rsvps = list(rsvps)
    if not rsvps:
        return 0
    mailer = _Mailer(
        session, kind=CANCELLED, attach_calendar=True, community_closed=community_closed
    )
    return sum(
        mailer.queue(rsvp, attach_calendar=rsvp.status == Rsvp.Status.GOING) for rsvp in rsvps
    )


def withdraw_unsent_session_mail(*, session: Session) -> int:
    """Withdraw the confirmations, promotions and reminders about `session` not yet sent."""
    about = reference_to(session)
    return sum(withdraw_unsent(kind=kind, about=about) for kind in WITHDRAWN_ON_CANCEL)
