"""Demo sessions, RSVPs and announcements: planned from the synthetic memberships, then
bulk-inserted.

The same synthetic people and `seed` always give the same sessions (to the day they are made
on): about eleven months of past sessions, most with attendance marked, and the next two months'.
The rows keep the rules the services keep: hosts and announcement authors are core members and
leads, going never exceeds a capacity (people beyond it wait, in order, and a cancellation moves
the first person waiting up), one live RSVP per person and session, and attendance is marked
only for sessions that have ended. The rows are written straight to the tables, so nobody is
emailed. Everything made belongs to synthetic people, which is how a later run finds it.
"""

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from activities.models import Announcement, Rsvp, Session
from communities.models import Community
from membership.models import Membership

from .activity_texts import ANNOUNCEMENTS, FORMATS, ROOMS, TOPICS
from .generation import synthetic_people_queryset

PAST_DAYS, UPCOMING_DAYS = 330, 60
PAST_SESSIONS, UPCOMING_SESSIONS = (5, 12), (1, 3)  # How many per community, at random.
MARKED_SHARE = 0.85  # Past sessions whose host marked attendance.
ATTENDED_SHARE = 0.8  # Of those going to a marked session, those who came.
CANCELLED_SHARE = 0.06  # Sessions called off.
RSVP_CANCELLED_SHARE = 0.08  # People who answered and later cancelled.
VISITOR_SHARE = 0.1  # RSVPs from staff who are not members: CoPs are open to all.
CAPACITIES = (8, 10, 12, 15, 20, 25, 30)
ONE_DAY = timedelta(days=1)
ANNOUNCEMENT_DAYS = 120  # Announcements from the last four months.


@dataclass
class Member:
    person_id: int
    email: str
    kind: str
    is_lead: bool
    joined_at: datetime


@dataclass
class Planned:
    sessions: list[Session] = field(default_factory=list)
    rsvps: list[list[Rsvp]] = field(default_factory=list)  # By session, as in `sessions`.
    announcements: list[Announcement] = field(default_factory=list)


def demo_sessions():
    """Sessions scheduled by or for synthetic people: the demo's own."""
    synthetic = synthetic_people_queryset()
    return Session.objects.filter(Q(created_by__in=synthetic) | Q(host__in=synthetic))


def demo_announcements():
    return Announcement.objects.filter(author__in=synthetic_people_queryset())


def present() -> bool:
    return demo_sessions().exists() or demo_announcements().exists()


def remove() -> None:
    """Delete the demo's sessions (their RSVPs go with them) and announcements."""
    demo_sessions().delete()
    demo_announcements().delete()


def plan(*, seed: int, communities: Iterable[Community]) -> Planned:
    """Decide the demo's sessions, RSVPs and announcements for `communities` (in a stable
    order), from their synthetic members as the database holds them now."""
    rng = random.Random(f"activities-{seed}")
    today = timezone.localdate()
    start_of_today = datetime.combine(today, time(), tzinfo=timezone.get_current_timezone())
    members = _members_by_community(communities)
    everyone = sorted({m.person_id for ms in members.values() for m in ms})
    planned = Planned()
    for community in communities:
        core = [m for m in members.get(community.pk, []) if m.kind == Membership.Kind.CORE]
        if not core:
            continue  # Nobody to host: the community has not got going yet.
        pool = members[community.pk]
        days = _session_days(rng, today)
        for index, day in enumerate(days):
            made = _plan_session(rng, community, day, index, core, start_of_today)
            if made is None:
                continue
            planned.sessions.append(made)
            respondents = _respondents(rng, made, pool, everyone)
            planned.rsvps.append(_answers(rng, made, respondents, start_of_today))
        planned.announcements += _announcements(rng, community, core, start_of_today)
    return planned


def create(planned: Planned) -> tuple[int, int, int]:
    """Insert the plan in bulk; returns the sessions, RSVPs and announcements made."""
    sessions = Session.objects.bulk_create(planned.sessions)
    rsvps = []
    for session, answers in zip(sessions, planned.rsvps, strict=True):
        for rsvp in answers:
            rsvp.session = session  # Now that it has its primary key.
            rsvps.append(rsvp)
    Rsvp.objects.bulk_create(rsvps, batch_size=2000)
    Announcement.objects.bulk_create(planned.announcements)
    return len(sessions), len(rsvps), len(planned.announcements)


# Planning --------------------------------------------------------------------------------------


def _members_by_community(communities: Iterable[Community]) -> dict[int, list[Member]]:
    rows = (
        Membership.objects.active()
        .filter(person__in=synthetic_people_queryset(), community__in=list(communities))
        .order_by("community_id", "person__email")
        .values_list("community_id", "person_id", "person__email", "kind", "is_lead", "joined_at")
    )
    found: dict[int, list[Member]] = {}
    for community_id, *member in rows:
        found.setdefault(community_id, []).append(Member(*member))
    return found


def _session_days(rng: random.Random, today: date) -> list[date]:
    """Distinct working days: some in the last eleven months and a few in the next two."""
    past = rng.randint(*PAST_SESSIONS)
    upcoming = rng.randint(*UPCOMING_SESSIONS)
    days = set()
    for count, first, last in ((past, -PAST_DAYS, -3), (upcoming, 2, UPCOMING_DAYS)):
        chosen = set()
        while len(chosen) < count:
            day = today + timedelta(days=rng.randint(first, last))
            if day.weekday() < 5 and not _closure(day):
                chosen.add(day)
        days |= chosen
    return sorted(days)


