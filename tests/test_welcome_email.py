"""The welcome email on joining: what happens next, who the leads are, and where the community's
sessions are; sent through the outbox with the join, and only for a join."""

import pytest

from membership import services
from outbox.models import Email

from .factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

SESSIONS_LINK = "http://testserver/communities/data-and-insight/#sessions-heading"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def leads(community):
    for name in ("Lena Lead", "Leo Lead"):
        MembershipFactory(
            person=PersonFactory(full_name=name), community=community, kind="core", is_lead=True
        )


def test_joining_from_the_page_queues_a_welcome_that_is_sent_after_the_join(
    client_for, staff, community, leads, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post("/communities/data-and-insight/join/", {"kind": "wider"})

    email = Email.objects.get(kind="welcome")
    assert email.to_address == "alice@ucl.ac.uk"
    assert email.subject == "Welcome to Data and Insight"
    assert [message.subject for message in mailoutbox] == ["Welcome to Data and Insight"]


def test_the_welcome_says_what_happens_next_names_the_leads_and_links_to_the_sessions(
    staff, community, leads
):
    services.join(person=staff, community=community, kind="wider")

    email = Email.objects.get(kind="welcome")
    text = email.body_text
    assert "Dear Alice," in text
    assert "You are now a wider member" in text
    assert "What happens next" in text
    assert "Come to a session." in text
    assert SESSIONS_LINK in text
    assert "The community's leads are Lena Lead and Leo Lead." in text
    assert "http://testserver/me/settings/" in text
    assert f'href="{SESSIONS_LINK}"' in email.body_html
    assert "Lena Lead and Leo Lead" in email.body_html


def test_a_core_member_is_told_what_core_members_can_do(staff, community, leads):
    services.join(person=staff, community=community, kind="core")

    text = Email.objects.get(kind="welcome").body_text
    assert "You are now a core member" in text
    assert "propose a project and lead it" in text


def test_a_community_without_leads_says_so(staff, community):
    services.join(person=staff, community=community, kind="wider")

    assert "has no leads named yet" in Email.objects.get(kind="welcome").body_text


def test_a_lead_appointed_as_they_join_gets_the_lead_email_instead(staff, community):
    services.join(person=staff, community=community, kind="core", is_lead=True)

    assert list(Email.objects.values_list("kind", flat=True)) == ["lead_appointed"]


def test_changing_kind_or_registering_interest_sends_no_welcome(
    staff, community, preparing_community
):
    MembershipFactory(person=staff, community=community, kind="wider")

    services.change_kind(person=staff, community=community, kind="core")
    services.register_interest(person=staff, community=preparing_community)

    assert not Email.objects.filter(kind="welcome").exists()


def test_a_refused_join_sends_no_welcome(staff, community, preparing_community):
    MembershipFactory(person=staff, community=community, kind="wider")

    with pytest.raises(services.MembershipError):
        services.join(person=staff, community=community, kind="wider")
    with pytest.raises(services.MembershipError):
        services.join(person=staff, community=preparing_community, kind="wider")

    assert not Email.objects.filter(kind="welcome").exists()


def test_switching_core_welcomes_to_the_new_community_only(staff, community, other_community):
    MembershipFactory(person=staff, community=other_community, kind="core")

    services.join(person=staff, community=community, kind="core", switch_core=True)

    email = Email.objects.get(kind="welcome")
    assert email.subject == "Welcome to Data and Insight"
