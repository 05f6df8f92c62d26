"""The footer's cached programme contact is forgotten when a change commits, not before.

Were it cleared before the commit, a page served in between would cache the old contact
again, and every footer would show it for the next five minutes.
"""

import pytest
from django.core.cache import cache
from django.db import transaction

from communities.models import ProgrammeContact

pytestmark = pytest.mark.django_db


def make_contact(**fields) -> ProgrammeContact:
    return ProgrammeContact.objects.create(name="Daniela Head", email="daniela@ucl.ac.uk", **fields)


def test_a_page_read_between_the_save_and_the_commit_does_not_keep_the_old_contact(
    django_capture_on_commit_callbacks,
):
    contact = make_contact()
    assert ProgrammeContact.cached().email == "daniela@ucl.ac.uk"

    before = ProgrammeContact.objects.get(pk=contact.pk)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        contact.email = "cop-head@ucl.ac.uk"
        contact.save()
        # Another request, before this one commits, still reads the old row and caches it.
        cache.set(ProgrammeContact.CACHE_KEY, before, timeout=300)

    assert ProgrammeContact.cached().email == "cop-head@ucl.ac.uk"


def test_the_cached_contact_is_kept_until_the_change_commits(
    django_capture_on_commit_callbacks,
):
    contact = make_contact()
    ProgrammeContact.cached()

    with django_capture_on_commit_callbacks() as callbacks:
        contact.phone = "020 7679 2000"
        contact.save()
        assert ProgrammeContact.cached().phone == ""
    for callback in callbacks:
        callback()

    assert ProgrammeContact.cached().phone == "020 7679 2000"


def test_a_deleted_contact_leaves_the_footer_when_the_deletion_commits(
    django_capture_on_commit_callbacks,
):
    contact = make_contact()
    ProgrammeContact.cached()

    with django_capture_on_commit_callbacks(execute=True):
        contact.delete()

    assert ProgrammeContact.cached() is None
