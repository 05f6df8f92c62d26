"""Reconfirmation under real concurrency on PostgreSQL: cron started twice, and an answer
arriving as the round expires. The person's row lock queues them; nothing happens twice."""

from datetime import UTC, datetime, timedelta

import pytest

from membership import services
from membership.models import Membership, Reconfirmation, ReconfirmationStart
from outbox.models import Email

from .factories import MembershipFactory
from .test_races import kinds_of, run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("transactional_db", "django_db_serialized_rollback"),
]

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)
YEAR_ON = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def core_members():
    ReconfirmationStart.objects.create(pk=1, started_at=datetime(2026, 1, 5, tzinfo=UTC))
    return [MembershipFactory(kind="core", joined_at=LONG_AGO) for _ in range(5)]


def test_two_runs_at_once_send_each_reminder_once(core_members):
    results = run_together([lambda: services.run_reconfirmation(now=YEAR_ON) for _ in range(4)])

    assert kinds_of(results) == {"ReconfirmationRun": 4}
    assert sum(run.first_reminders for run in results) == 5
    assert Reconfirmation.objects.count() == 5
    assert Email.objects.filter(kind="reconfirmation_reminder").count() == 5


def test_an_answer_as_the_round_expires_wins_or_loses_whole(core_members):
    membership = core_members[0]
    services.run_reconfirmation(now=YEAR_ON)
    services.run_reconfirmation(now=YEAR_ON + timedelta(days=14))
    first = Reconfirmation.objects.get(membership=membership, step=1)
    expiry = YEAR_ON + timedelta(days=44)

    results = run_together(
        [
            lambda: services.run_reconfirmation(now=expiry),
            lambda: services.answer_reconfirmation(reminder=first, choice="confirm", now=expiry),
        ]
    )

    assert kinds_of(results) == {"ReconfirmationRun": 1, "ReconfirmationAnswer": 1}
    membership.refresh_from_db()
    outcomes = set(
        Reconfirmation.objects.filter(membership=membership).values_list("outcome", flat=True)
    )
    if membership.kind == Membership.Kind.CORE:
        assert outcomes == {"confirmed"}
        assert membership.confirmed_at == expiry
    else:
        assert outcomes == {"expired"}
        assert membership.confirmed_at is None
