"""The session pages for every role: the page itself, scheduling, editing, cancelling and RSVPs.

Roles: anonymous, a member of staff outside the community, a wider member, a core member, a
lead, the session's host, the Head and a superuser.
"""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from activities.models import Rsvp, Session

from .activity_factories import RsvpFactory, SessionFactory
from .factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "wider", "core", "lead", "host", "head", "superuser"]
MANAGERS = {"lead", "host", "head", "superuser"}
SCHEDULERS = {"core", "lead", "host", "head", "superuser"}


@pytest.fixture
def people(community, staff, other_staff, head, superuser):
    core = PersonFactory(full_name="Carl Core", email="carl@ucl.ac.uk")
    lead = PersonFactory(full_name="Lena Lead", email="lena@ucl.ac.uk")
    host = PersonFactory(full_name="Hana Host", email="hana@ucl.ac.uk")
    MembershipFactory(person=staff, community=community, kind="wider")
    MembershipFactory(person=core, community=community, kind="core")
    MembershipFactory(person=lead, community=community, kind="core", is_lead=True)
    MembershipFactory(person=host, community=community, kind="core")
    return SimpleNamespace(
        anonymous=None,
        outsider=other_staff,
        wider=staff,
        core=core,
        lead=lead,
        host=host,
        head=head,
        superuser=superuser,
    )


@pytest.fixture
def as_role(people, client_for):
    def make(role: str) -> Client:
        person = getattr(people, role)
        return Client() if person is None else client_for(person)

    return make


@pytest.fixture
def session(community, people):
    return SessionFactory(
        community=community, host=people.host, title="Dashboards that people use", capacity=3
    )


