"""Staff pages: the catalogue with each person's relation to it, and the membership actions.

These views live in `membership` because they show both the catalogue and the person's
memberships; `communities` never imports `membership`.

Every action is a POST that calls one service and redirects back with a message. A request whose
outcome already holds (a double click, a stale page) is reported as done, at info level; a real
refusal is an error message and nothing is written. The two exceptions to POST-redirect-GET are
confirmation pages: joining as core while core elsewhere, and leaving.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from communities import fragments
from communities.models import Community

from . import cached_parts, permissions, selectors, services
from .filters import CommunityFilter
from .forms import KindForm, LeaveForm, first_error
from .models import Membership
from .page_forms import ContactLeadsForm

# Pages an action may send the person back to: GET pages only, never a POST-only action URL.
_RETURN_PAGES = {"community-detail", "community-list", "me", "home"}


# Helpers ---------------------------------------------------------------------------------------


def _get_community(slug: str) -> Community:
    """The community with this slug, or a friendly 404."""
    community = Community.objects.select_related("practice_area").filter(slug=slug).first()
    if community is None:
        raise Http404("No community has that address.")
    return community


def _sign_in_to_act(view):
    """Send an anonymous person to sign in, coming back to the community page afterwards.

    `login_required` would bring them back to the action's URL, which only accepts POST.
    """

    @wraps(view)
    def wrapper(request, slug: str):
        if not request.user.is_authenticated:
            messages.info(request, "Please sign in first. You will come back to the community.")
            return redirect_to_login(reverse("community-detail", kwargs={"slug": slug}))
        return view(request, slug)

    return wrapper


def _back_url(request, community: Community) -> str:
    """Where an action returns to: the page it was started from when that is safe, else the
    community page."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        try:
            match = resolve(wanted.split("?", 1)[0])
        except Resolver404:
            match = None
        if match is not None and match.url_name in _RETURN_PAGES:
            return wanted
    return community.get_absolute_url()


def _confirm_switch(request, community: Community, current: Membership, *, action: str, back):
    """Render the one-core-at-a-time confirmation page (200, nothing written)."""
    action_url = reverse(
        "community-join" if action == "join" else "community-kind", kwargs={"slug": community.slug}
    )
    return render(
        request,
        "membership/confirm_switch.html",
        {
            "community": community,
            "current": current,
            "action": action,
            "action_url": action_url,
            "back": back,
        },
    )


def _change_message(change: services.MembershipChange) -> str:
    """Say what a join or change of kind did, including to the old core membership."""
    community = change.membership.community
    text = f"You are now a {change.membership.get_kind_display().lower()} member of {community}."
    if (released := change.released) is not None:
        if released.is_active:
            text += f" You are now a wider member of {released.community}."
        else:
            text += f" You have left {released.community}."
    for membership in change.stepped_down:
        where = (
            "one of its leads"
            if membership.community_id == community.pk
            else f"a lead of {membership.community}"
        )
        text += f" You are no longer {where}; the Head of Communities of Practice has been told."
    return text


def _report_already(request, refusal: services.MembershipError, kind: str) -> None:
    """A join or change of kind whose outcome (nearly) holds already: a double click, or a
    join as the other kind, which the change button does instead."""
    held = getattr(refusal, "membership", None)
    if held is None or held.kind == kind:
        messages.info(request, refusal.message)
    else:
        messages.warning(
            request,
            f"{refusal.message} To become a {Membership.Kind(kind).label.lower()} member, "
            "use the change button on the community's page.",
        )


def _kind_action(request, slug: str, *, action: str):
    """The body of join and change-kind: one service call, then a message and a redirect, or
    the switch confirmation when core is held elsewhere."""
    community = _get_community(slug)
    back = _back_url(request, community)
    form = KindForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(back)
    if action == "kind" and form.kind_value == Membership.Kind.WIDER and not form.confirmed:
        membership = selectors.active_membership(request.user, community)
        if membership is not None and membership.is_lead:
            return render(
                request,
                "membership/confirm_step_down.html",
                {"community": community, "back": back},
            )
    service = services.join if action == "join" else services.change_kind
    try:
        change = service(
            person=request.user,
            community=community,
            kind=form.kind_value,
            switch_core=form.switch_core,
            leave_previous=form.leave_previous,
        )
    except services.CoreMembershipElsewhere as exc:
        return _confirm_switch(request, community, exc.current, action=action, back=back)
    except (services.AlreadyMember, services.AlreadyThatKind) as exc:
        _report_already(request, exc, form.kind_value)
    except services.MembershipError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _change_message(change))
    return redirect(back)


# Catalogue pages -------------------------------------------------------------------------------


