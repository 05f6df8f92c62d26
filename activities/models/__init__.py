"""What communities do together. `activities/services/` is the only writer of these."""

from .announcements import Announcement, AnnouncementOptOut
from .projects import Project, ProjectMember
from .resources import Resource, ResourceTag
from .sessions import CalendarFeed, Rsvp, Session, new_calendar_token

__all__ = [
    "Announcement",
    "AnnouncementOptOut",
    "CalendarFeed",
    "Project",
    "ProjectMember",
    "Resource",
    "ResourceTag",
    "Rsvp",
    "Session",
    "new_calendar_token",
]
