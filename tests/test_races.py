"""Real concurrency on PostgreSQL: many requests for one person at the same moment.

Each thread has its own database connection, so these are the races a busy launch day brings.
The services lock the person's row, so the requests queue; the database constraints are the
last word if anything slips through. Every thread must end with a result or a domain refusal:
an IntegrityError, a deadlock or any other exception is a failure.
"""

import threading
import time
from collections import Counter
from functools import partial

import pytest

from membership import services
from membership.models import Membership

from .concurrency import kinds_of, run_together
from .factories import CommunityFactory, MembershipFactory, PersonFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("transactional_db", "django_db_serialized_rollback"),
]


def test_twenty_simultaneous_core_joins_leave_exactly_one_core_membership():
    person = PersonFactory()
    communities = CommunityFactory.create_batch(20)

    started = time.monotonic()
    results = run_together(
        [
            lambda community=community: (
                services.join(person=person, community=community, kind="core").membership
            )
            for community in communities
        ]
    )
    elapsed = time.monotonic() - started

    assert kinds_of(results) == {"Membership": 1, "CoreMembershipElsewhere": 19}, results
    winner = next(result for result in results if isinstance(result, Membership))
    refusals = [result for result in results if isinstance(result, Exception)]
    assert all(refusal.community == winner.community for refusal in refusals)
    assert Membership.objects.active().core().filter(person=person).count() == 1
    assert Membership.objects.filter(person=person).count() == 1
    print(f"20 simultaneous core joins: {kinds_of(results)} in {elapsed:.2f}s")


def test_ten_simultaneous_joins_of_one_community_leave_exactly_one_membership():
    person = PersonFactory()
    community = CommunityFactory()

    started = time.monotonic()
    results = run_together(
        [lambda: services.join(person=person, community=community, kind="wider").membership] * 10
    )
    elapsed = time.monotonic() - started

    assert kinds_of(results) == {"Membership": 1, "AlreadyMember": 9}, results
    assert Membership.objects.filter(person=person, community=community).count() == 1
    print(f"10 simultaneous joins of one community: {kinds_of(results)} in {elapsed:.2f}s")


def move_core(person, target, *, leave_previous: bool) -> str:
    """Move the person's core membership to `target`, as the join or kind page would."""
    held = Membership.objects.active().filter(person=person, community=target).first()
    try:
        if held is None:
            services.join(
                person=person,
                community=target,
                kind="core",
                switch_core=True,
                leave_previous=leave_previous,
            )
        else:
            services.change_kind(
                person=person,
                community=target,
                kind="core",
                switch_core=True,
                leave_previous=leave_previous,
            )
    except services.MembershipError as refusal:
        # Another thread moved it first (what the page read is stale): a clean refusal.
        return type(refusal).__name__
    return "moved"


@pytest.mark.parametrize("leave_previous", [False, True], ids=["keep-wider", "leave-previous"])
def test_switching_core_back_and_forth_under_load_never_shows_two_cores_or_none(
    leave_previous,
):
    person = PersonFactory()
    first, second = CommunityFactory.create_batch(2)
    MembershipFactory(person=person, community=first, kind="core")
    rounds = 15
    writers_left = [6]
    lock = threading.Lock()
    writers_done = threading.Event()
    seen: list[tuple[int, int]] = []

    def writer(targets):
        def work():
            try:
                return [
                    move_core(person, target, leave_previous=leave_previous)
                    for _ in range(rounds)
                    for target in targets
                ]
            finally:
                with lock:
                    writers_left[0] -= 1
                    if writers_left[0] == 0:
                        writers_done.set()  # The last writer to finish lets the readers stop.

        return work

    def reader():
        active = Membership.objects.active().filter(person=person)
        while not writers_done.is_set():
            seen.append((active.core().count(), active.count()))
        return "read"

    writers = [writer((second, first)), writer((first, second))] * 3
    assert len(writers) == writers_left[0]
    started = time.monotonic()
    results = run_together([*writers, reader, reader])
    elapsed = time.monotonic() - started

    errors = [result for result in results if isinstance(result, Exception)]
    assert errors == []
    outcomes = Counter(outcome for result in results[:-2] for outcome in result)
    assert outcomes["moved"] > 0
    assert set(outcomes) <= {"moved", "AlreadyThatKind", "AlreadyMember", "NotAMember"}
    assert seen, "the readers never read"
    assert {cores for cores, _ in seen} == {1}, "a reader saw two core memberships, or none"
    active = Membership.objects.active().filter(person=person)
    assert active.core().count() == 1
    if leave_previous:
        assert active.count() == 1
    else:
        assert min(total for _, total in seen) >= 1
        assert active.count() == 2
        assert not Membership.objects.filter(ended_at__isnull=False).exists()
    print(
        f"core switching ({'leave' if leave_previous else 'keep'}): {dict(outcomes)}, "
        f"{len(seen)} reads, {elapsed:.2f}s"
    )


