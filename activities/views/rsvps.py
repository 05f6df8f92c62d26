"""Saying I am going to a session, and saying I am not after all.

Any signed-in member of staff may RSVP: communities of practice are open to all. A full
session puts the person on its waiting list. Both actions are POSTs that call one service and
go back to the session's page with a message; a request whose outcome already holds (a double
click) is reported as done.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from .. import services
from ..models import Rsvp
from .common import get_session, sign_in_to_act_on_session


@require_POST
@sign_in_to_act_on_session
def rsvp(request, pk: int):
    """RSVP to the session (going, or waiting when it is full) and go back to its page."""
    session = get_session(pk)
    try:
        change = services.rsvp(session=session, person=request.user)
    except services.AlreadyRsvped as exc:
        messages.info(request, exc.message)
    except services.ActivityError as exc:
        messages.error(request, exc.message)
    else:
        if change.rsvp.status == Rsvp.Status.GOING:
            messages.success(
                request,
                f"You are going to “{session.title}”. We have emailed you a confirmation "
                "with the session for your calendar.",
            )
        else:
            messages.success(
                request,
                f"“{session.title}” is full, so you are on the waiting list. If a place "
                "frees up, it is yours and we will email you.",
            )
    return redirect(session)


@require_POST
@sign_in_to_act_on_session
def rsvp_cancel(request, pk: int):
    """Cancel my RSVP (going or waiting) and go back to the session's page. A place I free
    goes to the first person waiting."""
    session = get_session(pk)
    try:
        services.cancel_rsvp(session=session, person=request.user)
    except services.NoRsvp:
        messages.info(request, f"You are not going to “{session.title}”.")
    except services.ActivityError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Your RSVP to “{session.title}” is cancelled. Thank you for letting us know: "
            "your place can go to someone else.",
        )
    return redirect(session)
