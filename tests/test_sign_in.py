"""Signing in and out, and setting a first password through the reset link."""

import re

import pytest
from django.core import mail

from membership.models import Person

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_explains_people_may_have_no_password_yet(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert "No password yet?" in response.text
    assert 'href="/accounts/password_reset/">Set or reset your password' in response.text
    assert 'autocomplete="username"' in response.text
    assert "style=" not in response.text


def test_signing_in_returns_to_the_community_page(client, staff, community):
    response = client.post(
        "/accounts/login/?next=/communities/data-and-insight/",
        {
            "username": "alice@ucl.ac.uk",
            "password": PASSWORD,
            "next": "/communities/data-and-insight/",
        },
        follow=True,
    )

    assert response.redirect_chain[-1] == ("/communities/data-and-insight/", 302)
    assert "Signed in as Alice Adams" in response.text
    assert "Join as a core member" in response.text


def test_signing_in_with_a_capitalised_address_works(client, staff):
    response = client.post(
        "/accounts/login/", {"username": "Alice@UCL.ac.uk", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/me/"


def test_a_wrong_password_is_explained_on_the_page(client, staff):
    response = client.post("/accounts/login/", {"username": "alice@ucl.ac.uk", "password": "nope"})

    assert response.status_code == 200
    assert "Please enter a correct email address and password." in response.text
    assert "_auth_user_id" not in client.session


def test_the_action_flow_signs_in_and_comes_back_to_join(client, staff, community):
    bounce = client.post("/communities/data-and-insight/join/", {"kind": "core"}, follow=True)
    assert "Please sign in first." in bounce.text
    assert 'name="next" value="/communities/data-and-insight/"' in bounce.text

    response = client.post(
        "/accounts/login/",
        {
            "username": "alice@ucl.ac.uk",
            "password": PASSWORD,
            "next": "/communities/data-and-insight/",
        },
    )
    assert response["Location"] == "/communities/data-and-insight/"


def test_signing_out_is_a_post_and_returns_home(client_for, staff):
    signed_in = client_for(staff)

    response = signed_in.post("/accounts/logout/", follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert "Sign in" in response.text
    assert "_auth_user_id" not in signed_in.session


def sign_in(client, email: str, password: str):
    """Sign in through the form, as a person would (django-axes needs the request)."""
    return client.post("/accounts/login/", {"username": email, "password": password})


def test_someone_imported_without_a_password_can_set_their_first_one(
    client, django_capture_on_commit_callbacks
):
    Person.objects.create_user(email="imported@ucl.ac.uk", full_name="Imma Ported")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/password_reset/", {"email": "imported@ucl.ac.uk"}, follow=True
        )

    assert "Check your email" in response.text
    assert "The link works once, for 2 hours." in response.text
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject == "Set your password for UCL Communities of Practice"
    assert "It works once, within 2 hours" in email.body
    # Links come from DJANGO_SITE_URL, never from the request's Host header.
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/reset/\S+/)", email.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose your password" in form_page.text
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a long new passphrase", "new_password2": "a long new passphrase"},
        follow=True,
    )
    assert "Your password is set" in done.text

    assert sign_in(client, "imported@ucl.ac.uk", "a long new passphrase").status_code == 302
    used = client.get(link, follow=True)
    assert "That link no longer works" in used.text
    assert "Password links work once, for 2 hours." in used.text


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/password_reset/", {"email": "nobody@ucl.ac.uk"}, follow=True
        )

    assert "Check your email" in response.text
    assert mail.outbox == []


def test_a_deactivated_person_gets_no_reset_email(client, django_capture_on_commit_callbacks):
    Person.objects.create_user(email="gone@ucl.ac.uk", full_name="Gone Away", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password_reset/", {"email": "gone@ucl.ac.uk"})

    assert mail.outbox == []
