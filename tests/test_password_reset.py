"""Password resets: the same work for every address, rate limits, and links that expire.

Reset links last 2 hours; invitations have their own token and page and last 7 days. Every
link starts with DJANGO_SITE_URL, whatever Host header the request came with.
"""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.tasks import default_task_backend
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from membership.emails import password_set_link
from membership.models import Person
from membership.tokens import invitation_token_generator
from outbox.models import Email

pytestmark = pytest.mark.django_db

RESET = "/accounts/password_reset/"


@pytest.fixture
def imported(db):
    return Person.objects.create_user(email="imported@ucl.ac.uk", full_name="Imma Ported")


@pytest.fixture
def tasks_held(settings):
    """Tasks are kept, not run, as the database backend keeps them for the worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    return default_task_backend


def ask_for_reset(email: str, client_address: str = "203.0.113.7", **headers):
    return Client(REMOTE_ADDR=client_address).post(RESET, {"email": email}, **headers)


def at(moment: datetime):
    """Token checks as if the clock said `moment`."""
    return lambda self: moment


def test_known_and_unknown_addresses_get_the_same_work_and_the_same_answer(imported, tasks_held):
    with CaptureQueriesContext(connection) as known_queries:
        known = ask_for_reset("imported@ucl.ac.uk")
    with CaptureQueriesContext(connection) as unknown_queries:
        unknown = ask_for_reset("nobody@ucl.ac.uk")

    assert (known.status_code, known["Location"]) == (302, "/accounts/password_reset/done/")
    assert (unknown.status_code, unknown["Location"]) == (302, "/accounts/password_reset/done/")
    # Neither request looks anybody up: each enqueues one task, and the worker does the rest.
    assert len(known_queries) == len(unknown_queries) == 0
    assert [result.kwargs for result in tasks_held.results] == [
        {"email": "imported@ucl.ac.uk"},
        {"email": "nobody@ucl.ac.uk"},
    ]
    assert not Email.objects.exists()


def test_one_address_gets_at_most_three_links_an_hour(imported, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            ask_for_reset("imported@ucl.ac.uk", client_address=f"203.0.113.{n}").status_code
            for n in range(1, 6)
        ]

    assert answers == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    refused = ask_for_reset("Imported@UCL.ac.uk", client_address="198.51.100.1")
    assert refused.status_code == 429
    assert "We have sent as many links as we can for now" in refused.text

    cache.clear()  # the hour passes

    assert ask_for_reset("imported@ucl.ac.uk").status_code == 302


def test_one_client_address_asks_for_at_most_twenty_links_an_hour(tasks_held):
    answers = [ask_for_reset(f"person{n}@ucl.ac.uk").status_code for n in range(22)]

    assert answers == [302] * 20 + [429] * 2
    assert len(tasks_held.results) == 20
    assert ask_for_reset("person0@ucl.ac.uk", client_address="198.51.100.1").status_code == 302


def test_reset_links_start_with_the_site_url_whatever_the_host_header(
    imported, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://cop.ucl.ac.uk"

    with django_capture_on_commit_callbacks(execute=True):
        ask_for_reset("imported@ucl.ac.uk", HTTP_HOST="localhost")

    [email] = mail.outbox
    assert re.search(r"https://cop\.ucl\.ac\.uk/accounts/reset/[^/\s]+/[^/\s]+/", email.body)
    assert "localhost" not in email.body
    assert "https://cop.ucl.ac.uk/accounts/reset/" in email.alternatives[0][0]


def test_a_reset_link_lasts_two_hours(client, imported, monkeypatch):
    made = datetime(2025, 3, 3, 9, 0)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", at(made))
    link = (
        f"/accounts/reset/{urlsafe_base64_encode(force_bytes(imported.pk))}/"
        f"{default_token_generator.make_token(imported)}/"
    )

    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", at(made + timedelta(minutes=119)))
    assert "Choose your password" in client.get(link, follow=True).text

    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", at(made + timedelta(minutes=121)))
    expired = client.get(link, follow=True).text
    assert "That link no longer works" in expired
    assert "Password links work once, for 2 hours." in expired


def test_an_invitation_lasts_seven_days_on_its_own_page(client, imported, monkeypatch):
    made = datetime(2025, 3, 3, 9, 0)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", at(made))
    link = password_set_link(imported).removeprefix("http://127.0.0.1:8000")
    assert link.startswith("/accounts/invitation/")

    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", at(made + timedelta(days=6)))
    assert "Choose your password" in client.get(link, follow=True).text

    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", at(made + timedelta(days=7, hours=1)))
    expired = client.get(link, follow=True).text
    assert "That link no longer works" in expired
    assert "Invitation links work once, for 7 days." in expired


def test_an_invitation_token_does_not_open_the_reset_page_nor_the_other_way(client, imported):
    uid = urlsafe_base64_encode(force_bytes(imported.pk))
    invitation = invitation_token_generator.make_token(imported)
    reset = default_token_generator.make_token(imported)

    assert "That link no longer works" in client.get(f"/accounts/reset/{uid}/{invitation}/").text
    assert "That link no longer works" in client.get(f"/accounts/invitation/{uid}/{reset}/").text


def test_an_invitation_sets_a_first_password_once(client, imported):
    link = password_set_link(imported).removeprefix("http://127.0.0.1:8000")

    form = client.get(link, follow=True)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a long new passphrase", "new_password2": "a long new passphrase"},
        follow=True,
    )

    assert "Your password is set" in done.text
    imported.refresh_from_db()
    assert imported.check_password("a long new passphrase")
    assert "That link no longer works" in client.get(link, follow=True).text