def local(moment) -> str:
    """A time as a datetime-local box sends it: London time, to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def form_data(**overrides) -> dict:
    starts = (timezone.now() + timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    return {
        "title": "Power BI for beginners",
        "description": "Bring a laptop.",
        "starts_at": local(starts),
        "ends_at": local(starts + timedelta(hours=1)),
        "location": "Room 101, Bidborough House",
        "online_url": "",
        "capacity": "15",
        **overrides,
    }


# The session page ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_everyone_sees_the_session_page(as_role, session, role):
    response = as_role(role).get(f"/sessions/{session.pk}/")

    assert response.status_code == 200
    assert "Dashboards that people use" in response.text
    assert "Hana Host" in response.text
    assert "Add to calendar" in response.text
    assert f'href="/sessions/{session.pk}/calendar.ics"' in response.text
    assert ("Manage this session" in response.text) == (role in MANAGERS)


def test_signed_in_staff_see_who_is_going_and_anonymous_visitors_only_the_count(
    client, client_for, session, other_staff
):
    RsvpFactory(session=session, person=PersonFactory(full_name="Gita Going"))

    anonymous = client.get(f"/sessions/{session.pk}/").text
    signed_in = client_for(other_staff).get(f"/sessions/{session.pk}/").text

    assert "Gita Going" not in anonymous
    assert "1 person is going" in anonymous
    assert "Gita Going" in signed_in


def test_the_page_shows_times_in_london_places_left_and_the_markdown_description(
    client, community, people
):
    # 11:00 UTC in July is 12:00 in London (BST).
    starts = datetime(2099, 7, 14, 11, 0, tzinfo=UTC)
    session = SessionFactory(
        community=community,
        host=people.host,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        capacity=10,
        description="**Bring lunch** <script>alert(1)</script>",
        online_url="https://teams.example.com/meet/1",
    )
    RsvpFactory.create_batch(3, session=session)

    text = client.get(f"/sessions/{session.pk}/").text

    assert "Tuesday 14 July 2099, 12:00" in text
    assert ">13:00</time>" in text
    assert "10 places, 7 left" in text
    assert "<strong>Bring lunch</strong>" in text
    assert "<script>alert(1)</script>" not in text
    assert 'href="https://teams.example.com/meet/1"' in text


def test_a_signed_in_person_sees_their_status_on_the_waiting_list(client_for, session, staff):
    RsvpFactory.create_batch(3, session=session)
    RsvpFactory(session=session, status=Rsvp.Status.WAITING)
    RsvpFactory(session=session, person=staff, status=Rsvp.Status.WAITING)

    text = client_for(staff).get(f"/sessions/{session.pk}/").text

    assert "number 2 on the waiting list" in text
    assert "Leave the waiting list" in text


@pytest.mark.parametrize(
    "path",
    [
        "/sessions/999/",
        "/sessions/999/edit/",
        "/sessions/999/attendance/",
        "/sessions/999/calendar.ics",
        "/communities/no-such-thing/sessions/new/",
    ],
)
def test_unknown_sessions_and_communities_are_a_friendly_not_found(client_for, head, path):
    response = client_for(head).get(path)

    assert response.status_code == 404
    assert "Page not found" in response.text


@pytest.mark.parametrize(
    "path", ["/sessions/999/cancel/", "/sessions/999/rsvp/", "/sessions/999/rsvp/cancel/"]
)
def test_actions_on_an_unknown_session_are_a_friendly_not_found(client_for, head, path):
    assert client_for(head).post(path, {"confirm": "1"}).status_code == 404


# Scheduling ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_core_members_leads_and_the_head_may_open_the_schedule_form(as_role, community, role):
    response = as_role(role).get(f"/communities/{community.slug}/sessions/new/")

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == (
            "/accounts/login/?next=/communities/data-and-insight/sessions/new/"
        )
    elif role in SCHEDULERS:
        assert response.status_code == 200
        assert 'type="datetime-local"' in response.text
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ["outsider", "wider"])
def test_a_wider_member_or_an_outsider_cannot_schedule(as_role, community, people, role):
    response = as_role(role).post(f"/communities/{community.slug}/sessions/new/", form_data())

    assert response.status_code == 403
    assert not Session.objects.exists()


def test_anonymous_scheduling_is_sent_to_sign_in_and_back_to_the_community(client, community):
    response = client.post(f"/communities/{community.slug}/sessions/new/", form_data())

    assert response["Location"] == "/accounts/login/?next=/communities/data-and-insight/"
    assert not Session.objects.exists()


def test_a_core_member_schedules_a_session_they_host_by_default(client_for, community, people):
    response = client_for(people.core).post(
        f"/communities/{community.slug}/sessions/new/", form_data(), follow=True
    )

    session = Session.objects.get()
    assert response.redirect_chain == [(f"/sessions/{session.pk}/", 302)]
    assert "“Power BI for beginners” is scheduled." in response.text
    assert session.host == people.core
    assert session.capacity == 15


def test_a_lead_names_another_member_as_host(client_for, community, people):
    client_for(people.lead).post(
        f"/communities/{community.slug}/sessions/new/", form_data(host=people.core.pk)
    )

    assert Session.objects.get().host == people.core


def test_the_typed_time_is_london_time(client_for, community, people):
    client_for(people.core).post(
        f"/communities/{community.slug}/sessions/new/",
        form_data(starts_at="2099-07-14T12:30", ends_at="2099-07-14T13:30"),
    )

    session = Session.objects.get()
    assert session.starts_at == datetime(2099, 7, 14, 11, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "2099-07-14T11:00", "starts_at": "2099-07-14T12:00"}, "must end after"),
        ({"starts_at": "2020-01-01T12:00", "ends_at": "2020-01-01T13:00"}, "in the future"),
        ({"online_url": "javascript:alert(1)"}, "Enter a web address starting https://"),
        ({"location": "", "online_url": ""}, "Give a location, an online link, or both."),
        ({"title": ""}, "Give the session a title."),
        ({"starts_at": "next Tuesday"}, "Enter a date and time"),
        ({"starts_at": ""}, "Enter when the session starts."),
        ({"capacity": "0"}, "The capacity must be at least 1"),
        ({"capacity": "lots"}, "Enter a whole number of places"),
        # 01:30 on the last Sunday of March does not exist in London: the clocks skip it.
        ({"starts_at": "2099-03-29T01:30", "ends_at": "2099-03-29T03:00"}, "time zone"),
    ],
)
def test_a_bad_schedule_form_is_shown_again_with_a_friendly_error(
    client_for, community, people, overrides, message
):
    response = client_for(people.core).post(
        f"/communities/{community.slug}/sessions/new/", form_data(**overrides)
    )

    assert response.status_code == 200
    assert message in response.text
    assert not Session.objects.exists()


def test_a_host_from_outside_the_community_is_refused(client_for, community, people):
    response = client_for(people.lead).post(
        f"/communities/{community.slug}/sessions/new/", form_data(host=people.outsider.pk)
    )

    assert "Choose the host from the community&#x27;s members." in response.text
    assert not Session.objects.exists()


def test_nobody_schedules_for_a_closed_community(client_for, closed_community, people):
    response = client_for(people.head).get(f"/communities/{closed_community.slug}/sessions/new/")

    assert response.status_code == 403


# Editing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_the_host_leads_and_the_head_may_edit(as_role, session, role):
    response = as_role(role).get(f"/sessions/{session.pk}/edit/")

    if role == "anonymous":
        assert response["Location"] == f"/accounts/login/?next=/sessions/{session.pk}/edit/"
    elif role in MANAGERS:
        assert response.status_code == 200
        assert 'value="Dashboards that people use"' in response.text
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ["outsider", "wider", "core"])
def test_others_cannot_post_an_edit(as_role, session, role):
    response = as_role(role).post(f"/sessions/{session.pk}/edit/", form_data(title="Hijacked"))

    assert response.status_code == 403
    session.refresh_from_db()
    assert session.title == "Dashboards that people use"


def test_the_host_changes_the_title_and_the_page_says_so(client_for, session, people):
    data = form_data(
        title="Dashboards people love",
        starts_at=local(session.starts_at),
        ends_at=local(session.ends_at),
        capacity="3",
        host=people.host.pk,
    )

    response = client_for(people.host).post(f"/sessions/{session.pk}/edit/", data, follow=True)

    assert "Your changes to “Dashboards people love” are saved." in response.text
    session.refresh_from_db()
    assert session.title == "Dashboards people love"
    assert session.sequence == 1


def test_more_places_move_people_up_from_the_waiting_list(client_for, session, people):
    RsvpFactory.create_batch(3, session=session)
    waiting = RsvpFactory(session=session, status=Rsvp.Status.WAITING)
    data = form_data(
        title=session.title,
        description=session.description,
        location=session.location,
        starts_at=local(session.starts_at),
        ends_at=local(session.ends_at),
        capacity="4",
        host=people.host.pk,
    )

    response = client_for(people.lead).post(f"/sessions/{session.pk}/edit/", data, follow=True)

    assert "1 person has moved from the waiting list to going" in response.text
    waiting.refresh_from_db()
    assert waiting.status == Rsvp.Status.GOING


def test_a_capacity_below_those_going_is_refused_on_the_form(client_for, session, people):
    RsvpFactory.create_batch(3, session=session)
    data = form_data(
        title=session.title,
        starts_at=local(session.starts_at),
        ends_at=local(session.ends_at),
        capacity="2",
        host=people.host.pk,
    )

    response = client_for(people.host).post(f"/sessions/{session.pk}/edit/", data)

    assert response.status_code == 200
    assert "3 people are already going" in response.text
    session.refresh_from_db()
    assert session.capacity == 3


def test_a_cancelled_session_cannot_be_edited(client_for, community, people):
    session = SessionFactory(community=community, host=people.host, cancelled=True)

    response = client_for(people.host).get(f"/sessions/{session.pk}/edit/", follow=True)

    assert "was cancelled, so it cannot be changed" in response.text


def test_anonymous_edit_post_is_sent_to_sign_in_and_back_to_the_session(client, session):
    response = client.post(f"/sessions/{session.pk}/edit/", form_data())

    assert response["Location"] == f"/accounts/login/?next=/sessions/{session.pk}/"


# Cancelling ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_the_host_leads_and_the_head_may_cancel(as_role, session, role):
    response = as_role(role).post(f"/sessions/{session.pk}/cancel/", {"confirm": "1"})

    session.refresh_from_db()
    if role == "anonymous":
        assert response["Location"] == f"/accounts/login/?next=/sessions/{session.pk}/"
    elif role in MANAGERS:
        assert response["Location"] == f"/sessions/{session.pk}/"
        assert session.is_cancelled
        return
    else:
        assert response.status_code == 403
    assert not session.is_cancelled


def test_cancel_asks_first_and_says_who_will_be_told(client_for, session, people):
    RsvpFactory.create_batch(2, session=session)

    response = client_for(people.host).post(f"/sessions/{session.pk}/cancel/")

    assert response.status_code == 200
    assert "we will email the 2 people going" in response.text
    session.refresh_from_db()
    assert not session.is_cancelled


def test_a_confirmed_cancel_emails_those_going_and_says_how_many(client_for, session, people):
    RsvpFactory.create_batch(2, session=session)

    response = client_for(people.lead).post(
        f"/sessions/{session.pk}/cancel/", {"confirm": "1"}, follow=True
    )

    assert "is cancelled. We have emailed the 2 people who were going or waiting." in (
        response.text
    )
    assert "This session was cancelled" in response.text


def test_cancelling_twice_is_reported_as_done(client_for, session, people):
    signed_in = client_for(people.host)
    signed_in.post(f"/sessions/{session.pk}/cancel/", {"confirm": "1"})

    response = signed_in.post(f"/sessions/{session.pk}/cancel/", {"confirm": "1"}, follow=True)

    assert "is already cancelled" in response.text
    assert "alert-info" in response.text


@pytest.mark.parametrize("action", ["cancel", "rsvp", "rsvp/cancel"])
def test_opening_an_action_address_in_a_browser_explains_it_needs_a_button(client, session, action):
    response = client.get(f"/sessions/{session.pk}/{action}/")

    assert response.status_code == 405
    assert "That action needs a button" in response.text


# RSVPs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_any_signed_in_member_of_staff_may_rsvp(as_role, people, session, role):
    response = as_role(role).post(f"/sessions/{session.pk}/rsvp/", follow=True)

    assert "You are going to “Dashboards that people use”." in response.text
    assert Rsvp.objects.get(session=session).person == getattr(people, role)


def test_anonymous_rsvp_is_sent_to_sign_in_and_back_to_the_session(client, session):
    response = client.post(f"/sessions/{session.pk}/rsvp/")

    assert response["Location"] == f"/accounts/login/?next=/sessions/{session.pk}/"
    assert not Rsvp.objects.exists()


def test_a_double_rsvp_is_reported_as_done(client_for, session, staff):
    signed_in = client_for(staff)
    signed_in.post(f"/sessions/{session.pk}/rsvp/")

    response = signed_in.post(f"/sessions/{session.pk}/rsvp/", follow=True)

    assert "You are already going to “Dashboards that people use”." in response.text
    assert "alert-info" in response.text
    assert Rsvp.objects.filter(person=staff).count() == 1


def test_a_full_session_offers_the_waiting_list_and_puts_you_on_it(client_for, session, staff):
    RsvpFactory.create_batch(3, session=session)
    signed_in = client_for(staff)

    assert "Join the waiting list" in signed_in.get(f"/sessions/{session.pk}/").text
    response = signed_in.post(f"/sessions/{session.pk}/rsvp/", follow=True)

    assert "is full, so you are on the waiting list" in response.text
    assert "number 1 on the waiting list" in response.text
    assert Rsvp.objects.get(person=staff).status == Rsvp.Status.WAITING


@pytest.mark.parametrize("trait", ["past", "cancelled"])
def test_an_rsvp_to_a_past_or_cancelled_session_is_refused(client_for, community, staff, trait):
    session = SessionFactory(community=community, **{trait: True})

    response = client_for(staff).post(f"/sessions/{session.pk}/rsvp/", follow=True)

    assert "so it is not taking RSVPs" in response.text
    assert "alert-danger" in response.text
    assert not Rsvp.objects.exists()


def test_cancelling_an_rsvp_gives_the_place_to_the_first_person_waiting(client_for, session, staff):
    RsvpFactory(session=session, person=staff)
    RsvpFactory.create_batch(2, session=session)
    first = RsvpFactory(session=session, status=Rsvp.Status.WAITING)
    second = RsvpFactory(session=session, status=Rsvp.Status.WAITING)

    response = client_for(staff).post(f"/sessions/{session.pk}/rsvp/cancel/", follow=True)

    assert "Your RSVP to “Dashboards that people use” is cancelled." in response.text
    assert "RSVP: I&#x27;m going" in response.text or "Join the waiting list" in response.text
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Rsvp.Status.GOING, Rsvp.Status.WAITING)


def test_cancelling_an_rsvp_you_do_not_have_is_reported_as_done(client_for, session, staff):
    response = client_for(staff).post(f"/sessions/{session.pk}/rsvp/cancel/", follow=True)

    assert "You are not going to “Dashboards that people use”." in response.text
    assert "alert-info" in response.text


def test_anonymous_rsvp_cancel_is_sent_to_sign_in_and_back_to_the_session(client, session):
    response = client.post(f"/sessions/{session.pk}/rsvp/cancel/")

    assert response["Location"] == f"/accounts/login/?next=/sessions/{session.pk}/"


def test_the_session_page_asks_a_fixed_number_of_queries(
    client_for, session, staff, people, django_assert_max_num_queries
):
    RsvpFactory.create_batch(3, session=session)
    RsvpFactory.create_batch(5, session=session, status=Rsvp.Status.WAITING)
    RsvpFactory(session=session, person=staff, status=Rsvp.Status.WAITING)
    signed_in = client_for(staff)

    # Session and person, the session with its counts, my RSVP, those going, who manages
    # (the Head's group, then the leads), my place on the waiting list, the footer's contact
    # and whether the menu shows Reports.
    with django_assert_max_num_queries(10):
        response = signed_in.get(f"/sessions/{session.pk}/")

    assert "number 6 on the waiting list" in response.text


def test_a_session_under_way_can_still_be_retitled(client_for, community, people):
    started = timezone.now() - timedelta(minutes=10, seconds=17)
    session = SessionFactory(
        community=community,
        host=people.host,
        starts_at=started,
        ends_at=started + timedelta(hours=1),
    )
    data = form_data(
        title="Renamed while it runs",
        description=session.description,
        location=session.location,
        starts_at=local(session.starts_at),
        ends_at=local(session.ends_at),
        capacity="",
        host=people.host.pk,
    )

    response = client_for(people.host).post(f"/sessions/{session.pk}/edit/", data, follow=True)

    assert "Your changes to “Renamed while it runs” are saved." in response.text
    session.refresh_from_db()
    assert session.starts_at == started


def test_saving_the_edit_form_unchanged_says_nothing_was_saved(client_for, session, people):
    page = client_for(people.host).get(f"/sessions/{session.pk}/edit/")
    form = page.context["form"]
    data = {field.name: "" if field.value() is None else field.value() for field in form}
    data["starts_at"] = local(session.starts_at)
    data["ends_at"] = local(session.ends_at)

    response = client_for(people.host).post(f"/sessions/{session.pk}/edit/", data, follow=True)

    assert "You did not change anything, so nothing was saved." in response.text
    session.refresh_from_db()
    assert session.sequence == 0
