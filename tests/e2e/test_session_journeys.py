"""Sessions in a real browser: a lead schedules one, a wider member RSVPs and takes the .ics,
and someone on a full session's waiting list gets the place another person gives up.

Every page is checked with axe (site.check). The session page, the events page and the schedule
form are also photographed at 1280 and 390 px wide, as /tmp/act_<name>_<width>.png.
"""

import re
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from activities.models import Rsvp, Session
from communities.models import Community
from outbox.models import Email
from tests.activity_factories import RsvpFactory, SessionFactory
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.e2e

WIDTHS = {1280: 800, 390: 844, 320: 640}


@pytest.fixture
def data_and_insight(programme):
    return Community.objects.get(slug="data-and-insight")


@pytest.fixture
def lena(data_and_insight):
    person = PersonFactory(email="lena@ucl.ac.uk", full_name="Lena Lead")
    MembershipFactory(person=person, community=data_and_insight, kind="core", is_lead=True)
    return person


@pytest.fixture
def walter(data_and_insight):
    person = PersonFactory(email="walter@ucl.ac.uk", full_name="Walter Wider")
    MembershipFactory(person=person, community=data_and_insight, kind="wider")
    return person


def photograph(site, name: str) -> None:
    """The page as it is now at each width, checked with axe at each; 320 px (WCAG reflow)
    must not scroll sideways."""
    page = site.page
    for width, height in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"/tmp/act_{name}_{width}.png", full_page=True)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{page.url} scrolls sideways at {width} px ({scroll} px wide)"
        site.check()
    page.set_viewport_size({"width": 1280, "height": 800})


def message(page) -> str:
    return page.locator(".messages").inner_text()


