"""Launch notices: once each, to the people interested, retried or resent when a send fails."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from membership import services, tasks
from membership.models import Interest

from .factories import InterestFactory, PersonFactory

LIST = reverse("admin:communities_community_changelist")


@pytest.fixture
def interested(preparing_community):
    return [
        InterestFactory(community=preparing_community, person=PersonFactory(email=email))
        for email in ["ivy@ucl.ac.uk", "ian@ucl.ac.uk"]
    ]


@pytest.fixture
def ian_unreachable(monkeypatch):
    """Sending to ian@ fails (the mail server refuses it) until the test says otherwise."""
    real_send = tasks.send_templated_email
    state = {"failing": True}

    def send(*, to, **kwargs):
        if state["failing"] and to == ["ian@ucl.ac.uk"]:
            raise ConnectionRefusedError("mail server said no")
        real_send(to=to, **kwargs)

    monkeypatch.setattr(tasks, "send_templated_email", send)
    return state


def test_the_notice_has_a_plain_text_and_an_html_version_with_the_link(
    preparing_community, interested, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.launch_community(community=preparing_community)
    message = mailoutbox[0]
    assert message.subject == "Widening Participation has launched: join as core or wider"
    link = "http://127.0.0.1:8000/communities/widening-participation/"
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html


def test_running_the_notices_again_tells_nobody_twice(
    preparing_community, interested, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.launch_community(community=preparing_community)
    assert tasks.notify_interested_of_launch.call(community_id=preparing_community.pk) == 0
    assert len(mailoutbox) == 2
    assert not Interest.objects.filter(notified_at__isnull=True).exists()


def test_a_failed_send_stays_pending_and_the_others_are_told(
    preparing_community,
    interested,
    mailoutbox,
    ian_unreachable,
    caplog,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.launch_community(community=preparing_community)
    assert [message.to for message in mailoutbox] == [["ivy@ucl.ac.uk"]]
    assert Interest.objects.get(person__email="ian@ucl.ac.uk").notified_at is None
    assert Interest.objects.get(person__email="ivy@ucl.ac.uk").notified_at is not None
    assert "Launch notice to ian@ucl.ac.uk failed" in caplog.text


def test_the_head_resends_pending_notices_to_those_not_yet_told(
    head,
    preparing_community,
    interested,
    mailoutbox,
    ian_unreachable,
    client_for,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.launch_community(community=preparing_community)
    ian_unreachable["failing"] = False
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(head).post(
            LIST,
            {"action": "resend_launch_notices", ACTION_CHECKBOX_NAME: [preparing_community.pk]},
            follow=True,
        )
    assert "Sending Widening Participation&#x27;s launch notice to 1 person not yet told" in (
        response.text
    )
    assert [message.to for message in mailoutbox] == [["ivy@ucl.ac.uk"], ["ian@ucl.ac.uk"]]
    assert not Interest.objects.filter(notified_at__isnull=True).exists()


def test_resending_when_everyone_was_told_sends_nothing(
    head,
    preparing_community,
    interested,
    mailoutbox,
    client_for,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.launch_community(community=preparing_community)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(head).post(
            LIST,
            {"action": "resend_launch_notices", ACTION_CHECKBOX_NAME: [preparing_community.pk]},
            follow=True,
        )
    assert "Everyone interested in Widening Participation has already been told" in response.text
    assert len(mailoutbox) == 2


def test_with_a_worker_a_failed_send_is_retried_later(
    preparing_community, interested, mailoutbox, ian_unreachable, settings
):
    from django_tasks_db.models import DBTaskResult

    services.launch_community(community=preparing_community)  # its notices are queued on commit
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with pytest.raises(tasks.NoticesFailed):
        tasks.notify_interested_of_launch.call(community_id=preparing_community.pk)
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["kwargs"] == {"community_id": preparing_community.pk, "attempt": 2}
    assert retry.run_after > timezone.now() + timedelta(minutes=9)
    assert [message.to for message in mailoutbox] == [["ivy@ucl.ac.uk"]]


def test_retries_stop_after_the_last_attempt(
    preparing_community, interested, ian_unreachable, settings
):
    from django_tasks_db.models import DBTaskResult

    services.launch_community(community=preparing_community)  # its notices are queued on commit
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with pytest.raises(tasks.NoticesFailed):
        tasks.notify_interested_of_launch.call(
            community_id=preparing_community.pk, attempt=tasks.NOTICE_MAX_ATTEMPTS
        )
    assert not DBTaskResult.objects.exists()
    assert Interest.objects.get(person__email="ian@ucl.ac.uk").notified_at is None


def test_a_retry_after_the_community_closed_tells_nobody(
    preparing_community, interested, mailoutbox
):
    services.launch_community(community=preparing_community)  # notices not yet run
    services.close_community(community=preparing_community)
    assert tasks.notify_interested_of_launch.call(community_id=preparing_community.pk) == 0
    assert mailoutbox == []
    assert Interest.objects.filter(notified_at__isnull=True).count() == 2
