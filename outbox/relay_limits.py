"""How many messages one person may have the portal relay in an hour.

The contact forms (to a community's leads, to the Head of CoPs) relay what a person writes by
email, so each is limited per sender: a small counter in the cache per kind of message, person
and clock hour, so neither form can be used to flood someone's inbox. It lives here, below every
domain app, so each form counts the same way.
"""

import time

from django.core.cache import cache

HOUR = 3600


def count_relayed(*, kind: str, sender_id: int, per_hour: int) -> bool:
    """Count one message of `kind` from the sender this clock hour; False when that is one more
    than `per_hour`."""
    key = f"{kind}:{sender_id}:{int(time.time() // HOUR)}"
    cache.add(key, 0, timeout=HOUR)
    try:
        sent = cache.incr(key)
    except ValueError:  # The counter expired between the two calls.
        cache.set(key, 1, timeout=HOUR)
        sent = 1
    return sent <= per_hour
