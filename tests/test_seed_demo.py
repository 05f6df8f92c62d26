"""`manage.py seed_demo`: repeatable synthetic staff that keep every rule, and demo sign-ins."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.hashers import is_password_usable
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.html import escape

from activities import uploads
from activities.models import (
    Announcement,
    Project,
    ProjectMember,
    Resource,
    ResourceTag,
    Rsvp,
    Session,
)
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
        signed_in = client.post(
            "/accounts/login/", {"username": sign_in.email, "password": sign_in.password}
        )
        assert signed_in.status_code == 302, sign_in.email
        client.post("/accounts/logout/")


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
    signed_in = client.post(
        "/accounts/login/",
        {"username": "sponsor@demo.ucl-cop.invalid", "password": "demo-sponsor-sign-in"},
    )
    assert signed_in.status_code == 302


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


# Projects, resources and community pages ------------------------------------------------------


def practice_snapshot() -> dict:
    return {
        "projects": sorted(
            map(
                str,
                Project.objects.values_list(
                    "community__slug",
                    "title",
                    "status",
                    "lead__email",
                    "created_by__email",
                    "started_on",
                    "completed_on",
                    "created_at",
                ),
            )
        ),
        "participants": sorted(
            map(
                str,
                ProjectMember.objects.values_list(
                    "project__title", "project__community__slug", "person__email", "joined_at"
                ),
            )
        ),
        "resources": sorted(
            map(
                str,
                Resource.objects.values_list(
                    "community__slug",
                    "title",
                    "kind",
                    "url",
                    "file_name",
                    "file_type",
                    "file_size",
                    "author__email",
                    "created_at",
                ),
            )
        ),
        "tags": sorted(
            map(
                str,
                ResourceTag.objects.values_list(
                    "resource__title", "resource__community__slug", "name"
                ),
            )
        ),
        "pages": sorted(Community.objects.values_list("slug", "description", "how_we_meet")),
    }


def test_every_launched_demo_community_has_a_page_worth_visiting(programme, debug, client):
    seed()
    client.force_login(Person.objects.get(email="staff@demo.ucl-cop.invalid"))
    launched = Community.objects.launched()

    missing = {}
    for community in launched:
        page = client.get(community.get_absolute_url()).text
        lead = Membership.objects.active().filter(community=community, is_lead=True).first()
        upcoming = Session.objects.upcoming().filter(community=community).first()
        project = Project.objects.open().filter(community=community).first()
        resource = Resource.objects.visible().filter(community=community).first()
        wanted = {
            "description": " ".join(community.description.split()[:6]),
            "how we meet": community.how_we_meet and "How we meet",
            "leads": lead and lead.person.display_name,
            "sessions": upcoming and upcoming.title,
            "projects": project and project.title,
            "resources": resource and resource.title,
        }
        absent = [what for what, text in wanted.items() if not text or escape(text) not in page]
        if absent:
            missing[community.slug] = absent

    assert launched.count() == 7
    assert missing == {}


def test_the_demo_projects_keep_every_rule(programme, debug):
    seed()
    projects = Project.objects.all()
    active_core = Membership.objects.active().core()

    assert set(projects.values_list("status", flat=True)) == {"proposed", "active", "completed"}
    assert Project.objects.needing_a_lead().exists()  # A lead left: the page says so.
    assert not projects.filter(status="completed").filter(
        Q(outcome="") | Q(completed_on__isnull=True) | Q(started_on__gt=F("completed_on"))
    )
    assert not projects.filter(status="proposed", started_on__isnull=False)
    led = projects.open().filter(lead__isnull=False)
    lead_is_core = active_core.filter(person=OuterRef("lead"), community=OuterRef("community"))
    assert not led.exclude(Exists(lead_is_core)).exists()
    places = ProjectMember.objects.all()
    assert places.count() > projects.count()
    assert not places.filter(person=F("project__lead")).exists()
    member = Membership.objects.active().filter(
        person=OuterRef("person"), community=OuterRef("project__community")
    )
    assert not places.exclude(Exists(member)).exists()
    live = places.filter(left_at__isnull=True)
    assert not live.values("project", "person").annotate(n=Count("pk")).filter(n__gt=1)
    assert not places.filter(joined_at__lt=F("project__created_at"))
    assert not places.filter(left_at__lte=F("joined_at"))


def test_the_demo_libraries_hold_real_files_of_every_allowed_type_and_links(
    programme, debug, mailoutbox
):
    seed()
    resources = Resource.objects.all()
    files = resources.exclude(file="")

    assert set(files.values_list("file_type", flat=True)) == set(uploads.TYPES)
    assert resources.filter(kind="link").exclude(url="").exists()
    assert not resources.filter(hidden=True).exists()
    for resource in files:
        with default_storage.open(resource.file.name) as stored:
            content = stored.read()
        checked = uploads.check_upload(ContentFile(content, name=resource.file_name))
        assert checked.content_type == resource.file_type, resource.file_name
        assert len(content) == resource.file_size < 20_000
        assert resource.file_name == checked.name
    assert ResourceTag.objects.filter(resource__in=resources).exists()
    assert not mailoutbox
    assert not Email.objects.exists()


def test_seeding_twice_leaves_projects_resources_and_pages_as_they_are(programme, debug):
    seed()
    first = practice_snapshot()
    stored = sorted(Resource.objects.exclude(file="").values_list("file", flat=True))

    output = seed()

    assert "Demo projects and resources already present" in output
    assert "Wrote the page" not in output
    assert practice_snapshot() == first
    assert sorted(Resource.objects.exclude(file="").values_list("file", flat=True)) == stored
    assert first["projects"]
    assert first["resources"]


def test_the_same_options_give_the_same_projects_and_resources_after_another_seed(programme, debug):
    seed(seed=7)
    first = practice_snapshot()
    seed(seed=8)  # Other people: their projects and resources are replaced with theirs.
    assert practice_snapshot()["projects"] != first["projects"]

    seed(seed=7)

    assert practice_snapshot() == first


def test_replacing_the_synthetic_people_removes_their_stored_files(
    programme, debug, django_capture_on_commit_callbacks
):
    seed()
    old = list(Resource.objects.exclude(file="").values_list("file", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        seed(people=150)

    assert old
    assert not [name for name in old if default_storage.exists(name)]
    assert all(
        default_storage.exists(name)
        for name in Resource.objects.exclude(file="").values_list("file", flat=True)
    )


def test_a_page_that_someone_wrote_is_never_overwritten(programme, debug):
    Community.objects.filter(slug="data-and-insight").update(description="Our own words.")

    seed()

    data = Community.objects.get(slug="data-and-insight")
    assert data.description == "Our own words."
    assert data.how_we_meet  # Still empty before, so the demo filled it in.
