"""/me/settings/: a person's choices that reach across apps. For now, which communities'
announcements they are emailed; the practice issue adds more to the same page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from activities.services.announcements import opted_out_community_ids, set_announcement_opt_outs
from membership import selectors


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
    """Render my active memberships, each with an "email me its announcements" checkbox (GET),
    or save which are turned off and redirect back (POST)."""
    memberships = list(selectors.my_memberships(request.user))
    if request.method == "POST":
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
