"""Real concurrency on PostgreSQL: many people answering for one session at the same moment.

Each thread has its own database connection, as each request would. RSVPs, cancellations and
capacity changes lock the session's row, so they queue: a session never holds more people
than its capacity, and its waiting list is served in order. Every thread must end with a
result or a domain refusal: an IntegrityError, a deadlock or any other exception is a failure.
"""

import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from functools import partial

import pytest
from django.utils import timezone

from activities import services
from activities.models import Rsvp, Session
from membership import services as membership

from .activity_factories import RsvpFactory, SessionFactory
from .concurrency import kinds_of, run_together
from .factories import CommunityFactory, MembershipFactory, PersonFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("transactional_db", "django_db_serialized_rollback"),
]

GOING = Rsvp.Status.GOING
WAITING = Rsvp.Status.WAITING


def statuses(session: Session) -> Counter:
    return Counter(session.rsvps.values_list("status", flat=True))


def queue(session: Session, status: str) -> list[int]:
    """The people with this status, in the order they answered."""
    return list(
        session.rsvps.filter(status=status)
        .order_by("created_at", "pk")
        .values_list("person", flat=True)
    )


class Watcher:
    """Reads (capacity, going) in one statement, over and over, until told to stop."""

    def __init__(self, session: Session):
        self.session = session
        self.done = threading.Event()
        self.seen: list[tuple[int, int]] = []

    def __call__(self) -> str:
        counts = Session.objects.with_rsvp_counts().filter(pk=self.session.pk)
        while not self.done.is_set():
            self.seen.append(counts.values_list("capacity", "going_count").get())
        return "watched"

    def until(self, work: list[Callable[[], object]]) -> list[Callable[[], object]]:
        """Wrap `work` so that the last of it to finish stops the watcher."""
        left = [len(work)]
        lock = threading.Lock()

        def wrapped(action):
            try:
                return action()
            finally:
                with lock:
                    left[0] -= 1
                    if left[0] == 0:
                        self.done.set()

        return [partial(wrapped, action) for action in work]

    def overbooked(self) -> list[tuple[int, int]]:
        return [(capacity, going) for capacity, going in self.seen if going > capacity]


def test_thirty_people_answering_at_once_fill_ten_places_and_queue_the_rest_in_order():
    session = SessionFactory(capacity=10)
    people = PersonFactory.create_batch(30)
    watcher = Watcher(session)

    started = time.monotonic()
    results = run_together(
        [
            *watcher.until(
                [partial(services.rsvp, session=session, person=person) for person in people]
            ),
            watcher,
        ]
    )
    elapsed = time.monotonic() - started

    assert kinds_of(results) == {"RsvpChange": 30, "str": 1}, results
    answers = Counter(result.rsvp.status for result in results[:30])
    assert answers == {GOING: 10, WAITING: 20}
    assert statuses(session) == {GOING: 10, WAITING: 20}
    going = session.rsvps.filter(status=GOING)
    waiting = session.rsvps.filter(status=WAITING)
    # Everyone going answered before everyone waiting: first come, first served.
    assert max(going.values_list("created_at", flat=True)) < min(
        waiting.values_list("created_at", flat=True)
    )
    assert watcher.seen, "the watcher never read"
    assert watcher.overbooked() == []
    print(
        f"\n30 simultaneous RSVPs, capacity 10: {answers[GOING]} going, {answers[WAITING]} "
        f"waiting in {elapsed:.2f}s (about {elapsed / 30 * 1000:.0f} ms per RSVP, queued on the "
        f"session's lock, its email sent after commit); {len(watcher.seen)} reads, "
        f"most ever going {max(count for _, count in watcher.seen)}"
    )


@pytest.fixture
def full_session():
    """Capacity 10: ten going, twenty waiting, each list in the order people answered."""
    session = SessionFactory(capacity=10)
    going = RsvpFactory.create_batch(10, session=session)
    waiting = RsvpFactory.create_batch(20, session=session, status=WAITING)
    return session, [rsvp.person for rsvp in going], [rsvp.person for rsvp in waiting]


