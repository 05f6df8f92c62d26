"""Context for every page that depends on a person's role in the programme."""

from .access import can_see_reports


def report_access(request):
    """`can_see_reports`, for the Reports link in the navigation.

    No query for anonymous visitors; at most one for a signed-in person, remembered on
    `request.user` so a report view asking the same question does not ask the database again.
    """
    user = getattr(request, "user", None)
    return {"can_see_reports": user is not None and can_see_reports(user)}
