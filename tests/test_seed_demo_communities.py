"""`seed_demo --communities N`: a catalogue at UCL's scale, for load tests (issue 17)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from communities.models import Community
from membership.models import Membership
from ucl_cop import demo
from ucl_cop.demo import catalogue

PEOPLE = 150
MADE_UP = [f"{topic}{site}" for _, topic, site in catalogue.made_up()]


@pytest.fixture(autouse=True)
def debug(settings):
    settings.DEBUG = True


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **{"people": PEOPLE, **options})
    return out.getvalue()


def test_made_up_communities_fill_the_catalogue_over_every_practice_area(db):
    output = seed(communities=40)

    made_up = Community.objects.filter(name__in=MADE_UP)
    assert Community.objects.count() == 40
    assert "Added 31 made-up communities in 5 practice areas (40 communities in all)" in output
    assert set(made_up.values_list("practice_area__slug", flat=True)) == set(catalogue.TOPICS)
    preparing = made_up.filter(status="preparing")
    assert preparing.count() == 6  # every fifth
    assert not preparing.exclude(launched_on=None).exists()
    assert not made_up.filter(status="launched", launched_on=None).exists()
    assert all(community.history.exists() for community in made_up)
    social = Community.objects.get(slug="social-media")
    assert social.summary == "Staff who meet to compare how they approach social media."


def test_synthetic_people_join_the_made_up_communities_too(db):
    seed(communities=40)

    synthetic = demo.synthetic_people_queryset()
    joined = Membership.objects.filter(person__in=synthetic).values("community").distinct()
    assert joined.count() > 20  # of 32 launched; the programme alone has 7


def test_a_second_run_changes_nothing_and_a_larger_one_remakes_the_people(db):
    seed(communities=30)
    first = sorted(Membership.objects.values_list("person__email", "community__slug", "kind"))

    again = seed(communities=30)
    smaller = seed(communities=12)

    assert "made-up" not in again + smaller
    assert "already present" in again
    assert (
        sorted(Membership.objects.values_list("person__email", "community__slug", "kind")) == first
    )
    assert Community.objects.count() == 30

    larger = seed(communities=45)
    assert "Added 15 made-up communities" in larger
    assert "Removed the" in larger  # the people were made again, over 45 communities
    assert Community.objects.count() == 45


def test_the_same_number_always_gives_the_same_communities(db):
    seed(people=0, communities=25)

    made_up = Community.objects.filter(name__in=MADE_UP).values_list("name", flat=True)
    assert sorted(made_up) == sorted(MADE_UP[:16])  # the programme has nine of its own


def test_more_communities_than_it_can_name_is_refused(db):
    with pytest.raises(CommandError, match="--communities can be at most"):
        seed(people=0, communities=catalogue.most() + 100)
