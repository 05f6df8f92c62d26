"""Synthetic staff, their memberships and interests: planned in memory, then bulk-inserted.

The same `people` and `seed` always give the same plan (to the day it is made on). The plan
keeps every rule of the programme: the database constraints guard the bulk inserts exactly as
they guard the services. Synthetic people get unusable passwords, so no hashing costs time.
"""

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils import timezone

from communities.models import Community
from membership.models import Membership, Person

from .names import DEMO_DOMAIN, DEPARTMENTS, FIRST_NAMES, SIGN_IN_EMAILS, SURNAMES

# How the programme looks after about eighteen months (shares of all synthetic people).
CORE_SHARE = 0.125  # The seed recommends one core membership; most people hold none.
WIDER_SHARE = 0.35  # A larger share follow one to three communities as wider members.
WIDER_COUNTS = (1, 1, 1, 1, 1, 1, 2, 2, 2, 3)  # Most wider members follow one community.
LEFT_SHARE = 0.08  # People who joined a community and later left it.
INTEREST_SHARE = 0.05  # People waiting for a community in preparation to launch.
LEADS_PER_COMMUNITY = 2
HISTORY_DAYS = 548  # About eighteen months.


@dataclass
class SyntheticPerson:
    email: str
    full_name: str
    department: str
    job_title: str
    leaning: str | None  # The practice area this person's work sits in, if any.
    date_joined: datetime
    memberships: list[dict] = field(default_factory=list)
    interests: list[dict] = field(default_factory=list)


@dataclass
class Plan:
    people: list[SyntheticPerson]

    @property
    def emails(self) -> set[str]:
        return {person.email for person in self.people}


def _ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def synthetic_email(first: str, last: str, number: int) -> str:
    """`firstname.lastname.N@demo.ucl-cop.invalid`: unique by N, so re-runs find the same people."""
    return f"{_ascii_slug(first)}.{_ascii_slug(last)}.{number}@{DEMO_DOMAIN}"


def synthetic_people_queryset():
    """Every synthetic person: demo addresses other than the demo sign-ins."""
    return Person.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exclude(
        email__in=SIGN_IN_EMAILS
    )


class _Calendar:
    """Working-hours moments on weekdays in the last eighteen months, London time.

    The window ends at the start of today in London, so one day's runs give identical data.
    """

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.today = timezone.localdate()
        self.tz = timezone.get_current_timezone()

    def moment(self, *, after: datetime | None = None, days_before_today: int = 1) -> datetime:
        """A moment between `after` (or eighteen months ago) and `days_before_today` ago."""
        first_day = self.today - timedelta(days=HISTORY_DAYS)
        if after is not None:
            first_day = max(first_day, timezone.localdate(after) + timedelta(days=1))
        last_day = self.today - timedelta(days=days_before_today)
        day = first_day + timedelta(days=self.rng.randrange((last_day - first_day).days + 1))
        friday = day - timedelta(days=day.weekday() - 4)
        if day.weekday() >= 5 and friday >= first_day:
            day = friday  # Staff join and leave on working days.
        clock = time(hour=self.rng.randrange(9, 18), minute=self.rng.randrange(60))
        return datetime.combine(day, clock, tzinfo=self.tz)


def plan(*, people: int, seed: int, launched: list[Community], preparing: list[Community]) -> Plan:
    """Decide every synthetic person and their memberships, without touching the database.

    `launched` and `preparing` must come in a stable order (by slug) for the plan to repeat.
    Each person's active memberships are in distinct communities, at most one of them core, and
    leads are core members: the rules the database constraints enforce.
    """
    # Who the people are comes from its own stream, so launching or closing a community changes
    # their memberships but not their names and addresses (which is how re-runs recognise them).
    people_rng = random.Random(f"people-{seed}")
    rng = random.Random(f"memberships-{seed}")
    calendar = _Calendar(rng)
    people_calendar = _Calendar(people_rng)
    # Some communities draw more members than others; the same seed gives the same pull.
    pull = {community.slug: rng.uniform(0.5, 2.0) for community in launched}

    def weighted_choice(candidates: list[Community], leaning: str | None) -> Community:
        weights = [pull[c.slug] * (4 if c.practice_area.slug == leaning else 1) for c in candidates]
        return rng.choices(candidates, weights=weights)[0]

    result = []
    indices = list(range(people))
    core_holders = set(rng.sample(indices, round(people * CORE_SHARE)))
    wider_holders = set(rng.sample(indices, round(people * WIDER_SHARE)))
    leavers = set(rng.sample(indices, round(people * LEFT_SHARE)))
    interested = set(rng.sample(indices, round(people * INTEREST_SHARE))) if preparing else set()

    for index in indices:
        first, last = people_rng.choice(FIRST_NAMES), people_rng.choice(SURNAMES)
        department, leaning, titles = people_rng.choice(DEPARTMENTS)
        person = SyntheticPerson(
            email=synthetic_email(first, last, index + 1),
            full_name=f"{first} {last}",
            department=department,
            job_title=people_rng.choice(titles),
            leaning=leaning,
            date_joined=people_calendar.moment() - timedelta(days=HISTORY_DAYS),
        )
        available = list(launched)

        def take(person=person, available=available) -> Community | None:
            if not available:
                return None
            community = weighted_choice(available, person.leaning)
            available.remove(community)
            return community

        if index in leavers and (community := take()):
            # Joined at least a month ago, so there is time to have left since.
            joined = calendar.moment(days_before_today=30)
            person.memberships.append(
                {
                    "community": community,
                    "kind": rng.choice(["core", "wider", "wider"]),
                    "joined_at": joined,
                    "ended_at": calendar.moment(after=joined),
                }
            )
        if index in core_holders and (community := take()):
            person.memberships.append(
                {"community": community, "kind": "core", "joined_at": calendar.moment()}
            )
        if index in wider_holders:
            for _ in range(rng.choice(WIDER_COUNTS)):
                if community := take():
                    person.memberships.append(
                        {"community": community, "kind": "wider", "joined_at": calendar.moment()}
                    )
        if index in interested:
            count = min(len(preparing), rng.choice((1, 1, 1, 2)))
            for community in rng.sample(preparing, count):
                person.interests.append({"community": community, "created_at": calendar.moment()})
        result.append(person)

    _appoint_leads(result)
    return Plan(people=result)


def _appoint_leads(people: list[SyntheticPerson]) -> None:
    """Make the two longest-standing active core members of each community its leads."""
    core_by_community: dict[str, list[dict]] = {}
    for person in people:
        for membership in person.memberships:
            if membership["kind"] == "core" and "ended_at" not in membership:
                core_by_community.setdefault(membership["community"].slug, []).append(membership)
    for core in core_by_community.values():
        core.sort(key=lambda membership: membership["joined_at"])
        for membership in core[:LEADS_PER_COMMUNITY]:
            membership["is_lead"] = True


def unusable_password(rng: random.Random) -> str:
    """An unusable password, like Django's own, without calling its hasher."""
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return UNUSABLE_PASSWORD_PREFIX + "".join(rng.choice(alphabet) for _ in range(40))


def person_rows(plan: Plan, seed: int) -> Iterator[Person]:
    rng = random.Random(f"passwords-{seed}")
    for person in plan.people:
        yield Person(
            email=person.email,
            full_name=person.full_name,
            department=person.department,
            job_title=person.job_title,
            date_joined=person.date_joined,
            password=unusable_password(rng),
        )


def membership_rows(plan: Plan, ids: dict[str, int]) -> Iterator[Membership]:
    for person in plan.people:
        for membership in person.memberships:
            yield Membership(person_id=ids[person.email], **membership)
