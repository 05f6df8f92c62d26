"""Marking who attended, at /sessions/<id>/attendance/: after the end, by the host, a lead or
the Head."""

from types import SimpleNamespace

import pytest
from django.test import Client

from activities.models import Rsvp

from .activity_factories import RsvpFactory, SessionFactory
from .factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

MANAGERS = {"lead", "host", "head", "superuser"}


@pytest.fixture
def people(community, staff, other_staff, head, superuser):
    core = PersonFactory(full_name="Carl Core")
    lead = PersonFactory(full_name="Lena Lead")
    host = PersonFactory(full_name="Hana Host")
    MembershipFactory(person=staff, community=community, kind="wider")
    MembershipFactory(person=core, community=community, kind="core")
    MembershipFactory(person=lead, community=community, kind="core", is_lead=True)
    MembershipFactory(person=host, community=community, kind="core")
    return SimpleNamespace(
        outsider=other_staff,
        wider=staff,
        core=core,
        lead=lead,
        host=host,
        head=head,
        superuser=superuser,
    )


@pytest.fixture
def held(community, people):
    """A session held last week, with three people who said they were going."""
    session = SessionFactory(community=community, host=people.host, past=True, title="Maps")
    for name in ["Ann Attended", "Bea Attended", "Cal Absent"]:
        RsvpFactory(session=session, person=PersonFactory(full_name=name))
    RsvpFactory(session=session, status=Rsvp.Status.CANCELLED)
    return session


def url(session) -> str:
    return f"/sessions/{session.pk}/attendance/"


def ids(session, *names) -> list[int]:
    return list(
        Rsvp.objects.filter(session=session, person__full_name__in=names).values_list(
            "pk", flat=True
        )
    )


@pytest.mark.parametrize("role", sorted(MANAGERS | {"outsider", "wider", "core"}))
def test_only_the_host_leads_and_the_head_see_the_checklist(client_for, people, held, role):
    response = client_for(getattr(people, role)).get(url(held))

    if role in MANAGERS:
        assert response.status_code == 200
        assert "Tick everyone who came" in response.text
        for name in ["Ann Attended", "Bea Attended", "Cal Absent"]:
            assert name in response.text
    else:
        assert response.status_code == 403


def test_anonymous_visitors_sign_in_first(held):
    response = Client().get(url(held))

    assert response["Location"] == f"/accounts/login/?next=/sessions/{held.pk}/attendance/"


def test_anonymous_post_comes_back_to_the_session_after_signing_in(held):
    response = Client().post(url(held), {"attended": ids(held, "Ann Attended")})

    assert response["Location"] == f"/accounts/login/?next=/sessions/{held.pk}/"
    assert not Rsvp.objects.filter(attended__isnull=False).exists()


@pytest.mark.parametrize("role", ["outsider", "wider", "core"])
def test_others_cannot_mark_attendance(client_for, people, held, role):
    response = client_for(getattr(people, role)).post(
        url(held), {"attended": ids(held, "Ann Attended")}
    )

    assert response.status_code == 403
    assert not Rsvp.objects.filter(attended__isnull=False).exists()


def test_the_host_marks_who_came_and_the_community_page_counts_them(
    client, client_for, people, held
):
    response = client_for(people.host).post(
        url(held), {"attended": ids(held, "Ann Attended", "Bea Attended")}, follow=True
    )

    assert response.redirect_chain == [(f"/sessions/{held.pk}/", 302)]
    assert "Attendance saved for “Maps”: 2 of 3 attended." in response.text
    marks = dict(Rsvp.objects.filter(session=held).values_list("person__full_name", "attended"))
    assert marks["Ann Attended"] is True
    assert marks["Cal Absent"] is False
    assert "2 of 3 attended" in client.get("/communities/data-and-insight/").text


def test_the_checklist_remembers_earlier_marks(client_for, people, held):
    Rsvp.objects.filter(session=held, person__full_name="Bea Attended").update(attended=True)
    Rsvp.objects.filter(session=held).exclude(person__full_name="Bea Attended").update(
        attended=False
    )

    text = client_for(people.lead).get(url(held)).text

    assert "Attendance was marked before" in text
    assert text.count("checked") == 1


def test_unmarked_attendance_is_shown_as_not_marked_on_the_community_page(client, held):
    assert "3 going, attendance not marked" in client.get("/communities/data-and-insight/").text


def test_before_the_end_the_page_explains_and_a_post_is_refused(client_for, community, people):
    upcoming = SessionFactory(community=community, host=people.host)
    going = RsvpFactory(session=upcoming)

    page = client_for(people.head).get(url(upcoming))
    response = client_for(people.head).post(url(upcoming), {"attended": [going.pk]}, follow=True)

    assert "You can mark who attended once the session has ended" in page.text
    assert "Tick everyone who came" not in page.text
    assert "has not ended yet" in response.text
    going.refresh_from_db()
    assert going.attended is None


def test_a_cancelled_session_has_no_attendance_to_mark(client_for, community, people):
    session = SessionFactory(community=community, host=people.host, past=True, cancelled=True)

    text = client_for(people.host).get(url(session)).text

    assert "was cancelled, so there is no attendance to mark" in text


def test_someone_not_on_the_list_cannot_be_marked(client_for, people, held):
    stranger = RsvpFactory(status=Rsvp.Status.GOING)

    response = client_for(people.host).post(url(held), {"attended": [stranger.pk]})

    assert response.status_code == 200
    assert "reload the page and try again" in response.text
    assert not Rsvp.objects.filter(attended__isnull=False).exists()


def test_a_session_nobody_went_to_says_there_is_nobody_to_mark(client_for, community, people):
    session = SessionFactory(community=community, host=people.host, past=True)

    assert "there is nobody to mark" in client_for(people.host).get(url(session)).text