def _closure(day: date) -> bool:
    """The university's winter closure, roughly: nobody meets between Christmas and New Year."""
    return (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 3)


def _plan_session(rng, community, day, index, core, start_of_today) -> Session | None:
    form = rng.choice(FORMATS)
    tz = timezone.get_current_timezone()
    starts_at = datetime.combine(day, rng.choice(form.starts), tzinfo=tz)
    # Scheduled two to five weeks ahead, and at the latest yesterday.
    created_on = min(day - timedelta(days=rng.randint(14, 35)), start_of_today.date() - ONE_DAY)
    created_at = datetime.combine(created_on, time(10, rng.randrange(60)), tzinfo=tz)
    hosts = [m for m in core if m.joined_at < created_at]
    if not hosts:
        return None  # No core member yet when it would have been scheduled.
    leads = [m for m in hosts if m.is_lead]
    host = rng.choice(leads) if leads and rng.random() < 0.5 else rng.choice(hosts)
    topic = rng.choice(TOPICS)
    where = rng.choice(("room", "room", "online", "both"))
    location = rng.choice(ROOMS) if where != "online" else ""
    online_url = (
        f"https://meet.example.org/ucl-cop-demo/{community.slug}-{index + 1}"
        if where != "room"
        else ""
    )
    cancelled = rng.random() < CANCELLED_SHARE
    return Session(
        community=community,
        title=form.title.format(topic=topic),
        description=form.description.format(topic=topic),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=form.minutes),
        location=location,
        online_url=online_url,
        capacity=rng.choice(CAPACITIES) if location else None,
        host_id=host.person_id,
        created_by_id=host.person_id,
        created_at=created_at,
        status=Session.Status.CANCELLED if cancelled else Session.Status.SCHEDULED,
        sequence=1 if cancelled else 0,
    )


def _respondents(rng, session: Session, pool: list[Member], everyone: list[int]) -> list[int]:
    """Who answers: members who had joined when it was scheduled (not its host), and a few
    visitors. Some sessions draw more people than they have places for."""
    members = [
        m.person_id
        for m in pool
        if m.joined_at < session.created_at and m.person_id != session.host_id
    ]
    places = session.capacity or rng.randint(10, 30)
    wanted = min(len(members), rng.randint(places // 3, places + 8))
    chosen = rng.sample(members, wanted)
    taken = {*chosen, session.host_id}
    visitors = [person_id for person_id in everyone if person_id not in taken]
    extra = min(len(visitors), round(wanted * VISITOR_SHARE))
    return chosen + rng.sample(visitors, extra)


def _answers(rng, session: Session, people: list[int], start_of_today) -> list[Rsvp]:
    """RSVPs as the services would have left them: answers in time order, going while there
    are places and waiting after; a cancellation moves the first person waiting up."""
    closes = min(session.starts_at, start_of_today)  # Nobody answers in the future.
    span = max((closes - session.created_at).total_seconds(), 60)
    events = []
    for person_id in people:
        answered = session.created_at + timedelta(seconds=rng.uniform(30, span * 0.9))
        rsvp = Rsvp(person_id=person_id, created_at=answered, status="")
        events.append((answered, 0, rsvp))
        if rng.random() < RSVP_CANCELLED_SHARE:
            gone = answered + timedelta(seconds=rng.uniform(1, (closes - answered).total_seconds()))
            events.append((gone, 1, rsvp))
    going, waiting = [], []
    for _when, cancels, rsvp in sorted(events, key=lambda event: (event[0], event[1])):
        if not cancels:
            full = session.capacity is not None and len(going) >= session.capacity
            (waiting if full else going).append(rsvp)
            rsvp.status = Rsvp.Status.WAITING if full else Rsvp.Status.GOING
            continue
        if rsvp in going:
            going.remove(rsvp)
            if waiting:
                promoted = waiting.pop(0)
                promoted.status = Rsvp.Status.GOING
                going.append(promoted)
        elif rsvp in waiting:
            waiting.remove(rsvp)
        rsvp.status = Rsvp.Status.CANCELLED
    _mark_attendance(rng, session, going, start_of_today)
    return [rsvp for _when, cancels, rsvp in events if not cancels]


def _mark_attendance(rng, session: Session, going: list[Rsvp], start_of_today) -> None:
    held = session.status == Session.Status.SCHEDULED and session.ends_at <= start_of_today
    if not held:
        return
    reminded = session.starts_at - timedelta(days=1)
    marked = rng.random() < MARKED_SHARE
    for rsvp in going:
        if rsvp.created_at < reminded:
            rsvp.reminded_at = reminded  # The reminder went the day before.
        if marked:
            rsvp.attended = rng.random() < ATTENDED_SHARE


def _announcements(rng, community, core: list[Member], start_of_today) -> list[Announcement]:
    leads = [m for m in core if m.is_lead]
    if not leads:
        return []
    made = []
    for subject, body in rng.sample(ANNOUNCEMENTS, rng.randint(1, 3)):
        posted = start_of_today - timedelta(days=rng.randint(3, ANNOUNCEMENT_DAYS))
        authors = [m for m in leads if m.joined_at < posted]
        if not authors:
            continue
        made.append(
            Announcement(
                community=community,
                author_id=rng.choice(authors).person_id,
                subject=subject,
                body=body,
                audience=rng.choice(
                    (Announcement.Audience.ALL,) * 4 + (Announcement.Audience.CORE,)
                ),
                created_at=posted.replace(hour=9, minute=rng.randrange(60)),
            )
        )
    return made
