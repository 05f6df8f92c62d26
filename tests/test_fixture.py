"""`loaddata ucl_cop` gives the programme exactly as the seed publishes it."""

from django.contrib.auth.hashers import is_password_usable
from django.core.management import call_command

from communities.models import Community, PracticeArea, ProgrammeContact
from membership.models import Person

SEED_SPONSORS = {
    "Communications and Marketing": "Collette Lux",
    "Human Resources": "Fiona Ryland",
    "Planning": "Tom Rowson",
    "Student Support Services": "Wendy Appleby",
    "Technicians": "TBC",
}

SEED_COMMUNITIES = {
    ("Communications and Marketing", "Student Recruitment", "launched"),
    ("Communications and Marketing", "Internal Communications", "launched"),
    ("Communications and Marketing", "Digital Communications", "launched"),
    ("Communications and Marketing", "Events Management", "launched"),
    ("Human Resources", "Appraisals and inductions", "launched"),
    ("Planning", "Data and Insight", "launched"),
    ("Planning", "Project and Programme Management", "launched"),
    ("Student Support Services", "Widening Participation", "preparing"),
    ("Technicians", "Technical support", "preparing"),
}


def programme_as_loaded():
    return {
        "sponsors": {area.name: area.sponsor_display for area in PracticeArea.objects.all()},
        "communities": set(Community.objects.values_list("practice_area__name", "name", "status")),
        "people": Person.objects.count(),
        "contacts": ProgrammeContact.objects.count(),
    }


def test_the_fixture_gives_the_five_practice_areas_with_their_sponsors(programme):
    assert programme_as_loaded()["sponsors"] == SEED_SPONSORS


def test_the_fixture_gives_the_nine_communities_with_their_published_status(programme):
    assert programme_as_loaded()["communities"] == SEED_COMMUNITIES
    statuses = [status for _, _, status in SEED_COMMUNITIES]
    assert (statuses.count("launched"), statuses.count("preparing")) == (7, 2)


def test_the_fixture_gives_the_head_of_cops_contact(programme):
    contact = ProgrammeContact.current()

    assert (contact.name, contact.email, contact.phone, contact.internal_phone) == (
        "Daniela Bultoc",
        "d.bultoc@ucl.ac.uk",
        "+44 (0)203 108 8838",
        "58838",
    )


def test_sponsors_from_the_seed_cannot_sign_in_or_receive_email(programme):
    sponsors = Person.objects.filter(sponsored_areas__isnull=False)

    assert sponsors.count() == 4
    for sponsor in sponsors:
        assert sponsor.email.endswith(".invalid")
        assert not is_password_usable(sponsor.password)
        assert not sponsor.is_staff
        assert not sponsor.is_superuser


def test_the_fixture_makes_no_sign_ins_beyond_the_sponsors(programme):
    assert Person.objects.count() == 4


def test_loading_the_fixture_twice_changes_nothing(programme):
    before = programme_as_loaded()

    call_command("loaddata", "ucl_cop", verbosity=0)

    assert programme_as_loaded() == before
    assert before["people"] == 4
    assert before["contacts"] == 1
