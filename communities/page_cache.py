"""Whole pages for anonymous visitors: `/`, `/communities/` and each community's page.

At term start most visits are people looking before they sign in. Their pages are the same for
everyone, so `AnonymousPageCacheMiddleware` keeps each one whole, under the version of what it
shows (communities.versions): the catalogue's for the home page and the list, the community's
for its page. A write bumps the version, so the next visit sees it; nothing is ever stale.

Only a request that could not be personal is served or stored:
- GET, with no session cookie (`SESSION_COOKIE_NAME`) and no messages cookie;
- a known page and a bounded set of addresses: no query string at all, except on the list,
  where `practice_area` may name a practice area that exists, `status` a status, and `q` must be
  empty (free text is never a key: it would let anyone fill the cache);
- and a response worth keeping: 200, setting no cookie, with no CSP nonce in its header, no
  security token in its body and nothing that says private or no-store.

It sits before the session middleware, so a hit costs no session, user or database work; the
stored response already carries the headers the middleware below it added (the CSP, frame
options, Vary: Cookie), and those above it (security headers, the request id) are added again.
A page built from fragments that stop being true with time (a session's "coming up") expires
when its earliest fragment does (fragments.PageNotes).
"""

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone

from . import fragments
from .models import Community, PracticeArea
from .versions import catalogue_version, community_version

CATALOGUE_PAGES = {"home", "community-list"}
COMMUNITY_PAGE = "community-detail"
LIST_FILTERS = {"practice_area", "status", "q"}
# Response headers that say a page is not for sharing.
_NOT_SHARED = ("private", "no-store", "no-cache")


@dataclass(frozen=True)
class Plan:
    key: str
    community_id: int | None = None


def messages_cookie_name() -> str:
    """The cookie Django's messages keep (the cookie and fallback storages) between requests."""
    return getattr(settings, "MESSAGE_COOKIE_NAME", CookieStorage.cookie_name)


def area_slugs() -> frozenset[str]:
    """The practice areas' slugs, cached under the catalogue version (areas are catalogue)."""
    return fragments.catalogue_value(
        "area-slugs",
        catalogue_version(),
        lambda: frozenset(PracticeArea.objects.values_list("slug", flat=True)),
    )


def list_filters(query_string: str) -> dict[str, str] | None:
    """The list's filters when they are a bounded key (see the module's docstring), else None.

    The page repeats its own address (the sign-in link's `next`), so the query string must be
    exactly as the filter form writes it: each name once, and encoded the usual way.
    """
    pairs = parse_qsl(query_string, keep_blank_values=True)
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names) or not set(names) <= LIST_FILTERS:
        return None
    if urlencode(pairs) != query_string:
        return None
    given = dict(pairs)
    if given.get("q", ""):
        return None
    if given.get("status", "") not in {"", *Community.Status.values}:
        return None
    if (area := given.get("practice_area", "")) and area not in area_slugs():
        return None
    return given


def plan_for(request) -> Plan | None:
    """The cache key of this request's page, or None when it must not come from the cache."""
    if request.method != "GET":
        return None
    cookies = request.COOKIES
    # (An empty cookie is one a response deleted: no browser sends it back.)
    if cookies.get(settings.SESSION_COOKIE_NAME) or cookies.get(messages_cookie_name()):
        return None
    path = request.path_info
    if path != "/" and not path.startswith("/communities/"):
        return None
    try:
        match = resolve(path)
        host = request.get_host()
    except (Resolver404, DisallowedHost):
        return None
    query = request.META.get("QUERY_STRING", "")
    where = (request.scheme, host, path, query)
    if match.url_name in CATALOGUE_PAGES:
        if query and (match.url_name != "community-list" or list_filters(query) is None):
            return None
        return Plan(fragments.key("page", *where, catalogue_version()))
    if match.url_name == COMMUNITY_PAGE and not query:
        community_id = fragments.community_id_for(match.kwargs["slug"])
        if community_id is None:
            return None
        version = community_version(community_id)
        return Plan(fragments.key("page", *where, community_id, version), community_id)
    return None


def storable(response, plan: Plan, notes: fragments.PageNotes) -> bool:
    """Whether `response` is the same for every anonymous visitor, and so may be kept."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if "Set-Cookie" in response or any(
        value in response.get("Cache-Control", "") for value in _NOT_SHARED
    ):
        return False
    policies = (
        response.get("Content-Security-Policy", ""),
        response.get("Content-Security-Policy-Report-Only", ""),
    )
    if any("nonce-" in policy for policy in policies):
        return False  # a nonce shared by every visitor would protect nothing
    if b"csrfmiddlewaretoken" in response.content:
        return False
    return plan.community_id is None or notes.community_id == plan.community_id


def _replay(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response.headers[name] = value
    return response


class AnonymousPageCacheMiddleware:
    """Serve and store whole anonymous pages (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            plan = plan_for(request)
        except (OperationalError, InterfaceError):
            # The database is out of reach (or the query is wrong): serve uncached, and let the
            # view meet the same error, where the friendly 503 handles an outage.
            plan = None
        if plan is None:
            return self.get_response(request)
        now = timezone.now()
        entry = cache.get(plan.key)
        if entry is not None and (entry["until"] is None or now < entry["until"]):
            return _replay(entry)
        notes = fragments.PageNotes()
        setattr(request, fragments.PAGE_NOTES, notes)
        response = self.get_response(request)
        if storable(response, plan, notes):
            timeout = fragments.timeout_until(notes.until, now)
            if timeout is not None:
                entry = {
                    "status": response.status_code,
                    "content": response.content,
                    "headers": list(response.headers.items()),
                    "until": notes.until,
                }
                cache.set(plan.key, entry, timeout)
        return response
