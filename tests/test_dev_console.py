"""The development console is readable: each log line once, emails as plain decoded text."""

import io
import logging
import sys

import pytest
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.test import override_settings
from django.urls import include, path
from django.utils.log import configure_logging

from .test_settings import DEVELOPMENT, settings_from


@pytest.fixture
def console(settings):
    """Logging configured as at start-up, with debug on, writing to a stream the test reads."""
    settings.DEBUG = True
    stream = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stderr", stream)  # StreamHandler() writes to sys.stderr as made.
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    yield stream
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def test_a_log_line_is_printed_once(console):
    logging.getLogger("django.request").warning("Not Found: /nowhere/")
    logging.getLogger("membership").warning("A line from the portal")

    assert console.getvalue().count("Not Found: /nowhere/") == 1
    assert console.getvalue().count("A line from the portal") == 1


def forbidden(request):
    raise PermissionDenied


urlpatterns = [path("forbidden/", forbidden), path("", include("ucl_cop.urls"))]


@override_settings(ROOT_URLCONF=__name__)
def test_an_ordinary_403_prints_one_traceback(console, client, db):
    response = client.get("/forbidden/")

    assert response.status_code == 403
    assert console.getvalue().count("Forbidden (Permission denied): /forbidden/") == 1
    assert console.getvalue().count("Traceback") == 1


LINK = (
    "http://127.0.0.1:8000/accounts/reset/MTIzNDU2Nzg5MA/"
    "cwxyz1-0123456789abcdef0123456789abcdef0123456789abcdef/?next=/communities/a-long-slug/"
)


def test_the_development_backend_prints_the_email_decoded():
    from ucl_cop.mail import ConsoleEmailBackend

    message = EmailMultiAlternatives(
        subject="Réinitialiser: set your password",
        body=f"Dear Zoë Ñúñez,\n\nOpen this link to set your password:\n{LINK}\n\n— The CoP team",
        from_email="cop-portal@ucl.ac.uk",
        to=["zoe@ucl.ac.uk"],
    )
    message.attach_alternative(f'<p><a href="{LINK}">Set your password</a></p>', "text/html")
    stream = io.StringIO()

    ConsoleEmailBackend(stream=stream).send_messages([message])

    printed = stream.getvalue()
    assert LINK in printed.splitlines()
    assert "Subject: Réinitialiser: set your password" in printed
    assert "To: zoe@ucl.ac.uk" in printed
    assert "Dear Zoë Ñúñez," in printed
    assert "=3D" not in printed
    assert "quoted-printable" not in printed


def test_development_uses_the_decoding_backend_unless_told_otherwise():
    default = settings_from(DEVELOPMENT, "MAILERS")["MAILERS"]["default"]
    chosen = settings_from(
        {**DEVELOPMENT, "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
        "MAILERS",
    )["MAILERS"]["default"]

    assert default["BACKEND"] == "ucl_cop.mail.ConsoleEmailBackend"
    assert chosen["BACKEND"] == "django.core.mail.backends.locmem.EmailBackend"
