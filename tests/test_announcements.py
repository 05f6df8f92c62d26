"""Announcements: a community's leads and the Head post news; the audience is emailed once each."""

import re
from types import SimpleNamespace

import pytest

from activities.models import Announcement
from activities.services import announcements
from outbox.models import Email

from .factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = "/communities/data-and-insight/announcements/new/"
PAGE = "/communities/data-and-insight/"


@pytest.fixture
def people(community, staff, other_staff):
    """Data and Insight: Lena leads it, Carl is core, Alice (staff) and Will are wider members.
    Bob (other_staff) is not a member."""
    lead = PersonFactory(email="lena@ucl.ac.uk", full_name="Lena Lead")
    core = PersonFactory(email="carl@ucl.ac.uk", full_name="Carl Core")
    will = PersonFactory(email="will@ucl.ac.uk", full_name="Will Wider")
    MembershipFactory(person=lead, community=community, kind="core", is_lead=True)
    MembershipFactory(person=core, community=community, kind="core")
    MembershipFactory(person=staff, community=community, kind="wider")
    MembershipFactory(person=will, community=community, kind="wider")
    return SimpleNamespace(lead=lead, core=core, wider=staff, will=will, outsider=other_staff)


def _post(client, *, subject="Lunch and learn next week", body="Bring a friend.", audience="all"):
    return client.post(URL, {"subject": subject, "body": body, "audience": audience})


def _recipients(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)


def test_a_lead_posts_and_the_page_shows_it_and_each_member_is_emailed_once(
    people, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(people.lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client)

    assert response.status_code == 302
    assert response["Location"] == PAGE
    page = client.get(PAGE)
    assert "Your announcement is posted and being emailed to 4 people." in page.text
    assert "Lunch and learn next week" in page.text
    assert _recipients(mailoutbox) == [
        "alice@ucl.ac.uk",
        "carl@ucl.ac.uk",
        "lena@ucl.ac.uk",
        "will@ucl.ac.uk",
    ]
    assert {tuple(message.reply_to) for message in mailoutbox} == {("lena@ucl.ac.uk",)}


def test_the_form_offers_both_audiences_with_how_many_each_reaches(people, client_for):
    response = client_for(people.lead).get(URL)

    assert response.status_code == 200
    assert "All active members (4 people)" in response.text
    assert "Core members only (2 people)" in response.text
    assert re.search(r'<input[^>]*name="audience" value="all"[^>]*checked', response.text)


def test_a_core_only_announcement_reaches_the_core_members_only(
    people, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(people.lead)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, audience="core")

    assert _recipients(mailoutbox) == ["carl@ucl.ac.uk", "lena@ucl.ac.uk"]
    assert "being emailed to 2 people" in client.get(PAGE).text
    assert "because you are a core member of Data and Insight" in mailoutbox[0].body


def test_people_who_turned_off_the_communitys_announcements_are_not_emailed(
    people, community, other_community, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    MembershipFactory(person=people.will, community=other_community, kind="core")
    announcements.set_announcement_opt_outs(person=people.wider, communities_off=[community])
    announcements.set_announcement_opt_outs(person=people.will, communities_off=[other_community])

    client = client_for(people.lead)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client)

    assert "alice@ucl.ac.uk" not in _recipients(mailoutbox)
    assert "will@ucl.ac.uk" in _recipients(mailoutbox)
    assert "being emailed to 3 people" in client.get(PAGE).text


def test_the_count_is_of_the_people_actually_emailed(
    people, community, client_for, django_capture_on_commit_callbacks
):
    MembershipFactory(person=PersonFactory(is_active=False), community=community)
    MembershipFactory(person=PersonFactory(email="x@placeholder.invalid"), community=community)

    client = client_for(people.lead)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client)

    assert "being emailed to 4 people" in client.get(PAGE).text
    assert Email.objects.filter(kind="announcement").count() == 4


@pytest.mark.parametrize("who", ["wider", "core", "outsider"])
def test_only_leads_may_post(who, people, client_for, mailoutbox):
    client = client_for(getattr(people, who))

    assert client.get(URL).status_code == 403
    assert _post(client).status_code == 403
    assert not Announcement.objects.exists()
    assert not Email.objects.exists()


