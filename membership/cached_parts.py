"""The parts of the catalogue's pages that are the same for everyone, cached under versions.

- the community list's body, with its filter form (crispy's three fields were half of the
  template's time), under the catalogue version, for each filter that exists; a text search
  is never cached;
- a community's about section (its description, how it meets, its facts), under the
  community's version, once for those who may edit the page and once for everyone else;
- a community's row (with its practice area and sponsor) and its leads, under the community's
  version: every signed-in visit to its page needs them, and its version already covers them
  (the community, its area, a lead named or standing down, a person's name);
- a community page's whole content for a signed-in person, under the community's version and
  everything about the person it shows or decides by: their membership here and their core
  membership elsewhere as read on this request, their interest, their roles. Its forms carry a
  placeholder for the CSRF token, swapped for the person's own on every request;
- a person's own page (/me/), under their person version and the versions of every community
  it shows (`me_content`);
- a person's membership of a community and their core membership elsewhere, under their person
  version and the catalogue version (the other community's name and address).

See communities.versions for what bumps which version, and communities.fragments for the keys.
"""

from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from communities import fragments, page_cache
from communities.models import Community
from communities.versions import (
    PageVersions,
    catalogue_version,
    community_versions,
    page_versions,
    person_version,
)

from . import selectors
from .models import Membership
from .roles import roles_of


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


def community_and_leads(
    slug: str, person
) -> tuple[Community | None, list[Membership], PageVersions | None]:
    """The community at `slug` (its area and sponsor selected), its active leads, and the
    versions its page is built under for `person` (None when anonymous), with the community's
    version pinned on it (`fragments.pin_version`) for the page's other fragments.

    From the cache under the version read before the rows, else from the database and kept.
    The slug's id may be out of date (`fragments.community_id_for`): an entry is used only when
    it is still at `slug`, and stored only when the rows read are of the community pinned.
    """
    found_versions = fragments.versions_before_reading(slug, getattr(person, "pk", None))
    pinned = versions = None
    if found_versions is not None:
        pinned, versions = (found_versions[0], found_versions[1].community), found_versions[1]
    key = None if pinned is None else fragments.key("community-row", *pinned)
    found = None if key is None else cache.get(key)
    if found is not None and found[0].slug == slug:
        community, leads = found
    else:
        community = selectors.community_for_page(slug)
        if community is None:
            return None, [], None
        leads = list(selectors.leads_of(community))
        if pinned is not None and pinned[0] == community.pk:
            cache.set(key, (community, leads), fragments.FRAGMENT_TIMEOUT)
    fragments.pin_version(community, pinned)
    if pinned is None or pinned[0] != community.pk:
        versions = page_versions(community.pk, getattr(person, "pk", None))
    return community, leads, versions


def membership_here_and_core(person, community: Community, versions: PageVersions):
    """`selectors.membership_here_and_core`, from the cache (see the module), under the
    person's and the catalogue's versions in `versions` (`community_and_leads`)."""
    key = fragments.key(
        "membership-here", person.pk, versions.person, versions.catalogue, community.pk
    )
    found = cache.get(key)
    if found is None:
        found = selectors.membership_here_and_core(person, community)
        cache.set(key, found, fragments.FRAGMENT_TIMEOUT)
    return found


def _values(row) -> tuple | None:
    """Every field of a row, as a cache key part: any change to it is a different key."""
    if row is None:
        return None
    return tuple(getattr(row, field.attname) for field in row._meta.concrete_fields)


def community_content(request, person, context: dict) -> SafeString:
    """The community page's content for the signed-in `person` (see the module), from `context`
    as the view made it: community, leads, membership, core_elsewhere, is_interested, can_edit
    and contact_form."""
    community = context["community"]
    core_elsewhere = context["core_elsewhere"]
    roles = roles_of(person)
    key = fragments.key(
        "community-content",
        community.pk,
        fragments.version_of(community),
        person.is_active,
        person.is_superuser,
        roles.in_head_group,
        _values(context["membership"]),
        _values(core_elsewhere),
        # The other community is named and linked to; its own version is not in this key.
        core_elsewhere and (core_elsewhere.community.name, core_elsewhere.community.slug),
        context["is_interested"],
        context["contact_form"] is not None,
    )

    def build():
        about = about_section(request, community, can_edit=context["can_edit"])
        return fragments.render_part(
            request,
            "communities/community_detail.html#content",
            {**context, "about": about, "csrf_token": fragments.csrf_placeholder()},
        )

    return fragments.with_csrf_token(request, fragments.cached_html(key, build, request=request))


# What other apps' parts of /me/ show (the activities' projects and sessions): functions of the
# person giving community ids, which those apps register (membership never imports them).
ME_COMMUNITY_SOURCES: list[Callable[[object], Iterable[int]]] = []


def _communities_on_me(person) -> list[int]:
    shown = set(selectors.my_memberships(person).values_list("community_id", flat=True))
    shown |= set(selectors.my_open_interests(person).values_list("community_id", flat=True))
    for source in ME_COMMUNITY_SOURCES:
        shown |= set(source(person))
    return sorted(shown)


def me_content(request, person) -> SafeString:
    """The content of `person`'s own page (/me/): their memberships, interests, projects,
    sessions and calendar feed, with their forms (CSRF placeholder, as above).

    Kept under their person version (what they belong to and take part in) and the versions of
    the communities it shows (what it shows of each), all read before any row. Which
    communities those are is asked (a few small queries) and kept under the person version. A
    page built is kept only if it shows no other community: the list and the parts of the page
    that other apps draw (ME_COMMUNITY_SOURCES) must agree, and a test holds them to it.
    """
    mine = person_version(person.pk)
    shown_key = fragments.key("me-communities", person.pk, mine)
    shown = cache.get(shown_key)
    if shown is None:
        shown = _communities_on_me(person)
        cache.set(shown_key, shown, fragments.FRAGMENT_TIMEOUT)
    versions = community_versions(shown)
    # The calendar feed's address is absolute, so the host is part of the page.
    where = (request.scheme, request.get_host())
    content_key = fragments.key("me", person.pk, mine, *where, sorted(versions.items()))
    entry = fragments.fresh_entry(content_key)
    if entry is not None:
        fragments.changes_at(request, entry["until"])
        return fragments.with_csrf_token(request, entry["html"])
    mine_rows = selectors.my_memberships(person)
    context = {
        "core": mine_rows.core().first(),
        "wider": list(mine_rows.wider()),
        "interests": list(selectors.my_open_interests(person)),
        "csrf_token": fragments.csrf_placeholder(),
    }
    html, notes = fragments.render_noting(request, "membership/me.html#content", context)
    rows = [context["core"], *context["wider"], *context["interests"]]
    communities = notes.communities | {row.community_id for row in rows if row is not None}
    if communities <= versions.keys():
        fragments.keep(content_key, html, notes.until)
    fragments.changes_at(request, notes.until)
    return fragments.with_csrf_token(request, html)
