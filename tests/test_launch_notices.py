"""Launch notices: once each, to the people interested, through the outbox, retried on failure."""

from django.core.management import call_command

from membership import services
from membership.models import Interest
from outbox.models import Email

from .factories import InterestFactory, PersonFactory


def _interested(community, *emails, **person_fields):
    return [
        InterestFactory(community=community, person=PersonFactory(email=email, **person_fields))
        for email in emails
    ]


def test_the_notice_has_a_plain_text_and_an_html_version_with_the_link(
    preparing_community, mailoutbox, django_capture_on_commit_callbacks
):
    _interested(preparing_community, "ivy@ucl.ac.uk")
    with django_capture_on_commit_callbacks(execute=True):
        services.launch_community(community=preparing_community)
    message = mailoutbox[0]
    assert message.subject == "Widening Participation has launched: join as core or wider"
    link = "http://127.0.0.1:8000/communities/widening-participation/"
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html


def test_the_launch_says_how_many_notices_it_queued(preparing_community):
    _interested(preparing_community, "ivy@ucl.ac.uk", "ian@ucl.ac.uk")

    launch = services.launch_community(community=preparing_community)

    assert launch.emails_queued == 2
    assert Email.objects.filter(kind="launch_notice").count() == 2
    assert not Interest.objects.filter(notified_at__isnull=True).exists()


def test_running_the_outbox_again_tells_nobody_twice(
    preparing_community, mailoutbox, time_passes, django_capture_on_commit_callbacks
):
    _interested(preparing_community, "ivy@ucl.ac.uk", "ian@ucl.ac.uk")
    with django_capture_on_commit_callbacks(execute=True):
        services.launch_community(community=preparing_community)
    time_passes()
    call_command("deliver_outbox", verbosity=0)

    assert len(mailoutbox) == 2


def test_a_failed_send_is_retried_and_the_others_are_told_at_once(
    preparing_community,
    mailoutbox,
    refused_addresses,
    time_passes,
    django_capture_on_commit_callbacks,
):
    _interested(preparing_community, "ivy@ucl.ac.uk", "ian@ucl.ac.uk")
    refused_addresses.add("ian@ucl.ac.uk")
    with django_capture_on_commit_callbacks(execute=True):
        services.launch_community(community=preparing_community)
    assert [message.to for message in mailoutbox] == [["ivy@ucl.ac.uk"]]
    failed = Email.objects.get(to_address="ian@ucl.ac.uk")
    assert failed.status == Email.Status.FAILED
    assert "refused" in failed.last_error

    refused_addresses.clear()
    time_passes()
    call_command("deliver_outbox", verbosity=0)

    assert [message.to for message in mailoutbox] == [["ivy@ucl.ac.uk"], ["ian@ucl.ac.uk"]]
    assert Email.objects.get(to_address="ian@ucl.ac.uk").status == Email.Status.SENT


def test_people_who_left_ucl_and_placeholder_addresses_get_no_notice(
    preparing_community, mailoutbox, django_capture_on_commit_callbacks
):
    _interested(preparing_community, "gone@ucl.ac.uk", is_active=False)
    _interested(preparing_community, "sponsor@placeholder.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        launch = services.launch_community(community=preparing_community)

    assert launch.emails_queued == 0
    assert mailoutbox == []


def test_a_notice_still_waiting_when_the_community_closes_is_never_sent(
    preparing_community,
    mailoutbox,
    refused_addresses,
    time_passes,
    django_capture_on_commit_callbacks,
):
    _interested(preparing_community, "ian@ucl.ac.uk")
    refused_addresses.add("ian@ucl.ac.uk")
    with django_capture_on_commit_callbacks(execute=True):
        services.launch_community(community=preparing_community)
    services.close_community(community=preparing_community)

    refused_addresses.clear()
    time_passes()
    call_command("deliver_outbox", verbosity=0)

    assert mailoutbox == []
    assert not Email.objects.filter(kind="launch_notice").exists()