def test_five_cancelling_at_once_promote_exactly_the_first_five_waiting(full_session):
    session, going, waiting = full_session
    leaving = going[:5]
    newcomers = PersonFactory.create_batch(5)
    watcher = Watcher(session)

    started = time.monotonic()
    results = run_together(
        [
            *watcher.until(
                [partial(services.cancel_rsvp, session=session, person=p) for p in leaving]
                + [partial(services.rsvp, session=session, person=p) for p in newcomers]
            ),
            watcher,
        ]
    )
    elapsed = time.monotonic() - started

    assert kinds_of(results) == {"RsvpChange": 10, "str": 1}, results
    promoted = [rsvp.person_id for result in results[:5] for rsvp in result.promoted]
    assert sorted(promoted) == sorted(person.pk for person in waiting[:5])
    assert all(len(result.promoted) == 1 for result in results[:5])
    # Nobody new jumps the queue: the places went to those already waiting.
    assert [result.rsvp.status for result in results[5:10]] == [WAITING] * 5
    assert statuses(session) == {GOING: 10, WAITING: 20, Rsvp.Status.CANCELLED: 5}
    assert set(queue(session, GOING)) == {p.pk for p in going[5:] + waiting[:5]}
    assert queue(session, WAITING)[:15] == [person.pk for person in waiting[5:]]
    assert set(queue(session, WAITING)[15:]) == {person.pk for person in newcomers}
    assert watcher.overbooked() == []
    print(
        f"\n5 cancellations racing 5 new RSVPs, capacity 10: {len(promoted)} promoted, "
        f"going never above {max(count for _, count in watcher.seen)} in "
        f"{len(watcher.seen)} reads, {elapsed:.2f}s"
    )


def test_raising_the_capacity_while_people_come_and_go_never_overbooks(full_session):
    session, going, waiting = full_session
    host = session.host
    newcomers = PersonFactory.create_batch(5)
    watcher = Watcher(session)
    work = [
        partial(services.update_session, session=session, by=host, capacity=15),
        *(partial(services.cancel_rsvp, session=session, person=p) for p in going[:5]),
        # The last five in line give up; nobody promotes them, as fifteen are ahead of them.
        *(partial(services.cancel_rsvp, session=session, person=p) for p in waiting[15:]),
        *(partial(services.rsvp, session=session, person=p) for p in newcomers),
    ]

    started = time.monotonic()
    results = run_together([*watcher.until(work), watcher])
    elapsed = time.monotonic() - started

    assert kinds_of(results) == {"SessionChange": 1, "RsvpChange": 15, "str": 1}, results
    promoted = [rsvp.person_id for result in results[:16] for rsvp in result.promoted]
    assert sorted(promoted) == sorted(person.pk for person in waiting[:10])
    assert statuses(session) == {GOING: 15, WAITING: 10, Rsvp.Status.CANCELLED: 10}
    assert queue(session, WAITING)[:5] == [person.pk for person in waiting[10:15]]
    assert watcher.overbooked() == []
    session.refresh_from_db()
    assert (session.capacity, session.sequence) == (15, 1)
    print(
        f"\ncapacity 10 -> 15 racing 10 cancellations and 5 RSVPs: {len(promoted)} promoted, "
        f"going {max(count for _, count in watcher.seen)} at most, never above the capacity, "
        f"in {len(watcher.seen)} reads, {elapsed:.2f}s"
    )


def test_people_answering_while_the_host_cancels_are_either_refused_or_told():
    session = SessionFactory(capacity=10)
    people = PersonFactory.create_batch(20)
    work = [partial(services.rsvp, session=session, person=person) for person in people]
    work.insert(7, partial(services.cancel_session, session=session, by=session.host))

    started = time.monotonic()
    results = run_together(work)
    elapsed = time.monotonic() - started

    told = results.pop(7)
    kinds = kinds_of(results)
    assert set(kinds) <= {"RsvpChange", "NotOpenForRsvp"}, results
    live = session.rsvps.exclude(status=Rsvp.Status.CANCELLED).count()
    assert told == live == kinds["RsvpChange"]
    session.refresh_from_db()
    assert session.is_cancelled
    print(
        f"\n20 RSVPs racing a cancellation: {kinds['RsvpChange']} answered before it and were "
        f"told, {kinds['NotOpenForRsvp']} refused after it, {elapsed:.2f}s"
    )


def test_sessions_scheduled_while_the_community_closes_never_outlive_it():
    # Scheduling locks people, then the community, as the closure does: neither waits on the
    # other in a cycle, and each schedule lands either before the closure (and is cancelled by
    # it) or after (and is refused).
    community = CommunityFactory()
    cores = [MembershipFactory(community=community, kind="core").person for _ in range(10)]
    starts_at = timezone.now() + timedelta(days=7)

    def schedule(person):
        return services.schedule_session(
            community=community,
            by=person,
            title="Data clinic",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            location="Room G01",
        )

    work = [partial(schedule, person) for person in cores]
    work.insert(4, partial(membership.close_community, community=community))

    started = time.monotonic()
    results = run_together(work)
    elapsed = time.monotonic() - started

    closure = results.pop(4)
    assert closure.changed
    kinds = kinds_of(results)
    assert set(kinds) <= {"Session", "NotAllowed"}, results
    assert Session.objects.filter(community=community).count() == kinds["Session"]
    assert not Session.objects.filter(community=community).scheduled().exists()
    print(
        f"\n10 schedules racing a closure: {kinds['Session']} scheduled before it (and "
        f"cancelled by it), {kinds['NotAllowed']} refused after it, {elapsed:.2f}s"
    )
