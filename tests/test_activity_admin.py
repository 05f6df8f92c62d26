"""Sessions, RSVPs and announcements in the admin: the Head reads them, and cancels sessions only
through the services (everyone going or waiting is told); nobody edits a row there."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from activities.models import Announcement, Rsvp, Session
from outbox.models import Email

from .activity_factories import AnnouncementFactory, RsvpFactory, SessionFactory

SESSIONS = reverse("admin:activities_session_changelist")
RSVPS = reverse("admin:activities_rsvp_changelist")
ANNOUNCEMENTS = reverse("admin:activities_announcement_changelist")


@pytest.fixture
def full_session(community):
    """A session next week with two going (its capacity) and one waiting."""
    session = SessionFactory(community=community, title="Data clinic", capacity=2)
    RsvpFactory.create_batch(2, session=session)
    RsvpFactory(session=session, status=Rsvp.Status.WAITING)
    return session


def _cancel(client, *sessions):
    return client.post(
        SESSIONS,
        {"action": "cancel_selected", ACTION_CHECKBOX_NAME: [s.pk for s in sessions]},
        follow=True,
    )


def test_the_head_sees_sessions_with_who_is_going_and_waiting(head, client_for, full_session):
    page = client_for(head).get(SESSIONS)

    assert page.status_code == 200
    assert "Data clinic" in page.text
    assert "Data and Insight" in page.text
    assert page.context["cl"].result_list[0].going_count == 2
    assert page.context["cl"].result_list[0].waiting_count == 1
    assert 'value="cancel_selected"' in page.text


def test_the_head_filters_and_searches_sessions(head, client_for, full_session, other_community):
    SessionFactory(community=other_community, title="Show and tell")
    signed_in = client_for(head)

    searched = signed_in.get(SESSIONS, {"q": "clinic"})
    filtered = signed_in.get(SESSIONS, {"community__id__exact": other_community.pk})

    assert "Data clinic" in searched.text
    assert "Show and tell" not in searched.text
    assert "Show and tell" in filtered.text
    assert "Data clinic" not in filtered.text


def test_cancelling_from_the_admin_goes_through_the_services_and_tells_everyone(
    head, client_for, full_session
):
    page = _cancel(client_for(head), full_session)

    full_session.refresh_from_db()
    assert full_session.status == Session.Status.CANCELLED
    assert full_session.sequence == 1  # Calendars take the change.
    assert "Cancelled 1 session; 3 people told." in page.text
    notices = Email.objects.filter(recipient__rsvps__session=full_session).distinct()
    assert notices.count() == 3


def test_a_session_already_cancelled_or_over_is_left_as_it_is(head, client_for, community):
    cancelled = SessionFactory(community=community, cancelled=True)
    over = SessionFactory(community=community, past=True, title="Reading group")

    page = _cancel(client_for(head), cancelled, over)

    assert "1 session was already cancelled; nothing changed." in page.text
    assert "“Reading group” not cancelled: “Reading group” has ended" in page.text
    over.refresh_from_db()
    assert over.status == Session.Status.SCHEDULED
    assert not Email.objects.exists()


def test_a_sessions_page_in_the_admin_is_read_only(head, client_for, full_session):
    url = reverse("admin:activities_session_change", args=[full_session.pk])
    signed_in = client_for(head)

    page = signed_in.get(url)
    signed_in.post(url, {"title": "Renamed", "capacity": 1})

    assert page.status_code == 200
    assert 'name="title"' not in page.text
    assert page.text.count("<tr") >= 3  # The RSVPs, listed under the session.
    full_session.refresh_from_db()
    assert (full_session.title, full_session.capacity) == ("Data clinic", 2)


def test_nobody_adds_or_deletes_sessions_rsvps_or_announcements_in_the_admin(
    superuser, client_for, full_session
):
    announcement = AnnouncementFactory(community=full_session.community)
    rsvp = full_session.rsvps.first()
    signed_in = client_for(superuser)

    for model in ("session", "rsvp", "announcement"):
        assert signed_in.get(reverse(f"admin:activities_{model}_add")).status_code == 403
    for model, pk in (
        ("session", full_session.pk),
        ("rsvp", rsvp.pk),
        ("announcement", announcement.pk),
    ):
        assert (
            signed_in.get(reverse(f"admin:activities_{model}_delete", args=[pk])).status_code == 403
        )
    assert Session.objects.count() == 1
    assert Announcement.objects.count() == 1


def test_the_head_reads_rsvps_and_announcements(head, client_for, full_session):
    AnnouncementFactory(community=full_session.community, subject="Call for speakers")
    waiting = full_session.rsvps.get(status=Rsvp.Status.WAITING)
    signed_in = client_for(head)

    rsvps = signed_in.get(RSVPS, {"status__exact": "waiting"})
    announcements = signed_in.get(ANNOUNCEMENTS)
    announcement = signed_in.get(
        reverse("admin:activities_announcement_change", args=[Announcement.objects.get().pk])
    )

    assert rsvps.status_code == 200
    assert [row.pk for row in rsvps.context["cl"].result_list] == [waiting.pk]
    assert "Call for speakers" in announcements.text
    assert 'name="subject"' not in announcement.text
    assert "action-checkbox" not in announcements.text  # No actions: nothing to change.


def test_past_sessions_show_attendance_in_the_rsvp_list(head, client_for, community):
    session = SessionFactory(community=community, past=True)
    RsvpFactory(session=session, attended=True, created_at=timezone.now() - timedelta(days=9))

    page = client_for(head).get(RSVPS, {"attended__exact": "1"})

    assert len(page.context["cl"].result_list) == 1


@pytest.mark.parametrize("url", [SESSIONS, RSVPS, ANNOUNCEMENTS])
def test_staff_are_sent_to_the_admin_sign_in(staff, client_for, url):
    response = client_for(staff).get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
