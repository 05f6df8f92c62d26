"""Yearly reconfirmation of core membership: the reminders sent, and the day it all began.

A core membership's year runs from the latest of its start, its last confirmation
(`Membership.confirmed_at`) and the first run of reconfirmation (`ReconfirmationStart`), so
nobody is reminded on the first day merely because their membership is old. When the year is
up, a *round* of reminders begins: each reminder is one `Reconfirmation` row, and the round
ends, on all its rows at once, when the person confirms, chooses wider, does not answer in
time, or stops being a core member there some other way. `membership.services` writes these;
the database refuses a second reminder for the same step of a round.
"""

import calendar
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def add_months(moment: datetime, months: int) -> datetime:
    """`moment` moved by whole calendar months, on the same day where the month has it (31
    March less a month is 28 or 29 February)."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def year_before(moment: datetime) -> datetime:
    """When a year without confirmation (RECONFIRMATION_AFTER_MONTHS) ending at `moment` began."""
    return add_months(moment, -settings.RECONFIRMATION_AFTER_MONTHS)


class ReconfirmationStart(models.Model):
    """The moment reconfirmation first ran. One row, written by that first run."""

    started_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "reconfirmation start"
        constraints = [
            models.CheckConstraint(
                condition=Q(id=1),
                name="reconfirmation_starts_once",
                violation_error_code="already_started",
                violation_error_message="Reconfirmation has already started.",
            )
        ]

    def __str__(self) -> str:
        return f"Reconfirmation began {self.started_at:%d %b %Y}"


def awaiting_answer() -> models.QuerySet:
    """Reminders of rounds still open: sent, and not yet answered, expired or made void."""
    return Reconfirmation.objects.filter(outcome=Reconfirmation.Outcome.OPEN)


class Reconfirmation(models.Model):
    """One reminder to reconfirm a core membership, and how its round ended."""

    class Step(models.IntegerChoices):
        FIRST = 1, "First reminder"
        SECOND = 2, "Second reminder"

    class Outcome(models.TextChoices):
        OPEN = "", "Awaiting an answer"
        CONFIRMED = "confirmed", "Confirmed: still core"
        WIDER = "wider", "Chose wider"
        EXPIRED = "expired", "No answer: made wider"
        VOID = "void", "No longer core there"

    membership = models.ForeignKey(
        "membership.Membership", on_delete=models.PROTECT, related_name="reconfirmations"
    )
    step = models.PositiveSmallIntegerField(choices=Step)
    round_started_at = models.DateTimeField(
        "year began",
        help_text="The start of the year this round asks about; every reminder of a round has it.",
    )
    sent_at = models.DateTimeField("sent", default=timezone.now)
    outcome = models.CharField(max_length=10, choices=Outcome, blank=True, default=Outcome.OPEN)
    closed_at = models.DateTimeField("answered or closed", null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "round_started_at", "step"],
                name="one_reminder_per_step_of_a_round",
                violation_error_code="already_reminded",
                violation_error_message="This reminder has already been sent.",
            ),
            models.UniqueConstraint(
                fields=["membership", "step"],
                condition=Q(outcome=""),
                name="one_open_reminder_per_step",
                violation_error_code="already_reminded",
                violation_error_message="This reminder has already been sent.",
            ),
            models.CheckConstraint(
                condition=Q(outcome="", closed_at__isnull=True)
                | (~Q(outcome="") & Q(closed_at__isnull=False)),
                name="reconfirmation_closed_with_an_outcome",
                violation_error_code="closed_without_outcome",
                violation_error_message="A closed reminder says how its round ended, and when.",
            ),
        ]
        indexes = [models.Index(fields=["outcome", "step", "sent_at"], name="reconfirmation_open")]

    def __str__(self) -> str:
        return f"{self.get_step_display()} to {self.membership.person} ({self.sent_at:%d %b %Y})"

    @property
    def is_open(self) -> bool:
        return self.outcome == self.Outcome.OPEN
