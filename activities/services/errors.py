"""The refusals of the activities services: each a message for the person, and a code."""

from ..models import Rsvp


class ActivityError(Exception):
    """A change to a session, an RSVP or an announcement that the programme's rules refuse.

    `message` is written for the person who asked; `code` lets pages and tests tell cases apart.
    """

    code = "refused"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(ActivityError):
    """The person may see this but not change it (views answer 403)."""

    code = "not_allowed"


class NotOpenForRsvp(ActivityError):
    """The session has ended or was cancelled."""

    code = "not_open"


class CapacityBelowGoing(ActivityError):
    code = "capacity_below_going"


class AlreadyRsvped(ActivityError):
    """The person already has a live RSVP (`rsvp`: going or waiting) for this session."""

    code = "already_rsvped"

    def __init__(self, message: str, *, rsvp: Rsvp):
        super().__init__(message)
        self.rsvp = rsvp


class NoRsvp(ActivityError):
    code = "no_rsvp"


class NotEnded(ActivityError):
    """Attendance is marked after the session ends, not before."""

    code = "not_ended"


class InvalidSession(ActivityError):
    """Bad times, nowhere to meet, a host who is not a member, or a session that can no longer
    be changed."""

    code = "invalid_session"
