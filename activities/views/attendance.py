"""Marking who attended a session: a checklist of the people who were going.

Only after the session has ended, and only for its host, its community's leads and the Head.
Reports count attendance where it was marked and say where it was not, so an unticked box
means "did not come", once the list is saved.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import permissions, selectors, services
from ..forms import AttendanceForm
from .common import get_session, sign_in_to_act_on_session


@require_http_methods(["GET", "POST"])
@sign_in_to_act_on_session
def attendance(request, pk: int):
    """Render the checklist of those going (GET), or save who attended and go back to the
    session's page (POST). Before the end, or for a cancelled session, the page says why there
    is nothing to mark."""
    session = get_session(pk)
    if not permissions.can_manage(request.user, session):
        raise PermissionDenied
    # Everyone going, including people hidden from lists: the host marks each of them.
    going = list(selectors.going(session, include_hidden=True))
    form = AttendanceForm(
        request.POST or None,
        going=going,
        initial={"attended": [rsvp.pk for rsvp in going if rsvp.attended]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mark_attendance(
                session=session, by=request.user, attended_rsvp_ids=form.attended_ids
            )
        except services.NotAllowed as exc:
            raise PermissionDenied from exc
        except services.ActivityError as exc:
            messages.error(request, exc.message)
            return redirect("session-attendance", pk=session.pk)
        attended = len(form.attended_ids)
        messages.success(
            request,
            f"Attendance saved for “{session.title}”: {attended} of {len(going)} attended.",
        )
        return redirect(session)
    return render(
        request,
        "activities/attendance.html",
        {
            "session": session,
            "form": form,
            "going": going,
            "marked": any(rsvp.attended is not None for rsvp in going),
        },
    )
