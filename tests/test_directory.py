"""The member directory: who belongs to a community, for signed-in staff, with privacy kept.

Leads first; sorted by name, department or date joined; searched by name; 50 to a page. People
hidden from lists are left out but counted. Email addresses only for the Head and superusers;
the CSV for the community's leads and the Head only.
"""

import csv
import io
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from membership.models import Membership

from .factories import CommunityFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = "/communities/data-and-insight/members/"


def _joined(year: int, month: int) -> datetime:
    return datetime(year, month, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def members(community, staff):
    """Data and Insight: Lena leads it; Carl is core; Alice (staff), Zed and Hana are wider
    members. Hana chose to be hidden from lists; Olga left last year."""
    lena = PersonFactory(
        full_name="Lena Lead",
        email="lena@ucl.ac.uk",
        job_title="Head of Insight",
        department="Planning",
    )
    carl = PersonFactory(
        full_name="Carl Core", email="carl@ucl.ac.uk", job_title="Analyst", department="Estates"
    )
    zed = PersonFactory(
        full_name="Zed Wider", email="zed@ucl.ac.uk", job_title="Officer", department=""
    )
    hana = PersonFactory(full_name="Hana Hidden", email="hana@ucl.ac.uk", hidden_from_lists=True)
    olga = PersonFactory(full_name="Olga Old", email="olga@ucl.ac.uk")
    MembershipFactory(
        person=lena, community=community, kind="core", is_lead=True, joined_at=_joined(2024, 6)
    )
    MembershipFactory(person=carl, community=community, kind="core", joined_at=_joined(2024, 1))
    MembershipFactory(person=staff, community=community, kind="wider", joined_at=_joined(2025, 3))
    MembershipFactory(person=zed, community=community, kind="wider", joined_at=_joined(2024, 9))
    MembershipFactory(person=hana, community=community, kind="wider", joined_at=_joined(2024, 2))
    MembershipFactory(
        person=olga,
        community=community,
        joined_at=_joined(2023, 1),
        ended_at=timezone.now() - timedelta(days=200),
    )
    return SimpleNamespace(lena=lena, carl=carl, alice=staff, zed=zed, hana=hana, olga=olga)


def _names(response) -> list[str]:
    """The names in the directory's table, top to bottom."""
    rows = response.text.split('class="directory-name">')[1:]
    return [row.split("<", 1)[0].strip() for row in rows]


def _csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


# Who may see it ---------------------------------------------------------------------------------


def test_anonymous_visitors_are_asked_to_sign_in_first(client, members):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_an_unknown_community_answers_a_friendly_404(client_for, staff):
    response = client_for(staff).get("/communities/no-such-community/members/")

    assert response.status_code == 404
    assert "Page not found" in response.text or "not found" in response.text.lower()


def test_any_signed_in_member_of_staff_sees_the_members_with_their_details(
    client_for, other_staff, members
):
    response = client_for(other_staff).get(URL)

    assert response.status_code == 200
    text = response.text
    assert "Head of Insight" in text
    assert "Planning" in text
    assert 'data-label="Membership"><span>Core <span class="lead-badge">Lead</span>' in text
    assert 'data-label="Membership"><span>Wider</span></td>' in text
    assert "10 June 2024" in text
    assert "Olga Old" not in text  # She left.


# Privacy ----------------------------------------------------------------------------------------


def test_a_hidden_person_is_absent_from_the_directory_but_present_in_the_counts(
    client, client_for, other_staff, members
):
    directory = client_for(other_staff).get(URL).text
    page = client.get("/communities/data-and-insight/").text

    assert "Hana Hidden" not in directory
    assert "5 members: 2 core and 3 wider." in directory
    assert "1 of them is not listed here, at their own request." in directory
    assert "4 members listed." in directory
    assert "2 core, 3 wider" in page


def test_a_hidden_lead_is_left_out_of_the_directory_but_still_named_on_the_community_page(
    client, client_for, other_staff, members
):
    members.lena.hidden_from_lists = True
    members.lena.save()

    directory = client_for(other_staff).get(URL).text
    page = client.get("/communities/data-and-insight/").text

    assert "Lena Lead" not in directory
    assert "Lena Lead" in page


def test_email_addresses_are_shown_to_the_head_and_superusers_only(
    client_for, head, superuser, other_staff, members
):
    for person in (members.lena, members.alice, other_staff):
        text = client_for(person).get(URL).text
        assert "carl@ucl.ac.uk" not in text, person
        assert ">Email</th>" not in text

    for person in (head, superuser):
        text = client_for(person).get(URL).text
        assert '<a href="mailto:carl@ucl.ac.uk">carl@ucl.ac.uk</a>' in text
        assert "hana@ucl.ac.uk" not in text  # Hidden people stay hidden, even from the Head.


# Sorting, searching and paging ------------------------------------------------------------------


def test_leads_come_first_then_names_in_order(client_for, other_staff, members):
    names = _names(client_for(other_staff).get(URL))

    assert names == ["Lena Lead", "Alice Adams", "Carl Core", "Zed Wider"]


def test_sorting_by_department_puts_people_without_one_last(client_for, other_staff, members):
    names = _names(client_for(other_staff).get(URL + "?sort=department"))

    # Lena leads; then Estates, Finance (Alice); Zed has no department.
    assert names == ["Lena Lead", "Carl Core", "Alice Adams", "Zed Wider"]


def test_sorting_by_date_joined_shows_the_newest_members_first(client_for, other_staff, members):
    names = _names(client_for(other_staff).get(URL + "?sort=since"))

    assert names == ["Lena Lead", "Alice Adams", "Zed Wider", "Carl Core"]


def test_an_unknown_sort_falls_back_to_names(client_for, other_staff, members):
    response = client_for(other_staff).get(URL + "?sort=salary")

    assert response.status_code == 200
    assert _names(response) == ["Lena Lead", "Alice Adams", "Carl Core", "Zed Wider"]


def test_searching_by_name_matches_every_word_in_any_case(client_for, other_staff, members):
    client = client_for(other_staff)

    assert _names(client.get(URL + "?q=core")) == ["Carl Core"]
    assert _names(client.get(URL + "?q=LE+lead")) == ["Lena Lead"]
    assert "1 member matches “core”." in client.get(URL + "?q=core").text


def test_a_search_never_finds_a_hidden_person(client_for, other_staff, members):
    response = client_for(other_staff).get(URL + "?q=hana")

    assert _names(response) == []
    assert "Nobody listed matches “hana”" in response.text


def test_the_directory_pages_at_fifty_with_leads_on_the_first_page(
    client_for, other_staff, members, community
):
    for n in range(50):
        MembershipFactory(community=community, person__full_name=f"Member {n:02d}")
    client = client_for(other_staff)

    first = client.get(URL)
    second = client.get(URL + "?page=2")
    nonsense = client.get(URL + "?page=lots")
    beyond = client.get(URL + "?page=99")

    assert len(_names(first)) == 50
    assert _names(first)[0] == "Lena Lead"
    assert len(_names(second)) == 4
    assert "Showing 51 to 54." in second.text
    assert 'href="?page=2"' in first.text
    assert _names(nonsense) == _names(first)
    assert _names(beyond) == _names(second)


def test_paging_keeps_the_search_and_the_sort(client_for, other_staff, community):
    for n in range(55):
        MembershipFactory(community=community, person__full_name=f"Member {n:02d}")

    response = client_for(other_staff).get(URL + "?q=member&sort=since")

    assert 'href="?q=member&amp;sort=since&amp;page=2"' in response.text


def test_the_directory_asks_the_same_number_of_queries_however_many_members(
    client_for, other_staff, community, django_assert_max_num_queries
):
    Membership.objects.bulk_create(
        MembershipFactory.build(community=community, person=person)
        for person in PersonFactory.create_batch(120)
    )

    client = client_for(other_staff)
    client.get(URL)  # The first visit also caches the footer's contact and touches the session.

    # The session and the person; the community; the Head and lead checks; the count, the
    # page and the totals; and the reports link in the header.
    with django_assert_max_num_queries(9):
        first = client.get(URL)
    with django_assert_max_num_queries(9):
        third = client.get(URL + "?page=3&sort=department")

    assert len(_names(first)) == 50
    assert len(_names(third)) == 20


# CSV --------------------------------------------------------------------------------------------


def test_a_lead_downloads_the_directory_as_csv_without_email_addresses(client_for, members):
    client = client_for(members.lena)
    page = client.get(URL)
    response = client.get(URL + "?format=csv")

    assert 'href="?format=csv"' in page.text
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="data-and-insight-members.csv"' in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert rows[0] == ["Name", "Job title", "Department", "Membership", "Lead", "Member since"]
    assert rows[1] == ["Lena Lead", "Head of Insight", "Planning", "core", "yes", "2024-06-10"]
    assert [row[0] for row in rows[1:]] == ["Lena Lead", "Alice Adams", "Carl Core", "Zed Wider"]


def test_the_head_downloads_it_with_email_addresses_and_the_same_search(client_for, head, members):
    rows = _csv_rows(client_for(head).get(URL + "?format=csv&q=carl&page=3"))

    assert rows[0][-1] == "Email"
    assert rows[1:] == [
        ["Carl Core", "Analyst", "Estates", "core", "no", "2024-01-10", "carl@ucl.ac.uk"]
    ]


def test_others_are_refused_the_csv_with_a_friendly_403(client_for, other_staff, members):
    for person in (other_staff, members.carl, members.alice):
        client = client_for(person)
        response = client.get(URL + "?format=csv")
        assert response.status_code == 403, person
        assert "You do not have access" in response.text
        assert "format=csv" not in client.get(URL).text


def test_a_lead_of_another_community_is_refused_the_csv(client_for, members):
    elsewhere = CommunityFactory()
    other_lead = PersonFactory()
    MembershipFactory(person=other_lead, community=elsewhere, kind="core", is_lead=True)

    assert client_for(other_lead).get(URL + "?format=csv").status_code == 403


def test_csv_cells_that_would_run_as_formulas_are_escaped(client_for, head, community):
    MembershipFactory(community=community, person__full_name="=HYPERLINK(1)")

    rows = _csv_rows(client_for(head).get(URL + "?format=csv"))

    assert rows[1][0] == "'=HYPERLINK(1)"
