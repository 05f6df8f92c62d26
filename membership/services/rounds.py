"""Closing a round of reconfirmation reminders: one step that every membership service shares.

A round ends, on all its reminders at once, when the person answers, when the last reminder
goes unanswered, or when the membership stops being core some other way (a switch, a move to
wider, leaving, a closure): then its links only say what happened.
"""

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from communities.versions import bump_catalogue
from outbox.services import withdraw_unsent

from ..models import Membership, Reconfirmation

Outcome = Reconfirmation.Outcome


def close_round(membership: Membership, outcome: str, *, at: datetime | None = None) -> int:
    """End the membership's open round of reminders with `outcome`; returns how many closed."""
    return close_rounds([membership.pk], outcome, at=at)


def close_rounds(membership_ids: Iterable[int], outcome: str, *, at: datetime | None = None) -> int:
    """End the open rounds of these memberships with `outcome`.

    A reminder still waiting in the outbox (its mail server failing) is withdrawn: its question
    has been answered. One query when none of them has a round open.
    """
    open_rounds = Reconfirmation.objects.filter(
        membership__in=list(membership_ids), outcome=Outcome.OPEN
    )
    reminded = set(open_rounds.values_list("membership", flat=True))
    if not reminded:
        return 0
    closed = open_rounds.update(outcome=outcome, closed_at=at or timezone.now())
    bump_catalogue()  # the reports count reminders awaiting an answer; update() sends no signal
    for membership_id in sorted(reminded):
        withdraw_unsent(
            kind="reconfirmation_reminder", about=f"{Membership._meta.label_lower}:{membership_id}"
        )
    return closed
