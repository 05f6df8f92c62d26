"""Rendered pieces of pages, kept in the cache under the versions they were built from.

A fragment's key holds the version of what it shows (the catalogue's, a community's, or several),
the values it varies on (a filter, "may this person schedule a session?") and the identity of
the code that rendered it, so:
- a write bumps the version and the next read builds afresh (see communities.versions);
- a deployment that changes templates, styles or code never serves what the old code rendered.

Some fragments change with time alone: a session stops being "coming up" when it ends, and
nothing is written then. Such a fragment is stored with the moment it stops being true
(`until`), checked against `timezone.now()` on every read, and the page cache is told the same
moment (`PageNotes`), so a whole cached page expires with its earliest fragment.
"""

import hashlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache as once
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

from ucl_cop.cache import fixed_key

from .models import Community
from .versions import PageVersions, community_version, page_versions

# Stale entries (of versions since bumped) are never read again; they go within a day.
FRAGMENT_TIMEOUT = 24 * 60 * 60

# What renders the pages: a change to any of these starts every key afresh.
_CODE_SUFFIXES = {".py", ".html", ".css", ".js", ".svg", ".json", ".toml"}
_SKIPPED_FOLDERS = {".venv", "node_modules", "media", "staticfiles", "tests", "__pycache__"}


@once
def code_identity() -> str:
    """A short hash of the project's templates, static files and Python code (and its declared
    dependencies, pyproject.toml), the same in every worker built from the same code."""
    digest = hashlib.blake2b(digest_size=6)
    base = Path(settings.BASE_DIR)
    for path in sorted(_code_files(base)):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _code_files(base: Path) -> Iterable[Path]:
    for folder, subfolders, files in os.walk(base):
        subfolders[:] = [
            name for name in subfolders if name not in _SKIPPED_FOLDERS and not name.startswith(".")
        ]
        for name in files:
            if os.path.splitext(name)[1] in _CODE_SUFFIXES:
                yield Path(folder) / name


@dataclass
class PageNotes:
    """What a page told the page cache while it was built (communities.page_cache): the
    community it shows, and the earliest moment any part of it stops being true; and, for a
    person's own page (membership.cached_parts.me_content), every community it shows."""

    community_id: int | None = None
    until: datetime | None = None
    communities: set[int] = field(default_factory=set)


PAGE_NOTES = "_page_cache_notes"


def changes_at(request, until: datetime | None) -> None:
    """Tell the page cache (when it is building this request's page) that the page stops being
    true at `until`."""
    notes = getattr(request, PAGE_NOTES, None)
    if notes is not None and until is not None and (notes.until is None or until < notes.until):
        notes.until = until


def render_part(request, template_name: str, context: dict) -> tuple[str, datetime | None]:
    """Render a part of a page that holds fragments, with the request's context processors, and
    say when the earliest fragment in it stops being true (for `cached_html`'s `build`)."""
    html, notes = render_noting(request, template_name, context)
    return html, notes.until


def render_noting(request, template_name: str, context: dict) -> tuple[str, PageNotes]:
    """Render as `render_part` does, with everything the part told its notes."""
    outer = getattr(request, PAGE_NOTES, None)
    notes = PageNotes()
    setattr(request, PAGE_NOTES, notes)
    try:
        html = render_to_string(template_name, context, request=request)
    finally:
        setattr(request, PAGE_NOTES, outer)
    return html, notes


def shows_communities(request, community_ids: Iterable[int]) -> None:
    """Tell a person's own page, while it is built, that it shows these communities."""
    notes = getattr(request, PAGE_NOTES, None)
    if notes is not None:
        notes.communities.update(community_ids)


@once
def csrf_placeholder() -> str:
    """What stands for the CSRF token in HTML kept for several people: render with it as the
    context's `csrf_token`, and serve through `with_csrf_token`.

    Derived from the secret key, so it is the same in every worker and nobody can guess it. A
    guessable one could be typed into text the page shows (a link in a description), and each
    reader's token would then be put in its place, ready to be sent to the link's site.
    """
    return salted_hmac(
        "communities.fragments.csrf_placeholder", "csrf", algorithm="sha256"
    ).hexdigest()


def with_csrf_token(request, html: str) -> SafeString:
    """Cached HTML rendered with `csrf_placeholder()`, with this request's own token in it."""
    return mark_safe(html.replace(csrf_placeholder(), get_token(request)))


def shows_community(request, community_id: int) -> None:
    """Tell the page cache (when it is building this request's page) which community the page
    shows, so it is stored only under that community's version."""
    notes = getattr(request, PAGE_NOTES, None)
    if notes is not None:
        notes.community_id = community_id


def _key(kind: str, parts: tuple) -> str:
    raw = "\x1f".join(str(part) for part in parts)
    return f"{kind}:{code_identity()}:{hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()}"


def key(kind: str, *parts) -> str:
    """A cache key for `kind` from `parts` (versions, ids, filter values), of bounded length.

    A fixed key (ucl_cop.cache): `parts` must include the versions of everything the value
    shows, so that the value stored under it never changes; each process keeps a copy.
    """
    return fixed_key(_key(kind, parts))


