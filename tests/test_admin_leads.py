"""The Head marks a community's leads on its admin page, through the membership services."""

import pytest
from django.urls import reverse

from membership.models import Membership

from .factories import MembershipFactory, PersonFactory


def change_url(community):
    return reverse("admin:communities_community_change", args=[community.pk])


def save_community_page(client, community, changes=None):
    """Post the community's page back with `changes` ({membership pk: {field: value}})."""
    changes = changes or {}
    page = client.get(change_url(community))
    formset = page.context["inline_admin_formsets"][0].formset
    prefix = formset.prefix
    data = {
        "name": community.name,
        "slug": community.slug,
        "practice_area": community.practice_area_id,
        "summary": community.summary,
        "description": community.description,
        f"{prefix}-TOTAL_FORMS": len(formset.forms),
        f"{prefix}-INITIAL_FORMS": len(formset.forms),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, form in enumerate(formset.forms):
        membership = form.instance
        wanted = {"kind": membership.kind, "is_lead": membership.is_lead}
        wanted.update(changes.get(membership.pk, {}))
        data[f"{prefix}-{index}-id"] = membership.pk
        data[f"{prefix}-{index}-community"] = community.pk
        data[f"{prefix}-{index}-kind"] = wanted["kind"]
        if wanted["is_lead"]:
            data[f"{prefix}-{index}-is_lead"] = "on"
    return client.post(change_url(community), data, follow=True)


@pytest.fixture
def core_members(community):
    return [
        MembershipFactory(community=community, kind="core", person=PersonFactory(full_name=name))
        for name in ["Ada Core", "Ben Core", "Cat Core", "Dan Core", "Eve Core"]
    ]


def test_the_page_lists_core_members_to_choose_leads_from(
    head, community, core_members, client_for
):
    MembershipFactory(community=community, kind="wider", person__full_name="Will Wider")
    page = client_for(head).get(change_url(community))
    assert "Core members and leads" in page.text
    assert "Ada Core" in page.text
    assert "Will Wider" not in page.text


def test_the_head_marks_two_leads_without_a_warning(head, community, core_members, client_for):
    ada, ben = core_members[:2]
    page = save_community_page(
        client_for(head), community, {ada.pk: {"is_lead": True}, ben.pk: {"is_lead": True}}
    )
    assert "was changed successfully" in page.text
    assert "UCL's guidance" not in page.text
    leads = Membership.objects.filter(is_lead=True)
    assert {m.person.full_name for m in leads} == {"Ada Core", "Ben Core"}
    assert all(m.history.latest().history_user == head for m in leads)


def test_one_lead_is_saved_with_a_warning(head, community, core_members, client_for):
    page = save_community_page(client_for(head), community, {core_members[0].pk: {"is_lead": True}})
    assert "Data and Insight has 1 lead: UCL&#x27;s guidance is 2 to 4 leads" in page.text
    assert Membership.objects.filter(is_lead=True).count() == 1


def test_five_leads_are_saved_with_a_warning(head, community, core_members, client_for):
    page = save_community_page(
        client_for(head), community, {m.pk: {"is_lead": True} for m in core_members}
    )
    assert "Data and Insight has 5 leads" in page.text
    assert Membership.objects.filter(is_lead=True).count() == 5


def test_a_lead_made_wider_is_a_form_error_and_nothing_changes(
    head, community, core_members, client_for
):
    ada = core_members[0]
    save_community_page(client_for(head), community, {ada.pk: {"is_lead": True}})
    page = save_community_page(
        client_for(head),
        community,
        {ada.pk: {"kind": "wider", "is_lead": True}, core_members[1].pk: {"is_lead": True}},
    )
    assert "Please correct the error below" in page.text
    assert "Ada Core must be a core member of Data and Insight to be a lead" in page.text
    ada.refresh_from_db()
    assert (ada.kind, ada.is_lead) == ("core", True)
    assert not Membership.objects.get(pk=core_members[1].pk).is_lead


def test_standing_a_lead_down_and_making_them_wider_works(
    head, community, core_members, client_for, mailoutbox
):
    ada = core_members[0]
    save_community_page(client_for(head), community, {ada.pk: {"is_lead": True}})
    save_community_page(client_for(head), community, {ada.pk: {"kind": "wider", "is_lead": False}})
    ada.refresh_from_db()
    assert (ada.kind, ada.is_lead, ada.is_active) == ("wider", False, True)
    # The Head made the change herself, so she is not emailed that a lead stepped down.
    assert mailoutbox == []


def test_the_page_shows_the_leads_and_the_guidance(head, community, core_members, client_for):
    core_members[0].is_lead = True
    core_members[0].save()
    page = client_for(head).get(change_url(community))
    assert "Ada Core. Data and Insight has 1 lead" in page.text


def test_a_community_with_hundreds_of_core_members_still_saves_its_leads(
    head, community, client_for
):
    members = [
        MembershipFactory(community=community, kind="core", person=PersonFactory())
        for _ in range(400)
    ]
    page = save_community_page(
        client_for(head),
        community,
        {members[0].pk: {"is_lead": True}, members[1].pk: {"is_lead": True}},
    )
    assert "was changed successfully" in page.text
    assert Membership.objects.filter(community=community, is_lead=True).count() == 2


def test_the_community_page_costs_the_same_queries_with_many_core_members(
    head, community, client_for
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(head)

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(change_url(community)).status_code == 200
        return len(captured)

    for _ in range(3):
        MembershipFactory(community=community, kind="core")
    queries_for_page()  # warm the caches (contact, permissions, content types)
    few = queries_for_page()
    for _ in range(60):
        MembershipFactory(community=community, kind="core")
    assert queries_for_page() == few
