"""The refusals of the project services: each a message for the person, and a code."""

from ..models import ProjectMember
from .errors import ActivityError


class InvalidProject(ActivityError):
    """A title or aim missing, a status that cannot follow, no outcome on completing, or a
    lead who is not an active core member. `field` names the form field it is about."""

    code = "invalid_project"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotOpenToParticipants(ActivityError):
    """The project is completed, or its community has closed: its list of participants is
    history."""

    code = "not_open_to_participants"


class AlreadyTakingPart(ActivityError):
    """The person already takes part (`place`), or leads the project (`place` is None)."""

    code = "already_participant"

    def __init__(self, message: str, *, place: ProjectMember | None = None):
        super().__init__(message)
        self.place = place


class NotTakingPart(ActivityError):
    code = "not_participant"
