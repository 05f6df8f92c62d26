"""A community's member and interest counts are columns the database keeps exact, in the same
transaction as every write of a membership or interest, whoever makes it: the services, the
Head's import, bulk_create, QuerySet.update(), deletes. `recount_communities` finds and fixes
any drift.

Runs on SQLite and, with DATABASE_URL set, on PostgreSQL (each has its own triggers).
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from communities.models import Community
from membership import services
from membership.models import Interest, Membership

from .factories import CommunityFactory, InterestFactory, MembershipFactory, PersonFactory


def counts(community: Community) -> tuple[int, int, int]:
    """The community's counters as stored now: (core, wider, interest)."""
    row = Community.objects.values_list("core_count", "wider_count", "interest_count")
    return row.get(pk=community.pk)


def counted(community: Community) -> tuple[int, int, int]:
    """The same, counted from the rows."""
    active = Membership.objects.active().filter(community=community)
    return (
        active.core().count(),
        active.wider().count(),
        Interest.objects.filter(community=community).count(),
    )


def assert_exact(*communities: Community) -> None:
    for community in communities:
        assert counts(community) == counted(community), community.slug


def recount(*args) -> str:
    out = StringIO()
    call_command("recount_communities", *args, stdout=out)
    return out.getvalue()


# The services ----------------------------------------------------------------------------------


def test_joining_counts_at_once(staff, other_staff, community):
    services.join(person=staff, community=community, kind="core")
    services.join(person=other_staff, community=community, kind="wider")

    assert counts(community) == (1, 1, 0)


def test_leaving_counts_down_and_the_row_stays(staff, community):
    services.join(person=staff, community=community, kind="core")
    services.leave(person=staff, community=community)

    assert counts(community) == (0, 0, 0)
    assert Membership.objects.filter(community=community).count() == 1


@pytest.mark.parametrize("leave_previous", [False, True])
def test_switching_core_counts_in_both_communities(
    staff, community, other_community, leave_previous
):
    services.join(person=staff, community=community, kind="core")
    services.join(
        person=staff,
        community=other_community,
        kind="core",
        switch_core=True,
        leave_previous=leave_previous,
    )

    assert counts(community) == ((0, 0, 0) if leave_previous else (0, 1, 0))
    assert counts(other_community) == (1, 0, 0)


def test_becoming_core_here_moves_the_core_from_elsewhere(staff, community, other_community):
    services.join(person=staff, community=community, kind="core")
    services.join(person=staff, community=other_community, kind="wider")
    services.change_kind(person=staff, community=other_community, kind="core", switch_core=True)

    assert counts(community) == (0, 1, 0)
    assert counts(other_community) == (1, 0, 0)


def test_changing_kind_moves_one_count_to_the_other(staff, community):
    services.join(person=staff, community=community, kind="wider")
    services.change_kind(person=staff, community=community, kind="core")
    assert counts(community) == (1, 0, 0)

    services.change_kind(person=staff, community=community, kind="wider")
    assert counts(community) == (0, 1, 0)


def test_appointing_a_lead_changes_no_count(staff, community):
    change = services.join(person=staff, community=community, kind="core")
    services.set_lead(membership=change.membership, is_lead=True)

    assert counts(community) == (1, 0, 0)


def test_closing_ends_every_count_but_interest_and_reopening_keeps_them(staff, other_staff):
    community = CommunityFactory(status=Community.Status.PREPARING)
    services.register_interest(person=other_staff, community=community)
    services.launch_community(community=community)
    services.join(person=staff, community=community, kind="core")
    services.join(person=other_staff, community=community, kind="wider")
    assert counts(community) == (1, 1, 1)

    services.close_community(community=community)
    assert counts(community) == (0, 0, 1)

    services.reopen_community(community=community)
    assert counts(community) == (0, 0, 1)


def test_registering_and_withdrawing_interest_counts(staff, other_staff, preparing_community):
    services.register_interest(person=staff, community=preparing_community)
    services.register_interest(person=other_staff, community=preparing_community)
    assert counts(preparing_community) == (0, 0, 2)

    services.withdraw_interest(person=staff, community=preparing_community)
    assert counts(preparing_community) == (0, 0, 1)


