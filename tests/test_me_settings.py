"""/me/settings/: choosing, community by community, whether announcements come by email."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activities.models import AnnouncementOptOut

from .factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = "/me/settings/"


@pytest.fixture
def member(staff, community, other_community):
    MembershipFactory(person=staff, community=community, kind="core")
    MembershipFactory(person=staff, community=other_community, kind="wider")
    return staff


def _opted_out(person) -> set[str]:
    return set(
        AnnouncementOptOut.objects.filter(person=person).values_list("community__slug", flat=True)
    )


def _checkbox(slug: str) -> str:
    return f'name="announcements_on" value="{slug}" id="announcements-{slug}"'


def test_anonymous_visitors_are_asked_to_sign_in_first(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_my_communities_are_listed_each_emailing_me_until_i_say_otherwise(
    member, client_for, community
):
    AnnouncementOptOut.objects.create(person=member, community=community)

    response = client_for(member).get(URL)

    assert response.status_code == 200
    text = response.text
    assert text.count("Email me this community's announcements") == 2
    assert f"{_checkbox('data-and-insight')}>" in text
    assert f"{_checkbox('events-management')} checked>" in text


def test_communities_i_left_are_not_listed(staff, client_for, community, other_community):
    MembershipFactory(person=staff, community=community)
    MembershipFactory(
        person=staff,
        community=other_community,
        joined_at=timezone.now() - timedelta(days=30),
        ended_at=timezone.now() - timedelta(days=1),
    )

    text = client_for(staff).get(URL).text

    assert "Data and Insight" in text
    assert "Events Management" not in text


def test_unticking_a_community_stops_its_announcements(member, client_for):
    client = client_for(member)
    response = client.post(
        URL,
        {
            "announcements_shown": ["data-and-insight", "events-management"],
            "announcements_on": ["events-management"],
        },
    )

    assert response.status_code == 302
    assert response["Location"] == URL
    assert _opted_out(member) == {"data-and-insight"}
    page = client.get(URL).text
    assert "Your settings are saved." in page
    assert f"{_checkbox('data-and-insight')}>" in page


def test_ticking_it_again_starts_them_again(member, client_for, community):
    AnnouncementOptOut.objects.create(person=member, community=community)

    client_for(member).post(
        URL,
        {
            "announcements_shown": ["data-and-insight", "events-management"],
            "announcements_on": ["data-and-insight", "events-management"],
        },
    )

    assert _opted_out(member) == set()


def test_announcements_off_names_the_communities_to_stop_directly(member, client_for):
    client_for(member).post(URL, {"announcements_off": ["events-management"]})

    assert _opted_out(member) == {"events-management"}


def test_a_community_joined_since_the_page_was_shown_keeps_emailing(member, client_for):
    client_for(member).post(
        URL, {"announcements_shown": ["data-and-insight"], "announcements_on": []}
    )

    assert _opted_out(member) == {"data-and-insight"}


def test_communities_i_am_not_a_member_of_are_ignored(member, client_for, preparing_community):
    client_for(member).post(URL, {"announcements_off": ["widening-participation", "nonsense"]})

    assert _opted_out(member) == set()


def test_someone_in_no_community_is_told_there_is_nothing_to_choose(staff, client_for):
    response = client_for(staff).get(URL)

    assert "You are not a member of any community" in response.text
    assert "announcements_on" not in response.text


def test_my_communities_page_links_to_my_settings(member, client_for):
    assert f'href="{URL}"' in client_for(member).get("/me/").text


# Hide me from lists -----------------------------------------------------------------------------


def _hidden(person) -> bool:
    person.refresh_from_db()
    return person.hidden_from_lists


def test_the_page_offers_hide_me_from_lists_unticked_at_first(staff, client_for):
    text = client_for(staff).get(URL).text

    assert "Hide me from lists" in text
    assert 'name="hidden_from_lists" value="1" id="hidden-from-lists"' in text
    assert 'id="hidden-from-lists" aria-describedby="hidden-from-lists-help">' in text
    assert "You still count in the numbers" in text


def test_ticking_hide_me_from_lists_hides_me_and_the_page_remembers(staff, client_for):
    client = client_for(staff)

    response = client.post(URL, {"lists_shown": "1", "hidden_from_lists": "1"})

    assert response.status_code == 302
    assert _hidden(staff)
    assert 'aria-describedby="hidden-from-lists-help" checked>' in client.get(URL).text


def test_unticking_it_lists_me_again(staff, client_for):
    staff.hidden_from_lists = True
    staff.save()

    client_for(staff).post(URL, {"lists_shown": "1"})

    assert not _hidden(staff)


def test_hidden_from_lists_can_be_set_directly_by_its_name(staff, client_for):
    client = client_for(staff)

    client.post(URL, {"hidden_from_lists": "true"})
    assert _hidden(staff)
    client.post(URL, {"hidden_from_lists": "0"})
    assert not _hidden(staff)


def test_saving_announcements_alone_leaves_hide_me_as_it_was(member, client_for):
    member.hidden_from_lists = True
    member.save()

    client_for(member).post(URL, {"announcements_off": ["events-management"]})

    assert _hidden(member)
    assert _opted_out(member) == {"events-management"}


def test_saving_hide_me_alone_leaves_announcements_as_they_were(member, client_for, community):
    AnnouncementOptOut.objects.create(person=member, community=community)

    client_for(member).post(URL, {"hidden_from_lists": "1"})

    assert _opted_out(member) == {"data-and-insight"}


def test_the_page_form_saves_both_settings_together(member, client_for):
    client_for(member).post(
        URL,
        {
            "lists_shown": "1",
            "hidden_from_lists": "1",
            "announcements_shown": ["data-and-insight", "events-management"],
            "announcements_on": ["data-and-insight"],
        },
    )

    assert _hidden(member)
    assert _opted_out(member) == {"events-management"}


def test_someone_in_no_community_can_still_hide_from_lists(staff, client_for):
    client_for(staff).post(URL, {"lists_shown": "1", "hidden_from_lists": "1"})

    assert _hidden(staff)


# Where "hide me from lists" is honoured ---------------------------------------------------------


def test_a_hidden_person_is_left_out_of_who_is_going_but_counted(
    staff, other_staff, client_for, community
):
    from activities.models import Rsvp

    from .activity_factories import RsvpFactory, SessionFactory

    session = SessionFactory(community=community)
    RsvpFactory(session=session, person=staff)
    RsvpFactory(session=session, person=PersonFactory(full_name="Hana Hidden"))
    RsvpFactory(session=session, person=other_staff)
    Person = type(staff)
    Person.objects.filter(full_name="Hana Hidden").update(hidden_from_lists=True)

    text = client_for(other_staff).get(f"/sessions/{session.pk}/").text

    assert "Alice Adams" in text
    assert "Hana Hidden" not in text
    assert "3 people" in text
    assert "And 1 more person who chose not to be listed." in text
    assert Rsvp.objects.filter(session=session, status="going").count() == 3


def test_when_everyone_going_is_hidden_the_page_says_how_many_without_names(
    staff, other_staff, client_for, community
):
    from .activity_factories import RsvpFactory, SessionFactory

    session = SessionFactory(community=community)
    RsvpFactory(session=session, person=staff)
    staff.hidden_from_lists = True
    staff.save()

    mine = client_for(staff).get(f"/sessions/{session.pk}/").text
    theirs = client_for(other_staff).get(f"/sessions/{session.pk}/").text

    assert "1 person who chose not to be listed, including you." in mine
    assert "1 person who chose not to be listed." in theirs
    assert "Alice Adams" not in theirs
    assert "Nobody has said they are going yet" not in theirs


def test_the_host_still_marks_attendance_for_a_hidden_person(client_for, staff, community):
    from datetime import timedelta

    from django.utils import timezone

    from .activity_factories import RsvpFactory, SessionFactory

    host = PersonFactory(full_name="Hope Host")
    MembershipFactory(person=host, community=community, kind="core")
    started = timezone.now() - timedelta(days=2)
    session = SessionFactory(
        community=community, host=host, starts_at=started, ends_at=started + timedelta(hours=1)
    )
    RsvpFactory(session=session, person=staff)
    staff.hidden_from_lists = True
    staff.save()

    text = client_for(host).get(f"/sessions/{session.pk}/attendance/").text

    assert "Alice Adams" in text
