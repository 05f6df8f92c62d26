"""When a practice area's report would change with no write at all, only because time passed.

A cached report body (reports/bodies.py) is exact after every write, since writes bump the
versions it is keyed under. Three of its figures also move with the clock, and this finds the
next moment one of them does, so the body expires then:
- sessions count as held once they end (`activity`: `ends_at <= now`);
- a core member counts as "confirmed" for a year after they last chose core
  (`figures.reconfirmation_counts`: `confirmed_since(year_before(now))`);
- a core member becomes "due a reminder within the next month" a year, less a month, after
  they last chose core or reconfirmation began (`reconfirmation_due(by=add_months(now, 1))`).

Each moment is never later than the real change (month arithmetic only ever moves a day back,
as `add_months` clamps 31 March to 28 February), so a body may expire a little early, never late.
Two queries, asked only when the body is built.
"""

from datetime import datetime

from django.conf import settings
from django.db.models import DateTimeField, Exists, Min, Q, Subquery
from django.db.models.functions import Coalesce, Greatest

from activities.models import Session
from communities.models import PracticeArea
from membership.models import Membership
from membership.reconfirmation_models import (
    ReconfirmationStart,
    add_months,
    awaiting_answer,
    year_before,
)


def area_report_changes_at(area: PracticeArea, now: datetime) -> datetime | None:
    """The next moment `area`'s report shows something else without a write, or None."""
    moments = [_next_session_end(area, now), *_reconfirmation_moments(area, now)]
    return min((moment for moment in moments if moment is not None), default=None)


def _next_session_end(area: PracticeArea, now: datetime) -> datetime | None:
    return (
        Session.objects.scheduled()
        .filter(community__practice_area=area, ends_at__gt=now)
        .aggregate(next=Min("ends_at"))["next"]
    )


def _reconfirmation_moments(area: PracticeArea, now: datetime) -> list[datetime | None]:
    months = settings.RECONFIRMATION_AFTER_MONTHS
    # When each core member last chose core: joined as core, became core or reconfirmed.
    core = (
        Membership.objects.active()
        .core()
        .filter(community__practice_area=area)
        .annotate(chosen=Greatest("joined_at", Coalesce("confirmed_at", "joined_at")))
    )
    started = ReconfirmationStart.objects.values("started_at")[:1]
    found = core.annotate(
        # A year (less the month looked ahead) runs from the later of that and the moment
        # reconfirmation began; nobody is due before it began (beginning it is a write).
        year_from=Greatest("chosen", Subquery(started, output_field=DateTimeField()))
    ).aggregate(
        # The earliest of those still "confirmed" stops counting first.
        confirmed=Min("chosen", filter=Q(chosen__gte=year_before(now))),
        # The earliest not yet due, with no reminder out, becomes due first.
        due=Min(
            "year_from",
            filter=Q(Exists(started), year_from__gt=year_before(add_months(now, 1)))
            & ~Q(pk__in=awaiting_answer().values("membership")),
        ),
    )
    moments: list[datetime | None] = []
    if found["confirmed"] is not None:
        moments.append(add_months(found["confirmed"], months))
    if found["due"] is not None:
        moments.append(add_months(found["due"], months - 1))
    return moments
