"""The Head anonymises a leaver in Chromium: the button on the person's page, the page that
says what happens (checked with axe at 1280 and 390 px), and the person shown as a former
member afterwards."""

import pytest
from django.contrib.auth.models import Group

from membership.models import HEAD_OF_COPS_GROUP, Person
from tests.activity_factories import ResourceFactory
from tests.factories import CommunityFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def head(transactional_db):
    person = PersonFactory(email="daniela@ucl.ac.uk", full_name="Daniela Head")
    person.groups.add(Group.objects.get(name=HEAD_OF_COPS_GROUP))
    person.refresh_from_db()
    return person


@pytest.fixture
def leaver(transactional_db):
    person = PersonFactory(
        email="zq.smythe@ucl.ac.uk",
        full_name="Zebedee Quarrington-Smythe",
        department="Information Services Division",
    )
    community = CommunityFactory(name="Data and Insight", slug="data-and-insight")
    MembershipFactory(person=person, community=community, kind="core", is_lead=True)
    ResourceFactory(community=community, author=person, title="Month-end checklist")
    return person


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_head_anonymises_a_leaver_after_reading_what_happens(site, head, leaver, width):
    page = site.page
    page.set_viewport_size({"width": width, "height": 900})
    site.sign_in_with_cookie(head)
    site.visit(f"/admin/membership/person/{leaver.pk}/change/")
    page.get_by_role("link", name="Anonymise…").click()
    page.get_by_role("heading", name="What stays, without their name").wait_for()
    site.check(f"confirm-{width}")

    page.get_by_label("Remove them, with their files").check()
    page.get_by_role("button", name="Yes, anonymise them").click()

    page.get_by_text("Anonymised: they are now shown as “A former member”.").wait_for()
    site.check(f"done-{width}")
    assert Person.objects.get(pk=leaver.pk).is_anonymised
