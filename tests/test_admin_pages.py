"""The Head of CoPs' admin pages load for her, with only the CoP administrators' permissions."""

import pytest
from django.urls import reverse

from communities.models import Community, PracticeArea, ProgrammeContact
from membership.models import Membership, Person

from .factories import CommunityFactory, InterestFactory, MembershipFactory, PersonFactory

CHANGELISTS = {
    "communities_practicearea": "Technicians",
    "communities_community": "Widening Participation",
    "membership_person": "Lena Lead",
    "membership_membership": "Lena Lead",
    "membership_interest": "Ian Interested",
}


@pytest.fixture
def busy_programme(programme, head):
    """The seed's programme with a member, a lead, and an interest registration."""
    data = Community.objects.get(slug="data-and-insight")
    lead = PersonFactory(full_name="Lena Lead", email="lena@ucl.ac.uk")
    MembershipFactory(person=lead, community=data, kind="core", is_lead=True)
    MembershipFactory(community=data, kind="wider")
    widening = Community.objects.get(status="preparing", name="Widening Participation")
    InterestFactory(community=widening, person=PersonFactory(full_name="Ian Interested"))
    return data


def test_the_admin_index_lists_the_head_s_work(busy_programme, head, client_for):
    page = client_for(head).get(reverse("admin:index"))
    assert page.status_code == 200
    for heading in ["Communities", "Practice areas", "People", "Memberships", "Interests"]:
        assert heading in page.text


@pytest.mark.parametrize(("model", "expected"), CHANGELISTS.items())
def test_every_list_loads_for_the_head(busy_programme, head, client_for, model, expected):
    page = client_for(head).get(reverse(f"admin:{model}_changelist"))
    assert page.status_code == 200
    assert expected in page.text


def test_the_community_list_shows_status_member_counts_and_leads(busy_programme, head, client_for):
    page = client_for(head).get(reverse("admin:communities_community_changelist"))
    row = next(line for line in page.text.split("<tr") if "Data and Insight" in line)
    assert "Launched" in row
    assert '<td class="field-core_members">1</td>' in row
    assert '<td class="field-wider_members">1</td>' in row
    assert "Lena Lead" in row


def test_a_practice_area_without_a_sponsor_shows_tbc(busy_programme, head, client_for):
    page = client_for(head).get(reverse("admin:communities_practicearea_changelist"))
    technicians = next(line for line in page.text.split("<tr") if "Technicians" in line)
    assert "TBC" in technicians
    planning = next(line for line in page.text.split("<tr") if ">Planning<" in line)
    assert "Tom Rowson" in planning


@pytest.mark.parametrize(
    "model", ["communities_practicearea", "communities_community", "membership_person"]
)
def test_add_forms_load_for_the_head(busy_programme, head, client_for, model):
    page = client_for(head).get(reverse(f"admin:{model}_add"))
    assert page.status_code == 200
    assert 'type="submit"' in page.text


def test_the_membership_add_form_loads_with_searchable_person_and_community(
    busy_programme, head, client_for
):
    page = client_for(head).get(reverse("admin:membership_membership_add"))
    assert page.status_code == 200
    assert "admin-autocomplete" in page.text
    assert "Move their core membership here" in page.text


def _objects(community):
    membership = Membership.objects.filter(community=community).first()
    return {
        "communities_practicearea": community.practice_area.pk,
        "communities_community": community.pk,
        "membership_person": membership.person.pk,
        "membership_membership": membership.pk,
        "communities_programmecontact": ProgrammeContact.current().pk,
        "membership_interest": InterestFactory._meta.model.objects.first().pk,
    }


@pytest.mark.parametrize(
    "model",
    [
        "communities_practicearea",
        "communities_community",
        "membership_person",
        "membership_membership",
        "communities_programmecontact",
        "membership_interest",
    ],
)
def test_change_pages_and_history_pages_load_for_the_head(busy_programme, head, client_for, model):
    pk = _objects(busy_programme)[model]
    client = client_for(head)
    change = client.get(reverse(f"admin:{model}_change", args=[pk]))
    assert change.status_code == 200
    history = client.get(reverse(f"admin:{model}_history", args=[pk]))
    assert history.status_code == 200


def test_the_programme_contact_list_goes_straight_to_the_one_contact(
    busy_programme, head, client_for
):
    response = client_for(head).get(reverse("admin:communities_programmecontact_changelist"))
    contact = ProgrammeContact.current()
    assert response.status_code == 302
    assert response.url == reverse("admin:communities_programmecontact_change", args=[contact.pk])


