"""The outbox in the admin: the Head reads it and resends failed emails; nobody edits one."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from outbox.models import Email

from .factories import EmailFactory

LIST = reverse("admin:outbox_email_changelist")


@pytest.fixture
def failed(db):
    return EmailFactory(
        to_address="ian@ucl.ac.uk",
        kind="launch_notice",
        subject="Widening Participation has launched",
        status=Email.Status.FAILED,
        attempts=10,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        next_attempt_at=None,
    )


@pytest.fixture
def sent(db):
    return EmailFactory(to_address="ivy@ucl.ac.uk", kind="closure_notice", status="sent")


def test_the_head_filters_the_outbox_by_status(head, client_for, failed, sent):
    page = client_for(head).get(LIST, {"status__exact": "failed"})

    assert page.status_code == 200
    assert "ian@ucl.ac.uk" in page.text
    assert "SMTPServerDisconnected" in page.text
    assert "ivy@ucl.ac.uk" not in page.text


def test_the_head_filters_the_outbox_by_kind_and_searches_it(head, client_for, failed, sent):
    by_kind = client_for(head).get(LIST, {"kind": "closure_notice"})
    by_address = client_for(head).get(LIST, {"q": "ian@"})

    assert (by_kind.status_code, by_address.status_code) == (200, 200)
    assert "ivy@ucl.ac.uk" in by_kind.text
    assert "ian@ucl.ac.uk" not in by_kind.text
    assert "ian@ucl.ac.uk" in by_address.text
    assert "ivy@ucl.ac.uk" not in by_address.text


def test_resending_a_failed_email_sends_it_once(
    head, client_for, failed, sent, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(head).post(
            LIST,
            {"action": "resend_failed", ACTION_CHECKBOX_NAME: [failed.pk, sent.pk]},
            follow=True,
        )

    assert "1 failed email(s) queued to send again." in response.text
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Email.Status.SENT, 1)
    assert [message.to for message in mailoutbox] == [["ian@ucl.ac.uk"]]


def test_an_email_cannot_be_added_changed_or_deleted(head, client_for, failed):
    client = client_for(head)
    change = reverse("admin:outbox_email_change", args=[failed.pk])

    assert client.get(reverse("admin:outbox_email_add")).status_code == 403
    page = client.get(change)
    assert page.status_code == 200
    assert "Widening Participation has launched" in page.text
    assert 'name="_save"' not in page.text
    client.post(change, {"subject": "Changed", "status": "sent"})
    failed.refresh_from_db()
    assert (failed.subject, failed.status) == ("Widening Participation has launched", "failed")
    delete = reverse("admin:outbox_email_delete", args=[failed.pk])
    assert client.get(delete).status_code == 403


def test_a_superuser_reads_the_outbox_too(superuser, client_for, failed):
    assert "ian@ucl.ac.uk" in client_for(superuser).get(LIST).text


def test_plain_staff_are_sent_to_the_admin_sign_in(staff, client_for, failed):
    for url in [reverse("admin:index"), LIST]:
        response = client_for(staff).get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
