"""/me/settings/: a person's choices that reach across apps: whether they are listed in member
directories, attendee lists and participant lists, and which communities' announcements they are
emailed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from activities.services.announcements import opted_out_community_ids, set_announcement_opt_outs
from membership import selectors, services

_YES = {"1", "on", "true", "yes"}


def _hidden_from_lists(post) -> bool | None:
    """What the POST asks for "hide me from lists": True, False, or None when it does not say.

    `hidden_from_lists` says it directly (the URL contract). The page's checkbox sends nothing
    when unticked, so the page also sends `lists_shown`: shown and not ticked means listed.
    """
    if "hidden_from_lists" in post:
        return post.get("hidden_from_lists", "").strip().lower() in _YES
    if "lists_shown" in post:
        return False
    return None


def _announcements_off(post, slugs: set[str]) -> set[str]:
    """The slugs, among `slugs`, whose announcements the person has turned off.

    `announcements_off` names them directly (the URL contract). The page's checkboxes say the
    opposite, "email me", so it also lists the communities it showed (`announcements_shown`):
    each shown and left unticked is off. A community joined since the page was shown is on.
    """
    off = set(post.getlist("announcements_off"))
    off |= set(post.getlist("announcements_shown")) - set(post.getlist("announcements_on"))
    return off & slugs


@login_required
def me_settings(request):
    """Render "hide me from lists" and my active memberships, each with an "email me its
    announcements" checkbox (GET), or save what the POST says and redirect back (POST). A POST
    that says nothing about one of the two settings leaves it as it was."""
    memberships = list(selectors.my_memberships(request.user))
    if request.method == "POST":
        hidden = _hidden_from_lists(request.POST)
        if hidden is not None:
            services.set_hidden_from_lists(person=request.user, hidden=hidden)
        if {"announcements_off", "announcements_shown"} & set(request.POST):
            communities = {
                membership.community.slug: membership.community for membership in memberships
            }
            off = _announcements_off(request.POST, set(communities))
            set_announcement_opt_outs(
                person=request.user, communities_off=[communities[slug] for slug in sorted(off)]
            )
        messages.success(request, "Your settings are saved.")
        return redirect("me-settings")
    opted_out = opted_out_community_ids(request.user)
    return render(
        request,
        "me_settings.html",
        {
            "rows": [
                (membership, membership.community_id not in opted_out) for membership in memberships
            ]
        },
    )
