"""Posting an announcement: a form for the community's leads and the Head."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from communities.models import Community

from .. import permissions
from ..announcement_forms import AnnouncementForm
from ..services.announcements import audience_sizes, post_announcement
from ..services.errors import ActivityError, NotAllowed
from .common import get_community, sign_in_first


def _emailed_message(count: int) -> str:
    if count == 0:
        return (
            "Your announcement is posted. Nobody was emailed: no one in that audience receives "
            "this community's announcement emails."
        )
    people = "person" if count == 1 else "people"
    return f"Your announcement is posted and being emailed to {count} {people}."


@sign_in_first(
    "community-detail", message="Please sign in first. You will come back to the community."
)
def new_announcement(request, slug: str):
    """Render the announcement form (GET) or post it and email its audience (POST), then
    redirect to the community page. Only the community's leads and the Head may; others get 403.
    A closed community posts nothing: it is sent back to its page with a message."""
    community = get_community(slug)
    if community.status == Community.Status.CLOSED:
        messages.error(request, f"{community.name} has closed, so it cannot post announcements.")
        return redirect(community)
    if not permissions.can_post_announcement(request.user, community):
        raise PermissionDenied("Only the community's leads and the Head can post announcements.")
    posted = request.method == "POST"
    form = AnnouncementForm(
        request.POST if posted else None, audience_sizes=audience_sizes(community)
    )
    if posted and form.is_valid():
        try:
            announcement = post_announcement(
                community=community, author=request.user, **form.cleaned_data
            )
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
        except ActivityError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _emailed_message(announcement.emails_queued))
        return redirect(community)
    return render(
        request, "activities/announcement_form.html", {"community": community, "form": form}
    )
