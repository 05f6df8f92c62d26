"""An area's report shows the right figures: communities, core share, departments, history."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from communities.models import Community
from membership import services

from .factories import CommunityFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _report(client, person, slug="planning", query=""):
    client.force_login(person)
    response = client.get(reverse("report-area", kwargs={"slug": slug}) + query)
    assert response.status_code == 200
    return response


def _rows(response):
    return {row.name: row for row in response.context["report"].communities}


def test_community_table_counts_only_active_core_and_wider_members(
    client, sponsor, planning_report
):
    rows = _rows(_report(client, sponsor))
    assert (rows["Data and Insight"].core, rows["Data and Insight"].wider) == (1, 9)
    assert (
        rows["Project and Programme Management"].core,
        rows["Project and Programme Management"].wider,
    ) == (0, 4)
    assert (rows["Business Analysis"].core, rows["Business Analysis"].wider) == (3, 1)


def test_communities_of_other_areas_are_left_out(client, sponsor, planning_report):
    response = _report(client, sponsor)
    assert "Appraisals and inductions" not in _rows(response)
    assert "Appraisals and inductions" not in response.content.decode()
    report = response.context["report"]
    assert (report.core_members, report.wider_members) == (4, 14)


def test_status_launch_date_and_leads_are_shown(client, sponsor, planning_report):
    response = _report(client, sponsor)
    data = _rows(response)["Data and Insight"]
    assert data.status_label == "Launched"
    assert data.leads == ("Lena Lead",)
    page = response.content.decode()
    assert "1 May 2024" in page
    assert "Lena Lead" in page


def test_core_share_well_outside_the_norm_is_marked_in_words(client, sponsor, planning_report):
    response = _report(client, sponsor)
    rows = _rows(response)
    assert rows["Data and Insight"].core_share == 10
    assert rows["Data and Insight"].norm.label == "Within the norm"
    assert rows["Project and Programme Management"].norm.code == "well-below"
    assert rows["Business Analysis"].norm.code == "well-above"
    page = response.content.decode()
    assert "Well below the norm (under 5%)" in page
    assert "Well above the norm (over 25%)" in page
    assert "75%" in page


def test_interest_registrations_are_shown_for_communities_in_preparation(
    client, sponsor, planning_report
):
    strategy = _rows(_report(client, sponsor))["Strategy and Policy"]
    assert strategy.status_label == "Preparations underway"
    assert strategy.interest_applies
    assert strategy.interest == 3
    assert strategy.norm.label == "No members yet"


def test_closed_community_shows_as_closed_with_no_active_members(client, sponsor, planning_report):
    old = _rows(_report(client, sponsor))["Old Practice"]
    assert old.status_label == "Closed"
    assert (old.core, old.wider) == (0, 0)


def test_closing_a_community_ends_its_members_in_the_report(client, sponsor, planning_report):
    services.close_community(community=planning_report.analysis)
    rows = _rows(_report(client, sponsor))
    assert rows["Business Analysis"].status_label == "Closed"
    assert rows["Business Analysis"].members == 0


def test_members_by_department_count_each_person_once(client, sponsor, planning_report):
    # Lena Lead also joins a second community of the area: she is still one person.
    MembershipFactory(person=planning_report.lead, community=planning_report.ppm)
    report = _report(client, sponsor).context["report"]
    figures = [(row.department, row.people) for row in report.departments]
    assert figures == [
        ("Estates", 6),
        ("Finance", 6),
        ("Library", 3),
        ("=cmd()", 1),
        ("ISD", 1),
        ("Registry", 1),
    ]
    assert report.people == 18


def test_departments_beyond_the_top_eight_are_folded_into_other(client, sponsor, sponsored_area):
    community = CommunityFactory(practice_area=sponsored_area)
    for index in range(10):
        for _ in range(10 - index):  # Department 0 has 10 people, department 9 has 1.
            MembershipFactory(community=community, person__department=f"Department {index}")
    report = _report(client, sponsor).context["report"]
    assert len(report.departments) == 9
    assert report.departments[0].department == "Department 0"
    assert report.departments[0].people == 10
    other = report.departments[-1]
    assert other.is_other
    assert other.department == "Other (2 departments)"
    assert other.people == 2 + 1
    assert "Other (2 departments)" in _report(client, sponsor).content.decode()


def test_status_history_shows_old_and_new_status_and_who_changed_it(
    client, sponsor, head, sponsored_area
):
    community = CommunityFactory(
        name="Data and Insight", practice_area=sponsored_area, status="preparing"
    )
    community.summary = "An edit that leaves the status alone."
    community.save()
    community._history_user = head
    community.status = Community.Status.LAUNCHED
    community.save()
    changes = _report(client, sponsor).context["report"].status_changes
    assert [(c.old_label, c.new_label, c.changed_by) for c in changes] == [
        ("Preparations underway", "Launched", "Daniela Head"),
        (None, "Preparations underway", None),
    ]
    page = _report(client, sponsor).content.decode()
    assert "Preparations underway → Launched" in page
    assert "Daniela Head" in page


def test_sponsor_changes_of_the_area_are_listed(client, head, sponsor, other_staff, db):
    from .factories import PracticeAreaFactory

    area = PracticeAreaFactory(name="Student Support Services", slug="sss", sponsor=None)
    area.description = "An edit that leaves the sponsor alone."
    area.save()
    area.sponsor = other_staff
    area.save()
    area._history_user = head
    area.sponsor = sponsor
    area.save()
    changes = _report(client, head, slug="sss").context["report"].sponsor_changes
    assert [(c.created, c.old_sponsor, c.new_sponsor) for c in changes] == [
        (False, "Bob Brown", "Sam Sponsor"),
        (False, None, "Bob Brown"),
        (True, None, None),
    ]
    page = _report(client, head, slug="sss").content.decode()
    assert "Bob Brown → Sam Sponsor" in page
    assert "TBC → Bob Brown" in page


def test_programme_summary_shows_core_wider_only_and_share_of_staff(client, head, planning_report):
    inactive = PersonFactory(is_active=False)
    MembershipFactory(person=inactive, community=planning_report.data)
    client.force_login(head)
    programme = client.get(reverse("report-index")).context["programme"]
    # Active people with a membership: Planning's 18 and Human Resources' 5.
    assert programme.members == 23
    # Core: Lena Lead, 3 in Business Analysis, 5 in Appraisals and inductions.
    assert programme.core_members == 9
    assert programme.wider_only == 14
    assert programme.by_status == {
        "Preparations underway": 1,
        "Launched": 4,
        "Closed": 1,
    }
    assert programme.staff == programme.members + programme.non_members
    assert programme.member_share == pytest.approx(100 * 23 / programme.staff)


def test_person_in_two_communities_is_one_member_of_the_programme(client, head, sponsored_area):
    first = CommunityFactory(practice_area=sponsored_area)
    second = CommunityFactory(practice_area=sponsored_area)
    person = PersonFactory()
    MembershipFactory(person=person, community=first, kind="core")
    MembershipFactory(person=person, community=second)
    MembershipFactory(
        community=second,
        ended_at=datetime(2026, 1, 1, tzinfo=UTC),
        joined_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    client.force_login(head)
    response = client.get(reverse("report-index"))
    programme = response.context["programme"]
    assert (programme.members, programme.core_members, programme.wider_only) == (1, 1, 0)
    planning = next(area for area in response.context["areas"] if area.slug == "planning")
    assert (planning.people, planning.core, planning.wider) == (1, 1, 1)


def test_fixture_communities_show_their_first_status_on_record(client, head, programme):
    from communities.models import PracticeArea

    planning = PracticeArea.objects.get(slug="planning")
    community = planning.communities.get(name="Data and Insight")
    community.summary = "Edited after loading: the first row of its history."
    community.save()
    community.status = Community.Status.CLOSED
    community.save()
    response = _report(client, head)
    changes = response.context["report"].status_changes
    assert [(c.first_recorded, c.old_label, c.new_label) for c in changes] == [
        (False, "Launched", "Closed"),
        (True, None, "Launched"),
    ]
    page = response.content.decode()
    assert "First on record: Launched" in page
    assert "Launched → Closed" in page


def test_wider_members_of_an_area_counts_people_not_memberships(client, sponsor, planning_report):
    # A wider member of Data and Insight is also wider in Project and Programme Management.
    person = planning_report.data.memberships.filter(kind="wider", ended_at__isnull=True).first()
    MembershipFactory(person=person.person, community=planning_report.ppm)
    response = _report(client, sponsor)
    report = response.context["report"]
    assert report.wider_members == 14
    assert report.people == 18
    page = response.content.decode()
    assert "Wider members" in page
    assert "each person counted once" in page


def test_active_staff_leaves_out_placeholder_sponsors_and_admin_accounts(
    client, head, planning_report, superuser
):
    from membership.models import Person

    PersonFactory(email="tbc-sponsor@placeholder.invalid", full_name="To be confirmed")
    PersonFactory(email="ops@ucl.ac.uk", is_staff=True)
    real_staff = Person.objects.filter(is_active=True, is_staff=False, is_superuser=False).exclude(
        email__endswith=".invalid"
    )
    client.force_login(head)
    response = client.get(reverse("report-index"))
    programme = response.context["programme"]
    assert programme.staff == real_staff.count()
    # Left out: the placeholder, the ops account, the superuser and the Head herself, whose
    # "CoP administrators" group makes her account an admin one (is_staff follows the group).
    assert programme.staff == Person.objects.filter(is_active=True).count() - 4
    assert programme.members == 23
    assert f"23 of {programme.staff} active staff" in response.content.decode()


def test_an_admin_account_with_a_membership_is_not_counted_as_staff_or_member(
    client, head, planning_report
):
    admin = PersonFactory(email="admin@ucl.ac.uk", is_staff=True)
    MembershipFactory(person=admin, community=planning_report.ppm)
    client.force_login(head)
    programme = client.get(reverse("report-index")).context["programme"]
    assert programme.members == 23
    assert programme.non_members >= 0


def test_a_name_ending_in_s_takes_a_bare_apostrophe(client, head, sponsor):
    from .factories import PracticeAreaFactory

    area = PracticeAreaFactory(name="Student Support Services", slug="sss", sponsor=sponsor)
    CommunityFactory(practice_area=area)
    page = _report(client, head, slug="sss").content.decode()
    assert "Student Support Services' communities" in page
    assert "Student Support Services's" not in page
    assert "Services&#x27;s" not in page


def test_a_name_not_ending_in_s_takes_apostrophe_s(client, sponsor, planning_report):
    page = _report(client, sponsor).content.decode()
    assert "Planning's communities" in page or "Planning&#x27;s communities" in page


def test_a_closed_community_says_it_has_closed_not_that_it_has_no_members_yet(
    client, sponsor, planning_report
):
    response = _report(client, sponsor)
    old = _rows(response)["Old Practice"]
    assert old.norm.code == "closed"
    assert old.norm.label == "The community has closed"
    assert not old.norm.is_well_outside
    row = response.content.decode().split("Old Practice</a></th>")[1].split("</tr>")[0]
    assert "No members yet" not in row
    assert "The community has closed" in row
