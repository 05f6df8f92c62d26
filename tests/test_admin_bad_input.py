"""Malformed input in the admin gets a 4xx or a form error, never a 500 (issue 15's eight).

Each of these answered 500 to the Head on PostgreSQL: a non-numeric id where the admin expects
one, a NUL byte (which PostgreSQL refuses in text), a year too large for a date, and an empty
`_to_field`.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from membership.models import Membership

from .factories import InterestFactory, MembershipFactory


@pytest.fixture
def head_client(head):
    # A 500 would re-raise here instead of being turned into a page: the test then shows it.
    client = Client(raise_request_exception=True)
    client.force_login(head)
    return client


@pytest.fixture
def membership(db):
    return MembershipFactory()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/communities/community/abc/history/",
        "/admin/communities/practicearea/abc/history/",
        "/admin/membership/membership/abc/history/",
        "/admin/membership/membership/1%2C2/history/",
    ],
)
def test_a_history_page_for_a_non_numeric_object_is_not_found(head_client, url):
    assert head_client.get(url).status_code == 404


@pytest.mark.parametrize("model", ["community", "membership"])
def test_a_past_version_with_a_non_numeric_id_is_not_found(head_client, membership, model):
    pk = membership.community.pk if model == "community" else membership.pk
    app = "communities" if model == "community" else "membership"
    response = head_client.get(f"/admin/{app}/{model}/{pk}/history/abc/")
    assert response.status_code == 404


@pytest.mark.parametrize("person", ["abc", "99999999999999999999999", "-1"])
def test_a_non_numeric_person_or_community_in_the_membership_form_is_a_form_error(
    head_client, person
):
    response = head_client.post(
        reverse("admin:membership_membership_add"),
        {"person": person, "community": "1 OR 1=1", "kind": "core"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Membership.objects.exists()


@pytest.mark.parametrize(
    ("changelist", "action"),
    [
        ("admin:membership_membership_changelist", "end_memberships"),
        ("admin:communities_community_changelist", "close_selected"),
        ("admin:membership_person_changelist", "export_selected_people"),
    ],
)
@pytest.mark.parametrize("selected", ["abc", "99999999999999999999999", "1.5"])
def test_a_malformed_selected_action_is_refused(
    head_client, membership, changelist, action, selected
):
    response = head_client.post(
        reverse(changelist), {"action": action, ACTION_CHECKBOX_NAME: [selected]}
    )
    assert response.status_code == 400
    assert Membership.objects.active().count() == 1


@pytest.mark.parametrize(
    "query",
    [
        "/admin/communities/community/?status=%00",
        "/admin/membership/membership/?kind=a%00b",
        "/admin/membership/person/?q=%00",
        "/admin/autocomplete/?term=%00&app_label=membership&model_name=membership"
        "&field_name=person",
        "/admin/autocomplete/?term=a%00&app_label=communities&model_name=practicearea"
        "&field_name=sponsor",
    ],
)
def test_a_nul_byte_in_a_list_filter_or_the_autocomplete_term_is_a_bad_request(
    head_client, membership, query
):
    response = head_client.get(query)
    assert response.status_code == 400
    assert "Something was wrong with that request" in response.text


@pytest.mark.parametrize(
    "query",
    [
        "created_at__year=99999999999999999999999",
        "created_at__year=2025&created_at__month=99999999999999999999999",
        "created_at__year=2025&created_at__month=1&created_at__day=99999999999999999999999",
        "created_at__year=-99999999999999999999999",
    ],
)
@pytest.mark.parametrize("model", ["membership/interest", "outbox/email", "activities/session"])
def test_a_year_too_large_for_a_date_is_refused(head_client, model, query):
    InterestFactory()
    if model == "activities/session":
        query = query.replace("created_at", "starts_at")
    response = head_client.get(f"/admin/{model}/?{query}")
    assert response.status_code in {302, 400}


def test_a_year_the_calendar_has_still_lists(head_client):
    InterestFactory()
    response = head_client.get("/admin/membership/interest/?created_at__year=2025")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "address",
    [
        "/admin/membership/person/{person}/change/",
        "/admin/communities/community/{community}/change/",
        "/admin/communities/community/{community}/delete/",
        "/admin/communities/practicearea/{area}/change/",
        "/admin/membership/membership/{membership}/change/",
        "/admin/membership/person/add/",
        "/admin/membership/person/",
    ],
)
def test_an_empty_to_field_is_refused(head_client, membership, address):
    url = address.format(
        person=membership.person.pk,
        community=membership.community.pk,
        area=membership.community.practice_area.pk,
        membership=membership.pk,
    )
    response = head_client.get(url + "?_to_field=")
    assert response.status_code == 400


def test_a_to_field_the_admin_allows_still_works(head_client, membership):
    url = reverse("admin:membership_person_change", args=[membership.person.pk])
    response = head_client.get(url + "?_to_field=id")
    assert response.status_code == 200
