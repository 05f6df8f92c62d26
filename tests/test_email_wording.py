"""Emails keep names as people wrote them: "&" and "'" reach the subject and the plain text
as themselves, and only the HTML version escapes them."""

import pytest

from communities.models import ProgrammeContact
from membership import emails
from membership.models import Person
from outbox.models import Email

from .factories import CommunityFactory, InterestFactory, MembershipFactory, PersonFactory

NETWORK = "Events & Women's Network"


@pytest.fixture
def network(db):
    return CommunityFactory(name=NETWORK, slug="events-womens-network")


@pytest.fixture
def darcy(db):
    return PersonFactory(full_name="D'Arcy O'Brien & Co", email="darcy.obrien@ucl.ac.uk")


@pytest.fixture
def contact(db):
    return ProgrammeContact.objects.create(
        name="Siobhán O'Neill", role="Head of Communities & Networks", email="cop@ucl.ac.uk"
    )


def assert_escaped_only_in_html(email: Email, *texts: str) -> None:
    for text in texts:
        escaped = text.replace("&", "&amp;").replace("'", "&#x27;")
        assert text in email.body_text
        assert escaped not in email.body_text
        assert escaped in email.body_html
        assert text not in email.body_html


def test_the_heads_lead_stepped_down_email_keeps_names_unescaped(network, darcy, head):
    membership = MembershipFactory(person=darcy, community=network, kind="core")

    assert emails.queue_lead_stepped_down(membership=membership) == 1

    email = Email.objects.get(kind="lead_stepped_down")
    assert email.subject == f"{NETWORK} has lost a lead: D'Arcy O'Brien & Co"
    assert_escaped_only_in_html(email, NETWORK, "D'Arcy O'Brien & Co")


def test_the_launch_notice_keeps_names_unescaped(darcy, contact):
    network = CommunityFactory(name=NETWORK, slug="events-womens-network", status="preparing")
    InterestFactory(person=darcy, community=network)

    assert emails.queue_launch_notices(community=network) == 1

    email = Email.objects.get(kind="launch_notice")
    assert email.subject == f"{NETWORK} has launched: join as core or wider"
    assert_escaped_only_in_html(
        email, NETWORK, "Dear D'Arcy,", "Siobhán O'Neill", "Communities & Networks"
    )


def test_the_invitation_keeps_names_unescaped(darcy, contact):
    assert emails.queue_invitations(people=Person.objects.filter(pk=darcy.pk)) == 1

    email = Email.objects.get(kind="invitation")
    assert email.subject == "Set your password for the UCL Communities of Practice portal"
    assert_escaped_only_in_html(email, "Dear D'Arcy,", "Siobhán O'Neill", "Communities & Networks")
