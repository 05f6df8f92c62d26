"""Yearly reconfirmation of core membership, step by step, with the clock moved forward.

The clock starts on 5 January 2026 (the `clock` fixture); Alice has been a core member of Data
and Insight since 2020, long before reconfirmation first ran.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from membership import services, signals
from membership.models import Membership, Reconfirmation, ReconfirmationStart
from membership.reconfirmation_models import add_months
from outbox.models import Email

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db

Outcome = Reconfirmation.Outcome
LONG_AGO = datetime(2020, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def alice_core(staff, community, clock):
    return MembershipFactory(person=staff, community=community, kind="core", joined_at=LONG_AGO)


@pytest.fixture
def started(clock):
    """Reconfirmation first ran on 5 January 2026."""
    run = services.run_reconfirmation()
    assert run.started
    return clock.now


def a_year_after(moment: datetime) -> datetime:
    return add_months(moment, 12)


def reminders(membership: Membership) -> list[tuple[int, str]]:
    return list(
        Reconfirmation.objects.filter(membership=membership)
        .order_by("sent_at", "step")
        .values_list("step", "outcome")
    )


def emails_to(address: str, kind: str) -> list[Email]:
    return list(Email.objects.filter(to_address=address, kind=kind).order_by("created_at", "pk"))


@pytest.fixture
def heard():
    """The `kind_changed` signals sent (after commit) during the test."""
    received = []

    def receiver(sender, **kwargs):
        received.append((kwargs["membership"].pk, kwargs["old_kind"], kwargs["new_kind"]))

    signals.kind_changed.connect(receiver, weak=False)
    yield received
    signals.kind_changed.disconnect(receiver)


# The first run ---------------------------------------------------------------------------------


def test_the_first_run_records_the_day_and_reminds_nobody_whose_membership_is_merely_old(
    alice_core, clock
):
    run = services.run_reconfirmation()

    assert run == services.ReconfirmationRun(started=True)
    assert ReconfirmationStart.objects.get().started_at == clock.now
    assert reminders(alice_core) == []
    clock.set(add_months(clock.now, 12) - timedelta(minutes=1))
    assert services.run_reconfirmation().first_reminders == 0
    assert not services.run_reconfirmation().started


def test_a_year_after_the_first_run_an_old_core_membership_gets_its_first_reminder(
    alice_core, started, clock
):
    clock.set(a_year_after(started))

    run = services.run_reconfirmation()

    assert run.first_reminders == 1
    reminder = Reconfirmation.objects.get()
    assert (reminder.step, reminder.round_started_at, reminder.is_open) == (1, started, True)
    (email,) = emails_to("alice@ucl.ac.uk", "reconfirmation_reminder")
    assert email.subject == "Are you still a core member of Data and Insight?"
    assert services.reconfirmation_link(reminder) in email.body_text
    assert "http://127.0.0.1:8000/reconfirm/" in email.body_text
    assert "You do not need a password" in email.body_text
    assert "by 18 February 2027" in email.body_text  # 14 + 30 days after 5 January 2027


def test_a_membership_younger_than_the_first_run_counts_its_year_from_its_start(
    staff, community, started, clock
):
    joined = started + timedelta(days=60)
    membership = MembershipFactory(person=staff, community=community, kind="core", joined_at=joined)

    clock.set(a_year_after(started) + timedelta(days=30))
    assert services.run_reconfirmation().first_reminders == 0
    clock.set(a_year_after(joined))
    assert services.run_reconfirmation().first_reminders == 1
    assert Reconfirmation.objects.get(membership=membership).round_started_at == joined


def test_wider_memberships_are_never_asked(staff, community, started, clock):
    MembershipFactory(person=staff, community=community, kind="wider", joined_at=LONG_AGO)
    clock.set(a_year_after(started))

    assert services.run_reconfirmation().first_reminders == 0


# Reminders -------------------------------------------------------------------------------------


def test_the_second_reminder_follows_fourteen_days_after_the_first_and_each_goes_once(
    alice_core, started, clock
):
    first_sent = clock.set(a_year_after(started))
    services.run_reconfirmation()
    services.run_reconfirmation()
    call_command("reconfirm_core_memberships", verbosity=0)
    assert reminders(alice_core) == [(1, "")]

    clock.set(first_sent + timedelta(days=14) - timedelta(minutes=1))
    assert services.run_reconfirmation().second_reminders == 0
    clock.set(first_sent + timedelta(days=14))
    assert services.run_reconfirmation().second_reminders == 1
    clock.travel(hours=1)
    assert services.run_reconfirmation() == services.ReconfirmationRun(started=False)

    assert reminders(alice_core) == [(1, ""), (2, "")]
    _first, second = emails_to("alice@ucl.ac.uk", "reconfirmation_reminder")
    assert second.subject == "Reminder: are you still a core member of Data and Insight?"
    assert "gentle reminder" in second.body_text
    assert "by 18 February 2027" in second.body_text  # the same deadline as the first


def test_the_command_says_what_it_did(alice_core, started, clock, capsys):
    clock.set(a_year_after(started))
    call_command("reconfirm_core_memberships")

    assert "1 first reminders, 0 second reminders, 0 made wider" in capsys.readouterr().out


def test_the_very_first_run_of_the_command_says_reconfirmation_starts(db, capsys):
    call_command("reconfirm_core_memberships")

    assert "Reconfirmation starts today: nobody is reminded for 12 months" in (
        capsys.readouterr().out
    )


def test_the_database_refuses_a_second_reminder_for_the_same_step(alice_core, started, clock):
    from django.db import IntegrityError, transaction

    clock.set(a_year_after(started))
    services.run_reconfirmation()
    first = Reconfirmation.objects.get()

    with pytest.raises(IntegrityError), transaction.atomic():
        Reconfirmation.objects.create(
            membership=alice_core, step=1, round_started_at=first.round_started_at
        )


# Answers ---------------------------------------------------------------------------------------


@pytest.fixture
def reminded(alice_core, started, clock):
    """Alice's first reminder, sent on 5 January 2027."""
    clock.set(a_year_after(started))
    services.run_reconfirmation()
    return Reconfirmation.objects.select_related(
        "membership__person", "membership__community"
    ).get()


