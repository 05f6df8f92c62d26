"""The list of communities: grouped by practice area, with counts and working filters."""

from datetime import timedelta

import pytest
from django.utils import timezone

from .factories import CommunityFactory, MembershipFactory, PracticeAreaFactory

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.now() - timedelta(days=365)
LAST_MONTH = timezone.now() - timedelta(days=30)


def test_the_seed_programme_is_listed_by_practice_area_with_sponsors(client, programme):
    response = client.get("/communities/")

    assert response.status_code == 200
    text = response.text
    areas = [
        "Communications and Marketing",
        "Human Resources",
        "Planning",
        "Student Support Services",
        "Technicians",
    ]
    positions = [text.index(f">{area}</h2>") for area in areas]
    assert positions == sorted(positions)
    assert "SMT sponsor: <strong>Collette Lux</strong>" in text
    assert "SMT sponsor: <strong>TBC</strong>" in text
    assert "9 communities." in text


def test_each_community_shows_status_summary_and_active_member_counts(client, community):
    MembershipFactory.create_batch(2, community=community, kind="core")
    MembershipFactory(community=community, kind="wider")
    MembershipFactory(community=community, kind="wider", joined_at=LAST_YEAR, ended_at=LAST_MONTH)

    response = client.get("/communities/")

    text = response.text
    assert 'href="/communities/data-and-insight/">Data and Insight</a>' in text
    assert "A community for testing." in text
    assert '<span class="status-badge status-launched">Launched</span>' in text
    assert "<strong>2</strong> core members" in text
    assert "<strong>1</strong> wider member<" in text


def test_closed_communities_are_hidden_until_asked_for(client, community, closed_community):
    default = client.get("/communities/")
    assert "Old Practice" not in default.text
    assert "Data and Insight" in default.text

    closed = client.get("/communities/?status=closed")
    assert "Old Practice" in closed.text
    assert "Data and Insight" not in closed.text


def test_filtering_by_practice_area(client, programme):
    response = client.get("/communities/?practice_area=planning")

    text = response.text
    assert "Data and Insight" in text
    assert "Project and Programme Management" in text
    assert "Events Management" not in text
    assert "2 communities match your filters." in text


def test_filtering_by_status(client, programme):
    response = client.get("/communities/?status=preparing")

    text = response.text
    assert "Widening Participation" in text
    assert "Technical support" in text
    assert "Data and Insight" not in text


def test_searching_names_and_summaries(client, programme):
    by_name = client.get("/communities/?q=events")
    assert "Events Management" in by_name.text
    assert "Student Recruitment" not in by_name.text

    by_summary = client.get("/communities/?q=under-represented")
    assert "Widening Participation" in by_summary.text
    assert "1 community matches your filters." in by_summary.text


def test_filters_combine(client, programme):
    response = client.get("/communities/?practice_area=communications-and-marketing&q=digital")

    assert "Digital Communications" in response.text
    assert "Internal Communications" not in response.text


def test_filtering_to_nothing_says_so_and_offers_to_clear(client, programme):
    response = client.get("/communities/?q=underwater+basket+weaving")

    assert response.status_code == 200
    assert "No communities match these filters" in response.text
    assert 'href="/communities/">Clear the filters' in response.text


def test_unknown_filter_values_are_explained_not_crashed_on(client, programme):
    response = client.get("/communities/?practice_area=nowhere&status=exploded")

    assert response.status_code == 200
    assert "Choose a practice area from the list." in response.text
    assert "Choose a status from the list." in response.text
    assert "Data and Insight" in response.text


def test_the_filter_form_works_without_javascript(client, programme):
    response = client.get("/communities/")

    text = response.text
    assert '<form method="get" action="/communities/"' in text
    assert 'name="q"' in text
    assert 'name="practice_area"' in text
    assert 'name="status"' in text
    assert '<option value="planning">Planning</option>' in text


def test_an_area_with_only_closed_communities_is_not_shown_by_default(client):
    area = PracticeAreaFactory(name="Estates")
    CommunityFactory(practice_area=area, status="closed")

    response = client.get("/communities/")

    assert ">Estates</h2>" not in response.text


def test_signed_in_staff_core_elsewhere_see_the_same_list(client_for, staff, community):
    other = CommunityFactory(name="Archives")
    MembershipFactory(person=staff, community=other, kind="core")

    response = client_for(staff).get("/communities/")

    assert response.status_code == 200
    assert "Data and Insight" in response.text
    assert "Archives" in response.text
    assert "<strong>1</strong> core member<" in response.text


def test_a_community_in_preparation_shows_registered_interest_not_empty_member_counts(
    client, preparing_community
):
    from .factories import InterestFactory

    InterestFactory.create_batch(3, community=preparing_community)

    response = client.get("/communities/?status=preparing")

    card = response.text.split('id="community-widening-participation"')[1].split("</article>")[0]
    assert "<strong>3</strong> people registered interest" in card
    assert "core member" not in card
    assert "wider member" not in card
