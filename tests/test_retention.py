"""`apply_retention`: each kind of record goes once it is past its period, fresh ones stay, and
a second run removes nothing."""

import os
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox.models import Email
from ucl_cop.retention import apply_retention

from .factories import EmailFactory

pytestmark = pytest.mark.django_db


def _run() -> str:
    out = StringIO()
    call_command("apply_retention", stdout=out)
    return out.getvalue()


def _days_ago(days: int):
    return timezone.now() - timedelta(days=days)


def _session(key: str, expires):
    return Session.objects.create(session_key=key, session_data="e30:", expire_date=expires)


def _task(status: str, finished_days_ago: int | None) -> DBTaskResult:
    finished = None if finished_days_ago is None else _days_ago(finished_days_ago)
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {"email_id": 1}},
        task_path="outbox.tasks.deliver_email",
        backend_name="default",
        run_after=_days_ago(400),
        finished_at=finished,
        exception_class_path="",
        traceback="",
    )


def _attempt(model, days: int):
    row = model.objects.create(
        username=f"ann{model.objects.count()}@ucl.ac.uk",
        ip_address="10.0.0.1",
        user_agent="Firefox",
        path_info="/accounts/login/",
        **(
            {"get_data": "", "post_data": "", "failures_since_start": 1}
            if model is AccessAttempt
            else {}
        ),
    )
    # attempt_time is set on creation (auto_now_add): move it back afterwards.
    model.objects.filter(pk=row.pk).update(attempt_time=_days_ago(days))
    return row


def _preview(name: str, age_seconds: int) -> Path:
    folder = Path(settings.IMPORT_PREVIEW_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("email,full_name\nann@ucl.ac.uk,Ann\n")
    then = time.time() - age_seconds
    os.utime(path, (then, then))
    return path


def test_expired_sessions_go_and_live_ones_stay():
    _session("expired", timezone.now() - timedelta(minutes=1))
    _session("live", timezone.now() + timedelta(hours=1))

    assert apply_retention()["expired sign-in sessions"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]


def test_finished_tasks_go_after_their_period_and_unfinished_ones_stay():
    days = settings.RETENTION_TASK_DAYS
    old_success = _task("SUCCESSFUL", days + 1)
    old_failure = _task("FAILED", days + 1)
    recent = _task("SUCCESSFUL", days - 1)
    waiting = _task("READY", None)

    assert apply_retention()["finished background tasks"] == 2
    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left == {recent.pk, waiting.pk}
    assert old_success.pk not in left
    assert old_failure.pk not in left


def test_sent_and_given_up_emails_go_after_their_period_and_pending_ones_stay():
    old = _days_ago(settings.RETENTION_EMAIL_DAYS + 1)
    sent = EmailFactory(status="sent", created_at=old, sent_at=old, next_attempt_at=None)
    given_up = EmailFactory(status="failed", created_at=old, next_attempt_at=None)
    retrying = EmailFactory(status="failed", created_at=old, next_attempt_at=timezone.now())
    pending = EmailFactory(status="pending", created_at=old)
    recent = EmailFactory(status="sent", created_at=_days_ago(1), next_attempt_at=None)

    assert apply_retention()["sent or failed emails"] == 2
    left = set(Email.objects.values_list("pk", flat=True))
    assert left == {retrying.pk, pending.pk, recent.pk}
    assert sent.pk not in left
    assert given_up.pk not in left


def test_sign_in_attempt_records_go_after_their_period():
    days = settings.RETENTION_SIGN_IN_ATTEMPT_DAYS
    _attempt(AccessAttempt, days + 1)
    kept = _attempt(AccessAttempt, days - 1)
    _attempt(AccessFailureLog, days + 1)
    kept_log = _attempt(AccessFailureLog, 0)

    assert apply_retention()["sign-in attempt records"] == 2
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [kept.pk]
    assert list(AccessFailureLog.objects.values_list("pk", flat=True)) == [kept_log.pk]


def test_unconfirmed_import_previews_go_after_the_hour():
    old = _preview("a" * 32, settings.IMPORT_PREVIEW_MAX_AGE + 60)
    fresh = _preview("b" * 32, 60)

    assert apply_retention()["unconfirmed import previews"] == 1
    assert not old.exists()
    assert fresh.exists()


def test_the_command_says_what_it_removed_and_a_second_run_removes_nothing():
    _session("expired", timezone.now() - timedelta(minutes=1))
    _task("SUCCESSFUL", settings.RETENTION_TASK_DAYS + 1)
    EmailFactory(status="sent", created_at=_days_ago(400), next_attempt_at=None)
    _attempt(AccessFailureLog, 400)
    _preview("c" * 32, 7200)

    first = _run()
    second = _run()

    for kind in (
        "expired sign-in sessions",
        "finished background tasks",
        "sent or failed emails",
        "sign-in attempt records",
        "unconfirmed import previews",
    ):
        assert f"{kind}: 1 removed" in first
        assert f"{kind}: 0 removed" in second


def test_the_periods_come_from_the_environment_and_show_on_the_privacy_notice(client, settings):
    settings.RETENTION_EMAIL_DAYS = 77
    settings.RETENTION_SIGN_IN_ATTEMPT_DAYS = 55
    settings.RETENTION_TASK_DAYS = 11

    page = client.get("/privacy/").text

    assert "77 days" in page
    assert "55 days" in page
    assert "11 days after it finished" in page
    assert f"{settings.IMPORT_PREVIEW_MAX_AGE // 60} minutes at most" in page
