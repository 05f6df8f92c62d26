"""What the home page needs to know about a sign-in: when the person last signed in before it.

Django's own `update_last_login` receiver overwrites `last_login` when someone signs in. The
home page's "new since your previous sign-in" needs the value it replaces, so this receiver runs
first (see `UclCopConfig.ready`) and keeps it in the new session. The home page then only reads
the session: a GET writes nothing.
"""

from datetime import datetime

from django.utils.dateparse import parse_datetime

PREVIOUS_SIGN_IN = "previous_sign_in"


def remember_previous_sign_in(sender, request, user, **kwargs) -> None:
    """Keep the sign-in before this one (or "" for a first sign-in) in the new session."""
    session = getattr(request, "session", None)
    if session is None:
        return
    previous = getattr(user, "last_login", None)
    session[PREVIOUS_SIGN_IN] = previous.isoformat() if previous else ""


def previous_sign_in(request) -> datetime | None:
    """When the person signed in before this session began; None for a first sign-in or a
    session older than this feature."""
    value = request.session.get(PREVIOUS_SIGN_IN) or ""
    return parse_datetime(value) if value else None
