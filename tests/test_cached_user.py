"""With a shared cache, the session's user comes from the cache, and every change drops it.

A deactivated account is signed out on its very next page, however it was deactivated; a new
password signs out the other sessions; and nothing a request attaches to its user outlives it.
Without a shared cache (one per process) sessions stay in the database and the user is read
from it every time, so signing out in one worker holds in all of them.
"""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.backends import PersonBackend
from membership.models import Person

from .conftest import PASSWORD
from .signed_in import REDIS_URL, another_worker, committing, needs_redis, shared_cache  # noqa: F401
from .test_settings import DEVELOPMENT, PRODUCTION, settings_from

ME = "/me/"
NEW_PASSWORD = "a quite different passphrase 42"


def user_queries(queries) -> list[str]:
    """The queries that read a person's whole row, password and all: the session's user."""
    return [
        query["sql"]
        for query in queries
        if 'FROM "membership_person"' in query["sql"]
        and '"membership_person"."password"' in query["sql"]
    ]


def signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


# The settings: a shared cache or none ----------------------------------------------------------


def test_sessions_and_the_cached_user_are_used_only_with_a_shared_cache():
    names = ("SHARED_CACHE", "SESSION_ENGINE", "AUTHENTICATION_BACKENDS")
    with_redis = settings_from({**PRODUCTION, "REDIS_URL": "redis://redis:6379/0"}, *names)
    without = settings_from(PRODUCTION, *names)
    development = settings_from(DEVELOPMENT, *names)

    assert with_redis["SHARED_CACHE"] is True
    assert with_redis["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    for per_process in (without, development):
        assert per_process["SHARED_CACHE"] is False
        assert per_process["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    # One backend path either way, so turning Redis on or off signs nobody out; axes first, so a
    # locked-out sign-in is refused before the password is hashed.
    for loaded in (with_redis, without):
        assert loaded["AUTHENTICATION_BACKENDS"] == [
            "axes.backends.AxesStandaloneBackend",
            "accounts.backends.PersonBackend",
        ]


# With a shared cache ---------------------------------------------------------------------------


@committing
@pytest.mark.usefixtures("shared_cache")
def test_a_warm_page_reads_the_user_from_the_cache_not_the_database(client_for, staff):
    signed_in = client_for(staff)
    signed_in.get(ME)

    with CaptureQueriesContext(connection) as queries:
        assert "Signed in as Alice Adams" in signed_in.get(ME).text

    assert user_queries(queries) == []


@committing
@pytest.mark.usefixtures("shared_cache")
@pytest.mark.parametrize("how", ["save", "update", "update from another worker"])
def test_a_deactivated_account_is_signed_out_on_its_next_page(client_for, staff, how):
    signed_in = client_for(staff)
    assert signed_in.get(ME).status_code == 200

    if how == "save":
        staff.is_active = False
        staff.save()
    elif how == "update":
        Person.objects.filter(pk=staff.pk).update(is_active=False)
    else:
        if not REDIS_URL:
            pytest.skip("needs REDIS_URL: another worker shares only Redis with this one")
        with another_worker():
            Person.objects.filter(email__iexact=staff.email).update(is_active=False)

    assert signed_out(signed_in.get(ME))


@committing
@pytest.mark.usefixtures("shared_cache")
def test_a_person_deactivated_in_the_admin_is_signed_out_on_their_next_page(
    client_for, staff, head
):
    theirs = client_for(staff)
    assert theirs.get(ME).status_code == 200

    response = client_for(head).post(
        reverse("admin:membership_person_change", args=[staff.pk]),
        {
            "email": staff.email,
            "full_name": staff.full_name,
            "department": staff.department,
            "job_title": staff.job_title,
            "initial-cop_administrator": "False",
        },  # "is_active" left out: the box unticked
    )

    assert response.status_code == 302
    assert not Person.objects.get(pk=staff.pk).is_active
    assert signed_out(theirs.get(ME))


@committing
@pytest.mark.usefixtures("shared_cache")
@pytest.mark.parametrize("worker", ["same worker", pytest.param("another", marks=needs_redis)])
def test_a_password_reset_in_another_session_signs_this_one_out(client, client_for, staff, worker):
    here = client_for(staff)
    assert here.get(ME).status_code == 200
    link = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(staff.pk)),
            "token": default_token_generator.make_token(staff),
        },
    )
    form_page = client.get(link)  # redirects to the form's own address, as Django does
    reset = client.post(
        form_page["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert reset.status_code == 302
    assert Person.objects.get(pk=staff.pk).check_password(NEW_PASSWORD)

    if worker == "same worker":
        assert signed_out(here.get(ME))
    else:
        with another_worker():
            assert signed_out(here.get(ME))


@committing
@pytest.mark.usefixtures("shared_cache")
def test_a_password_changed_by_update_signs_every_session_out(client_for, staff):
    first, second = client_for(staff), client_for(staff)
    assert first.get(ME).status_code == second.get(ME).status_code == 200

    Person.objects.filter(pk=staff.pk).update(password=make_password(NEW_PASSWORD))

    assert signed_out(first.get(ME))
    assert signed_out(second.get(ME))


@committing
@pytest.mark.usefixtures("shared_cache")
def test_a_name_changed_by_update_shows_on_the_next_page(client_for, staff):
    signed_in = client_for(staff)
    assert "Signed in as Alice Adams" in signed_in.get(ME).text

    Person.objects.filter(pk=staff.pk).update(full_name="Alice Archer")

    assert "Signed in as Alice Archer" in signed_in.get(ME).text


@committing
@pytest.mark.usefixtures("shared_cache")
def test_a_deleted_account_is_signed_out(client_for, staff):
    signed_in = client_for(staff)
    assert signed_in.get(ME).status_code == 200

    Person.objects.filter(pk=staff.pk).delete()

    assert signed_out(signed_in.get(ME))


@committing
@pytest.mark.usefixtures("shared_cache")
def test_the_cached_user_carries_nothing_a_request_attached_to_it(
    head, sponsor, sponsored_area, django_assert_num_queries
):
    backend = PersonBackend()
    backend.get_user(sponsor.pk)  # read from the database, and cached
    this_request = backend.get_user(sponsor.pk)  # from the cache
    assert this_request.is_head_of_cops is False  # remembers its roles
    assert this_request.has_perm("membership.change_person") is False  # and its permissions
    this_request.anything_else = "this request's"

    with django_assert_num_queries(0):
        next_request = backend.get_user(sponsor.pk)

    assert next_request is not this_request
    assert (next_request.pk, next_request.email) == (sponsor.pk, sponsor.email)
    assert not {"_roles", "_perm_cache", "_user_perm_cache", "anything_else"} & set(
        vars(next_request)
    )
    assert next_request._state.adding is False


@committing
@pytest.mark.usefixtures("shared_cache")
def test_a_session_signed_out_in_one_worker_is_over_in_every_worker(client_for, staff, settings):
    signed_in = client_for(staff)
    assert signed_in.get(ME).status_code == 200
    cookie = signed_in.cookies[settings.SESSION_COOKIE_NAME].value

    signed_in.post("/accounts/logout/")

    # The old cookie, replayed (as a second tab would send it), finds no session anywhere.
    replayed = Client()
    replayed.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert signed_out(replayed.get(ME))
    if REDIS_URL:
        with another_worker():
            assert signed_out(replayed.get(ME))


# Without a shared cache ------------------------------------------------------------------------


@committing
def test_without_a_shared_cache_the_user_is_read_from_the_database_every_time(
    settings, client_for, staff
):
    settings.SHARED_CACHE = False
    signed_in = client_for(staff)
    signed_in.get(ME)

    with CaptureQueriesContext(connection) as queries:
        signed_in.get(ME)

    assert len(user_queries(queries)) == 1
    Person.objects.filter(pk=staff.pk).update(is_active=False)
    assert signed_out(signed_in.get(ME))


def test_a_user_read_inside_a_transaction_is_neither_cached_nor_taken_from_the_cache(
    settings, staff, django_assert_num_queries
):
    # Tests like this one run inside a transaction, as the admin's saves do: what it reads may
    # be its own uncommitted change, which no other request may see.
    settings.SHARED_CACHE = True
    backend = PersonBackend()
    for _ in range(2):
        with django_assert_num_queries(1):
            assert backend.get_user(staff.pk).email == staff.email


def test_the_sign_in_page_still_signs_in_with_a_password(client, staff):
    staff.set_password(PASSWORD)
    staff.save()

    response = client.post(reverse("login"), {"username": staff.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "accounts.backends.PersonBackend"
