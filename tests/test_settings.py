"""The settings module reads the environment and fails at start, in one clear line, on bad values.

Each case imports `ucl_cop.settings` in a fresh interpreter with exactly the environment given,
as a container would start.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-long-random-secret-for-this-test-only-0123456789",
    "DJANGO_ALLOWED_HOSTS": "cop.ucl.ac.uk",
}
DEVELOPMENT = {"DJANGO_DEBUG": "true"}


def load_settings(env: dict[str, str], *names: str) -> subprocess.CompletedProcess:
    """Import the settings with `env` only; print the named settings as JSON."""
    keep = {"PATH", "HOME", "LANG", "SYSTEMROOT"}
    clean = {key: value for key, value in os.environ.items() if key in keep}
    code = (
        "import json, ucl_cop.settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}, default=str))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_from(env: dict[str, str], *names: str) -> dict:
    result = load_settings(env, *names)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def refusal(env: dict[str, str]) -> str:
    """The last line of the error a refused start prints."""
    result = load_settings(env)
    assert result.returncode != 0, "the settings loaded when they should have been refused"
    return result.stderr.strip().splitlines()[-1]


def test_production_without_a_secret_key_refuses_to_start():
    assert refusal({"DJANGO_ALLOWED_HOSTS": "cop.ucl.ac.uk"}) == (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY must be set when "
        "DJANGO_DEBUG is off (for local development, set DJANGO_DEBUG=true)."
    )


def test_production_without_allowed_hosts_refuses_to_start():
    env = {"DJANGO_SECRET_KEY": PRODUCTION["DJANGO_SECRET_KEY"]}

    assert refusal(env).endswith("DJANGO_ALLOWED_HOSTS must list this site's host names.")


@pytest.mark.parametrize("value", ["maybe", "2", "enabled"])
def test_a_debug_value_that_is_not_true_or_false_refuses_to_start(value):
    assert refusal({**PRODUCTION, "DJANGO_DEBUG": value}) == (
        "django.core.exceptions.ImproperlyConfigured: "
        f"DJANGO_DEBUG must be true or false, not '{value}'."
    )


@pytest.mark.parametrize("value", ["true", "True", "1", "yes", "on"])
def test_debug_accepts_the_usual_ways_of_saying_yes(value):
    assert settings_from({"DJANGO_DEBUG": value}, "DEBUG") == {"DEBUG": True}


def test_a_database_url_django_does_not_know_refuses_to_start():
    line = refusal({**DEVELOPMENT, "DATABASE_URL": "nosuchdb://cop@localhost/cop"})

    assert line.startswith(
        "django.core.exceptions.ImproperlyConfigured: "
        "DATABASE_URL is not a database URL Django knows: Scheme 'nosuchdb://' is unknown."
    )


def test_a_pool_size_that_is_not_a_number_refuses_to_start():
    env = {
        **DEVELOPMENT,
        "DATABASE_URL": "postgres://cop@db.internal:5432/cop",
        "DATABASE_POOL_MAX_SIZE": "lots",
    }

    assert refusal(env).endswith("DATABASE_POOL_MAX_SIZE must be a whole number, not 'lots'.")


def test_a_trusted_origin_without_a_scheme_refuses_to_start():
    env = {**PRODUCTION, "DJANGO_CSRF_TRUSTED_ORIGINS": "cop.ucl.ac.uk"}

    assert "DJANGO_CSRF_TRUSTED_ORIGINS entries need a scheme" in refusal(env)


def test_a_site_url_without_a_scheme_refuses_to_start():
    assert "DJANGO_SITE_URL must start with http:// or https://" in refusal(
        {**DEVELOPMENT, "DJANGO_SITE_URL": "cop.ucl.ac.uk"}
    )


def test_postgresql_gets_a_connection_pool_sized_from_the_environment():
    env = {
        **PRODUCTION,
        "DATABASE_URL": "postgres://cop:secret@db.internal:5432/cop",
        "DATABASE_POOL_MAX_SIZE": "30",
    }

    database = settings_from(env, "DATABASES")["DATABASES"]["default"]

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"], database["USER"]) == ("db.internal", "cop", "cop")
    assert database["OPTIONS"]["pool"] == {
        "min_size": 2,
        "max_size": 30,
        "timeout": 1.0,  # a request waits this long for a connection, then answers 503
        "reconnect_timeout": 2,
    }
    assert database["OPTIONS"]["connect_timeout"] == 3
    assert database["CONN_MAX_AGE"] == 0  # The pool, not persistent connections, reuses them.
    assert database["CONN_HEALTH_CHECKS"] is True  # no dead connection after a restart


def test_the_database_waits_come_from_the_environment_and_keep_the_urls_options():
    env = {
        **PRODUCTION,
        "DATABASE_URL": "postgres://cop:secret@db.internal:5432/cop?sslmode=require",
        "DATABASE_POOL_TIMEOUT_SECONDS": "0.75",
        "DATABASE_CONNECT_TIMEOUT_SECONDS": "5",
    }

    options = settings_from(env, "DATABASES")["DATABASES"]["default"]["OPTIONS"]

    assert options["pool"]["timeout"] == 0.75
    assert options["connect_timeout"] == 5
    assert options["sslmode"] == "require"


def test_a_pool_wait_that_is_not_a_number_refuses_to_start():
    env = {
        **PRODUCTION,
        "DATABASE_URL": "postgres://cop:secret@db.internal:5432/cop",
        "DATABASE_POOL_TIMEOUT_SECONDS": "soon",
    }

    assert refusal(env).endswith(
        "DATABASE_POOL_TIMEOUT_SECONDS must be a number of seconds, not 'soon'."
    )


def test_sqlite_is_the_default_and_queues_writers():
    database = settings_from(DEVELOPMENT, "DATABASES")["DATABASES"]["default"]

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(PROJECT / "db.sqlite3")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] == 20


def test_the_sqlite_busy_timeout_comes_from_the_environment():
    env = {**DEVELOPMENT, "DATABASE_BUSY_TIMEOUT_SECONDS": "5"}

    database = settings_from(env, "DATABASES")["DATABASES"]["default"]

    assert database["OPTIONS"]["timeout"] == 5


def test_production_settings_are_secure_by_default():
    loaded = settings_from(
        PRODUCTION,
        "DEBUG",
        "ALLOWED_HOSTS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
    )

    assert loaded == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["cop.ucl.ac.uk"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_behind_a_proxy_the_forwarded_scheme_is_trusted():
    loaded = settings_from({**PRODUCTION, "DJANGO_BEHIND_PROXY": "true"}, "SECURE_PROXY_SSL_HEADER")

    assert loaded == {"SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"]}


def test_smtp_email_and_the_task_backend_come_from_the_environment():
    env = {
        **PRODUCTION,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": "smtp.ucl.ac.uk",
        "DJANGO_EMAIL_PORT": "587",
        "DJANGO_EMAIL_USE_TLS": "true",
        "DJANGO_DEFAULT_FROM_EMAIL": "cop@ucl.ac.uk",
        "DJANGO_SITE_URL": "https://cop.ucl.ac.uk/",
        "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }

    loaded = settings_from(env, "MAILERS", "DEFAULT_FROM_EMAIL", "SITE_URL", "TASKS")

    options = loaded["MAILERS"]["default"]["OPTIONS"]
    assert (options["host"], options["port"], options["use_tls"]) == ("smtp.ucl.ac.uk", 587, True)
    assert loaded["DEFAULT_FROM_EMAIL"] == "cop@ucl.ac.uk"
    assert loaded["SITE_URL"] == "https://cop.ucl.ac.uk"
    assert loaded["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_development_needs_no_environment_at_all():
    loaded = settings_from(DEVELOPMENT, "DEBUG", "ALLOWED_HOSTS", "TASKS")

    assert loaded["DEBUG"] is True
    assert loaded["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert loaded["TASKS"]["default"]["BACKEND"] == (
        "django.tasks.backends.immediate.ImmediateBackend"
    )


def test_production_cookies_carry_the_host_prefix_and_development_ones_do_not():
    names = ("SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME", "SESSION_COOKIE_SECURE")

    assert settings_from(PRODUCTION, *names) == {
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "SESSION_COOKIE_SECURE": True,
    }
    # Browsers refuse __Host- cookies over plain HTTP, as the development server speaks, so
    # development keeps Django's own names (the module sets none).
    assert settings_from(DEVELOPMENT, *names[:2]) == {
        "SESSION_COOKIE_NAME": None,
        "CSRF_COOKIE_NAME": None,
    }


def test_sign_in_locks_out_the_pair_of_account_and_address():
    loaded = settings_from(
        {**PRODUCTION, "DJANGO_LOGIN_FAILURE_LIMIT": "5"},
        "AXES_LOCKOUT_PARAMETERS",
        "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_TIME",
    )

    assert loaded == {
        "AXES_LOCKOUT_PARAMETERS": [["username", "ip_address"]],
        "AXES_FAILURE_LIMIT": 5,
        "AXES_COOLOFF_TIME": "0:30:00",
    }


def test_the_client_address_header_must_be_a_header_name():
    assert "DJANGO_CLIENT_IP_HEADER must be a header name" in refusal(
        {**PRODUCTION, "DJANGO_CLIENT_IP_HEADER": "X-Forwarded-For: 1.2.3.4"}
    )
    loaded = settings_from(
        {**PRODUCTION, "DJANGO_CLIENT_IP_HEADER": "X-Real-IP"}, "CLIENT_IP_HEADER"
    )
    assert loaded == {"CLIENT_IP_HEADER": "X-Real-IP"}


def test_local_accounts_are_the_default_and_no_provider_is_set_up():
    loaded = settings_from(PRODUCTION, "AUTH_MODE", "SOCIALACCOUNT_PROVIDERS")

    assert loaded["AUTH_MODE"] == "local"
    assert loaded["SOCIALACCOUNT_PROVIDERS"]["openid_connect"]["APPS"] == []


def test_single_sign_on_needs_the_issuer_client_and_secret():
    assert refusal({**PRODUCTION, "AUTH_MODE": "oidc", "AUTH_OIDC_CLIENT_ID": "x"}).endswith(
        "AUTH_MODE=oidc needs AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_SECRET."
    )
    assert "AUTH_MODE must be local or oidc, not 'saml'." in refusal(
        {**PRODUCTION, "AUTH_MODE": "saml"}
    )


def test_single_sign_on_sets_up_entra_id_from_the_environment():
    issuer = "https://login.microsoftonline.com/1b2c3d4e-0000-4000-8000-123456789abc/v2.0"
    env = {
        **PRODUCTION,
        "AUTH_MODE": "oidc",
        "AUTH_OIDC_ISSUER": issuer + "/",
        "AUTH_OIDC_CLIENT_ID": "the-client-id",
        "AUTH_OIDC_CLIENT_SECRET": "the-client-secret",
    }

    loaded = settings_from(env, "OIDC_ISSUER", "SOCIALACCOUNT_PROVIDERS", "SECURE_CSP")

    assert loaded["OIDC_ISSUER"] == issuer
    [app] = loaded["SOCIALACCOUNT_PROVIDERS"]["openid_connect"]["APPS"]
    assert (app["provider_id"], app["client_id"], app["secret"]) == (
        "ucl",
        "the-client-id",
        "the-client-secret",
    )
    assert app["settings"]["server_url"] == issuer
    # "Sign in with UCL" posts to us and is redirected to Microsoft's sign-in page.
    assert "https://login.microsoftonline.com" in loaded["SECURE_CSP"]["form-action"]
