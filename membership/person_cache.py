"""What the shared cache remembers about one person, and how every change makes it forget.

Two things are cached per person: their roles (`membership.roles`) and, for the session's user,
their row (`accounts.backends`). Both live under the person's *version*, a random token in the
cache: `forget()` replaces the token after the change commits, so every entry written under the
old one is never read again, in any worker. A reader takes the version before it reads the
database, so an entry it writes from data read before a change is filed under the version that
change replaces.

Only a cache every worker shares (Redis: `settings.SHARED_CACHE`) may hold these. A per-process
cache would keep a revoked role, or an account signed out elsewhere, alive in the other workers.

Inside a transaction these entries are neither read nor written: the transaction may hold changes
of its own that the cache does not show, and that may yet roll back, so no other request may see
what it reads.
"""

import secrets
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from ucl_cop.cache import fixed_key

# An entry is exact until a change replaces the version; these only bound what an idle person
# leaves in the cache. A version that expires is replaced by a new one, which is always safe.
ENTRY_TIMEOUT = 60 * 60
VERSION_TIMEOUT = 24 * 60 * 60
# The version a request's user was read under, kept on that Person object (never cached).
VERSION_MEMO = "_person_cache_version"


def shared() -> bool:
    """Whether the cache is one every worker shares, so per-person entries may live in it."""
    return bool(getattr(settings, "SHARED_CACHE", False))


def in_use() -> bool:
    """Whether the per-person entries may be read and written here and now."""
    return shared() and not transaction.get_connection().in_atomic_block


def _version_key(person_id: int) -> str:
    return f"person:{person_id}:version"


def version(person_id: int) -> str:
    """The person's current version, made on first use."""
    key = _version_key(person_id)
    current = cache.get(key)
    if current is None:
        # add() keeps whichever worker's token came first, so they all agree.
        cache.add(key, secrets.token_hex(8), timeout=VERSION_TIMEOUT)
        # A cache that kept nothing (a dummy one) gets a token that matches no entry.
        current = cache.get(key) or secrets.token_hex(8)
    return current


def entry_key(kind: str, person_id: int, person_version: str) -> str:
    """Where an entry of `kind` ("roles", "user") for this person and version lives."""
    # Fixed (ucl_cop.cache): a change gives the person a new version, never a new value here.
    return fixed_key(f"person:{person_id}:{person_version}:{kind}")


def _replace_versions(person_ids: frozenset[int]) -> None:
    cache.set_many(
        {_version_key(pk): secrets.token_hex(8) for pk in person_ids}, timeout=VERSION_TIMEOUT
    )


def forget(person_ids: Iterable[int | None]) -> None:
    """Drop what is cached about these people once the current transaction commits (at once
    outside one). Called by every change to a person or their roles: see `forget_people`."""
    if not shared():
        return
    ids = frozenset(int(pk) for pk in person_ids if pk is not None)
    if ids:
        # After the commit, not before: a page served in between would read the old rows and
        # cache them under the new version.
        transaction.on_commit(partial(_replace_versions, ids))
