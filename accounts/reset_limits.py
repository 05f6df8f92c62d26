"""Rate limits on password-reset emails: small counters in the cache.

django-axes throttles `authenticate()` only, so resets are limited here: per client address (one
machine asking about many people) and per target address (many requests flooding one inbox). A
counter counts every request for an address, whether or not an account uses it, so the limit
itself tells nothing about who has an account.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from membership.models import normalize_address


def _count(key: str) -> int:
    """Add one to the counter at `key`, which starts a window when it is new; return it."""
    window = settings.PASSWORD_RESET_LIMIT_WINDOW
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # it expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def allow_reset(*, client: str, email: str) -> bool:
    """Count a reset request from `client` for `email`; False when either is over its limit."""
    target = hashlib.sha256(normalize_address(email).encode()).hexdigest()
    from_client = _count(f"password-reset:client:{client}")
    for_address = _count(f"password-reset:address:{target}")
    return (
        from_client <= settings.PASSWORD_RESET_LIMIT_PER_CLIENT
        and for_address <= settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    )
