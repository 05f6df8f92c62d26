"""Queueing outbox emails: written with the change, sent after it commits, never to nobody."""

import pytest
from django.db import transaction

from outbox.models import Email
from outbox.services import queue_email

from .factories import CommunityFactory, PersonFactory

ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def events_network(db):
    return CommunityFactory(name="Events & Women's Network", slug="events-womens-network")


def queue_closure_notice(to, community, **options) -> Email | None:
    person = to if not isinstance(to, str) else None
    return queue_email(
        to=to,
        kind="closure_notice",
        template="closure_notice",
        context={"person": person, "community": community},
        **options,
    )


class Refused(Exception):
    pass


def test_a_queued_email_is_sent_once_the_change_commits(
    staff, community, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_closure_notice(staff, community)
        assert mailoutbox == []  # nothing goes before the change commits

    [message] = mailoutbox
    assert message.to == ["alice@ucl.ac.uk"]
    assert message.subject == "Data and Insight has closed"
    assert "Dear Alice," in message.body
    assert "http://127.0.0.1:8000/communities/" in message.body
    email.refresh_from_db()
    assert (email.status, email.attempts, email.recipient) == (Email.Status.SENT, 1, staff)
    assert email.sent_at is not None


def test_the_html_version_goes_as_an_alternative_and_is_escaped(
    staff, events_network, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_closure_notice(staff, events_network)

    html, mimetype = mailoutbox[0].alternatives[0]
    assert mimetype == "text/html"
    assert "Events &amp; Women&#x27;s Network" in html


def test_ampersands_and_apostrophes_in_subjects_and_plain_text_are_not_escaped(
    staff, events_network, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_closure_notice(staff, events_network)

    assert email.subject == "Events & Women's Network has closed"
    assert mailoutbox[0].subject == "Events & Women's Network has closed"
    assert "The Events & Women's Network community" in mailoutbox[0].body


def test_reply_to_and_attachments_reach_the_message(
    staff, community, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_closure_notice(
            staff,
            community,
            reply_to=["lena@ucl.ac.uk"],
            attachments=[{"filename": "session.ics", "content": ICS, "mimetype": "text/calendar"}],
        )

    [message] = mailoutbox
    assert message.reply_to == ["lena@ucl.ac.uk"]
    [attachment] = message.attachments
    assert (attachment.filename, attachment.mimetype) == ("session.ics", "text/calendar")
    assert "BEGIN:VCALENDAR" in attachment.content


def test_a_plain_address_is_emailed_without_a_recipient(
    community, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_closure_notice("cop-team@ucl.ac.uk", community)

    assert email.recipient is None
    assert [message.to for message in mailoutbox] == [["cop-team@ucl.ac.uk"]]


def test_a_change_that_rolls_back_queues_and_sends_nothing(
    staff, community, mailoutbox, django_capture_on_commit_callbacks
):
    def close_and_fail():
        with transaction.atomic():
            queue_closure_notice(staff, community)
            raise Refused

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Refused):
        close_and_fail()

    assert callbacks == []
    assert not Email.objects.exists()
    assert mailoutbox == []


def test_an_inactive_person_gets_nothing(community, mailoutbox, django_capture_on_commit_callbacks):
    gone = PersonFactory(email="gone@ucl.ac.uk", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        assert queue_closure_notice(gone, community) is None

    assert not Email.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize("address", ["sponsor@ucl.ac.uk.invalid", "Sponsor@Example.INVALID"])
def test_placeholder_addresses_get_nothing(
    community, mailoutbox, django_capture_on_commit_callbacks, address
):
    placeholder = PersonFactory(email=address)

    with django_capture_on_commit_callbacks(execute=True):
        assert queue_closure_notice(placeholder, community) is None
        assert queue_closure_notice(address, community) is None

    assert not Email.objects.exists()
    assert mailoutbox == []
