"""The reconfirmation page: the link in a reminder, answered without signing in, once."""

from datetime import UTC, datetime, timedelta

import pytest

from membership import services
from membership.models import Membership, Reconfirmation
from membership.reconfirmation_models import add_months

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminder(staff, community, clock):
    """Alice's first reminder about her core membership of Data and Insight (since 2020)."""
    MembershipFactory(
        person=staff,
        community=community,
        kind="core",
        joined_at=datetime(2020, 3, 1, 12, 0, tzinfo=UTC),
    )
    services.run_reconfirmation()
    clock.set(add_months(clock.now, 12))
    services.run_reconfirmation()
    return Reconfirmation.objects.get()


def path_of(reminder: Reconfirmation) -> str:
    return services.reconfirmation_link(reminder).removeprefix("http://127.0.0.1:8000")


def test_the_link_asks_without_signing_in(client, reminder):
    response = client.get(path_of(reminder))

    assert response.status_code == 200
    page = response.text
    assert "Are you still a core member of Data and Insight?" in page
    assert "Alice Adams, you have been a core member of Data and Insight since 1 March 2020" in page
    assert 'name="choice" value="confirm"' in page
    assert 'name="choice" value="wider"' in page
    assert "If we do not hear from you by 18 February 2027" in page
    assert response.headers["Cache-Control"].startswith("max-age=0")
    assert '<meta name="robots" content="noindex">' in page


def test_confirming_with_one_post_then_the_link_says_what_happened(client, reminder, clock):
    url = path_of(reminder)

    response = client.post(url, {"choice": "confirm"}, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert "Thank you: you are still a core member of Data and Insight." in response.text
    assert "You confirmed your core membership" in response.text
    assert "On 5 January 2027 you confirmed" in response.text
    assert 'name="choice"' not in response.text
    membership = Membership.objects.get()
    assert membership.confirmed_at == clock.now


def test_a_used_link_changes_nothing(client, reminder, clock):
    url = path_of(reminder)
    client.post(url, {"choice": "confirm"})
    clock.travel(days=2)

    response = client.post(url, {"choice": "wider"}, follow=True)

    assert "This link had already been used, so nothing was changed." in response.text
    assert "You confirmed your core membership" in response.text
    assert Membership.objects.get().kind == "core"


def test_choosing_wider_keeps_the_membership_and_says_how_to_be_core_again(client, reminder):
    response = client.post(path_of(reminder), {"choice": "wider"}, follow=True)

    assert "You are now a wider member of Data and Insight." in response.text
    assert "You chose to be a wider member" in response.text
    assert "Change to core member" in response.text
    membership = Membership.objects.get()
    assert (membership.kind, membership.is_active) == ("wider", True)


def test_a_lead_is_warned_and_told_they_stopped_leading(client, reminder):
    Membership.objects.update(is_lead=True)

    page = client.get(path_of(reminder)).text
    assert "you would stop being one of its leads" in page
    assert "Make me a wider member and stop leading" in page

    response = client.post(path_of(reminder), {"choice": "wider"}, follow=True)
    assert "You are no longer one of its leads" in response.text


def test_a_signed_in_visitor_answers_for_the_membership_the_link_names(
    client, reminder, other_staff
):
    client.force_login(other_staff)

    client.post(path_of(reminder), {"choice": "wider"})

    assert Membership.objects.get(person__email="alice@ucl.ac.uk").kind == "wider"


def test_no_choice_changes_nothing(client, reminder):
    response = client.post(path_of(reminder), {"choice": "leave"}, follow=True)

    assert "Choose whether to stay a core member or become a wider member." in response.text
    assert Reconfirmation.objects.get().is_open


def test_a_reminder_made_void_by_a_switch_says_it_no_longer_applies(
    client, reminder, staff, other_community
):
    services.join(person=staff, community=other_community, kind="core", switch_core=True)

    response = client.get(path_of(reminder))

    assert response.status_code == 200
    assert "This reminder no longer applies" in response.text
    assert "You are a wider member of Data and Insight now." in response.text
    client.post(path_of(reminder), {"choice": "confirm"})
    assert Membership.objects.get(community__slug="data-and-insight").kind == "wider"


def test_an_expired_link_is_gone_and_changes_nothing(client, reminder, clock):
    clock.set(reminder.sent_at + timedelta(days=46))

    response = client.post(path_of(reminder), {"choice": "wider"})

    assert response.status_code == 410
    assert "This link has expired" in response.text
    assert Membership.objects.get().kind == "core"


def test_an_expired_link_whose_round_ended_still_says_what_happened(client, reminder, clock):
    clock.travel(days=14)
    services.run_reconfirmation()
    clock.travel(days=30)
    services.run_reconfirmation()
    clock.travel(days=30)

    response = client.get(path_of(reminder))

    assert response.status_code == 200
    assert "Your membership became wider" in response.text
    assert "We asked twice and did not hear back" in response.text


def test_a_tampered_link_is_not_found(client, reminder):
    response = client.get(path_of(reminder).replace("/reconfirm/", "/reconfirm/x"))

    assert response.status_code == 404
    assert "This link does not work" in response.text


def test_a_made_up_link_is_not_found_for_everyone(client, client_for, staff, head, superuser):
    for visitor in (client, client_for(staff), client_for(head), client_for(superuser)):
        assert visitor.get("/reconfirm/made-up/").status_code == 404
        assert visitor.post("/reconfirm/made-up/", {"choice": "confirm"}).status_code == 404
