"""`manage.py seed_demo`: repeatable synthetic staff that keep every rule, and demo sign-ins."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.hashers import is_password_usable
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from activities.models import Announcement, Rsvp, Session
from communities.models import Community, PracticeArea
from membership import services
from membership.models import Interest, Membership, Person
from outbox.models import Email
from ucl_cop import demo

PEOPLE = 400


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **{"people": PEOPLE, **options})
    return out.getvalue()


def snapshot() -> dict:
    synthetic = demo.synthetic_people_queryset()
    return {
        "people": sorted(synthetic.values_list("email", "full_name", "department", "job_title")),
        "memberships": sorted(
            Membership.objects.filter(person__in=synthetic).values_list(
                "person__email", "community__slug", "kind", "is_lead", "joined_at", "ended_at"
            )
        ),
        "interests": sorted(
            Interest.objects.filter(person__in=synthetic).values_list(
                "person__email", "community__slug", "created_at"
            )
        ),
    }


def test_seed_demo_loads_the_programme_when_the_database_is_empty(db, debug):
    output = seed()

    assert Community.objects.count() == 9
    assert "Loaded the programme (fixture ucl_cop)" in output
    assert demo.synthetic_people_queryset().count() == PEOPLE


def test_the_same_options_always_give_the_same_people_and_memberships(programme, debug):
    seed(seed=7)
    first = snapshot()
    seed(seed=8)
    assert snapshot() != first

    seed(seed=7)

    assert snapshot() == first


def test_running_twice_changes_nothing(programme, debug):
    seed()
    ids = set(Membership.objects.values_list("pk", flat=True))
    people = Person.objects.count()

    output = seed()

    assert "already present (400): left as they are" in output
    assert set(Membership.objects.values_list("pk", flat=True)) == ids
    assert Person.objects.count() == people


def test_running_again_after_a_community_launches_keeps_the_people_and_their_changes(
    programme, debug
):
    seed()
    services.launch_community(community=Community.objects.get(slug="widening-participation"))
    ids = set(Membership.objects.values_list("pk", flat=True))

    output = seed()

    assert "left as they are" in output
    assert set(Membership.objects.values_list("pk", flat=True)) == ids


def test_a_different_number_of_people_replaces_only_the_synthetic_people(programme, debug, staff):
    community = Community.objects.get(slug="data-and-insight")
    services.join(person=staff, community=community, kind="core")
    kept = Membership.objects.active().get(person=staff, community=community)
    seed()

    seed(people=150)

    assert demo.synthetic_people_queryset().count() == 150
    assert Membership.objects.filter(pk=kept.pk, ended_at__isnull=True).exists()
    assert not Membership.history.filter(person_id__isnull=False, history_type="-").exists()


def test_about_one_in_eight_people_hold_a_core_membership(programme, debug):
    seed()
    synthetic = demo.synthetic_people_queryset()
    active = Q(memberships__ended_at__isnull=True)
    counts = synthetic.annotate(
        core=Count("memberships", filter=active & Q(memberships__kind="core")),
        wider=Count("memberships", filter=active & Q(memberships__kind="wider")),
    )

    core_share = counts.filter(core=1).count() / PEOPLE
    wider_share = counts.filter(wider__gte=1).count() / PEOPLE
    assert 0.10 <= core_share <= 0.15
    assert wider_share > core_share
    assert set(counts.filter(wider__gte=1).values_list("wider", flat=True)) == {1, 2, 3}


def test_the_demo_data_keeps_every_membership_rule(programme, debug):
    seed()
    memberships = Membership.objects.filter(person__in=demo.synthetic_people_queryset())
    active = memberships.active()

    assert (
        not active.values("person").annotate(n=Count("pk", filter=Q(kind="core"))).filter(n__gt=1)
    )
    assert not active.values("person", "community").annotate(n=Count("pk")).filter(n__gt=1)
    assert not memberships.filter(is_lead=True).exclude(kind="core", ended_at__isnull=True)
    assert memberships.filter(is_lead=True).exists()
    assert set(memberships.values_list("community__status", flat=True)) == {"launched"}
    assert set(
        Interest.objects.filter(person__in=demo.synthetic_people_queryset()).values_list(
            "community__status", flat=True
        )
    ) == {"preparing"}


def test_the_demo_has_eighteen_months_of_history_including_people_who_left(programme, debug):
    seed()
    memberships = Membership.objects.filter(person__in=demo.synthetic_people_queryset())
    now = timezone.now()
    earliest = memberships.order_by("joined_at").first().joined_at
    ended = memberships.filter(ended_at__isnull=False)

    assert now - timedelta(days=560) < earliest < now - timedelta(days=365)
    assert ended.count() == round(PEOPLE * demo.LEFT_SHARE)
    assert all(m.joined_at < m.ended_at < now for m in ended)
    hours = {timezone.localtime(m.joined_at).hour for m in memberships}
    assert hours <= set(range(9, 18))


def test_synthetic_people_cannot_sign_in_with_a_password(programme, debug):
    seed()

    passwords = demo.synthetic_people_queryset().values_list("password", flat=True)
    assert not any(is_password_usable(password) for password in passwords)


def test_the_demo_sign_ins_work_with_the_printed_passwords(programme, debug, client):
    output = seed()

    for sign_in in demo.SIGN_INS:
        assert f"{sign_in.email:<32} {sign_in.password}" in output
        assert client.login(email=sign_in.email, password=sign_in.password), sign_in.email
        client.logout()


def test_the_demo_head_has_admin_access_and_the_others_do_not(programme, debug):
    seed()
    head = Person.objects.get(email="head@demo.ucl-cop.invalid")

    assert head.is_head_of_cops
    assert head.is_staff
    assert not Person.objects.filter(
        email__in=["staff@demo.ucl-cop.invalid", "sponsor@demo.ucl-cop.invalid"], is_staff=True
    ).exists()


def test_the_demo_sponsor_stands_in_for_the_planning_sponsor_named_in_the_seed(programme, debug):
    seed()

    planning = PracticeArea.objects.get(slug="planning")
    assert planning.sponsor.email == "sponsor@demo.ucl-cop.invalid"
    assert planning.sponsor_display == "Tom Rowson (demo sign-in)"
    others = PracticeArea.objects.exclude(slug="planning")
    assert [area.sponsor_display for area in others] == [
        "Collette Lux",
        "Fiona Ryland",
        "Wendy Appleby",
        "TBC",
    ]


def test_the_demo_sign_ins_are_repaired_when_the_fixture_is_loaded_again(programme, debug, client):
    seed()
    call_command("loaddata", "ucl_cop", verbosity=0)  # `make run` does this every time.

    seed()

    assert PracticeArea.objects.get(slug="planning").sponsor.email == "sponsor@demo.ucl-cop.invalid"
    assert client.login(email="sponsor@demo.ucl-cop.invalid", password="demo-sponsor-sign-in")


def test_seed_demo_refuses_to_run_without_debug(programme, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="runs only with DJANGO_DEBUG=true"):
        seed()

    assert not Person.objects.filter(email__endswith="@demo.ucl-cop.invalid").exists()


def test_seed_demo_runs_without_debug_when_production_is_explicitly_allowed(programme, settings):
    settings.DEBUG = False

    seed(people=20, allow_production=True)

    assert demo.synthetic_people_queryset().count() == 20


def test_a_negative_number_of_people_is_refused(programme, debug):
    with pytest.raises(CommandError, match="--people must be 0 or more"):
        seed(people=-5)


def activity_snapshot() -> dict:
    return {
        "sessions": sorted(
            Session.objects.values_list(
                "pk", "community__slug", "title", "starts_at", "status", "capacity", "host__email"
            )
        ),
        "rsvps": sorted(
            Rsvp.objects.values_list(
                "pk",
                "session__community__slug",
                "session__starts_at",
                "person__email",
                "status",
                "attended",
                "created_at",
            )
        ),
        "announcements": sorted(
            Announcement.objects.values_list("pk", "community__slug", "subject", "created_at")
        ),
    }


def test_seeding_twice_leaves_the_sessions_rsvps_and_announcements_as_they_are(programme, debug):
    seed()
    first = activity_snapshot()

    output = seed()

    assert "Demo sessions already present" in output
    assert activity_snapshot() == first
    assert first["sessions"]
    assert first["rsvps"]
    assert first["announcements"]


def test_the_same_options_give_the_same_sessions_after_another_seed(programme, debug):
    seed(seed=7)
    first = activity_snapshot()
    seed(seed=8)  # Other people: their sessions are replaced with theirs.

    seed(seed=7)

    def without_ids(snapshot):
        return {
            name: sorted(map(str, (row[1:] for row in rows))) for name, rows in snapshot.items()
        }

    assert without_ids(activity_snapshot()) == without_ids(first)


def test_the_demo_sessions_keep_every_rule_and_email_nobody(programme, debug, mailoutbox):
    seed()
    now = timezone.now()
    sessions = Session.objects.with_rsvp_counts()
    live = Rsvp.objects.exclude(status=Rsvp.Status.CANCELLED)

    assert sessions.values("community").distinct().count() >= 3
    assert sessions.filter(ends_at__lte=now).exists()
    assert sessions.filter(starts_at__gt=now).exists()
    assert not [s for s in sessions if s.capacity is not None and s.going_count > s.capacity]
    full = [s for s in sessions if s.waiting_count]
    assert full
    assert all(s.going_count == s.capacity for s in full)
    assert not live.values("session", "person").annotate(n=Count("pk")).filter(n__gt=1)
    assert not Rsvp.objects.filter(attended__isnull=False, session__ends_at__gt=now).exists()
    assert not Rsvp.objects.filter(attended__isnull=False).exclude(status=Rsvp.Status.GOING)
    past = sessions.filter(ends_at__lte=now, status=Session.Status.SCHEDULED, going_count__gt=0)
    marked = past.filter(rsvps__attended__isnull=False).distinct()
    assert 0.6 <= marked.count() / past.count() < 1  # Most, not all: the report says which.
    hosts_are_core = Membership.objects.filter(
        person=OuterRef("host"), community=OuterRef("community"), kind="core"
    )
    assert not sessions.exclude(Exists(hosts_are_core)).exists()
    assert Announcement.objects.values("community").distinct().count() >= 3
    assert not mailoutbox
    assert not Email.objects.exists()
