"""Cache versions: what cached pages and fragments are keyed under, so a write empties them.

Three kinds, all integers in the default cache (Redis when REDIS_URL is set, so every worker sees
the same numbers):
- the **catalogue** version: the community list, the home page's glance and the reports. Bumped
  by anything that changes what those show: a membership or interest (the counts), a community,
  a practice area, the programme contact, a person's name or department.
- one **community** version per community: its page (facts, leads, counts, sessions, projects,
  resources, announcements). Bumped by writes of that community alone, so an RSVP in one
  community leaves every other community's cached page, the list and the reports alone;
- one **person** version per person: what they belong to and take part in (their /me/ page).
  Bumped by writes of their own memberships, interests, RSVPs, places in projects, the projects
  they lead and their calendar feed. What /me/ shows of each community (its name, its
  sessions, its projects) is kept under that community's version too.

Nothing is ever deleted to invalidate: a key includes the version it was built under, and a bump
makes the next read miss. A bump runs now *and* again after the transaction commits:
- after commit, because a page rendered between the write and its commit read the old rows and
  stored them under the version as it was then; the second bump leaves that entry behind;
- now, so a read later in the same transaction (and tests, whose transactions never commit)
  sees the change too.

A version that is missing (never read, evicted, or the cache flushed) starts from the clock in
microseconds, not from 1: a flush that kept some fragments (or another cache's copy) can never
bring back an old number, since no community is written a million times a second.
"""

import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

CATALOGUE_KEY = "version:catalogue"


def _community_key(community_id: int) -> str:
    return f"version:community:{community_id}"


def _fresh() -> int:
    return time.time_ns() // 1000


def _read(key: str) -> int:
    version = cache.get(key)
    if version is None:
        # add() does not overwrite: two workers starting the same key agree on one number.
        cache.add(key, _fresh(), timeout=None)
        version = cache.get(key)
    return version if version is not None else _fresh()


def _bump_now(keys: Iterable[str]) -> None:
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:  # missing: a fresh start from the clock is past any old number
            if not cache.add(key, _fresh(), timeout=None):
                cache.incr(key)


def _bump(keys: list[str]) -> None:
    if not keys:
        return
    _bump_now(keys)
    transaction.on_commit(lambda: _bump_now(keys))


def catalogue_version() -> int:
    """The version of the community list, the home page's glance and the reports."""
    return _read(CATALOGUE_KEY)


def community_version(community_id: int) -> int:
    """The version of one community's page."""
    return _read(_community_key(community_id))


def community_versions(community_ids: Iterable[int]) -> dict[int, int]:
    """The versions of several communities, in one round trip when they all exist."""
    ids = list(community_ids)
    found = cache.get_many([_community_key(pk) for pk in ids])
    return {pk: found.get(_community_key(pk)) or community_version(pk) for pk in ids}


def _person_key(person_id: int) -> str:
    return f"version:person:{person_id}"


def person_version(person_id: int) -> int:
    """The version of what one person belongs to and takes part in."""
    return _read(_person_key(person_id))


def bump_people(person_ids: Iterable[int | None]) -> None:
    """Empty what these people's own pages cache (now and after commit)."""
    _bump([_person_key(pk) for pk in person_ids if pk is not None])


@dataclass(frozen=True)
class PageVersions:
    """The versions a signed-in person's view of a community page is built under."""

    community: int
    catalogue: int
    person: int | None  # None for an anonymous visitor


def page_versions(community_id: int, person_id: int | None) -> PageVersions:
    """The community's, the catalogue's and the person's versions, read together: one round
    trip when they all exist (each missing one is started as `_read` does)."""
    keys = [_community_key(community_id), CATALOGUE_KEY]
    if person_id is not None:
        keys.append(_person_key(person_id))
    found = cache.get_many(keys)
    values = [found.get(key) or _read(key) for key in keys]
    return PageVersions(values[0], values[1], values[2] if person_id is not None else None)


def bump_catalogue() -> None:
    """Empty what the list, the home page and the reports cache (now and after commit)."""
    _bump([CATALOGUE_KEY])


def bump_community(community_id: int | None) -> None:
    """Empty what one community's page caches (now and after commit)."""
    if community_id is not None:
        _bump([_community_key(community_id)])


def bump_communities(community_ids: Iterable[int]) -> None:
    """Empty the pages of several communities: a practice area's, or every one."""
    _bump([_community_key(pk) for pk in community_ids])


def bump_everything() -> None:
    """Empty the catalogue and every community's page: for writes that skip the model signals
    across the whole programme (seed_demo's bulk loads), and for what every page shows (the
    footer's programme contact)."""
    from .models import Community  # the models import this module's users, not it

    bump_catalogue()
    bump_communities(Community.objects.values_list("pk", flat=True))