def community_list(request):
    """Render the communities grouped by practice area, with filters and member counts. The
    body, the same for everyone, is cached for each filter that exists (cached_parts)."""
    body_key = cached_parts.list_body_key(request)  # before the rows are read
    # Always bound (request.GET may be empty) so the default "not closed" rule applies.
    community_filter = CommunityFilter(request.GET, queryset=selectors.communities_for_list())
    context = {"filter": community_filter, "communities": community_filter.qs}
    if body_key is not None:
        context["list_body"] = cached_parts.list_body(request, body_key, context)
    return render(request, "communities/community_list.html", context)


def community_detail(request, slug: str):
    """Render one community: about (description, how we meet, online space), its leads with a
    form to write to them, its member count linking to the directory, the person's actions,
    and (through the activities' tags) its sessions, projects, resources and announcements."""
    person = request.user if request.user.is_authenticated else None
    # Its row, its leads and its fragments (the about section, and the activities' sections)
    # are cached under its version; a cached whole page for anonymous visitors is stored under
    # it alone.
    community, leads, versions = cached_parts.community_and_leads(slug, person)
    if community is None:
        raise Http404("No community has that address.")
    fragments.shows_community(request, community.pk)
    membership = core_elsewhere = None
    is_interested = False
    if person is not None:
        # Only a community in preparation takes or shows interest (no query for any other).
        is_interested = selectors.is_interested(person, community)
        membership, core_elsewhere = cached_parts.membership_here_and_core(
            person, community, versions
        )
    is_lead = membership is not None and membership.is_lead
    can_edit = permissions.can_edit_page(person, community, is_lead=is_lead)
    context = {
        "community": community,
        "leads": leads,
        "membership": membership,
        "core_elsewhere": core_elsewhere,
        "is_interested": is_interested,
        "can_edit": can_edit,
        # A lead writing to themselves alone would send nothing: no form for them.
        "contact_form": ContactLeadsForm()
        if person is not None and any(lead.person_id != person.pk for lead in leads)
        else None,
    }
    if person is None:
        # A whole page for anonymous visitors is cached by the page cache; this is its part
        # that signed-in people share.
        context["about"] = cached_parts.about_section(request, community, can_edit=can_edit)
    else:
        context["content"] = cached_parts.community_content(request, person, context)
    return render(request, "communities/community_detail.html", context)


@login_required
def me(request):
    """Render my core community, my wider communities and my interests, with their actions,
    and (through the activities' tags) my projects, sessions and calendar feed. Cached for each
    person, exactly (cached_parts.me_content)."""
    return render(
        request, "membership/me.html", {"content": cached_parts.me_content(request, request.user)}
    )


# Actions ---------------------------------------------------------------------------------------


@require_POST
@_sign_in_to_act
def join(request, slug: str):
    """Join as core or wider and redirect back; when core is held elsewhere, render the
    confirmation page that offers a switch."""
    return _kind_action(request, slug, action="join")


@require_POST
@_sign_in_to_act
def change_kind(request, slug: str):
    """Change my membership here between core and wider and redirect back; becoming core while
    core elsewhere renders the same confirmation page as joining."""
    return _kind_action(request, slug, action="kind")


@require_POST
@_sign_in_to_act
def leave(request, slug: str):
    """Without confirm=1, render what leaving would mean (nothing written); with it, leave and
    redirect back."""
    community = _get_community(slug)
    back = _back_url(request, community)
    form = LeaveForm(request.POST)
    form.is_valid()  # A boolean field cannot be invalid; anything but a yes means "ask first".
    if not form.confirmed:
        membership = selectors.active_membership(request.user, community)
        if membership is None:
            messages.info(request, f"You are not a member of {community.name}.")
            return redirect(back)
        return render(
            request,
            "membership/confirm_leave.html",
            {"community": community, "membership": membership, "back": back},
        )
    try:
        services.leave(person=request.user, community=community)
    except services.NotAMember:
        # Most often the second click of a double click: the person has already left.
        messages.info(request, f"You are not a member of {community.name} any more.")
        return redirect(back)
    except services.MembershipError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, f"You have left {community.name}.")
    return redirect(back)


@require_POST
@_sign_in_to_act
def register_interest(request, slug: str):
    """Register interest in a community in preparation and redirect back."""
    community = _get_community(slug)
    back = _back_url(request, community)
    try:
        services.register_interest(person=request.user, community=community)
    except services.AlreadyInterested as exc:
        messages.info(request, exc.message)
    except services.MembershipError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Thank you: we will email you when {community.name} launches.",
        )
    return redirect(back)


@require_POST
@_sign_in_to_act
def withdraw_interest(request, slug: str):
    """Withdraw a registration of interest and redirect back."""
    community = _get_community(slug)
    back = _back_url(request, community)
    try:
        services.withdraw_interest(person=request.user, community=community)
    except services.NotInterested:
        messages.info(request, f"You have no registration of interest in {community.name}.")
    except services.MembershipError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"You have withdrawn your interest in {community.name}.")
    return redirect(back)
