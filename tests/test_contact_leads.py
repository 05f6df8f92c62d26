"""Writing to a community's leads: the portal relays the message by email, with the sender as
reply-to, so no lead's address is ever on a page; and one person can only send a few an hour."""

from types import SimpleNamespace

import pytest

from membership import services
from outbox.models import Email

from .factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = "/communities/data-and-insight/contact/"
PAGE = "/communities/data-and-insight/"
MESSAGE = "Hello! Could I present our dashboard work at a lunch and learn?"


@pytest.fixture
def leads(community):
    """Data and Insight is led by Lena and Leo; Carl is a core member."""
    lena = PersonFactory(full_name="Lena Lead", email="lena@ucl.ac.uk")
    leo = PersonFactory(full_name="Leo Lead", email="leo@ucl.ac.uk")
    carl = PersonFactory(full_name="Carl Core", email="carl@ucl.ac.uk")
    MembershipFactory(person=lena, community=community, kind="core", is_lead=True)
    MembershipFactory(person=leo, community=community, kind="core", is_lead=True)
    MembershipFactory(person=carl, community=community, kind="core")
    return SimpleNamespace(lena=lena, leo=leo, carl=carl)


@pytest.fixture
def sender(staff):
    staff.job_title = "Planning Officer"
    staff.save()
    return staff


def test_a_message_is_relayed_to_each_lead_with_the_sender_as_reply_to(
    client_for, sender, leads, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(sender).post(URL, {"message": MESSAGE})

    assert response.status_code == 302
    assert response["Location"] == PAGE
    emails = Email.objects.filter(kind="leads_contacted").order_by("to_address")
    assert [email.to_address for email in emails] == ["lena@ucl.ac.uk", "leo@ucl.ac.uk"]
    assert all(email.reply_to == ["alice@ucl.ac.uk"] for email in emails)
    assert emails[0].subject == "Alice Adams wrote to the leads of Data and Insight"
    assert MESSAGE in emails[0].body_text
    assert "Alice Adams (Planning Officer, Finance)" in emails[0].body_text
    assert sorted(m.to[0] for m in mailoutbox) == ["lena@ucl.ac.uk", "leo@ucl.ac.uk"]
    assert all(m.reply_to == ["alice@ucl.ac.uk"] for m in mailoutbox)


def test_the_sender_is_told_it_is_on_its_way(client_for, sender, leads):
    response = client_for(sender).post(URL, {"message": MESSAGE}, follow=True)

    assert "Your message is on its way to the leads of Data and Insight." in response.text


def test_no_leads_address_is_shown_on_the_page_or_the_form(client, client_for, sender, leads):
    for text in (client.get(PAGE).text, client_for(sender).get(PAGE).text):
        assert "Lena Lead" in text
        assert "lena@ucl.ac.uk" not in text
        assert "leo@ucl.ac.uk" not in text
    form = client_for(sender).get(URL).text
    assert "Lena Lead and Leo Lead will get your message" in form
    assert "lena@ucl.ac.uk" not in form


def test_the_community_page_offers_the_form_to_signed_in_staff_and_sign_in_to_others(
    client, client_for, sender, leads
):
    signed_in = client_for(sender).get(PAGE).text
    anonymous = client.get(PAGE).text

    assert 'action="/communities/data-and-insight/contact/"' in signed_in
    assert 'action="/communities/data-and-insight/contact/"' not in anonymous
    assert "Sign in to write to the leads" in anonymous


def test_anonymous_visitors_are_asked_to_sign_in_and_nothing_is_sent(client, leads):
    response = client.post(URL, {"message": MESSAGE})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Email.objects.exists()


def test_an_empty_message_is_refused_on_the_form(client_for, sender, leads):
    response = client_for(sender).post(URL, {"message": "   "})

    assert response.status_code == 200
    assert "Write a message to the leads." in response.text
    assert not Email.objects.exists()


def test_a_very_long_message_is_refused_and_kept(client_for, sender, leads):
    response = client_for(sender).post(URL, {"message": "x" * 3001})

    assert "Keep the message under 3000 characters (it has 3001)." in response.text
    assert not Email.objects.exists()


def test_a_community_without_leads_says_so_and_sends_nothing(client_for, sender, other_community):
    url = f"/communities/{other_community.slug}/contact/"

    form = client_for(sender).get(url)
    posted = client_for(sender).post(url, {"message": MESSAGE})

    assert "has no leads named yet" in form.text
    assert 'name="message"' not in form.text
    assert "has no leads named yet" in posted.text
    assert not Email.objects.exists()


def test_a_lead_writing_to_the_leads_reaches_the_others_but_not_themselves(client_for, leads):
    client_for(leads.lena).post(URL, {"message": MESSAGE})

    assert list(Email.objects.values_list("to_address", flat=True)) == ["leo@ucl.ac.uk"]


def test_an_unknown_community_answers_a_friendly_404(client_for, sender):
    response = client_for(sender).post("/communities/nowhere/contact/", {"message": MESSAGE})

    assert response.status_code == 404


def test_one_person_can_send_five_messages_an_hour_and_the_sixth_keeps_its_text(
    client_for, sender, other_staff, leads
):
    client = client_for(sender)
    for n in range(services.CONTACT_LEADS_PER_HOUR):
        assert client.post(URL, {"message": f"Message {n}"}).status_code == 302

    refused = client.post(URL, {"message": "One more thing"})

    assert refused.status_code == 429
    assert "You have sent 5 messages to community leads in the last hour" in refused.text
    assert "One more thing" in refused.text
    assert Email.objects.count() == 2 * services.CONTACT_LEADS_PER_HOUR
    # Someone else is not held back by Alice's messages.
    assert client_for(other_staff).post(URL, {"message": MESSAGE}).status_code == 302


def test_the_limit_is_per_sender_across_communities(sender, leads, community, other_community):
    other_lead = PersonFactory()
    MembershipFactory(person=other_lead, community=other_community, kind="core", is_lead=True)
    for _ in range(services.CONTACT_LEADS_PER_HOUR):
        services.contact_leads(community=community, sender=sender, message=MESSAGE)

    with pytest.raises(services.TooManyMessages):
        services.contact_leads(community=other_community, sender=sender, message=MESSAGE)
