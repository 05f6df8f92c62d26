"""A person's page in the admin shows their memberships and interests, read-only."""

from datetime import UTC, datetime

from django.urls import reverse

from .factories import InterestFactory, MembershipFactory


def test_a_person_s_page_lists_their_memberships_and_interests(
    head, staff, community, other_community, preparing_community, client_for
):
    core = MembershipFactory(
        person=staff,
        community=community,
        kind="core",
        is_lead=True,
        joined_at=datetime(2025, 2, 3, 12, 0, tzinfo=UTC),
    )
    MembershipFactory(
        person=staff,
        community=other_community,
        joined_at=datetime(2024, 1, 1, 12, 0, tzinfo=UTC),
        ended_at=datetime(2024, 6, 1, 12, 0, tzinfo=UTC),
    )
    InterestFactory(person=staff, community=preparing_community)

    page = client_for(head).get(reverse("admin:membership_person_change", args=[staff.pk]))

    text = page.text
    assert "Memberships and interests" in text
    change = reverse("admin:membership_membership_change", args=[core.pk])
    assert f'<a href="{change}">Data and Insight</a>' in text
    assert "<td>Core, lead</td><td>3 Feb 2025</td><td>Active</td>" in text
    assert "Events Management" in text
    assert "<td>1 Jan 2024</td><td>1 Jun 2024</td>" in text
    assert '<th scope="row">Widening Participation</th><td>Preparations underway</td>' in text
    assert "<td>Not yet</td>" in text


def test_someone_with_neither_says_so_and_offers_a_membership(head, staff, client_for):
    page = client_for(head).get(reverse("admin:membership_person_change", args=[staff.pk]))

    assert 'None. <a href="/admin/membership/membership/add/">Add a membership</a>' in page.text


def test_saving_the_person_still_needs_only_their_details(head, staff, client_for):
    MembershipFactory(person=staff, kind="core")
    url = reverse("admin:membership_person_change", args=[staff.pk])

    response = client_for(head).post(
        url,
        {
            "email": "alice@ucl.ac.uk",
            "full_name": "Alice Adams-Smith",
            "department": "Finance",
            "job_title": "Analyst",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.full_name == "Alice Adams-Smith"
