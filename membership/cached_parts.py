"""The parts of the catalogue's pages that are the same for everyone, cached under versions.

- the community list's body, with its filter form (crispy's three fields were half of the
  template's time), under the catalogue version, for each filter that exists; a text search
  is never cached;
- a community's about section (its description, how it meets, its facts), under the
  community's version, once for those who may edit the page and once for everyone else.

See communities.versions for what bumps which version, and communities.fragments for the keys.
"""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from communities import fragments, page_cache
from communities.models import Community
from communities.versions import catalogue_version


def list_body_key(request) -> str | None:
    """The cache key of the list's body for this request's filters, or None when they are not
    a bounded key (a text search, a practice area that does not exist). Read before the rows:
    a body rendered from rows read after its version is never stale."""
    filters = page_cache.list_filters(request.GET.urlencode())
    if filters is None:
        return None
    return fragments.key(
        "community-list",
        catalogue_version(),
        filters.get("practice_area", ""),
        filters.get("status", ""),
    )


def list_body(request, key: str, context: dict) -> SafeString:
    """The list's body from the cache, or rendered from `context` and kept."""
    return fragments.cached_html(
        key,
        lambda: (render_to_string("communities/community_list.html#body", context), None),
        request=request,
    )


def about_section(request, community: Community, *, can_edit: bool) -> SafeString:
    """The community page's about section from the cache, or rendered and kept."""
    context = {"community": community, "can_edit": can_edit}
    return fragments.community_fragment(
        "about",
        community,
        (can_edit,),
        lambda: (render_to_string("communities/community_detail.html#about", context), None),
        request=request,
    )
