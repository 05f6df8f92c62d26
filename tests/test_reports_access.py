"""Who may see which reports: sponsors their own areas, the Head and superusers everything."""

import pytest
from django.urls import reverse

from .factories import CommunityFactory, PracticeAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_area(db, other_staff):
    return PracticeAreaFactory(name="Human Resources", slug="human-resources", sponsor=other_staff)


def _index():
    return reverse("report-index")


def _area(slug):
    return reverse("report-area", kwargs={"slug": slug})


def _export(slug, table="communities"):
    return reverse("report-export", kwargs={"slug": slug}) + f"?table={table}"


def test_anonymous_visitor_is_sent_to_sign_in_and_back(client, sponsored_area):
    for url in (_index(), _area("planning"), _export("planning")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert "next=" in response["Location"]


def test_staff_without_a_role_get_the_friendly_forbidden_page(client, staff, sponsored_area):
    client.force_login(staff)
    response = client.get(_index())
    assert response.status_code == 403
    assert "You do not have access" in response.content.decode()
    assert client.get(_area("planning")).status_code == 403
    assert client.get(_export("planning")).status_code == 403


def test_staff_without_a_role_see_no_reports_link(client, staff):
    client.force_login(staff)
    response = client.get(reverse("home"))
    assert not response.context["can_see_reports"]
    assert reverse("report-index") not in response.content.decode()


def test_sponsor_sees_only_their_own_areas_on_the_index(
    client, sponsor, sponsored_area, other_area
):
    client.force_login(sponsor)
    response = client.get(_index())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Planning" in page
    assert "Human Resources" not in page
    assert "Programme summary" not in page


def test_sponsor_opens_their_own_area_report(client, sponsor, sponsored_area):
    client.force_login(sponsor)
    response = client.get(_area("planning"))
    assert response.status_code == 200
    assert "Planning: report" in response.content.decode()


def test_sponsor_gets_not_found_for_another_sponsors_area(
    client, sponsor, sponsored_area, other_area
):
    client.force_login(sponsor)
    assert client.get(_area("human-resources")).status_code == 404
    assert client.get(_export("human-resources")).status_code == 404
    assert client.get(_export("human-resources", "members")).status_code == 404


def test_unknown_area_is_not_found(client, head):
    client.force_login(head)
    assert client.get(_area("no-such-area")).status_code == 404


def test_sponsor_sees_the_reports_link(client, sponsor, sponsored_area):
    client.force_login(sponsor)
    response = client.get(reverse("home"))
    assert response.context["can_see_reports"]
    assert f'href="{reverse("report-index")}"' in response.content.decode()


def test_head_sees_every_area_and_the_programme_summary(client, head, sponsored_area, other_area):
    client.force_login(head)
    response = client.get(_index())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Programme summary" in page
    assert "Planning" in page
    assert "Human Resources" in page
    assert client.get(_area("planning")).status_code == 200
    assert client.get(_area("human-resources")).status_code == 200


def test_superuser_sees_every_area(client, superuser, sponsored_area, other_area):
    client.force_login(superuser)
    assert "Programme summary" in client.get(_index()).content.decode()
    assert client.get(_area("human-resources")).status_code == 200
    assert client.get(_export("human-resources")).status_code == 200


def test_former_sponsor_loses_access_when_the_area_changes_hands(
    client, sponsor, other_staff, sponsored_area
):
    sponsored_area.sponsor = other_staff
    sponsored_area.save()
    client.force_login(sponsor)
    assert client.get(_index()).status_code == 403
    assert client.get(_area("planning")).status_code == 403


def test_area_without_a_sponsor_is_seen_by_the_head_only(client, head, sponsor, sponsored_area):
    PracticeAreaFactory(name="Technicians", slug="technicians", sponsor=None)
    CommunityFactory(practice_area=sponsored_area)
    client.force_login(head)
    assert "TBC" in client.get(_area("technicians")).content.decode()
    client.force_login(sponsor)
    assert client.get(_area("technicians")).status_code == 404


def test_reports_are_read_only(client, head, sponsored_area):
    client.force_login(head)
    assert client.post(_index()).status_code == 405
    assert client.post(_area("planning")).status_code == 405
