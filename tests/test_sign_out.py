"""Opening the sign-out address asks "Sign out?" with a button; the button signs out."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LOGOUT = "/accounts/logout/"


def main_content(response) -> str:
    """The page's own content, without the header (whose sign-out form is on every page)."""
    return response.text.split('<main id="main-content"', 1)[1].split("</main>", 1)[0]


def test_opening_the_sign_out_link_asks_with_a_button(client_for, staff):
    response = client_for(staff).get(LOGOUT)

    assert response.status_code == 200
    assert "registration/logout_confirm.html" in [t.name for t in response.templates]
    content = main_content(response)
    assert "<h1>Sign out?</h1>" in content
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', content, re.S)
    assert form.group(1) == LOGOUT
    assert 'name="csrfmiddlewaretoken"' in form.group(2)
    assert '<button type="submit" class="btn btn-primary">Sign out</button>' in form.group(2)


def test_someone_signed_out_already_is_told_so_and_offered_sign_in(client):
    response = client.get(LOGOUT)

    assert response.status_code == 200
    content = main_content(response)
    assert "You are signed out" in content
    assert 'href="/accounts/login/"' in content
    assert "<form" not in content


def test_the_button_signs_out_and_returns_home(staff):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff)
    page = browser.get(LOGOUT)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', main_content(page)).group(1)

    response = browser.post(LOGOUT, {"csrfmiddlewaretoken": token})

    assert (response.status_code, response["Location"]) == (302, "/")
    assert "_auth_user_id" not in browser.session