def test_a_lead_who_stepped_down_may_no_longer_post(people, community):
    people.lead.memberships.update(is_lead=False)

    with pytest.raises(announcements.NotAllowed):
        announcements.post_announcement(
            community=community, author=people.lead, subject="Hi", body="Hi", audience="all"
        )
    assert not Announcement.objects.exists()


def test_the_head_may_post_and_gets_no_copy_when_not_in_the_audience(
    people, head, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(head)
    assert client.get(URL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, subject="Programme news")

    assert response["Location"] == PAGE
    announcement = Announcement.objects.get()
    assert announcement.author == head
    assert "daniela@ucl.ac.uk" not in _recipients(mailoutbox)
    assert len(mailoutbox) == 4
    assert {tuple(message.reply_to) for message in mailoutbox} == {("daniela@ucl.ac.uk",)}


def test_a_superuser_may_post(people, superuser, client_for):
    assert _post(client_for(superuser)).status_code == 302
    assert Announcement.objects.get().author == superuser


def test_anonymous_visitors_are_asked_to_sign_in_first(people, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"

    response = _post(client)
    assert response["Location"] == f"/accounts/login/?next={PAGE}"
    assert not Announcement.objects.exists()


def test_an_unknown_community_is_not_found(head, client_for):
    response = client_for(head).get("/communities/no-such-thing/announcements/new/")

    assert response.status_code == 404


def test_a_closed_community_posts_nothing(
    head, closed_community, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(head)
    url = "/communities/old-practice/announcements/new/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"subject": "Hi", "body": "Hello", "audience": "all"})

    assert response["Location"] == "/communities/old-practice/"
    assert "Old Practice has closed" in client.get("/communities/old-practice/").text
    assert not Announcement.objects.exists()
    assert mailoutbox == []
    with pytest.raises(announcements.CommunityClosed):
        announcements.post_announcement(
            community=closed_community, author=head, subject="Hi", body="Hi", audience="all"
        )


def test_an_empty_subject_or_message_is_sent_back_with_the_reason(people, client_for):
    response = _post(client_for(people.lead), subject="  ", body="")

    assert response.status_code == 200
    assert "Give the announcement a subject." in response.text
    assert "Write the message." in response.text
    assert not Announcement.objects.exists()


def test_markdown_in_the_email_is_rendered_and_anything_that_could_run_is_inert(
    people, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    body = (
        "**Welcome**\n\n<script>alert('x')</script>\n\n"
        '<img src=x onerror="alert(1)">\n\n[click me](javascript:alert(1))'
    )
    with django_capture_on_commit_callbacks(execute=True):
        _post(client_for(people.lead), body=body)

    html, mimetype = mailoutbox[0].alternatives[0]
    assert mimetype == "text/html"
    assert "<strong>Welcome</strong>" in html
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript:' not in html
    assert body in mailoutbox[0].body  # the plain text is the text as written


def test_the_subject_keeps_ampersands_and_apostrophes_as_written(
    people, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client_for(people.lead), subject="Tea & cake: Lena's talk")

    message = mailoutbox[0]
    assert message.subject == "[Data and Insight] Tea & cake: Lena's talk"
    assert "&amp;" not in message.body
    assert "Tea &amp; cake: Lena&#x27;s talk" in message.alternatives[0][0]


def test_the_email_says_why_it_came_and_how_to_stop_it(
    people, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client_for(people.lead))

    message = mailoutbox[0]
    assert "because you are a member of Data and Insight" in message.body
    assert "http://127.0.0.1:8000/me/settings/" in message.body
    assert 'href="http://127.0.0.1:8000/me/settings/"' in message.alternatives[0][0]


def test_nothing_is_emailed_when_the_post_rolls_back(people, community, mailoutbox):
    # Without executing on-commit callbacks nothing is delivered: the emails wait for the
    # transaction, so a rolled-back announcement would email nobody.
    announcements.post_announcement(
        community=community, author=people.lead, subject="Hi", body="Hi", audience="all"
    )

    assert mailoutbox == []
    assert Email.objects.filter(kind="announcement", status=Email.Status.PENDING).count() == 4
