"""The site's header, kept in the cache for signed-in people (ucl_cop/templatetags/chrome.py):
each person still sees their own name, link and token, and a role change shows at once."""

import re

import pytest
from django.test import Client

from .factories import PracticeAreaFactory

pytestmark = pytest.mark.django_db


def header(text: str) -> str:
    return text.split('<header class="site-header">')[1].split("</header>")[0]


def test_each_person_sees_their_own_name_in_the_same_header(client_for, staff, other_staff):
    alice, bob = client_for(staff), client_for(other_staff)

    assert "Signed in as Alice Adams" in header(alice.get("/about/").text)
    assert "Signed in as Bob Brown" in header(bob.get("/about/").text)
    assert "Signed in as Alice Adams" in header(alice.get("/about/").text)


def test_the_current_page_is_marked_on_each_page(client_for, staff):
    alice = client_for(staff)
    about, criteria = alice.get("/about/").text, alice.get("/membership/").text

    assert re.search(r'aria-current="page" href="/about/"', header(about))
    assert re.search(r'aria-current="page" href="/membership/"', header(criteria))
    assert 'aria-current="page" href="/about/"' not in header(criteria)


def test_becoming_a_sponsor_shows_the_reports_link_at_once(client_for, staff):
    alice = client_for(staff)
    assert "Reports" not in header(alice.get("/about/").text)

    PracticeAreaFactory(sponsor=staff)

    assert "Reports" in header(alice.get("/about/").text)


def test_the_cached_sign_out_form_carries_each_persons_own_token(staff, other_staff):
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    alice.force_login(staff)
    bob.force_login(other_staff)
    alice.get("/about/")
    text = bob.get("/about/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', header(text)).group(1)

    assert bob.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert "_auth_user_id" not in bob.session
