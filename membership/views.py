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
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from communities.models import Community

from . import services
from .filters import CommunityFilter
from .forms import KindForm, LeaveForm, first_error
from .models import Interest, Membership

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


def _kind_request(request, slug: str) -> tuple[Community, str, KindForm]:
    """The community, the page to return to, and the bound form of a join or change-kind POST."""
    community = _get_community(slug)
    return community, _back_url(request, community), KindForm(request.POST)


def _current_core_elsewhere(person, community: Community) -> Membership | None:
    return (
        Membership.objects.active()
        .core()
        .filter(person=person)
        .exclude(community=community)
        .select_related("community")
        .first()
    )


def _switch_message(previous: Membership | None, *, left: bool) -> str:
    """What happened to the old core membership, for the success message after a switch."""
    if previous is None:
        return ""
    if left:
        text = f" You have left {previous.community.name}."
    else:
        text = f" You are now a wider member of {previous.community.name}."
    if previous.is_lead:
        text += (
            f" You are no longer a lead of {previous.community.name}; "
            "the Head of Communities of Practice has been told."
        )
    return text


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


# Catalogue pages -------------------------------------------------------------------------------


def community_list(request):
    """Render the communities grouped by practice area, with filters and member counts."""
    communities = (
        Community.objects.with_member_counts()
        .select_related("practice_area__sponsor")
        .order_by("practice_area__name", "name")
    )
    # Always bound (request.GET may be empty) so the default "not closed" rule applies.
    community_filter = CommunityFilter(request.GET, queryset=communities)
    return render(
        request,
        "communities/community_list.html",
        {"filter": community_filter, "communities": community_filter.qs},
    )


def community_detail(request, slug: str):
    """Render one community: purpose, sponsor, status, leads, counts, and the person's actions."""
    communities = Community.objects.with_member_counts().select_related("practice_area__sponsor")
    person = request.user if request.user.is_authenticated else None
    if person is not None:
        communities = communities.annotate(
            is_interested=Exists(Interest.objects.filter(person=person, community=OuterRef("pk")))
        )
    community = communities.filter(slug=slug).first()
    if community is None:
        raise Http404("No community has that address.")
    leads = (
        Membership.objects.active()
        .filter(community=community, is_lead=True)
        .select_related("person")
        .order_by("person__full_name")
    )
    membership = core_elsewhere = None
    if person is not None:
        # One query for both: my membership here and my core membership (at most two rows).
        for row in (
            Membership.objects.active()
            .filter(person=person)
            .filter(Q(community=community) | Q(kind=Membership.Kind.CORE))
            .select_related("community")
        ):
            if row.community_id == community.pk:
                membership = row
            else:
                core_elsewhere = row
    return render(
        request,
        "communities/community_detail.html",
        {
            "community": community,
            "leads": leads,
            "membership": membership,
            "core_elsewhere": core_elsewhere,
            "is_interested": getattr(community, "is_interested", False),
        },
    )


@login_required
def me(request):
    """Render my core community, my wider communities and my interests, with their actions."""
    mine = (
        Membership.objects.active()
        .filter(person=request.user)
        .select_related("community__practice_area")
        .order_by("community__name")
    )
    interests = (
        Interest.objects.filter(person=request.user)
        .exclude(community__status=Community.Status.CLOSED)
        # An interest in a community the person has since joined is history, not a to-do.
        .exclude(
            Exists(
                Membership.objects.active().filter(
                    person=request.user, community=OuterRef("community")
                )
            )
        )
        .select_related("community__practice_area")
        .order_by("community__name")
    )
    return render(
        request,
        "membership/me.html",
        {
            "core": mine.core().first(),
            "wider": list(mine.wider()),
            "interests": list(interests),
        },
    )


# Actions ---------------------------------------------------------------------------------------


@require_POST
@_sign_in_to_act
def join(request, slug: str):
    """Join as core or wider and redirect back; when core is held elsewhere, render the
    confirmation page that offers a switch."""
    community, back, form = _kind_request(request, slug)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(back)
    kind = form.kind_value
    previous = _current_core_elsewhere(request.user, community) if form.switch_core else None
    try:
        services.join(
            person=request.user,
            community=community,
            kind=kind,
            switch_core=form.switch_core,
            leave_previous=form.leave_previous,
        )
    except services.CoreMembershipElsewhere as exc:
        return _confirm_switch(request, community, exc.current, action="join", back=back)
    except services.AlreadyMember as exc:
        if exc.membership.kind == kind:
            messages.info(request, exc.message)
        else:
            messages.warning(
                request,
                f"{exc.message} To become a {Membership.Kind(kind).label.lower()} member, "
                "use the change button on the community's page.",
            )
        return redirect(back)
    except services.MembershipError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(
        request,
        f"You are now a {Membership.Kind(kind).label.lower()} member of {community.name}."
        + _switch_message(previous, left=form.leave_previous),
    )
    return redirect(back)


@require_POST
@_sign_in_to_act
def change_kind(request, slug: str):
    """Change my membership here between core and wider and redirect back; becoming core while
    core elsewhere renders the same confirmation page as joining."""
    community, back, form = _kind_request(request, slug)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(back)
    kind = form.kind_value
    previous = _current_core_elsewhere(request.user, community) if form.switch_core else None
    lead_here = (
        kind == Membership.Kind.WIDER
        and Membership.objects.active()
        .filter(person=request.user, community=community, is_lead=True)
        .exists()
    )
    try:
        services.change_kind(
            person=request.user,
            community=community,
            kind=kind,
            switch_core=form.switch_core,
            leave_previous=form.leave_previous,
        )
    except services.CoreMembershipElsewhere as exc:
        return _confirm_switch(request, community, exc.current, action="kind", back=back)
    except services.AlreadyThatKind as exc:
        messages.info(request, exc.message)
        return redirect(back)
    except services.MembershipError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    text = f"You are now a {Membership.Kind(kind).label.lower()} member of {community.name}."
    if lead_here:
        text += (
            " You are no longer one of its leads; "
            "the Head of Communities of Practice has been told."
        )
    messages.success(request, text + _switch_message(previous, left=form.leave_previous))
    return redirect(back)


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
        membership = (
            Membership.objects.active().filter(person=request.user, community=community).first()
        )
        if membership is None:
            messages.info(request, f"You are not a member of {community.name}.")
            return redirect(back)
        return render(
            request,
            "membership/confirm_leave.html",
            {"community": community, "membership": membership, "back": back},
        )
    try:
        membership = services.leave(person=request.user, community=community)
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
