"""Yearly reconfirmation of core membership, kindly: ask twice, then make the membership wider.

A core membership not confirmed for `RECONFIRMATION_AFTER_MONTHS` gets a first reminder with a
signed link; `RECONFIRMATION_SECOND_REMINDER_DAYS` later, a second; with no answer
`RECONFIRMATION_EXPIRY_DAYS` after that, the membership becomes wider (never ended), its lead
steps down and the Head is told, and the person is told how to be core again. The year counts
from the latest of the membership's start, its last confirmation and the first run, so nobody is
reminded on day one because their membership is old.

`run_reconfirmation` is what the daily `reconfirm_core_memberships` command calls. Each reminder
and each expiry is its own transaction, locking the person's row like every other membership
service, so a run and the person's own change queue rather than race; the database refuses a
second reminder for the same step, so two runs at once never send one twice.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .. import emails
from ..models import Membership, Reconfirmation, ReconfirmationStart
from ..reconfirmation_models import awaiting_answer
from .errors import MembershipError
from .locks import lock_membership, lock_person
from .memberships import MembershipChange, _set_kind
from .reconfirmation_links import link_lifetime, reconfirmation_link
from .refusals import guarded
from .rounds import Outcome, close_round

Step = Reconfirmation.Step
CORE, WIDER = Membership.Kind.CORE, Membership.Kind.WIDER
CHOICES = ("confirm", "wider")


def second_reminder_delay() -> timedelta:
    return timedelta(days=settings.RECONFIRMATION_SECOND_REMINDER_DAYS)


def expiry_delay() -> timedelta:
    return timedelta(days=settings.RECONFIRMATION_EXPIRY_DAYS)


def answer_deadline(reminder: Reconfirmation) -> datetime:
    """When the round of `reminder` expires if nobody answers: the expiry delay after the second
    reminder, sent (or due) the second-reminder delay after the first. Never earlier than that,
    as each step waits for the last one actually sent."""
    second_sent = reminder.sent_at
    if reminder.step == Step.FIRST:
        second_sent += second_reminder_delay()
    return second_sent + expiry_delay()


# Answers ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReconfirmationAnswer:
    """What an answer did. `changed` is False when the round had already ended (the link was
    used, or the membership changed since): nothing was written, and `reminder.outcome` says
    how it ended."""

    reminder: Reconfirmation
    changed: bool
    change: MembershipChange | None = None


def answer_reconfirmation(
    *, reminder: Reconfirmation, choice: str, now: datetime | None = None
) -> ReconfirmationAnswer:
    """Confirm the core membership a reminder asked about, or make it wider; the round ends.

    `choice` is "confirm" or "wider". Confirming starts a new year from now. Wider keeps the
    membership, on the same row, and a lead stops being one (the Head is told). Only an open
    round can be answered: a link answers once.
    """
    if choice not in CHOICES:
        raise MembershipError("Choose whether to stay a core member or become a wider member.")
    membership = reminder.membership

    def action() -> ReconfirmationAnswer:
        at = now or timezone.now()
        lock_person(membership.person)
        locked = lock_membership(membership)
        current = Reconfirmation.objects.get(pk=reminder.pk)
        if not current.is_open:
            return ReconfirmationAnswer(current, changed=False)
        if not (locked.is_active and locked.kind == CORE):
            close_round(locked, Outcome.VOID, at=at)
            current.refresh_from_db()
            return ReconfirmationAnswer(current, changed=False)
        if choice == "confirm":
            close_round(locked, Outcome.CONFIRMED, at=at)
            locked.confirmed_at = at
            locked._change_reason = "Confirmed core membership (yearly reconfirmation)"
            locked.save(update_fields=["confirmed_at"])
            change = MembershipChange(locked)
        else:
            close_round(locked, Outcome.WIDER, at=at)
            locked._change_reason = "Chose wider (yearly reconfirmation)"
            change = _set_kind(locked, WIDER, switch_core=False, leave_previous=False)
        current.refresh_from_db()
        return ReconfirmationAnswer(current, changed=True, change=change)

    return guarded(action, person=membership.person, community=membership.community)


def confirm_core_membership(*, membership: Membership, now: datetime | None = None) -> bool:
    """Record that a core member confirmed some other way (a reply to the reminder, say): the
    same as answering "confirm". Returns False for a membership that is not active and core."""

    def action() -> bool:
        at = now or timezone.now()
        lock_person(membership.person)
        locked = lock_membership(membership)
        if not (locked.is_active and locked.kind == CORE):
            return False
        close_round(locked, Outcome.CONFIRMED, at=at)
        locked.confirmed_at = at
        locked._change_reason = "Confirmed core membership (recorded by the Head of CoPs)"
        locked.save(update_fields=["confirmed_at"])
        return True

    return guarded(action, person=membership.person, community=membership.community)


# The daily run ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReconfirmationRun:
    """What one run did. `started` is True on the very first run, which records the day every
    year counts from at the earliest."""

    started: bool
    first_reminders: int = 0
    second_reminders: int = 0
    expired: int = 0


def run_reconfirmation(*, now: datetime | None = None) -> ReconfirmationRun:
    """Expire unanswered rounds, then send the second reminders and the first ones that are due.

    Idempotent: run it as often as you like; each step of a round happens once. Expiry goes
    first, so a run never sends a reminder and expires the same round.
    """
    now = now or timezone.now()
    _start, started = ReconfirmationStart.objects.get_or_create(pk=1, defaults={"started_at": now})
    expired = sum(_each(_expire, _expiring(now), now))
    second = sum(_each(_second_reminder, _second_due(now), now))
    first = sum(_each(_first_reminder, _first_due(now), now))
    return ReconfirmationRun(started, first, second, expired)


def _each(step, membership_ids: list[int], now: datetime):
    """Run `step` for each membership, each in its own transaction; one refused (a race with
    the person's own change, or another run) is skipped, not fatal."""
    for membership_id in membership_ids:
        membership = (
            Membership.objects.select_related("person", "community")
            .filter(pk=membership_id)
            .first()
        )
        if membership is None:
            continue
        try:
            yield guarded(
                lambda m=membership: step(m, now),
                person=membership.person,
                community=membership.community,
            )
        except MembershipError:
            yield False


def _first_due(now: datetime) -> list[int]:
    return list(
        Membership.objects.reconfirmation_due(by=now).order_by("pk").values_list("pk", flat=True)
    )


def _second_due(now: datetime) -> list[int]:
    has_second = awaiting_answer().filter(step=Step.SECOND, membership=OuterRef("membership"))
    return list(
        awaiting_answer()
        .filter(step=Step.FIRST, sent_at__lte=now - second_reminder_delay())
        .exclude(Exists(has_second))
        .order_by("membership")
        .values_list("membership", flat=True)
    )


def _expiring(now: datetime) -> list[int]:
    return list(
        awaiting_answer()
        .filter(step=Step.SECOND, sent_at__lte=now - expiry_delay())
        .order_by("membership")
        .values_list("membership", flat=True)
    )


def _locked_core(membership: Membership) -> Membership | None:
    """The membership, locked after its person, if it is still active and core."""
    lock_person(membership.person)
    locked = lock_membership(membership)
    return locked if locked.is_active and locked.kind == CORE else None


def _remind(membership: Membership, *, step: int, round_started_at: datetime, now: datetime):
    reminder = Reconfirmation.objects.create(
        membership=membership, step=step, round_started_at=round_started_at, sent_at=now
    )
    emails.queue_reconfirmation_reminder(
        reminder=reminder,
        link=reconfirmation_link(reminder),
        deadline=answer_deadline(reminder),
        link_expires=reminder.sent_at + link_lifetime(),
    )
    return True


def _first_reminder(membership: Membership, now: datetime) -> bool:
    locked = _locked_core(membership)
    if (
        locked is None
        or not Membership.objects.reconfirmation_due(by=now).filter(pk=locked.pk).exists()
    ):
        return False
    started_at = ReconfirmationStart.objects.get(pk=1).started_at
    year_began = max(locked.joined_at, locked.confirmed_at or locked.joined_at, started_at)
    return _remind(locked, step=Step.FIRST, round_started_at=year_began, now=now)


def _second_reminder(membership: Membership, now: datetime) -> bool:
    locked = _locked_core(membership)
    if locked is None:
        close_round(membership, Outcome.VOID, at=now)
        return False
    open_steps = {r.step: r for r in awaiting_answer().filter(membership=locked)}
    first = open_steps.get(Step.FIRST)
    if first is None or Step.SECOND in open_steps or first.sent_at > now - second_reminder_delay():
        return False
    return _remind(locked, step=Step.SECOND, round_started_at=first.round_started_at, now=now)


def _expire(membership: Membership, now: datetime) -> bool:
    """No answer after both reminders: the membership becomes wider, and the person is told."""
    locked = _locked_core(membership)
    if locked is None:
        close_round(membership, Outcome.VOID, at=now)
        return False
    second = awaiting_answer().filter(membership=locked, step=Step.SECOND).first()
    if second is None or second.sent_at > now - expiry_delay():
        return False
    close_round(locked, Outcome.EXPIRED, at=now)
    locked._change_reason = "No answer to the yearly reconfirmation: made wider"
    _set_kind(locked, WIDER, switch_core=False, leave_previous=False)
    emails.queue_reconfirmation_expired(membership=locked, when=now)
    return True
