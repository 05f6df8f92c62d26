"""How long the portal keeps what it records about people, and the clean-up that holds it to it.

The periods are settings (RETENTION_*, each overridable from the environment), so the privacy
notice and the `apply_retention` command read the same numbers. The command removes only what
is past its period, so running it twice in a row removes nothing the second time.
"""

from datetime import datetime, timedelta
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from membership.admin.previews import remove_stale_previews
from outbox import services as outbox


def periods() -> dict[str, int]:
    """The retention periods in the units the privacy notice states them in."""
    return {
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
        "email_days": settings.RETENTION_EMAIL_DAYS,
        "task_days": settings.RETENTION_TASK_DAYS,
        "sign_in_attempt_days": settings.RETENTION_SIGN_IN_ATTEMPT_DAYS,
        "import_preview_minutes": settings.IMPORT_PREVIEW_MAX_AGE // 60,
    }


def apply_retention(now: datetime | None = None) -> dict[str, int]:
    """Remove everything past its retention period; how many of each kind went."""
    now = now or timezone.now()

    def days_ago(days: int) -> datetime:
        return now - timedelta(days=days)

    return {
        "expired sign-in sessions": _expired_sessions(now),
        "finished background tasks": DBTaskResult.objects.finished()
        .filter(finished_at__lt=days_ago(settings.RETENTION_TASK_DAYS))
        .delete()[0],
        "sent or failed emails": outbox.forget_finished(
            before=days_ago(settings.RETENTION_EMAIL_DAYS)
        ),
        "sign-in attempt records": _sign_in_attempts(
            before=days_ago(settings.RETENTION_SIGN_IN_ATTEMPT_DAYS)
        ),
        # Previews keep their own, much shorter, age (an hour: they hold a whole staff list).
        "unconfirmed import previews": remove_stale_previews(),
    }


def _expired_sessions(now: datetime) -> int:
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        store_class.clear_expired()  # a cache forgets expired sessions by itself
        return 0
    expired = store_class.get_model_class().objects.filter(expire_date__lt=now)
    return expired.delete()[0]


def _sign_in_attempts(*, before: datetime) -> int:
    # A lockout lasts AXES_COOLOFF_TIME (half an hour), far less than the period, so no lockout
    # still in force is lifted here.
    deleted = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        deleted += (
            model.objects.filter(attempt_time__lt=before).delete()[1].get(model._meta.label, 0)
        )
    return deleted
