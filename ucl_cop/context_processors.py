"""Context shared by every page."""

import logging

from django.core.cache import cache
from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject

from communities.models import ProgrammeContact

from .unavailable import database_found_unavailable, is_database_unavailable

logger = logging.getLogger(__name__)

# After a failed read, pages stop asking for this long, so each one does not wait for the
# database just to fill in the footer.
UNREACHABLE_KEY = "programme-contact-unreachable"
UNREACHABLE_SECONDS = 30


def programme_contact(request):
    """The Head of CoPs' published contact, for the footer and the about page.

    Read when a template first uses it (the footer comes last, so a page that fails on its own
    query fails without waiting for this one too), and cached. When it is not cached and the
    database is out of reach, pages that need nothing else (about, accessibility, the
    membership criteria) still render, and say whom to contact in general words.
    """
    return {"programme_contact": SimpleLazyObject(_contact_or_none)}


def _contact_or_none() -> ProgrammeContact | None:
    # Both in one round trip: every page's footer asks.
    found = cache.get_many([UNREACHABLE_KEY, ProgrammeContact.CACHE_KEY])
    if found.get(UNREACHABLE_KEY):
        return None
    if ProgrammeContact.CACHE_KEY in found:
        return found[ProgrammeContact.CACHE_KEY] or None  # False: cached() found none
    try:
        return ProgrammeContact.cached()
    except DatabaseError as error:
        if not is_database_unavailable(error):
            raise
        logger.warning("Programme contact unavailable, shown without it: %s", error)
        cache.set(UNREACHABLE_KEY, True, timeout=UNREACHABLE_SECONDS)
        database_found_unavailable()
        return None
