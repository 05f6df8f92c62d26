"""Session pages: the programme's events, one session, and scheduling, editing and cancelling.

Everyone sees sessions. Scheduling is for a launched community's core members and leads and
the Head; editing and cancelling for the session's host, its community's leads and the Head
(`activities.permissions`). A person who may see a page but not act gets 403; an unknown id
or slug is a 404. The services decide everything else, and their refusals are shown on the
form, or as a message.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods, require_POST

from communities import fragments
from communities.versions import catalogue_version

from .. import permissions, selectors, services
from ..forms import EventsFilterForm, SessionForm, session_initial
from ..models import Rsvp
from .common import (
    get_community,
    get_session,
    places_left,
    sign_in_first,
    sign_in_to_act_on_session,
)

SESSIONS_PER_PAGE = 20


def events(request):
    """Render the programme's upcoming sessions, soonest first, filtered by practice area and
    community, twenty to a page."""
    version = catalogue_version()  # before the filters' choices are read
    form = EventsFilterForm(request.GET)
    sessions = selectors.upcoming_sessions(
        practice_area=form.value("practice_area"), community=form.value("community")
    )
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    for session in page:
        session.places_left = places_left(session)
    context = {"form": form, "page": page}
    if form.is_valid():
        # The two fields list every practice area and community: drawn once for each choice
        # that exists (their errors, for one that does not, are drawn each time).
        chosen = [getattr(form.cleaned_data[name], "slug", "") for name in form.fields]
        fields = "activities/events.html#filter-fields"
        context["filter_fields"] = fragments.cached_html(
            fragments.key("events-filters", version, *chosen),
            lambda: (render_to_string(fields, {"form": form}), None),
        )
    return render(request, "activities/events.html", context)


def session_detail(request, pk: int):
    """Render a session: when and where, its host and places, its description, who is going
    (names for signed-in staff, a count for everyone else), and the person's own RSVP."""
    session = get_session(pk, counts=True)
    session.places_left = places_left(session)
    person = request.user if request.user.is_authenticated else None
    rsvp = going = waiting_position = None
    can_manage = False
    if person is not None:
        rsvp = selectors.live_rsvp(session, person)
        going = list(selectors.going(session))
        can_manage = permissions.can_manage(person, session)
        if rsvp is not None and rsvp.status == Rsvp.Status.WAITING:
            waiting_position = selectors.waiting_position(rsvp)
    return render(
        request,
        "activities/session_detail.html",
        {
            "session": session,
            "rsvp": rsvp,
            "going": going,
            # People going who chose "hide me from lists": counted, not named.
            "unlisted": session.going_count - len(going) if going is not None else 0,
            "waiting_position": waiting_position,
            "can_manage": can_manage,
        },
    )


@require_http_methods(["GET", "POST"])
@sign_in_first(
    "community-detail", message="Please sign in first. You will come back to the community."
)
def session_new(request, slug: str):
    """Render the form to schedule a session of this community (GET), or schedule it and go to
    its page (POST)."""
    community = get_community(slug)
    if not permissions.can_schedule(request.user, community):
        raise PermissionDenied
    form = SessionForm(request.POST or None, community=community, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.schedule_session(
                community=community, by=request.user, **form.service_fields()
            )
        except services.NotAllowed as exc:
            raise PermissionDenied from exc
        except services.ActivityError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request,
                f"“{session.title}” is scheduled. It is on the community's page and in the "
                "events list, and people can now say they are going.",
            )
            return redirect(session)
    return render(
        request,
        "activities/session_form.html",
        {"form": form, "community": community, "session": None},
    )


@require_http_methods(["GET", "POST"])
@sign_in_to_act_on_session
def session_edit(request, pk: int):
    """Render the session's form with its details (GET), or save the changes and go back to
    its page (POST)."""
    session = get_session(pk)
    if not permissions.can_manage(request.user, session):
        raise PermissionDenied
    if session.is_cancelled:
        messages.info(request, f"“{session.title}” was cancelled, so it cannot be changed.")
        return redirect(session)
    form = SessionForm(
        request.POST or None,
        initial=session_initial(session),
        community=session.community,
        by=request.user,
        current_host=session.host,
    )
    if request.method == "POST" and form.is_valid():
        if not form.has_changed():
            messages.info(request, "You did not change anything, so nothing was saved.")
            return redirect(session)
        # Only what the person changed: a time shown to the minute must not count as moved.
        changed = {
            name: value
            for name, value in form.service_fields().items()
            if name in form.changed_data
        }
        try:
            change = services.update_session(session=session, by=request.user, **changed)
        except services.NotAllowed as exc:
            raise PermissionDenied from exc
        except services.ActivityError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _saved_message(change))
            return redirect(change.session)
    return render(
        request,
        "activities/session_form.html",
        {"form": form, "community": session.community, "session": session},
    )


def _saved_message(change: services.SessionChange) -> str:
    text = f"Your changes to “{change.session.title}” are saved."
    if promoted := len(change.promoted):
        text += (
            f" With the extra places, {promoted} "
            f"{'person has' if promoted == 1 else 'people have'} moved from the waiting list "
            "to going, and we have emailed them."
        )
    return text


@require_POST
@sign_in_to_act_on_session
def session_cancel(request, pk: int):
    """Without confirm=1, render what cancelling would mean (nothing written); with it, cancel
    the session, email everyone going or waiting, and go back to its page."""
    session = get_session(pk, counts=True)
    if not permissions.can_manage(request.user, session):
        raise PermissionDenied
    if session.is_cancelled:
        messages.info(request, f"“{session.title}” is already cancelled.")
        return redirect(session)
    if request.POST.get("confirm") != "1":
        return render(request, "activities/session_cancel.html", {"session": session})
    try:
        told = services.cancel_session(session=session, by=request.user)
    except services.NotAllowed as exc:
        raise PermissionDenied from exc
    except services.ActivityError as exc:
        messages.error(request, exc.message)
        return redirect(session)
    text = f"“{session.title}” is cancelled."
    if told:
        text += (
            f" We have emailed the {told} {'person' if told == 1 else 'people'} who "
            f"{'was' if told == 1 else 'were'} going or waiting."
        )
    messages.success(request, text)
    return redirect(session)
