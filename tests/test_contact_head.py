"""/contact/: a question to the Head of CoPs, relayed by email to the programme contact's address
with the sender as reply-to, so the page never needs her address; a few an hour per person,
counted apart from messages to community leads (the same counter mechanism)."""

import pytest
from django.contrib.auth.models import Group

from communities.models import ProgrammeContact
from membership import services as membership
from membership.models import HEAD_OF_COPS_GROUP
from outbox.models import Email
from outbox.relay_limits import count_relayed
from proposals import services

from .factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = "/contact/"
QUESTION = "Could a community span two practice areas? We work across Estates & Finance."


@pytest.fixture
def contact(db):
    return ProgrammeContact.objects.create(
        name="Daniela Head", role="Head of CoPs", email="cops-head@ucl.ac.uk"
    )


@pytest.fixture
def sender(staff):
    staff.job_title = "Planning Officer"
    staff.save()
    return staff


def test_the_page_has_a_message_form_and_never_the_head_s_address_in_it(
    client_for, sender, contact
):
    response = client_for(sender).get(URL)

    main = response.text.split('<main id="main-content"')[1].split("</main>")[0]
    assert response.status_code == 200
    assert 'name="message"' in main
    assert "cops-head@ucl.ac.uk" not in main
    assert "mailto:" not in main


def test_a_question_is_relayed_to_the_programme_contact_with_the_sender_as_reply_to(
    client_for, sender, contact, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(sender).post(URL, {"message": QUESTION}, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "Your message is on its way to the Head of Communities of Practice" in response.text
    email = Email.objects.get(kind="question_to_head")
    assert email.to_address == "cops-head@ucl.ac.uk"
    assert email.reply_to == ["alice@ucl.ac.uk"]
    assert email.subject == "Alice Adams asked a question through the CoP portal"
    assert QUESTION in email.body_text
    assert "Alice Adams (Planning Officer, Finance)" in email.body_text
    assert [m.to for m in mailoutbox] == [["cops-head@ucl.ac.uk"]]
    assert mailoutbox[0].reply_to == ["alice@ucl.ac.uk"]


def test_without_a_programme_contact_the_head_s_group_gets_it(sender, head):
    assert services.contact_head(sender=sender, message=QUESTION) == 1

    assert Email.objects.get().to_address == "daniela@ucl.ac.uk"


def test_without_any_address_for_the_head_it_is_refused(sender):
    Group.objects.get(name=HEAD_OF_COPS_GROUP).user_set.clear()

    with pytest.raises(services.NobodyToAsk):
        services.contact_head(sender=sender, message=QUESTION)

    assert not Email.objects.exists()


def test_an_empty_message_is_refused_on_the_form(client_for, sender, contact):
    response = client_for(sender).post(URL, {"message": "   "})

    assert response.status_code == 200
    assert "Write your question or suggestion." in response.text
    assert not Email.objects.exists()


def test_five_questions_an_hour_and_the_sixth_keeps_its_text(client_for, sender, contact):
    client = client_for(sender)
    for number in range(services.CONTACT_HEAD_PER_HOUR):
        assert client.post(URL, {"message": f"Question {number}"}).status_code == 302

    refused = client.post(URL, {"message": "One question too many"})

    assert refused.status_code == 429
    assert "You have sent 5 messages to the Head of Communities of Practice" in refused.text
    assert "One question too many" in refused.text
    assert Email.objects.filter(kind="question_to_head").count() == 5


def test_the_limit_is_per_sender(client_for, sender, other_staff, contact):
    for number in range(services.CONTACT_HEAD_PER_HOUR):
        services.contact_head(sender=sender, message=f"Question {number}")

    assert client_for(other_staff).post(URL, {"message": QUESTION}).status_code == 302


def test_questions_to_the_head_and_messages_to_leads_are_counted_apart(sender, contact, community):
    MembershipFactory(
        person=PersonFactory(full_name="Lena Lead"), community=community, kind="core", is_lead=True
    )
    for number in range(services.CONTACT_HEAD_PER_HOUR):
        services.contact_head(sender=sender, message=f"Question {number}")

    assert membership.contact_leads(community=community, sender=sender, message="Hello") == 1
    with pytest.raises(membership.TooManyMessages):
        services.contact_head(sender=sender, message="Again")


def test_one_counter_counts_each_kind_for_each_sender(db):
    assert all(count_relayed(kind="test", sender_id=1, per_hour=2) for _ in range(2))
    assert not count_relayed(kind="test", sender_id=1, per_hour=2)
    assert count_relayed(kind="test", sender_id=2, per_hour=2)
    assert count_relayed(kind="other", sender_id=1, per_hour=2)


def test_anonymous_visitors_are_asked_to_sign_in(client, contact):
    assert client.get(URL)["Location"] == "/accounts/login/?next=/contact/"
    assert client.post(URL, {"message": QUESTION})["Location"].startswith("/accounts/login/")
    assert not Email.objects.exists()
