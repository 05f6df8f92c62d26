"""The history on an area's report: its communities' changes of status and of its sponsor.

Both read the tables django-simple-history keeps. A window function sets each row beside the one
before it, so edits that changed something else drop out in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Q, Value, Window
from django.db.models.functions import Coalesce, Lag

from communities.models import Community, PracticeArea

from .names import person_name


@dataclass(frozen=True)
class StatusChange:
    """A community's status changing, or the first status on record for it."""

    changed_at: datetime
    community: str
    old_status: str | None  # None on the first row on record.
    new_status: str
    created: bool  # The first row is the community's creation.
    changed_by: str | None

    @property
    def first_recorded(self) -> bool:
        return self.old_status is None

    @property
    def old_label(self) -> str | None:
        return Community.Status(self.old_status).label if self.old_status else None

    @property
    def new_label(self) -> str:
        return Community.Status(self.new_status).label


def status_history(area: PracticeArea, limit: int = 100) -> list[StatusChange]:
    """Changes of status of the area's communities, newest first, with who made them if known.

    Each historical row is compared with the one before it for the same community (a window
    function), so edits that left the status alone drop out in SQL. Each community's first row
    on record is kept as its starting status: its creation, or, for communities loaded from the
    fixture (loading writes no history), the first edit after loading.
    """
    history = Community.history.model.objects
    previous = {"partition_by": F("id"), "order_by": [F("history_date"), F("history_id")]}
    rows = (
        history.filter(id__in=Community.objects.filter(practice_area=area).values("pk"))
        .annotate(
            previous_row=Window(Lag("history_id"), **previous),
            old_status=Window(Lag("status"), **previous),
        )
        .filter(Q(previous_row__isnull=True) | ~Q(old_status=F("status")))
        .order_by("-history_date", "-history_id")
        .values(
            "history_date",
            "history_type",
            "name",
            "old_status",
            "status",
            "history_user__full_name",
        )[:limit]
    )
    return [
        StatusChange(
            changed_at=row["history_date"],
            community=row["name"],
            old_status=row["old_status"],
            new_status=row["status"],
            created=row["history_type"] == "+",
            changed_by=row["history_user__full_name"] or None,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class SponsorChange:
    """The area's SMT sponsor changing, or the first sponsor on record for it."""

    changed_at: datetime
    first_recorded: bool
    created: bool  # The first row is the area's creation.
    old_sponsor: str | None  # None: to be confirmed (TBC).
    new_sponsor: str | None
    changed_by: str | None


def sponsor_history(area: PracticeArea, limit: int = 50) -> list[SponsorChange]:
    """Changes of the area's SMT sponsor, newest first, from the first sponsor on record."""
    history = PracticeArea.history.model.objects
    previous = {"order_by": [F("history_date"), F("history_id")]}
    # -1 stands for "no sponsor", so a change to or from TBC compares as a change.
    sponsor_key = Coalesce("sponsor_id", Value(-1))
    rows = (
        history.filter(id=area.pk)
        .annotate(
            sponsor_name=person_name("sponsor"),
            previous_row=Window(Lag("history_id"), **previous),
            old_sponsor_key=Window(Lag(sponsor_key), **previous),
            old_sponsor_name=Window(Lag(person_name("sponsor")), **previous),
        )
        .filter(Q(previous_row__isnull=True) | ~Q(old_sponsor_key=sponsor_key))
        .order_by("-history_date", "-history_id")
        .values(
            "history_date",
            "history_type",
            "previous_row",
            "sponsor_name",
            "old_sponsor_name",
            "history_user__full_name",
        )[:limit]
    )
    return [
        SponsorChange(
            changed_at=row["history_date"],
            first_recorded=row["previous_row"] is None,
            created=row["history_type"] == "+",
            old_sponsor=row["old_sponsor_name"],
            new_sponsor=row["sponsor_name"],
            changed_by=row["history_user__full_name"] or None,
        )
        for row in rows
    ]
