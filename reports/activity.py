"""What an area's communities did together: sessions held by month, and RSVPs and attendance
per community.

A session is held once it has ended without being cancelled, and it belongs to the London month
it started in. The RSVPs counted are those going (the list the host marks attendance from).
Attendance counts only where it was marked: an RSVP whose `attended` is still empty is "not
marked", never "did not attend", and the sessions left unmarked are counted so the report can
say so. Two queries whatever the area's size, both counted in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, DateField, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from activities.models import Rsvp, Session
from communities.models import Community, PracticeArea

from .months import LONDON, MonthRange, month_label
from .names import person_name

GOING = Rsvp.Status.GOING
WAITING = Rsvp.Status.WAITING


def attendance_rate(attended: int, marked: int) -> float | None:
    """Attended as a percentage of the RSVPs marked, or None when none were marked."""
    return 100 * attended / marked if marked else None


@dataclass(frozen=True)
class SessionMonth:
    """One London month of an area's sessions."""

    month: date
    held: int = 0
    cancelled: int = 0
    going: int = 0  # RSVPs going to the sessions held.
    attended: int = 0  # Of those, marked as having attended.

    @property
    def label(self) -> str:
        return month_label(self.month)


@dataclass(frozen=True)
class CommunityAttendance:
    """One community's sessions held in the months, with their RSVPs and attendance."""

    name: str
    slug: str
    held: int
    going: int
    waiting: int  # Still on a waiting list when the session was held: demand not met.
    attended: int
    absent: int  # Marked as not having attended.
    unmarked_sessions: int  # Sessions held with people going whose attendance was not marked.

    @property
    def marked(self) -> int:
        return self.attended + self.absent

    @property
    def not_marked(self) -> int:
        """RSVPs going whose attendance was not marked."""
        return self.going - self.marked

    @property
    def attendance_rate(self) -> float | None:
        return attendance_rate(self.attended, self.marked)


@dataclass(frozen=True)
class AreaActivity:
    """Everything the report's sessions section shows."""

    months: MonthRange
    monthly: list[SessionMonth]
    communities: list[CommunityAttendance]

    @property
    def held(self) -> int:
        return sum(row.held for row in self.monthly)

    @property
    def cancelled(self) -> int:
        return sum(row.cancelled for row in self.monthly)

    @property
    def going(self) -> int:
        return sum(row.going for row in self.communities)

    @property
    def attended(self) -> int:
        return sum(row.attended for row in self.communities)

    @property
    def marked(self) -> int:
        return sum(row.marked for row in self.communities)

    @property
    def unmarked_sessions(self) -> int:
        return sum(row.unmarked_sessions for row in self.communities)

    @property
    def attendance_rate(self) -> float | None:
        return attendance_rate(self.attended, self.marked)

    @property
    def communities_unmarked(self) -> list[CommunityAttendance]:
        return [row for row in self.communities if row.unmarked_sessions]


def area_activity(area: PracticeArea, months: MonthRange, *, now: datetime | None = None):
    """The sessions section of `area`'s report for `months`: two queries."""
    now = now or timezone.now()
    return AreaActivity(
        months=months,
        monthly=sessions_by_month(area, months, now=now),
        communities=attendance_by_community(area, months, now=now),
    )


def sessions_by_month(area: PracticeArea, months: MonthRange, *, now: datetime):
    """Sessions held and cancelled in each London month of `months`, with the RSVPs going to
    those held and how many attended; quiet months as zero. One query, grouped by month."""
    held = Q(status=Session.Status.SCHEDULED, ends_at__lte=now)
    going = held & Q(rsvps__status=GOING)
    rows = (
        Session.objects.filter(
            community__practice_area=area,
            starts_at__gte=months.starts_at,
            starts_at__lt=months.ends_before,
        )
        .annotate(month=TruncMonth("starts_at", tzinfo=LONDON, output_field=DateField()))
        .order_by()
        .values("month")
        .annotate(
            held=Count("pk", distinct=True, filter=held),
            cancelled=Count("pk", distinct=True, filter=Q(status=Session.Status.CANCELLED)),
            going=Count("rsvps", filter=going),
            attended=Count("rsvps", filter=going & Q(rsvps__attended=True)),
        )
    )
    found = {row.pop("month"): row for row in rows}
    return [SessionMonth(month=month, **found.get(month, {})) for month in months.months]


