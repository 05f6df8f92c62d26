"""`load_programme` adds what the programme lacks and never undoes the Head's changes."""

from io import StringIO

from django.core.management import call_command

from communities.models import Community, PracticeArea, ProgrammeContact
from membership import services
from membership.models import Membership, Person


def load() -> str:
    out = StringIO()
    call_command("load_programme", stdout=out)
    return out.getvalue()


def community_state():
    return set(Community.objects.values_list("slug", "name", "status"))


def test_the_first_load_creates_the_whole_programme(db):
    output = load()

    assert PracticeArea.objects.count() == 5
    assert Community.objects.count() == 9
    assert Person.objects.count() == 4
    assert ProgrammeContact.objects.count() == 1
    assert "19 created, 0 kept" in output


def test_loading_again_keeps_launches_closures_members_and_renames(db, staff):
    load()
    preparing = Community.objects.get(slug="widening-participation")
    services.launch_community(community=preparing)
    services.join(person=staff, community=preparing, kind="core")
    closed = Community.objects.get(slug="student-recruitment")
    services.close_community(community=closed)
    PracticeArea.objects.filter(slug="planning").update(name="Planning and Insight")
    ProgrammeContact.objects.update(phone="+44 20 0000 0000")
    before = community_state()

    output = load()

    assert community_state() == before
    assert Community.objects.get(slug="widening-participation").status == "launched"
    assert Community.objects.get(slug="student-recruitment").status == "closed"
    assert Membership.objects.filter(community=preparing, ended_at__isnull=True).count() == 1
    assert PracticeArea.objects.get(slug="planning").name == "Planning and Insight"
    assert ProgrammeContact.objects.get().phone == "+44 20 0000 0000"
    assert "0 created, 19 kept" in output


def test_loading_again_creates_rows_the_database_lacks(db):
    load()
    Community.objects.filter(slug="technical-support").delete()
    PracticeArea.objects.filter(slug="technicians").delete()

    output = load()

    area = PracticeArea.objects.get(slug="technicians")
    community = Community.objects.get(slug="technical-support")
    assert (community.practice_area, community.status) == (area, "preparing")
    assert "2 created, 17 kept" in output


def test_a_community_whose_slug_the_head_changed_is_not_created_twice(db):
    load()
    Community.objects.filter(slug="data-and-insight").update(slug="data-insight")

    load()

    assert Community.objects.filter(name="Data and Insight").count() == 1
    assert Community.objects.count() == 9


def test_a_contact_the_head_replaced_is_not_joined_by_the_seeds_again(db):
    load()
    ProgrammeContact.objects.all().delete()
    ProgrammeContact.objects.create(name="New Head", email="new.head@ucl.ac.uk")

    load()

    assert list(ProgrammeContact.objects.values_list("name", flat=True)) == ["New Head"]


def test_the_footer_shows_the_contact_as_soon_as_it_is_loaded(db):
    assert ProgrammeContact.cached() is None  # A page served before the load caches "none".

    load()

    assert ProgrammeContact.cached().name == "Daniela Bultoc"
