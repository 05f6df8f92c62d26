"""What the session views share: finding a session or community, and signing in first."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse

from communities.models import Community

from ..models import Session


def get_community(slug: str) -> Community:
    """The community with this slug, or a friendly 404."""
    community = Community.objects.select_related("practice_area").filter(slug=slug).first()
    if community is None:
        raise Http404("No community has that address.")
    return community


def get_session(pk: int, *, counts: bool = False) -> Session:
    """The session with this id (with its community and host, and its RSVP counts when asked),
    or a friendly 404."""
    sessions = Session.objects.select_related("community__practice_area", "host")
    if counts:
        sessions = sessions.with_rsvp_counts()
    session = sessions.filter(pk=pk).first()
    if session is None:
        raise Http404("No session has that address.")
    return session


def places_left(session: Session) -> int | None:
    """Places still free at a session annotated with its counts; None when there is no limit."""
    if session.capacity is None:
        return None
    return max(session.capacity - session.going_count, 0)


def sign_in_first(page: str, *, message: str):
    """Send an anonymous person to sign in first.

    After signing in, a GET comes back to the page asked for; a POST comes back to `page` (the
    URL name of the session or community page, with the view's own arguments), because the
    action's URL only accepts POST.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, **kwargs):
            if request.user.is_authenticated:
                return view(request, **kwargs)
            if request.method == "GET":
                return redirect_to_login(request.get_full_path())
            messages.info(request, message)
            return redirect_to_login(reverse(page, kwargs=kwargs))

        return wrapper

    return decorator


def sign_in_to_act_on_session(view):
    """Sign in first, coming back to the page asked for (GET) or to the session (POST)."""
    return sign_in_first(
        "session-detail", message="Please sign in first. You will come back to the session."
    )(view)