def test_the_head_s_import_counts_only_when_confirmed(
    head, staff, other_staff, community, client_for
):
    client = client_for(head)
    upload = SimpleUploadedFile(
        "memberships.csv",
        b"email,community,kind\nalice@ucl.ac.uk,data-and-insight,core\n"
        b"bob@ucl.ac.uk,data-and-insight,wider\n",
    )
    page = client.post(
        reverse("admin:membership_membership_import"),
        {"resource": "0", "format": "0", "import_file": upload},
    )
    # The preview is a dry run rolled back: the triggers' counts roll back with it.
    assert counts(community) == (0, 0, 0)

    client.post(
        reverse("admin:membership_membership_process_import"),
        page.context["confirm_form"].initial,
    )
    assert counts(community) == (1, 1, 0)


# Writes that go around the services ------------------------------------------------------------


def test_bulk_create_counts_every_row(community, other_community, preparing_community):
    people = PersonFactory.create_batch(6)
    Membership.objects.bulk_create(
        [
            Membership(person=people[0], community=community, kind="core"),
            Membership(person=people[1], community=community, kind="wider"),
            Membership(person=people[2], community=community, kind="wider"),
            Membership(person=people[3], community=other_community, kind="core"),
            # Ended already: history, not a member.
            Membership(
                person=people[4],
                community=community,
                kind="core",
                joined_at=timezone.now() - timedelta(days=9),
                ended_at=timezone.now() - timedelta(days=1),
            ),
        ]
    )
    Interest.objects.bulk_create(
        [Interest(person=person, community=preparing_community) for person in people]
    )

    assert counts(community) == (1, 2, 0)
    assert counts(other_community) == (1, 0, 0)
    assert counts(preparing_community) == (0, 0, 6)


def test_factories_count_too(community):
    MembershipFactory(community=community, kind="core")
    MembershipFactory(community=community)

    assert counts(community) == (1, 1, 0)


def test_queryset_update_of_ended_at_counts_in_every_community_it_touches(
    community, other_community
):
    for target in (community, other_community, other_community):
        MembershipFactory(community=target, kind="wider")
    MembershipFactory(community=community, kind="core")

    Membership.objects.filter(kind="wider").update(ended_at=timezone.now())
    assert counts(community) == (1, 0, 0)
    assert counts(other_community) == (0, 0, 0)

    # Restarting them (an undo by hand) counts them again.
    Membership.objects.filter(kind="wider").update(ended_at=None)
    assert counts(community) == (1, 1, 0)
    assert counts(other_community) == (0, 2, 0)


def test_queryset_update_of_kind_and_community_moves_the_counts(community, other_community):
    membership = MembershipFactory(community=community, kind="wider")
    interest = InterestFactory(community=community)

    Membership.objects.filter(pk=membership.pk).update(kind="core", community=other_community)
    Interest.objects.filter(pk=interest.pk).update(community=other_community)

    assert counts(community) == (0, 0, 0)
    assert counts(other_community) == (1, 0, 1)


def test_an_update_that_changes_nothing_counted_leaves_the_counts(community):
    MembershipFactory(community=community, kind="core")
    Membership.objects.update(confirmed_at=timezone.now(), is_lead=True)
    Interest.objects.update(notified_at=timezone.now())

    assert counts(community) == (1, 0, 0)


def test_deleting_rows_counts_down(community, preparing_community):
    active = MembershipFactory(community=community, kind="core")
    ended = MembershipFactory(
        community=community,
        kind="wider",
        joined_at=timezone.now() - timedelta(days=9),
        ended_at=timezone.now(),
    )
    interest = InterestFactory(community=preparing_community)
    InterestFactory(community=preparing_community)

    Membership.objects.filter(pk__in=[active.pk, ended.pk]).delete()
    interest.person.delete()  # Their interest goes with them (CASCADE).

    assert counts(community) == (0, 0, 0)
    assert counts(preparing_community) == (0, 0, 1)


# Nothing in Python writes them back ------------------------------------------------------------


def test_saving_a_community_read_before_a_join_keeps_the_join(staff, community):
    stale = Community.objects.get(pk=community.pk)
    services.join(person=staff, community=community, kind="core")

    stale.summary = "Edited while someone joined."
    stale.save()

    assert counts(community) == (1, 0, 0)
    assert Community.objects.get(pk=community.pk).summary == "Edited while someone joined."


def test_a_community_saved_with_made_up_counts_keeps_the_real_ones(community):
    MembershipFactory(community=community, kind="core")
    community.core_count, community.wider_count, community.interest_count = 40, 50, 60
    community.save()

    assert counts(community) == (1, 0, 0)


def test_a_community_rebuilt_with_its_key_keeps_the_counts(community):
    # As an old version from the history would be, if it were ever saved back.
    MembershipFactory(community=community, kind="wider")
    rebuilt = Community.history.earliest().instance
    rebuilt.summary = "As it was."
    rebuilt.save()

    assert counts(community) == (0, 1, 0)
    assert Community.objects.get(pk=community.pk).summary == "As it was."


