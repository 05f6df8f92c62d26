"""The Head appoints and stands down a community's leads on its leads page, one button at a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from membership.models import Membership, Person
from outbox.models import Email

from .factories import MembershipFactory, PersonFactory


def change_url(community):
    return reverse("admin:communities_community_change", args=[community.pk])


def leads_url(community):
    return reverse("admin:communities_community_leads", args=[community.pk])


def appoint(client, membership, **where):
    url = reverse("admin:communities_community_appoint_lead", args=[membership.community_id])
    return client.post(url, {"membership": membership.pk, **where}, follow=True)


def stand_down(client, membership):
    url = reverse("admin:communities_community_stand_down_lead", args=[membership.community_id])
    return client.post(url, {"membership": membership.pk}, follow=True)


def many_core_members(community, count, *, first=0):
    """`count` core members, written in bulk: the page under test reads them, nothing more."""
    people = Person.objects.bulk_create(
        Person(email=f"core{n:04}@ucl.ac.uk", full_name=f"Core Member {n:04}", password="!")
        for n in range(first, first + count)
    )
    Membership.objects.bulk_create(
        Membership(person=person, community=community, kind="core") for person in people
    )


@pytest.fixture
def core_members(community):
    return [
        MembershipFactory(community=community, kind="core", person=PersonFactory(full_name=name))
        for name in ["Ada Core", "Ben Core", "Cat Core", "Dan Core", "Eve Core"]
    ]


def test_the_leads_page_lists_core_members_to_choose_leads_from(
    head, community, core_members, client_for
):
    MembershipFactory(community=community, kind="wider", person__full_name="Will Wider")
    client = client_for(head)
    assert leads_url(community) in client.get(change_url(community)).text
    page = client.get(leads_url(community))
    assert "Leads of Data and Insight" in page.text
    assert "No leads yet." in page.text
    assert page.text.count("Appoint as lead") == 5
    assert "Ada Core" in page.text
    assert "Will Wider" not in page.text


def test_the_head_appoints_two_leads_without_a_warning(head, community, core_members, client_for):
    ada, ben = core_members[:2]
    client = client_for(head)
    first = appoint(client, ada)
    assert "Ada Core is now a lead of Data and Insight." in first.text
    assert first.redirect_chain[-1][0] == leads_url(community)
    second = appoint(client, ben)
    assert "Ben Core is now a lead of Data and Insight." in second.text
    assert "UCL&#x27;s guidance" not in second.text
    leads = Membership.objects.filter(is_lead=True)
    assert {m.person.full_name for m in leads} == {"Ada Core", "Ben Core"}
    assert all(m.history.latest().history_user == head for m in leads)
    assert second.text.count("Stand down") == 2


def test_one_lead_is_appointed_with_a_warning(head, community, core_members, client_for):
    page = appoint(client_for(head), core_members[0])
    assert "Data and Insight has 1 lead: UCL&#x27;s guidance is 2 to 4 leads" in page.text
    assert Membership.objects.filter(is_lead=True).count() == 1


def test_a_fifth_lead_is_appointed_with_a_warning(head, community, core_members, client_for):
    client = client_for(head)
    for membership in core_members[:3]:
        appoint(client, membership)
    assert "UCL&#x27;s guidance" not in appoint(client, core_members[3]).text
    page = appoint(client, core_members[4])
    assert "Data and Insight has 5 leads" in page.text
    assert Membership.objects.filter(is_lead=True).count() == 5


def test_appointing_a_lead_twice_says_so_and_changes_nothing(
    head, community, core_members, client_for
):
    client = client_for(head)
    appoint(client, core_members[0])
    again = appoint(client, core_members[0])
    assert "Ada Core is already a lead of Data and Insight." in again.text
    assert core_members[0].history.count() == 2  # made, then appointed once


def test_a_wider_member_cannot_be_appointed(head, community, client_for):
    wider = MembershipFactory(community=community, kind="wider", person__full_name="Will Wider")
    page = appoint(client_for(head), wider)
    assert "That person is no longer a core member of Data and Insight." in page.text
    wider.refresh_from_db()
    assert not wider.is_lead


def test_standing_a_lead_down_keeps_them_core_and_then_they_can_be_made_wider(
    head, community, core_members, client_for
):
    ada = core_members[0]
    client = client_for(head)
    appoint(client, ada)
    page = stand_down(client, ada)
    assert "Ada Core is no longer a lead of Data and Insight." in page.text
    assert "Data and Insight has 0 leads" in page.text
    ada.refresh_from_db()
    assert (ada.kind, ada.is_lead, ada.is_active) == ("core", False, True)
    client.post(reverse("admin:membership_membership_change", args=[ada.pk]), {"kind": "wider"})
    ada.refresh_from_db()
    assert (ada.kind, ada.is_lead, ada.is_active) == ("wider", False, True)
    # The Head made the change herself, so she is not told that a lead stepped down.
    assert not Email.objects.filter(kind="lead_stepped_down").exists()


def test_the_community_page_shows_the_leads_and_the_guidance(
    head, community, core_members, client_for
):
    appoint(client_for(head), core_members[0])
    page = client_for(head).get(change_url(community))
    assert "Ada Core. Data and Insight has 1 lead" in page.text
    assert "Appoint or stand down leads" in page.text


def test_searching_finds_core_members_by_name_or_email(head, community, client_for):
    many_core_members(community, 40)
    MembershipFactory(
        community=community,
        kind="core",
        person=PersonFactory(full_name="Zoe Zed", email="z.zed@ucl.ac.uk"),
    )
    client = client_for(head)
    by_name = client.get(leads_url(community), {"q": "zoe"})
    assert "Zoe Zed" in by_name.text
    assert "Core Member" not in by_name.text
    assert "1 core member matching" in by_name.text
    by_email = client.get(leads_url(community), {"q": "core0039@"})
    assert "Core Member 0039" in by_email.text
    assert by_email.text.count("Appoint as lead") == 1
    nobody = client.get(leads_url(community), {"q": "nobody"})
    assert "No core member matches “nobody”." in nobody.text


def test_core_members_come_25_a_page_and_a_button_returns_to_its_page(head, community, client_for):
    many_core_members(community, 30)
    client = client_for(head)
    first = client.get(leads_url(community))
    assert first.text.count("Appoint as lead") == 25
    assert "Page 1 of 2." in first.text
    second = client.get(leads_url(community), {"page": 2})
    assert second.text.count("Appoint as lead") == 5
    assert "Core Member 0029" in second.text
    last = Membership.objects.get(person__email="core0029@ucl.ac.uk")
    page = appoint(client, last, q="core", page="2")
    assert page.redirect_chain[-1][0] == f"{leads_url(community)}?q=core&page=2"
    assert "Core Member 0029 is now a lead" in page.text


def test_the_leads_page_costs_a_few_queries_however_many_core_members(
    head, community, client_for, django_assert_max_num_queries
):
    many_core_members(community, 600)
    client = client_for(head)
    client.get(leads_url(community))  # warm the caches (contact, permissions, content types)
    with django_assert_max_num_queries(12):
        page = client.get(leads_url(community), {"q": "core", "page": 7})
    assert page.status_code == 200
    assert "Page 7 of 24." in page.text


def test_the_community_page_costs_the_same_queries_with_many_core_members(
    head, community, client_for
):
    client = client_for(head)

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(change_url(community)).status_code == 200
        return len(captured)

    many_core_members(community, 3)
    queries_for_page()  # warm the caches (contact, permissions, content types)
    few = queries_for_page()
    many_core_members(community, 600, first=3)
    assert queries_for_page() == few


@pytest.mark.parametrize("who", ["staff", "sponsor"])
def test_only_the_head_reaches_the_leads_page(request, who, community, core_members, client_for):
    client = client_for(request.getfixturevalue(who))
    assert client.get(leads_url(community)).status_code == 302
    appoint(client, core_members[0])
    assert not Membership.objects.filter(is_lead=True).exists()


def test_the_buttons_answer_only_posts(head, community, client_for):
    url = reverse("admin:communities_community_appoint_lead", args=[community.pk])
    assert client_for(head).get(url).status_code == 405