def test_confirming_ends_the_round_and_starts_a_new_year(reminded, alice_core, clock):
    clock.travel(days=3)
    answer = services.answer_reconfirmation(reminder=reminded, choice="confirm")

    assert answer.changed
    alice_core.refresh_from_db()
    assert alice_core.confirmed_at == clock.now
    assert alice_core.kind == "core"
    assert reminders(alice_core) == [(1, "confirmed")]
    latest = alice_core.history.latest()
    assert latest.history_change_reason == "Confirmed core membership (yearly reconfirmation)"

    clock.travel(days=60)  # past when the second reminder and the expiry would have come
    assert services.run_reconfirmation() == services.ReconfirmationRun(started=False)
    clock.set(a_year_after(alice_core.confirmed_at))
    assert services.run_reconfirmation().first_reminders == 1
    assert reminders(alice_core) == [(1, "confirmed"), (1, "")]


def test_a_link_answers_once(reminded, alice_core, clock):
    services.answer_reconfirmation(reminder=reminded, choice="confirm")
    confirmed_at = Membership.objects.get(pk=alice_core.pk).confirmed_at

    clock.travel(days=1)
    again = services.answer_reconfirmation(reminder=reminded, choice="wider")

    assert not again.changed
    assert again.reminder.outcome == Outcome.CONFIRMED
    alice_core.refresh_from_db()
    assert (alice_core.kind, alice_core.confirmed_at) == ("core", confirmed_at)