def timeout_until(until: datetime | None, now: datetime) -> int | None:
    """Seconds to keep an entry that stops being true at `until`; None when it already has."""
    if until is None:
        return FRAGMENT_TIMEOUT
    seconds = int((until - now).total_seconds()) + 1
    return min(seconds, FRAGMENT_TIMEOUT) if until > now else None


def cached_html(
    cache_key: str,
    build: Callable[[], tuple[str, datetime | None]],
    *,
    request=None,
) -> SafeString:
    """The HTML stored under `cache_key`, or what `build()` renders (with the moment it stops
    being true, or None) stored there. Either way, a page cache building this request's page
    is told when the fragment expires.

    One request builds a missing entry; others that want it meanwhile wait for it (`_built`).
    """
    now = timezone.now()
    entry = _fresh(cache.get(cache_key), now)
    claim = f"building:{cache_key}"
    claimed = entry is None and cache.add(claim, 1, timeout=BUILD_CLAIM_SECONDS)
    if entry is None and not claimed:
        entry = _built(cache_key, claim, now)
    if entry is not None:
        changes_at(request, entry["until"])
        return mark_safe(entry["html"])
    try:
        html, until = build()
        keep(cache_key, html, until)
    finally:
        if claimed:
            cache.delete(claim)
    changes_at(request, until)
    return mark_safe(html)


# After a write, the next requests all miss the entries it made out of date. Building an entry
# can be costly (a report at 20,000 people: 0.4 s), and a dozen requests building the same one
# at once take every worker for seconds: so the first claims it, and the others wait for its
# entry, checking every BUILD_POLL_SECONDS, for as long as the claim lasts. A claim is dropped
# when its build ends (stored or not, or failed), and lapses after BUILD_CLAIM_SECONDS if its
# worker died; a waiter that finds no entry then builds it itself.
BUILD_CLAIM_SECONDS = 5
BUILD_POLL_SECONDS = 0.02


def fresh_entry(cache_key: str) -> dict | None:
    """The entry `cached_html` or `keep` stored under `cache_key`, while it is still true."""
    return _fresh(cache.get(cache_key), timezone.now())


def keep(cache_key: str, html: str, until: datetime | None) -> None:
    """Store HTML for `fresh_entry`, until it stops being true (never, for None)."""
    timeout = timeout_until(until, timezone.now())
    if timeout is not None:
        cache.set(cache_key, {"html": str(html), "until": until}, timeout)


def _fresh(entry: dict | None, now: datetime) -> dict | None:
    if entry is not None and (entry["until"] is None or now < entry["until"]):
        return entry
    return None


def _built(cache_key: str, claim: str, now: datetime) -> dict | None:
    """The entry another request is building, once it is there; None if its claim ends (or
    lapses) without one."""
    deadline = time.monotonic() + BUILD_CLAIM_SECONDS
    while time.monotonic() < deadline:
        time.sleep(BUILD_POLL_SECONDS)
        entry = _fresh(cache.get(cache_key), now)
        if entry is not None or not cache.get(claim):
            return entry
    return None


def catalogue_value(name: str, version: int, build: Callable[[], object]) -> object:
    """A small value derived from the catalogue (the practice areas' slugs, say), cached under
    the catalogue version `version`."""
    cache_key = key(f"catalogue-{name}", version)
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, FRAGMENT_TIMEOUT)
    return value


def community_id_for(slug: str) -> int | None:
    """The id of the community at `slug`, remembered in the cache (one query the first time).

    It may be out of date once a community changes its address and another takes the old one:
    whoever uses it checks the community they then read (`pin_version`), and the page cache
    stores a page only under the community the page says it shows (`shows_community`).
    """
    map_key = _key("community-id", (slug,))  # not fixed: an address can change hands
    community_id = cache.get(map_key)
    if community_id is None:
        community_id = Community.objects.filter(slug=slug).values_list("pk", flat=True).first()
        if community_id is not None:
            cache.set(map_key, community_id, FRAGMENT_TIMEOUT)
    return community_id


def versions_before_reading(slug: str, person_id: int | None) -> tuple[int, PageVersions] | None:
    """The id of the community at `slug` and the versions of its page for `person_id` (the
    community's, the catalogue's, the person's), all read before the page reads a row."""
    community_id = community_id_for(slug)
    return None if community_id is None else (community_id, page_versions(community_id, person_id))


def pin_version(community, pinned: tuple[int, int] | None) -> None:
    """Keep on `community` the version read before its row (`versions_before_reading`), when it
    is the same community; fragments of its page are keyed under it (`version_of`)."""
    if pinned is not None and pinned[0] == community.pk:
        community.cache_version = pinned[1]


def version_of(community) -> int:
    """The version a fragment of `community`'s page is keyed under: the one pinned before its
    row was read, else the version now."""
    return getattr(community, "cache_version", None) or community_version(community.pk)


def community_fragment(
    name: str,
    community,
    vary: tuple,
    build: Callable[[], tuple[str, datetime | None]],
    *,
    request=None,
) -> SafeString:
    """A piece of `community`'s page (its about section, its sessions...), cached under the
    community's version for each combination of `vary` (what the person may do there, say)."""
    cache_key = key(f"community-{name}", community.pk, version_of(community), *vary)
    return cached_html(cache_key, build, request=request)