def test_people_swapping_cores_between_two_communities_at_once_never_deadlock():
    # Half the people move their core from A to B while the other half move from B to A: the
    # services must never lock the two communities in opposite orders.
    first, second = CommunityFactory.create_batch(2)
    movers = []
    for index in range(12):
        person = PersonFactory()
        home, away = (first, second) if index % 2 else (second, first)
        MembershipFactory(person=person, community=home, kind="core")
        movers.append((person, home, away))

    def swap(person, home, away):
        def work():
            outcomes = []
            for _ in range(5):
                for target in (away, home):
                    outcomes.append(move_core(person, target, leave_previous=False))
            return outcomes

        return work

    started = time.monotonic()
    results = run_together([swap(*mover) for mover in movers])
    elapsed = time.monotonic() - started

    errors = [result for result in results if isinstance(result, Exception)]
    assert errors == []
    assert all(outcome == "moved" for result in results for outcome in result)
    assert Membership.objects.active().core().count() == 12
    print(f"12 people swapping cores, 10 moves each: {elapsed:.2f}s")


@pytest.mark.parametrize("path", ["join", "change-kind"])
def test_closing_two_communities_while_people_swap_cores_between_them_never_deadlocks(path):
    # Closing locks the members' people first, as every other service does, so a close and a
    # switch queue on the same person instead of each holding a row the other wants.
    # "change-kind": each person is already a wider member of the other community, so the
    # switch locks membership rows in both communities; "join": it locks the target community.
    for _ in range(3):
        first, second = CommunityFactory.create_batch(2)
        movers = []
        for index in range(10):
            person = PersonFactory()
            home, away = (first, second) if index % 2 else (second, first)
            MembershipFactory(person=person, community=home, kind="core")
            if path == "change-kind":
                MembershipFactory(person=person, community=away, kind="wider")
            movers.append((person, home, away))

        work = [
            partial(move_core, person, away, leave_previous=False) for person, _, away in movers
        ]
        work[3:3] = [partial(services.close_community, community=first)]
        work[7:7] = [partial(services.close_community, community=second)]
        results = run_together(work)

        errors = [result for result in results if isinstance(result, Exception)]
        assert errors == [], errors
        closes = [result for result in results if isinstance(result, services.LifecycleChange)]
        assert [close.changed for close in closes] == [True, True]
        outcomes = set(results) - set(closes)
        assert outcomes <= {"moved", "NotAcceptingMembers", "NotAMember"}, outcomes
        assert not Membership.objects.active().filter(community__in=[first, second]).exists()
        assert not Membership.objects.filter(is_lead=True, ended_at__isnull=False).exists()


def test_a_close_includes_someone_who_joined_between_reading_the_members_and_locking(
    monkeypatch,
):
    # The first read of the members misses a join that commits just after it: the close must
    # lock that person too, in order, and end their membership with the others'.
    from membership.services import lifecycle

    community = CommunityFactory()
    early, late = PersonFactory(), PersonFactory()
    MembershipFactory(person=early, community=community, kind="core")
    real_read = lifecycle._active_member_ids
    reads = []

    def stale_first_read(community):
        reads.append(community)
        if len(reads) == 1:
            members = real_read(community)
            # Another request, on its own connection, commits the join.
            run_together([lambda: MembershipFactory(person=late, community=community)])
            return members
        return real_read(community)

    monkeypatch.setattr(lifecycle, "_active_member_ids", stale_first_read)

    change = services.close_community(community=community)

    assert change.memberships_ended == 2
    assert len(reads) > 2, "the close did not read the members again after locking"
    assert not Membership.objects.active().filter(community=community).exists()
