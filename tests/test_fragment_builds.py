"""One request builds a missing fragment; the others wait for it (communities.fragments)."""

import threading
import time

import pytest
from django.core.cache import cache

from communities import fragments

KEY = fragments.key("build-check", 1)
CLAIM = f"building:{KEY}"


def _never():
    raise AssertionError("built again while another request was building it")


def _later(seconds: float, action) -> threading.Thread:
    def run():
        time.sleep(seconds)
        action()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_request_waits_for_the_entry_another_is_building():
    cache.add(CLAIM, 1, timeout=5)  # another request is building it
    other = _later(0.1, lambda: cache.set(KEY, {"html": "<p>theirs</p>", "until": None}, 60))

    html = fragments.cached_html(KEY, _never)
    other.join()

    assert html == "<p>theirs</p>"


def test_a_request_builds_itself_when_the_other_build_ends_without_an_entry():
    cache.add(CLAIM, 1, timeout=5)
    other = _later(0.1, lambda: cache.delete(CLAIM))  # failed, or built nothing to keep

    html = fragments.cached_html(KEY, lambda: ("<p>mine</p>", None))
    other.join()

    assert html == "<p>mine</p>"
    assert cache.get(KEY)["html"] == "<p>mine</p>"


def test_a_failed_build_leaves_no_claim_behind():
    def broken():
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        fragments.cached_html(KEY, broken)

    assert cache.get(CLAIM) is None
    assert fragments.cached_html(KEY, lambda: ("<p>built</p>", None)) == "<p>built</p>"


def test_a_built_entry_is_served_without_building_or_claiming():
    fragments.cached_html(KEY, lambda: ("<p>built</p>", None))

    assert fragments.cached_html(KEY, _never) == "<p>built</p>"
    assert cache.get(CLAIM) is None
