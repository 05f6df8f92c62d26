"""Wrong passwords lock the pair (account, client address) for a cool-off, with a clear page.

django-axes counts failures per account and address together, so nobody elsewhere can lock the
Head or the break-glass superuser out, and the admin's sign-in is covered too.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

HOME = "203.0.113.10"
ELSEWHERE = "198.51.100.20"


def sign_in(client, email: str, password: str, path: str = "/accounts/login/"):
    return client.post(path, {"username": email, "password": password})


def client_at(address: str, **extra) -> Client:
    return Client(REMOTE_ADDR=address, **extra)


def wrong_passwords(client, email: str, times: int = 30, path: str = "/accounts/login/"):
    return [sign_in(client, email, f"wrong guess {n}", path).status_code for n in range(times)]


def cool_off_passes() -> None:
    """Move every recorded failure back past the cool-off, as the clock would."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=31))


def test_thirty_wrong_passwords_lock_the_account_for_that_address_until_the_cool_off(staff):
    attacker = client_at(HOME)

    statuses = wrong_passwords(attacker, staff.email)

    assert statuses[:9] == [200] * 9  # "wrong password", with the form again
    assert set(statuses[10:]) == {429}
    refused = sign_in(attacker, staff.email, PASSWORD)
    assert refused.status_code == 429
    assert "Sign-in paused for this account" in refused.text
    assert "for 30 minutes" in refused.text
    assert "_auth_user_id" not in attacker.session

    cool_off_passes()

    assert sign_in(attacker, staff.email, PASSWORD).status_code == 302
    assert attacker.session["_auth_user_id"] == str(staff.pk)


def test_the_lock_holds_only_for_that_address(staff):
    wrong_passwords(client_at(HOME), staff.email)

    elsewhere = client_at(ELSEWHERE)

    assert sign_in(elsewhere, staff.email, PASSWORD).status_code == 302


def test_the_lock_holds_only_for_that_account(staff, other_staff):
    office = client_at(HOME)
    wrong_passwords(office, staff.email)

    assert sign_in(office, other_staff.email, PASSWORD).status_code == 302


def test_changing_the_case_of_the_address_gives_no_more_tries(staff):
    attacker = client_at(HOME)
    variants = ["alice@ucl.ac.uk", "Alice@ucl.ac.uk", "ALICE@UCL.AC.UK", " alice@UCL.ac.uk"]
    for n in range(10):
        sign_in(attacker, variants[n % len(variants)], "a wrong guess")

    assert sign_in(attacker, "alice@ucl.ac.uk", PASSWORD).status_code == 429


def test_the_admin_sign_in_is_covered_too(superuser):
    attacker = client_at(HOME)

    statuses = wrong_passwords(attacker, superuser.email, path="/admin/login/")

    assert set(statuses[10:]) == {429}
    refused = sign_in(attacker, superuser.email, PASSWORD, path="/admin/login/")
    assert refused.status_code == 429
    assert "Sign-in paused for this account" in refused.text
    # The break-glass superuser still signs in from anywhere else.
    elsewhere = sign_in(client_at(ELSEWHERE), superuser.email, PASSWORD, "/admin/login/")
    assert elsewhere.status_code == 302


def test_a_right_password_clears_the_count(staff):
    person = client_at(HOME)
    wrong_passwords(person, staff.email, times=9)
    assert sign_in(person, staff.email, PASSWORD).status_code == 302
    person.post("/accounts/logout/")

    wrong_passwords(person, staff.email, times=9)

    assert sign_in(person, staff.email, PASSWORD).status_code == 302


def test_setting_a_new_password_by_email_lifts_the_lock(staff, django_capture_on_commit_callbacks):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    person = client_at(HOME)
    wrong_passwords(person, staff.email, times=10)
    uid = urlsafe_base64_encode(force_bytes(staff.pk))
    token = default_token_generator.make_token(staff)
    form = person.get(f"/accounts/reset/{uid}/{token}/", follow=True)
    person.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a fresh long passphrase", "new_password2": "a fresh long passphrase"},
    )

    assert sign_in(person, staff.email, "a fresh long passphrase").status_code == 302


def test_behind_a_proxy_the_address_comes_from_the_configured_header(staff, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    proxy = "10.0.0.5"  # every request reaches the app from the proxy
    attacker = client_at(proxy, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {HOME}")
    wrong_passwords(attacker, staff.email, times=10)

    # A spoofed left-hand entry changes nothing: the proxy's own entry is the last one.
    spoofing = client_at(proxy, HTTP_X_FORWARDED_FOR=f"{ELSEWHERE}, {HOME}")
    colleague = client_at(proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE)

    assert sign_in(spoofing, staff.email, PASSWORD).status_code == 429
    assert sign_in(colleague, staff.email, PASSWORD).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {HOME}
