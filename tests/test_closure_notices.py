"""Members are told when their community closes, and a failed notice is tried again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from membership import services, tasks

from .factories import MembershipFactory, PersonFactory


@pytest.fixture
def members(community):
    return [
        MembershipFactory(community=community, person=PersonFactory(email=email))
        for email in ["ann@ucl.ac.uk", "ian@ucl.ac.uk"]
    ]


@pytest.fixture
def ian_unreachable(monkeypatch):
    real_send = tasks.send_templated_email

    def send(*, to, **kwargs):
        if to == ["ian@ucl.ac.uk"]:
            raise ConnectionRefusedError("mail server said no")
        real_send(to=to, **kwargs)

    monkeypatch.setattr(tasks, "send_templated_email", send)


def test_closing_tells_each_member_after_commit(
    community, members, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.close_community(community=community)
    assert sorted(message.to[0] for message in mailoutbox) == ["ann@ucl.ac.uk", "ian@ucl.ac.uk"]
    assert mailoutbox[0].subject == "Data and Insight has closed"


def test_with_a_worker_a_failed_closure_notice_is_retried_for_that_member_only(
    community, members, mailoutbox, ian_unreachable, settings
):
    from django_tasks_db.models import DBTaskResult

    services.close_community(community=community)  # its notices are queued on commit
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ids = [membership.pk for membership in members]
    with pytest.raises(tasks.NoticesFailed):
        tasks.notify_members_of_closure.call(community_id=community.pk, membership_ids=ids)
    assert [message.to for message in mailoutbox] == [["ann@ucl.ac.uk"]]
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["kwargs"] == {
        "community_id": community.pk,
        "membership_ids": [members[1].pk],
        "attempt": 2,
    }
    assert retry.run_after > timezone.now() + timedelta(minutes=9)


def test_closure_retries_stop_after_the_last_attempt(community, members, ian_unreachable, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with pytest.raises(tasks.NoticesFailed):
        tasks.notify_members_of_closure.call(
            community_id=community.pk,
            membership_ids=[members[1].pk],
            attempt=tasks.NOTICE_MAX_ATTEMPTS,
        )
    assert not DBTaskResult.objects.exists()
