"""A community's page, from its leads' side: editing what it says, and writing to the leads.

- /communities/<slug>/edit/: the community's leads and the Head edit its description, "how we
  meet" and its Teams or SharePoint link; anyone else signed in gets a 403.
- /communities/<slug>/contact/: anyone signed in writes to the leads. The portal relays the
  message by email with the sender as reply-to, so no lead's address is ever on a page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from communities.models import Community

from . import permissions, selectors, services
from .page_forms import CommunityPageForm, ContactLeadsForm


def _get_community(slug: str) -> Community:
    """The community with this slug, or a friendly 404."""
    community = Community.objects.select_related("practice_area").filter(slug=slug).first()
    if community is None:
        raise Http404("No community has that address.")
    return community


_NOT_YOURS = (
    "Only the leads of {name} and the Head of Communities of Practice can edit its page. "
    "To suggest a change, write to the leads from the community's page."
)


@login_required
def edit_community(request, slug: str):
    """Render the page's editable parts (GET), or save them and go back to the page (POST).
    The community's leads and the Head only; anyone else signed in gets a 403."""
    community = _get_community(slug)
    if not permissions.can_edit_page(request.user, community):
        raise PermissionDenied(_NOT_YOURS.format(name=community.name))
    posted = request.method == "POST"
    form = CommunityPageForm.for_community(community, request.POST if posted else None)
    if posted and form.is_valid():
        try:
            services.update_community_page(
                community=community, by=request.user, **form.cleaned_data
            )
        except services.CannotEditPage as exc:
            raise PermissionDenied(exc.message) from exc
        except services.InvalidPageLink as exc:
            form.add_error("online_space_url", exc.message)
        else:
            messages.success(request, f"The page of {community.name} is saved.")
            return redirect(community)
    return render(request, "membership/community_edit.html", {"community": community, "form": form})


@login_required
def contact_leads(request, slug: str):
    """Render a short form to the community's leads (GET), or relay the message to them by
    email and go back to the community page (POST). A refusal (no leads, too many messages
    this hour) shows on the form with what was typed, so nothing is lost."""
    community = _get_community(slug)
    leads = list(selectors.leads_of(community))
    posted = request.method == "POST"
    form = ContactLeadsForm(request.POST if posted else None)
    status = 200
    if posted and form.is_valid():
        try:
            sent = services.contact_leads(
                community=community, sender=request.user, message=form.cleaned_data["message"]
            )
        except services.TooManyMessages as exc:
            form.add_error(None, exc.message)
            status = 429
        except services.MembershipError as exc:
            form.add_error(None, exc.message)
        else:
            who = "lead" if sent == 1 else "leads"
            messages.success(
                request,
                f"Your message is on its way to the {who} of {community.name}. They will reply "
                "to you by email.",
            )
            return redirect(community)
    return render(
        request,
        "membership/contact_leads.html",
        {"community": community, "leads": leads, "form": form},
        status=status,
    )