def test_a_new_community_starts_at_zero_whatever_it_is_given(community):
    given = Community.objects.create(
        name="Given counts", slug="given", practice_area=community.practice_area, wider_count=3
    )
    keyed = Community(
        pk=community.pk + 100,  # A key set by hand, for a row that does not exist yet.
        name="Hand made",
        slug="hand-made",
        practice_area=community.practice_area,
        core_count=5,
    )
    keyed.save()

    assert counts(given) == (0, 0, 0)
    assert counts(keyed) == (0, 0, 0)


def test_the_counters_are_written_only_when_named(community):
    community.core_count = 7
    community.save(update_fields=["core_count"])

    assert counts(community) == (7, 0, 0)


def test_the_head_editing_a_community_in_the_admin_keeps_the_counts(head, community, client_for):
    stale = Community.objects.get(pk=community.pk)
    MembershipFactory(community=community, kind="wider")
    url = reverse("admin:communities_community_change", args=[community.pk])
    client = client_for(head)
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["summary"] = "A new summary."

    assert client.post(url, data).status_code == 302
    assert counts(community) == (0, 1, 0)
    assert stale.wider_count == 0  # What the page read before: never written back.


def test_loading_the_programme_again_keeps_the_counts(programme):
    community = Community.objects.filter(status=Community.Status.LAUNCHED).first()
    MembershipFactory(community=community, kind="core")

    # loaddata saves rows raw, past Community.save(), and overwrites them.
    call_command("loaddata", "ucl_cop", verbosity=0)
    call_command("load_programme", stdout=StringIO())

    assert counts(community) == (1, 0, 0)


def test_a_dump_leaves_the_counters_out(community):
    MembershipFactory(community=community, kind="core")
    out = StringIO()
    call_command("dumpdata", "communities.community", stdout=out)

    assert "core_count" not in out.getvalue()


def test_the_history_leaves_the_counters_out(staff, community):
    history = Community.history.model
    assert not {"core_count", "wider_count", "interest_count"} & {
        field.name for field in history._meta.get_fields()
    }
    before = community.history.count()

    services.join(person=staff, community=community, kind="core")

    assert community.history.count() == before  # A join is not a change of the community.


def test_the_triggers_are_installed(db):
    # A table rebuilt by a later migration (SQLite) would lose them: this names the loss.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = {row[0] for row in cursor.fetchall()}
    assert {
        f"{table}_counts_{event}"
        for table in ("membership", "interest")
        for event in ("insert", "update", "delete")
    } <= names


# recount_communities ---------------------------------------------------------------------------


def test_recount_reports_and_fixes_drift_then_finds_none(community, preparing_community):
    MembershipFactory(community=community, kind="core")
    MembershipFactory(community=community, kind="wider")
    InterestFactory(community=preparing_community)
    with connection.cursor() as cursor:
        # Around the triggers, as a restored backup or a hand-written UPDATE would.
        cursor.execute(
            "UPDATE communities_community SET core_count = 12, wider_count = 0 WHERE id = %s",
            [community.pk],
        )
        cursor.execute(
            "UPDATE communities_community SET interest_count = 3 WHERE id = %s",
            [preparing_community.pk],
        )

    report = recount()

    assert report.splitlines()[:3] == [
        "data-and-insight: core 12 -> 1",
        "data-and-insight: wider 0 -> 1",
        "widening-participation: interest 3 -> 1",
    ]
    assert "fixed 3 counters" in report
    assert_exact(community, preparing_community)
    assert recount() == "Counted 2 communities: every counter was right.\n"


def test_recount_check_only_reports_and_fails(community):
    MembershipFactory(community=community, kind="core")
    Community.objects.filter(pk=community.pk).update(core_count=0)

    with pytest.raises(CommandError, match="1 counter had drifted"):
        recount("--check")

    assert counts(community) == (0, 0, 0)  # Not fixed.
    recount()
    assert recount("--check").endswith("every counter was right.\n")


def test_the_demo_data_is_counted_exactly_and_again_when_it_is_replaced(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", people=300, stdout=StringIO())
    assert "every counter was right" in recount("--check")
    assert Community.objects.filter(core_count__gt=0).exists()

    # Another size replaces the synthetic people: their memberships go in one raw DELETE.
    call_command("seed_demo", people=120, stdout=StringIO())
    assert "every counter was right" in recount("--check")