def test_choosing_wider_keeps_the_membership_and_is_heard_like_any_change_of_kind(
    reminded, alice_core, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.answer_reconfirmation(reminder=reminded, choice="wider")

    alice_core.refresh_from_db()
    assert (alice_core.kind, alice_core.is_active) == ("wider", True)
    assert answer.reminder.outcome == Outcome.WIDER
    assert heard == [(alice_core.pk, "core", "wider")]
    assert alice_core.history.latest().history_change_reason == (
        "Chose wider (yearly reconfirmation)"
    )


def test_an_unknown_choice_is_refused_and_changes_nothing(reminded, alice_core):
    with pytest.raises(services.MembershipError):
        services.answer_reconfirmation(reminder=reminded, choice="leave")

    assert reminders(alice_core) == [(1, "")]


def test_the_head_can_record_a_confirmation_sent_by_email(reminded, alice_core, clock):
    assert services.confirm_core_membership(membership=alice_core)

    alice_core.refresh_from_db()
    assert alice_core.confirmed_at == clock.now
    assert reminders(alice_core) == [(1, "confirmed")]


# Expiry ----------------------------------------------------------------------------------------


def test_no_answer_thirty_days_after_the_second_reminder_makes_the_membership_wider(
    reminded, alice_core, clock, heard, django_capture_on_commit_callbacks
):
    second_sent = clock.travel(days=14)
    services.run_reconfirmation()
    clock.set(second_sent + timedelta(days=30) - timedelta(minutes=1))
    assert services.run_reconfirmation().expired == 0

    clock.set(second_sent + timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_reconfirmation()

    assert run.expired == 1
    alice_core.refresh_from_db()
    assert (alice_core.kind, alice_core.ended_at) == ("wider", None)  # wider, not ended
    assert reminders(alice_core) == [(1, "expired"), (2, "expired")]
    assert heard == [(alice_core.pk, "core", "wider")]
    assert alice_core.history.latest().history_change_reason == (
        "No answer to the yearly reconfirmation: made wider"
    )
    (told,) = emails_to("alice@ucl.ac.uk", "reconfirmation_expired")
    assert told.subject == "You are now a wider member of Data and Insight"
    assert 'choose "Change to core member"' in told.body_text
    assert "http://127.0.0.1:8000/communities/data-and-insight/" in told.body_text
    clock.travel(days=1)
    assert services.run_reconfirmation() == services.ReconfirmationRun(started=False)


def test_a_lead_who_does_not_answer_stops_leading_and_the_head_is_told(
    staff, community, head, started, clock
):
    lead = MembershipFactory(
        person=staff, community=community, kind="core", is_lead=True, joined_at=LONG_AGO
    )
    clock.set(a_year_after(started))
    services.run_reconfirmation()
    assert (
        "As a lead must be a core member"
        in emails_to("alice@ucl.ac.uk", "reconfirmation_reminder")[0].body_text
    )
    clock.travel(days=14)
    services.run_reconfirmation()
    clock.travel(days=30)

    assert services.run_reconfirmation().expired == 1

    lead.refresh_from_db()
    assert (lead.kind, lead.is_lead, lead.is_active) == ("wider", False, True)
    (to_head,) = emails_to("daniela@ucl.ac.uk", "lead_stepped_down")
    assert "Alice Adams" in to_head.body_text
    assert "Data and Insight" in to_head.body_text


def test_an_answer_after_the_second_reminder_still_counts(reminded, alice_core, clock):
    clock.travel(days=14)
    services.run_reconfirmation()
    clock.travel(days=20)

    services.answer_reconfirmation(reminder=reminded, choice="confirm")  # the first link

    assert reminders(alice_core) == [(1, "confirmed"), (2, "confirmed")]
    clock.travel(days=20)
    assert services.run_reconfirmation().expired == 0


# Switching core in between ---------------------------------------------------------------------


def test_switching_core_in_between_makes_the_old_reminders_void(
    reminded, alice_core, other_community, clock
):
    clock.travel(days=5)
    switched = clock.now
    change = services.join(
        person=alice_core.person, community=other_community, kind="core", switch_core=True
    )

    assert reminders(alice_core) == [(1, "void")]
    clock.travel(days=14)
    clock.travel(days=30)
    assert services.run_reconfirmation() == services.ReconfirmationRun(started=False)
    alice_core.refresh_from_db()
    assert alice_core.kind == "wider"
    assert Reconfirmation.objects.filter(membership=change.membership).count() == 0
    # The new core membership's year starts with the switch.
    clock.set(a_year_after(switched) - timedelta(days=1))
    assert services.run_reconfirmation().first_reminders == 0
    clock.set(a_year_after(switched))
    assert services.run_reconfirmation().first_reminders == 1
    assert reminders(change.membership) == [(1, "")]


def test_becoming_wider_leaving_or_a_closure_also_make_open_reminders_void(
    reminded, alice_core, community, other_staff, started, clock
):
    services.change_kind(person=alice_core.person, community=community, kind="wider")
    assert reminders(alice_core) == [(1, "void")]

    bob = MembershipFactory(
        person=other_staff, community=community, kind="core", joined_at=LONG_AGO
    )
    clock.travel(days=1)
    services.run_reconfirmation()
    services.leave(person=other_staff, community=community)
    assert reminders(bob) == [(1, "void")]

    carol = MembershipFactory(community=community, kind="core", joined_at=LONG_AGO)
    clock.travel(days=1)
    services.run_reconfirmation()
    services.close_community(community=community)
    assert reminders(carol) == [(1, "void")]


def test_becoming_core_again_counts_as_a_confirmation(reminded, alice_core, community, clock):
    services.change_kind(person=alice_core.person, community=community, kind="wider")
    clock.travel(days=2)
    services.change_kind(person=alice_core.person, community=community, kind="core")

    alice_core.refresh_from_db()
    assert alice_core.confirmed_at == clock.now
    clock.travel(days=60)
    assert services.run_reconfirmation().first_reminders == 0


# Signed links ----------------------------------------------------------------------------------


def test_a_link_names_its_membership_and_step(reminded):
    from django.core import signing

    token = services.reconfirmation_link(reminded).rsplit("/", 2)[-2]
    payload = signing.loads(token, salt="membership.reconfirmation")

    assert payload == {"m": reminded.membership_id, "s": 1, "r": reminded.pk}
    assert services.reminder_for_token(token) == reminded


def test_a_link_expires_after_45_days(reminded, clock):
    token = services.reconfirmation_link(reminded).rsplit("/", 2)[-2]

    clock.set(reminded.sent_at + timedelta(days=45))
    assert services.reminder_for_token(token) == reminded
    clock.travel(minutes=1)
    with pytest.raises(services.ExpiredReconfirmationLink) as expired:
        services.reminder_for_token(token)
    assert expired.value.reminder == reminded


def test_a_link_whose_signature_is_older_than_45_days_has_expired(reminded, monkeypatch):
    import time

    token = services.reconfirmation_link(reminded).rsplit("/", 2)[-2]
    later = time.time() + 46 * 24 * 60 * 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    with pytest.raises(services.ExpiredReconfirmationLink):
        services.reminder_for_token(token)


def test_a_tampered_link_does_not_work(reminded):
    token = services.reconfirmation_link(reminded).rsplit("/", 2)[-2]
    head, _, signature = token.rpartition(":")
    tampered = f"{head}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}"

    for bad in (tampered, token[1:], "not-a-token", ""):
        with pytest.raises(services.InvalidReconfirmationLink):
            services.reminder_for_token(bad)


def test_a_link_signed_for_another_membership_does_not_work(reminded, other_staff, community):
    from django.core import signing

    bob = MembershipFactory(person=other_staff, community=community, kind="core")
    forged = signing.dumps(
        {"m": bob.pk, "s": 1, "r": reminded.pk}, salt="membership.reconfirmation"
    )
    wrong_step = signing.dumps(
        {"m": reminded.membership_id, "s": 2, "r": reminded.pk}, salt="membership.reconfirmation"
    )
    other_salt = signing.dumps({"m": reminded.membership_id, "s": 1, "r": reminded.pk})

    for token in (forged, wrong_step, other_salt):
        with pytest.raises(services.InvalidReconfirmationLink):
            services.reminder_for_token(token)
