"""A member downloads their data from My settings in Chromium, after reading the privacy notice.
Both pages are checked with axe."""

import json

import pytest

from tests.factories import CommunityFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def alice(transactional_db):
    person = PersonFactory(email="alice@ucl.ac.uk", full_name="Alice Adams")
    community = CommunityFactory(name="Data and Insight", slug="data-and-insight")
    MembershipFactory(person=person, community=community, kind="core")
    return person


def test_a_member_downloads_everything_the_portal_holds_about_them(site, alice):
    page = site.page
    site.sign_in_with_cookie(alice)
    site.visit("/privacy/")
    page.get_by_role("link", name="My settings").first.click()
    page.get_by_role("heading", name="Your data").wait_for()
    site.check("settings")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data").click()

    download = download_info.value
    assert download.suggested_filename.startswith("my-cop-portal-data-")
    data = json.loads(download.path().read_text(encoding="utf-8"))
    assert data["membership"]["profile"]["email"] == "alice@ucl.ac.uk"
    assert [row["community"] for row in data["membership"]["memberships"]] == ["Data and Insight"]
