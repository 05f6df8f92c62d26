"""The proposal a community came from, on the community's admin page:
`{% load proposal_origin %}{% proposal_origin community %}`.

The community admin lives in `membership`, which may not import `proposals`; this tag lets its
page name the proposal, its supporters and the prospective lead without knowing where they come
from. One query.
"""

from django import template

from ..models import Proposal

register = template.Library()


@register.inclusion_tag("admin/proposals/community_origin.html")
def proposal_origin(community) -> dict:
    """Render where an accepted proposal's community came from, and who offered to lead it;
    nothing for a community that was not proposed."""
    proposal = None
    if community is not None and community.pk:
        proposal = (
            Proposal.objects.with_support_count()
            .select_related("proposer")
            .filter(community=community)
            .first()
        )
    return {"proposal": proposal}
