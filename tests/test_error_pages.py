"""Friendly error pages: not found, wrong method, expired form, server error."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from ucl_cop import views

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_a_friendly_not_found_page(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.text
    assert 'href="/communities/"' in response.text


def test_an_unknown_community_gets_the_same_friendly_page(client):
    response = client.get("/communities/not-a-community/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.text


@pytest.mark.parametrize("action", ["join", "kind", "leave", "interest", "interest/withdraw"])
def test_opening_an_action_address_explains_it_needs_a_button(client, community, action):
    response = client.get(f"/communities/{community.slug}/{action}/")

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "That action needs a button" in response.text


def test_a_form_sent_without_its_security_token_gets_a_friendly_403(staff, community):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff)

    response = strict.post(f"/communities/{community.slug}/leave/", {"confirm": "1"})

    assert response.status_code == 403
    assert "That form has expired" in response.text
    assert "Nothing was changed." in response.text


def test_the_server_error_page_renders_without_touching_the_database(
    django_assert_num_queries,
):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = views.server_error(request)

    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()


def test_a_bad_request_gets_a_friendly_page(rf):
    request = rf.get("/")
    request.user = AnonymousUser()

    response = views.bad_request(request)

    assert response.status_code == 400
    assert "Something was wrong with that request" in response.content.decode()