def test_the_head_can_edit_the_programme_contact(busy_programme, head, client_for):
    contact = ProgrammeContact.current()
    response = client_for(head).post(
        reverse("admin:communities_programmecontact_change", args=[contact.pk]),
        {
            "name": "Daniela Bultoc",
            "role": "Head of Communities of Practice",
            "email": "cop@ucl.ac.uk",
            "phone": "+44 (0)203 108 8838",
            "internal_phone": "58838",
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.email == "cop@ucl.ac.uk"


def test_interests_are_read_only_in_the_admin(busy_programme, head, client_for):
    interest = InterestFactory._meta.model.objects.first()
    client = client_for(head)
    page = client.get(reverse("admin:membership_interest_change", args=[interest.pk]))
    assert 'name="_save"' not in page.text
    assert client.get(reverse("admin:membership_interest_add")).status_code == 403


def test_adding_a_person_needs_only_an_email_and_a_name(head, client_for):
    response = client_for(head).post(
        reverse("admin:membership_person_add"),
        {"email": "Nadia.New@UCL.ac.uk", "full_name": "Nadia New", "department": "Library"},
    )
    assert response.status_code == 302
    person = Person.objects.get(email="nadia.new@ucl.ac.uk")
    assert person.full_name == "Nadia New"
    assert not person.has_usable_password()


def test_adding_a_person_who_is_already_there_is_refused(head, staff, client_for):
    page = client_for(head).post(
        reverse("admin:membership_person_add"), {"email": "ALICE@ucl.ac.uk", "full_name": "A"}
    )
    assert page.status_code == 200
    assert "already in the portal" in page.text
    assert Person.objects.filter(email__iexact="alice@ucl.ac.uk").count() == 1


def test_ticking_cop_administrator_gives_admin_access(head, staff, client_for):
    response = client_for(head).post(
        reverse("admin:membership_person_change", args=[staff.pk]),
        {
            "email": staff.email,
            "full_name": staff.full_name,
            "department": staff.department,
            "job_title": staff.job_title,
            "is_active": "on",
            "cop_administrator": "on",
        },
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.is_staff
    assert staff.is_head_of_cops


def test_the_head_cannot_change_a_superuser(head, superuser, client_for):
    client = client_for(head)
    url = reverse("admin:membership_person_change", args=[superuser.pk])
    assert 'name="_save"' not in client.get(url).text
    response = client.post(url, {"email": "head@ucl.ac.uk", "full_name": "Taken Over"})
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.email == "root@ucl.ac.uk"


def test_the_status_cannot_be_typed_into_the_community_form(head, client_for):
    community = CommunityFactory(name="Digital", slug="digital", status="preparing")
    client = client_for(head)
    url = reverse("admin:communities_community_change", args=[community.pk])
    assert 'name="status"' not in client.get(url).text
    client.post(
        url,
        {
            "name": "Digital",
            "slug": "digital",
            "practice_area": community.practice_area.pk,
            "summary": "",
            "description": "",
            "status": "launched",
        },
    )
    community.refresh_from_db()
    assert community.status == Community.Status.PREPARING


def test_person_search_serves_the_membership_form(head, staff, client_for):
    response = client_for(head).get(
        reverse("admin:autocomplete"),
        {
            "term": "alice",
            "app_label": "membership",
            "model_name": "membership",
            "field_name": "person",
        },
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Alice Adams"]


def test_practice_areas_keep_a_history(head, client_for):
    area = PracticeArea.objects.create(name="Estates", slug="estates")
    client_for(head).post(
        reverse("admin:communities_practicearea_change", args=[area.pk]),
        {"name": "Estates and Facilities", "slug": "estates", "sponsor": "", "description": ""},
    )
    page = client_for(head).get(reverse("admin:communities_practicearea_history", args=[area.pk]))
    assert "Estates → Estates and Facilities" in page.text
    assert "Daniela Head" in page.text


def test_a_new_community_starts_in_preparation(head, client_for):
    area = PracticeArea.objects.create(name="Estates", slug="estates")
    response = client_for(head).post(
        reverse("admin:communities_community_add"),
        {
            "name": "Space Planning",
            "slug": "space-planning",
            "practice_area": area.pk,
            "summary": "Planning UCL's spaces.",
            "description": "",
            "status": "launched",
        },
    )
    assert response.status_code == 302
    community = Community.objects.get(slug="space-planning")
    assert community.status == Community.Status.PREPARING
    assert community.history.get().history_user == head
