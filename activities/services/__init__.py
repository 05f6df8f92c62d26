"""The only writer of sessions, RSVPs, announcements and calendar feeds.

Every function here is keyword-only, runs in one transaction and locks the session's row (or,
when scheduling, the people and then the community, as `membership.services` does) before
reading what it decides on. A refusal is an `ActivityError` with a message written for the
person. Emails are written to the outbox in the same transaction as the change, and sent after
it commits. Pages, the admin, management commands, receivers and tests all call these.
"""

from .announcements import post_announcement, set_announcement_opt_outs
from .calendar_feeds import calendar_feed_of, reset_calendar_token
from .errors import (
    ActivityError,
    AlreadyRsvped,
    CapacityBelowGoing,
    InvalidSession,
    NoRsvp,
    NotAllowed,
    NotEnded,
    NotOpenForRsvp,
)
from .former_members import Forgotten, forget_former_member
from .project_errors import (
    AlreadyTakingPart,
    InvalidProject,
    NotOpenToParticipants,
    NotTakingPart,
)
from .project_leads import release_project_leads
from .projects import (
    ProjectChange,
    join_project,
    leave_project,
    propose_project,
    update_project,
)
from .resources import (
    InvalidResource,
    add_resource,
    delete_resource,
    hide_resource,
    unhide_resource,
    update_resource,
)
from .rsvps import RsvpChange, cancel_rsvp, rsvp, send_session_reminders
from .sessions import (
    SessionChange,
    cancel_session,
    cancel_sessions_of_closed_community,
    mark_attendance,
    schedule_session,
    update_session,
)

__all__ = [
    "ActivityError",
    "AlreadyRsvped",
    "AlreadyTakingPart",
    "CapacityBelowGoing",
    "Forgotten",
    "InvalidProject",
    "InvalidResource",
    "InvalidSession",
    "NoRsvp",
    "NotAllowed",
    "NotEnded",
    "NotOpenForRsvp",
    "NotOpenToParticipants",
    "NotTakingPart",
    "ProjectChange",
    "RsvpChange",
    "SessionChange",
    "add_resource",
    "calendar_feed_of",
    "cancel_rsvp",
    "cancel_session",
    "cancel_sessions_of_closed_community",
    "delete_resource",
    "forget_former_member",
    "hide_resource",
    "join_project",
    "leave_project",
    "mark_attendance",
    "post_announcement",
    "propose_project",
    "release_project_leads",
    "reset_calendar_token",
    "rsvp",
    "schedule_session",
    "send_session_reminders",
    "set_announcement_opt_outs",
    "unhide_resource",
    "update_project",
    "update_resource",
    "update_session",
]
