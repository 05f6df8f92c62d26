"""Proposal pages: proposing a community, the open proposals, one proposal, supporting it, and
the proposer's edit and withdrawal.

Everything here is for signed-in staff. Anyone signed in proposes, reads proposals and says "I
would join this"; only the proposer edits or withdraws theirs (403 for anyone else), and only
the Head sees who the supporters are. An unknown id is a 404. Every action is a POST that calls
one service and redirects back to the proposal with a message; a request whose outcome already
holds (a double click) is reported as done, and a refusal is shown as an error.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from membership.permissions import is_head

from . import selectors, services
from .forms import NameCheckForm, ProposalForm
from .models import Proposal

PER_PAGE = 25


def _get_proposal(pk: int) -> Proposal:
    proposal = selectors.proposal_for_page(pk)
    if proposal is None:
        raise Http404("No proposal has that address.")
    return proposal


def _sign_in_to_act(view):
    """Send an anonymous person to sign in, coming back to the proposal's page afterwards:
    `login_required` would bring them back to the action's URL, which only accepts POST."""

    @wraps(view)
    def wrapper(request, pk: int):
        if request.user.is_authenticated:
            return view(request, pk)
        messages.info(request, "Please sign in first. You will come back to the proposal.")
        return redirect_to_login(reverse("proposal-detail", kwargs={"pk": pk}))

    return wrapper


def _same_name(one: str, other: str) -> bool:
    return " ".join(one.split()).casefold() == " ".join(other.split()).casefold()


# Proposing ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def propose(request):
    """Propose a community in two steps, without JavaScript.

    GET without a name: ask for the name first. GET with `?name=`: the communities and open
    proposals with similar names, then the whole form. POST: propose it and go to its page;
    but when the name was changed since the check, and the new one has similar communities or
    proposals, show them first (200, nothing written), so nobody repeats an idea unawares.
    """
    if request.method == "POST":
        form = ProposalForm(request.POST)
        checked = request.POST.get("checked_name", "")
        if not form.is_valid():
            return _propose_page(request, form=form, name=checked, similar=_similar(checked))
        name = form.cleaned_data["name"]
        similar = _similar(name)
        if similar["any"] and not _same_name(checked, name):
            return _propose_page(request, form=form, name=name, similar=similar, again=True)
        try:
            proposal = services.propose(proposer=request.user, **form.cleaned_data)
        except services.ProposalError as exc:
            form.add_service_error(exc)
            return _propose_page(request, form=form, name=name, similar=similar)
        messages.success(
            request,
            f"{proposal.name} is proposed. Share this page: everyone who says “I would join "
            "this” shows the Head of Communities of Practice the demand behind it.",
        )
        return redirect(proposal)
    if "name" not in request.GET:
        return render(request, "proposals/propose_check.html", {"check": NameCheckForm()})
    check = NameCheckForm(request.GET)
    if not check.is_valid():
        return render(request, "proposals/propose_check.html", {"check": check})
    name = check.cleaned_data["name"]
    form = ProposalForm(initial={"name": name})
    return _propose_page(request, form=form, name=name, similar=_similar(name))


def _similar(name: str) -> dict:
    communities = selectors.similar_communities(name) if name else []
    proposals = selectors.similar_proposals(name) if name else []
    return {
        "communities": communities,
        "proposals": proposals,
        "any": bool(communities or proposals),
    }


def _propose_page(request, *, form, name: str, similar: dict, again: bool = False):
    return render(
        request,
        "proposals/propose.html",
        {"form": form, "checked_name": name, "similar": similar, "again": again},
    )


# Reading --------------------------------------------------------------------------------------


@login_required
def proposal_list(request):
    """Render the open proposals, most supported first (25 a page), and the person's own
    proposals whatever became of them."""
    page = Paginator(selectors.open_proposals(), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "proposals/proposal_list.html",
        {
            "proposals": page,
            "mine": list(selectors.my_proposals(request.user)),
            "is_head": is_head(request.user),
        },
    )


@login_required
def proposal_detail(request, pk: int):
    """Render one proposal: what it says, how many would join, the person's part in it (support,
    or the proposer's edit and withdraw), the Head's decision once made, and, for the Head
    alone, who the supporters are."""
    proposal = _get_proposal(pk)
    person = request.user
    head = is_head(person)
    supporting = selectors.is_supporting(proposal, person)
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "would_join": proposal.support_count + 1,
            "is_proposer": proposal.proposer_id == person.pk,
            "is_supporting": supporting,
            "is_head": head,
            "supporters": list(selectors.supporters_of(proposal)) if head else None,
        },
    )


# Supporting -----------------------------------------------------------------------------------


@require_POST
@_sign_in_to_act
def support(request, pk: int):
    """Say "I would join this" and go back to the proposal."""
    proposal = _get_proposal(pk)
    try:
        services.support(proposal=proposal, person=request.user)
    except (services.AlreadySupporting, services.OwnProposal) as exc:
        messages.info(request, exc.message)
    except services.ProposalError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Thank you: you are counted among those who would join {proposal.name}. If the Head "
            "accepts it, you will be registered as interested and hear when it launches.",
        )
    return redirect(proposal)


@require_POST
@_sign_in_to_act
def withdraw_support(request, pk: int):
    """Take back "I would join this" and go back to the proposal."""
    proposal = _get_proposal(pk)
    try:
        services.withdraw_support(proposal=proposal, person=request.user)
    except services.NotSupporting as exc:
        messages.info(request, exc.message)
    except services.ProposalError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "You are no longer counted among those who would join it.")
    return redirect(proposal)


# The proposer's own changes -------------------------------------------------------------------


def _proposer_only(request, proposal: Proposal, what: str) -> None:
    if proposal.proposer_id != request.user.pk:
        raise PermissionDenied(f"Only the person who proposed it can {what} a proposal.")


@require_http_methods(["GET", "POST"])
@login_required
def edit(request, pk: int):
    """Render the proposal's form (GET), or save the changes and go back to it (POST). The
    proposer only (403 for anyone else), while it is open."""
    proposal = _get_proposal(pk)
    _proposer_only(request, proposal, "change")
    if not proposal.is_open:
        messages.error(request, f"{proposal.name} has been decided, so it can no longer change.")
        return redirect(proposal)
    form = ProposalForm.for_proposal(proposal, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_proposal(proposal=proposal, by=request.user, **form.cleaned_data)
        except services.NotProposer as exc:
            raise PermissionDenied(exc.message) from exc
        except services.ProposalError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "Your changes to the proposal are saved.")
            return redirect(proposal)
    return render(request, "proposals/proposal_edit.html", {"proposal": proposal, "form": form})


@require_POST
@_sign_in_to_act
def withdraw(request, pk: int):
    """Without confirm=1, render what withdrawing means (nothing written); with it, withdraw
    the proposal and go back to it. The proposer only (403 for anyone else)."""
    proposal = _get_proposal(pk)
    _proposer_only(request, proposal, "withdraw")
    if request.POST.get("confirm") != "1" and proposal.is_open:
        return render(request, "proposals/confirm_withdraw.html", {"proposal": proposal})
    try:
        services.withdraw_proposal(proposal=proposal, by=request.user)
    except services.NotProposer as exc:
        raise PermissionDenied(exc.message) from exc
    except services.ProposalDecided as exc:
        messages.info(request, exc.message)
    else:
        messages.success(
            request, f"{proposal.name} is withdrawn. The Head of CoPs will not review it."
        )
    return redirect(proposal)