def attendance_by_community(area: PracticeArea, months: MonthRange, *, now: datetime):
    """Each launched community of `area` (and any other that held a session in `months`), with
    its sessions held, RSVPs going and waiting, and attendance where marked. One query."""
    held = Q(
        sessions__status=Session.Status.SCHEDULED,
        sessions__ends_at__lte=now,
        sessions__starts_at__gte=months.starts_at,
        sessions__starts_at__lt=months.ends_before,
    )
    going = held & Q(sessions__rsvps__status=GOING)
    rows = (
        Community.objects.filter(practice_area=area)
        .annotate(
            held=Count("sessions", distinct=True, filter=held),
            going=Count("sessions__rsvps", filter=going),
            waiting=Count("sessions__rsvps", filter=held & Q(sessions__rsvps__status=WAITING)),
            attended=Count("sessions__rsvps", filter=going & Q(sessions__rsvps__attended=True)),
            absent=Count("sessions__rsvps", filter=going & Q(sessions__rsvps__attended=False)),
            unmarked_sessions=Count(
                "sessions",
                distinct=True,
                filter=going & Q(sessions__rsvps__attended__isnull=True),
            ),
        )
        .filter(Q(status=Community.Status.LAUNCHED) | Q(held__gt=0))
        .order_by("name")
        .values(
            "name", "slug", "held", "going", "waiting", "attended", "absent", "unmarked_sessions"
        )
    )
    return [CommunityAttendance(**row) for row in rows]


SESSION_EXPORT_HEADER = [
    "Starts (London time)",
    "Ends (London time)",
    "Community",
    "Title",
    "Status",
    "Host",
    "Capacity",
    "Going",
    "Waiting",
    "Attended",
    "Attendance marked",
]


def session_rows(area: PracticeArea, months: MonthRange):
    """Every session of `area` that starts in `months`, earliest first, for the CSV export.

    "Attendance marked" is yes or no for a session that ended with people going, and empty
    otherwise (nothing to mark yet). One query, streamed.
    """
    now = timezone.now()
    rows = (
        Session.objects.filter(
            community__practice_area=area,
            starts_at__gte=months.starts_at,
            starts_at__lt=months.ends_before,
        )
        .with_rsvp_counts()
        .annotate(
            host_name=person_name("host"),
            marked_count=Count(
                "rsvps", filter=Q(rsvps__status=GOING, rsvps__attended__isnull=False)
            ),
        )
        .order_by("starts_at", "pk")
        .values_list(
            "starts_at",
            "ends_at",
            "community__name",
            "title",
            "status",
            "host_name",
            "capacity",
            "going_count",
            "waiting_count",
            "attended_count",
            "marked_count",
        )
    )
    for (
        starts_at,
        ends_at,
        community,
        title,
        status,
        host,
        capacity,
        going,
        waiting,
        attended,
        marked,
    ) in rows.iterator(chunk_size=2000):
        held = status == Session.Status.SCHEDULED and ends_at <= now
        yield (
            _london(starts_at),
            _london(ends_at),
            community,
            title,
            Session.Status(status).label,
            host,
            capacity,
            going,
            waiting,
            attended if held and marked else None,
            ("yes" if marked == going else "partly" if marked else "no")
            if held and going
            else None,
        )


def _london(moment: datetime) -> str:
    return timezone.localtime(moment, LONDON).strftime("%Y-%m-%d %H:%M")