def lunchtime(days: int):
    """12:30 in London, `days` from today."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(12, 30)))


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_lead_schedules_a_session(site, lena, data_and_insight):
    page = site.page
    site.sign_in_with_cookie(lena)
    site.visit("/communities/data-and-insight/")
    page.get_by_role("heading", name="Sessions", level=2).wait_for()
    site.check("community-before")

    page.get_by_role("link", name="Schedule a session").click()
    page.get_by_role("heading", name="Schedule a session", level=1).wait_for()
    photograph(site, "schedule_form")

    # The end before the start: the form comes back with the service's reason.
    starts = lunchtime(9)
    page.get_by_label("Title").fill("Power BI for beginners")
    page.get_by_label("Description").fill("Bring a laptop. We cover **measures** and visuals.")
    page.get_by_label("Starts").fill(local(starts))
    page.get_by_label("Ends").fill(local(starts - timedelta(hours=1)))
    page.get_by_label("Location").fill("Room 101, Bidborough House")
    page.get_by_label("Capacity").fill("12")
    page.get_by_role("button", name="Schedule the session").click()
    page.get_by_text("A session must end after it starts.").wait_for()
    assert not Session.objects.exists()
    site.check("form-error")

    page.get_by_label("Ends").fill(local(starts + timedelta(hours=1)))
    page.get_by_label("Online link").fill("https://teams.example.com/l/meetup/123")
    assert page.get_by_label("Host").input_value() == str(lena.pk)
    page.get_by_role("button", name="Schedule the session").click()
    page.wait_for_url(re.compile(r"/sessions/\d+/$"))
    assert "“Power BI for beginners” is scheduled." in message(page)
    session = Session.objects.get()
    assert session.host == lena
    assert session.capacity == 12
    assert timezone.localtime(session.starts_at).strftime("%H:%M") == "12:30"
    main = page.get_by_role("main")
    assert "12:30 to" in main.inner_text()
    assert main.locator("strong", has_text="measures").is_visible()
    assert main.get_by_role("link", name=re.compile("Join online")).is_visible()
    site.check("session-scheduled")

    # It shows on the community page, and the lead can edit it.
    page.get_by_role("link", name="Data and Insight").first.click()
    page.get_by_role("link", name="Power BI for beginners").wait_for()
    assert "12 of 12 places left" in page.locator(".community-sessions").inner_text()
    site.check("community-after")
    page.get_by_role("link", name="Power BI for beginners").click()
    page.get_by_role("link", name=re.compile("^Edit")).click()
    page.get_by_label("Capacity").fill("20")
    site.check("edit-form")
    page.get_by_role("button", name="Save changes").click()
    assert "Your changes to “Power BI for beginners” are saved." in message(page)
    session.refresh_from_db()
    assert session.capacity == 20


def test_a_wider_member_rsvps_and_downloads_the_ics(site, walter, data_and_insight):
    page = site.page
    session = SessionFactory(
        community=data_and_insight,
        title="Dashboards that people use",
        starts_at=lunchtime(6),
        ends_at=lunchtime(6) + timedelta(hours=1),
        description="What makes a dashboard useful.\n\n- one\n- two",
        capacity=10,
        online_url="https://teams.example.com/l/meetup/456",
    )
    RsvpFactory.create_batch(3, session=session)
    SessionFactory(
        community=data_and_insight,
        title="Another session",
        starts_at=lunchtime(7),
        ends_at=lunchtime(7) + timedelta(minutes=45),
    )

    # Anonymous: the events page, the session page, then sign in to RSVP.
    site.visit("/events/")
    page.get_by_label("Community").select_option(label="Data and Insight")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"community=data-and-insight"))
    assert "2 upcoming sessions match your filters." in page.locator(".result-count").inner_text()
    photograph(site, "events")
    page.get_by_role("link", name="Dashboards that people use").click()
    assert "3 people are going" in page.get_by_role("main").inner_text()
    site.check("session-anonymous")
    page.get_by_role("link", name="Sign in to RSVP").click()
    page.get_by_label("Email address").fill(walter.email)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(site.url(f"/sessions/{session.pk}/"))

    page.get_by_role("button", name="RSVP: I'm going").click()
    assert "You are going to “Dashboards that people use”." in message(page)
    panel = page.locator(".join-panel")
    assert "You are going" in panel.inner_text()
    assert "Walter Wider (you)" in page.get_by_role("main").inner_text()
    photograph(site, "session")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^Add to calendar")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    ics = Path(download.path()).read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in ics
    assert "Dashboards that people use" in ics
    assert Email.objects.filter(to_address=walter.email, kind="session_confirmation").exists()

    # /me/ lists it, and makes the calendar feed's address when asked.
    site.visit("/me/")
    mine = page.locator("#my-sessions").locator("..")
    assert "Dashboards that people use" in mine.inner_text()
    page.get_by_role("button", name="Get my calendar address").click()
    assert page.get_by_label("Your calendar address").input_value().endswith(".ics")
    site.check("me")


def test_someone_waiting_for_a_full_session_is_promoted_when_another_cancels(
    site, walter, data_and_insight
):
    page = site.page
    gita = PersonFactory(email="gita@ucl.ac.uk", full_name="Gita Going")
    session = SessionFactory(
        community=data_and_insight,
        title="Small workshop",
        capacity=1,
        starts_at=lunchtime(3),
        ends_at=lunchtime(3) + timedelta(hours=1),
    )
    RsvpFactory(session=session, person=gita)

    # Walter finds it full and joins the waiting list.
    site.sign_in_with_cookie(walter)
    site.visit(f"/sessions/{session.pk}/")
    assert "Places" in page.get_by_role("main").inner_text()
    assert "1 place, all taken" in page.locator(".session-facts").inner_text()
    page.get_by_role("button", name="Join the waiting list").click()
    assert "is full, so you are on the waiting list" in message(page)
    assert "number 1 on the waiting list" in page.locator(".join-panel").inner_text()
    site.check("waiting")

    # Gita gives up her place.
    page.context.clear_cookies()
    site.sign_in_with_cookie(gita)
    site.visit(f"/sessions/{session.pk}/")
    page.get_by_role("button", name="Cancel my RSVP").click()
    assert "Your RSVP to “Small workshop” is cancelled." in message(page)
    site.check("gave-up")

    # Walter now has the place, and has been emailed.
    page.context.clear_cookies()
    site.sign_in_with_cookie(walter)
    site.visit(f"/sessions/{session.pk}/")
    assert "You are going" in page.locator(".join-panel").inner_text()
    assert Rsvp.objects.get(session=session, person=walter).status == Rsvp.Status.GOING
    assert Email.objects.filter(to_address=walter.email, kind="session_promoted").exists()
    site.check("promoted")


def test_the_host_marks_attendance_and_cancels_another_session(site, lena, data_and_insight):
    page = site.page
    held = SessionFactory(
        community=data_and_insight,
        host=lena,
        title="Last week's clinic",
        starts_at=lunchtime(-7),
        ends_at=lunchtime(-7) + timedelta(hours=1),
    )
    came = RsvpFactory(session=held, person=PersonFactory(full_name="Ann Attended"))
    RsvpFactory(session=held, person=PersonFactory(full_name="Cal Absent"))
    upcoming = SessionFactory(
        community=data_and_insight,
        host=lena,
        title="Next week's clinic",
        starts_at=lunchtime(7),
        ends_at=lunchtime(7) + timedelta(hours=1),
    )
    RsvpFactory(session=upcoming)
    site.sign_in_with_cookie(lena)

    # Attendance: a checklist of those going, after the end.
    site.visit(f"/sessions/{held.pk}/")
    page.get_by_role("link", name="Mark attendance").click()
    page.get_by_role("heading", name="Who attended?", level=1).wait_for()
    site.check("attendance")
    page.get_by_label("Ann Attended").check()
    page.get_by_role("button", name="Save attendance").click()
    assert "1 of 2 attended" in message(page)
    came.refresh_from_db()
    assert came.attended is True
    site.visit("/communities/data-and-insight/")
    assert "1 of 2 attended" in page.locator(".community-sessions").inner_text()
    site.check("community-attendance")

    # Cancelling asks first, then tells the person going.
    site.visit(f"/sessions/{upcoming.pk}/")
    page.get_by_role("button", name="Cancel session").click()
    page.get_by_role("heading", name=re.compile("^Cancel “Next week")).wait_for()
    site.check("cancel-confirm")
    page.get_by_role("button", name="Cancel the session").click()
    assert "is cancelled. We have emailed the 1 person who was going or waiting." in message(page)
    assert page.get_by_text("This session was cancelled. It will not take place.").is_visible()
    site.check("cancelled")
