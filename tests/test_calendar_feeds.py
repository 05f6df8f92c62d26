"""Calendar files and feeds: they parse, they keep a session's identity, and they show the right
sessions at the right London times, without giving anyone's email address away."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from activities import services
from activities.models import CalendarFeed, Rsvp, Session

from .factories import PersonFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def make_session(community, host, *, title="Dashboards that people use", days=7, **fields):
    """A session written directly (the services are tested elsewhere), `days` from now."""
    starts_at = fields.pop("starts_at", None) or (
        timezone.now().replace(microsecond=0) + timedelta(days=days)
    )
    values = {
        "description": "Bring your *own* examples.",
        "location": "Room G01, 90 Tottenham Court Road",
        "ends_at": starts_at + timedelta(hours=1),
        "created_by": host,
        **fields,
    }
    return Session.objects.create(
        community=community, host=host, title=title, starts_at=starts_at, **values
    )


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    """The calendar's events by SUMMARY."""
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def uids(calendar: Calendar) -> set[str]:
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


def feed_of(person) -> CalendarFeed:
    return CalendarFeed.objects.get_or_create(person=person)[0]


# Every feed parses ------------------------------------------------------------------------------


def test_a_single_session_downloads_as_a_calendar_file(client, community, staff):
    session = make_session(community, staff, starts_at=datetime(2026, 11, 3, 12, tzinfo=UTC))

    response = client.get(f"/sessions/{session.pk}/calendar.ics")

    calendar = parse(response)
    assert response["Content-Disposition"] == (
        'attachment; filename="dashboards-that-people-use-2026-11-03.ics"'
    )
    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    assert "PRODID" in calendar
    (event,) = calendar.walk("VEVENT")
    assert event["SUMMARY"] == "Dashboards that people use – Data and Insight"
    assert event["UID"] == f"session-{session.pk}@127.0.0.1"
    assert event["STATUS"] == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    assert event["LOCATION"] == "Room G01, 90 Tottenham Court Road"
    assert event["URL"] == f"http://127.0.0.1:8000/sessions/{session.pk}/"
    assert "Bring your *own* examples." in event["DESCRIPTION"]
    assert "DTSTAMP" in event


def test_an_unknown_session_has_no_calendar_file(client):
    assert client.get("/sessions/999999/calendar.ics").status_code == 404


def test_the_community_feed_lists_its_sessions_for_subscribing(
    client, community, other_community, staff
):
    mine = make_session(community, staff, title="Data quality clinic")
    make_session(other_community, staff, title="Event budgets")

    response = client.get("/communities/data-and-insight/calendar.ics")

    calendar = parse(response)
    assert response["Content-Disposition"] == 'inline; filename="data-and-insight.ics"'
    assert calendar["X-WR-CALNAME"] == "Data and Insight – UCL Communities of Practice"
    assert "X-PUBLISHED-TTL:PT1H" in response.content.decode()
    # Calendar programs may ask with HEAD first, to see whether anything changed.
    assert client.head("/communities/data-and-insight/calendar.ics").status_code == 200
    assert uids(calendar) == {f"session-{mine.pk}@127.0.0.1"}


def test_an_unknown_community_has_no_feed(client):
    assert client.get("/communities/no-such-thing/calendar.ics").status_code == 404


def test_the_community_feed_keeps_recent_past_sessions_but_not_old_ones(client, community, staff):
    recent = make_session(community, staff, title="Last month", days=-30)
    make_session(community, staff, title="Last year", days=-365)

    calendar = parse(client.get("/communities/data-and-insight/calendar.ics"))

    assert uids(calendar) == {f"session-{recent.pk}@127.0.0.1"}


def test_a_session_with_only_an_online_link_gives_the_link_as_its_place(client, community, staff):
    session = make_session(
        community, staff, location="", online_url="https://teams.microsoft.com/l/meetup/abc"
    )

    (event,) = parse(client.get(f"/sessions/{session.pk}/calendar.ics")).walk("VEVENT")

    assert event["LOCATION"] == "https://teams.microsoft.com/l/meetup/abc"
    assert "Join online: https://teams.microsoft.com/l/meetup/abc" in event["DESCRIPTION"]


# A session keeps its identity -------------------------------------------------------------------


def test_an_edited_then_cancelled_session_keeps_its_uid_and_raises_its_sequence(
    client, community, staff, head
):
    session = make_session(community, staff, title="Before")
    feed_url = "/communities/data-and-insight/calendar.ics"
    first = parse(client.get(f"/sessions/{session.pk}/calendar.ics")).walk("VEVENT")[0]

    services.update_session(session=session, by=head, title="After")
    edited = parse(client.get(feed_url)).walk("VEVENT")[0]
    services.cancel_session(session=session, by=head)
    cancelled = parse(client.get(feed_url)).walk("VEVENT")[0]

    assert first["UID"] == edited["UID"] == cancelled["UID"]
    assert first["SEQUENCE"] < edited["SEQUENCE"] < cancelled["SEQUENCE"]
    assert edited["SUMMARY"] == "After – Data and Insight"
    assert edited["STATUS"] == "CONFIRMED"
    assert cancelled["STATUS"] == "CANCELLED"


def test_a_cancelled_session_stays_in_the_feed_marked_cancelled(client, community, staff):
    session = make_session(community, staff, status=Session.Status.CANCELLED, sequence=2)

    (event,) = parse(client.get("/communities/data-and-insight/calendar.ics")).walk("VEVENT")

    assert event["UID"] == f"session-{session.pk}@127.0.0.1"
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 2
    assert event["SUMMARY"].startswith("Cancelled: ")


# Times across the clock change ------------------------------------------------------------------


def test_times_are_right_either_side_of_octobers_clock_change(client, community, staff):
    # The clocks go back at 02:00 on Sunday 25 October 2026: noon is 11:00 UTC the day before
    # and 12:00 UTC the day after.
    summer = make_session(community, staff, starts_at=datetime(2026, 10, 24, 11, tzinfo=UTC))
    winter = make_session(community, staff, starts_at=datetime(2026, 10, 26, 12, tzinfo=UTC))

    summer_file = client.get(f"/sessions/{summer.pk}/calendar.ics")
    winter_file = client.get(f"/sessions/{winter.pk}/calendar.ics")

    assert "DTSTART;TZID=Europe/London:20261024T120000" in summer_file.content.decode()
    assert "DTEND;TZID=Europe/London:20261024T130000" in summer_file.content.decode()
    assert "DTSTART;TZID=Europe/London:20261026T120000" in winter_file.content.decode()
    (summer_event,) = parse(summer_file).walk("VEVENT")
    (winter_event,) = parse(winter_file).walk("VEVENT")
    assert summer_event.decoded("DTSTART").astimezone(UTC) == datetime(2026, 10, 24, 11, tzinfo=UTC)
    assert winter_event.decoded("DTSTART").astimezone(UTC) == datetime(2026, 10, 26, 12, tzinfo=UTC)


def test_the_feed_spells_out_london_time_with_summer_and_winter_rules(client, community, staff):
    make_session(community, staff)

    calendar = parse(client.get("/communities/data-and-insight/calendar.ics"))

    (london,) = calendar.walk("VTIMEZONE")
    assert london["TZID"] == "Europe/London"
    assert len(london.walk("STANDARD")) == 1
    assert len(london.walk("DAYLIGHT")) == 1
    # What a calendar that trusts only the VTIMEZONE (as Outlook does) makes of it agrees with
    # the time zone database, hour by hour, around every change for years to come.
    from_feed = london.to_tz(lookup_tzid=False)
    for year in range(2026, 2037):
        for month in (3, 10):
            start = datetime(year, month, 20, tzinfo=UTC)
            for hour in range(12 * 24):
                instant = start + timedelta(hours=hour)
                assert instant.astimezone(from_feed).utcoffset() == (
                    instant.astimezone(LONDON).utcoffset()
                ), instant


def test_a_single_session_file_carries_the_london_time_zone_too(client, community, staff):
    session = make_session(community, staff, starts_at=datetime(2026, 7, 1, 11, tzinfo=UTC))

    response = client.get(f"/sessions/{session.pk}/calendar.ics")

    assert "DTSTART;TZID=Europe/London:20260701T120000" in response.content.decode()
    assert [tz["TZID"] for tz in parse(response).walk("VTIMEZONE")] == ["Europe/London"]


# The personal feed ------------------------------------------------------------------------------


def test_my_feed_shows_only_the_sessions_i_am_going_to(client, community, staff, other_staff):
    going = make_session(community, staff, title="Going")
    waiting = make_session(community, staff, title="Waiting")
    cancelled_rsvp = make_session(community, staff, title="Changed my mind")
    others = make_session(community, staff, title="Someone else's")
    make_session(community, staff, title="Not answered")
    Rsvp.objects.create(session=going, person=staff, status=Rsvp.Status.GOING)
    Rsvp.objects.create(session=waiting, person=staff, status=Rsvp.Status.WAITING)
    Rsvp.objects.create(session=cancelled_rsvp, person=staff, status=Rsvp.Status.CANCELLED)
    Rsvp.objects.create(session=others, person=other_staff, status=Rsvp.Status.GOING)
    Rsvp.objects.create(session=going, person=other_staff, status=Rsvp.Status.GOING)

    response = client.get(f"/calendar/{feed_of(staff).token}.ics")

    assert set(events(parse(response))) == {"Going – Data and Insight"}
    assert "private" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("inline;")


def test_a_cancelled_session_i_was_going_to_shows_as_cancelled_in_my_feed(client, community, staff):
    session = make_session(community, staff, status=Session.Status.CANCELLED, sequence=1)
    Rsvp.objects.create(session=session, person=staff, status=Rsvp.Status.GOING)

    (event,) = parse(client.get(f"/calendar/{feed_of(staff).token}.ics")).walk("VEVENT")

    assert event["STATUS"] == "CANCELLED"


def test_an_unknown_token_has_no_feed(client, staff):
    feed_of(staff)

    assert client.get("/calendar/not-a-real-token.ics").status_code == 404


def test_the_feed_of_someone_switched_off_stops(client, staff):
    feed = feed_of(staff)
    staff.is_active = False
    staff.save()

    assert client.get(f"/calendar/{feed.token}.ics").status_code == 404


def test_resetting_my_calendar_address_retires_the_old_one(client_for, client, community, staff):
    session = make_session(community, staff)
    Rsvp.objects.create(session=session, person=staff, status=Rsvp.Status.GOING)
    old_token = feed_of(staff).token

    response = client_for(staff).post("/me/calendar/reset/", follow=True)

    new_token = CalendarFeed.objects.get(person=staff).token
    assert new_token != old_token
    assert response.redirect_chain == [("/me/", 302)]
    assert "Your calendar address has changed: subscribe again with the new one." in (response.text)
    assert client.get(f"/calendar/{old_token}.ics").status_code == 404
    assert len(parse(client.get(f"/calendar/{new_token}.ics")).walk("VEVENT")) == 1


def test_resetting_needs_signing_in_first(client, staff):
    response = client.post("/me/calendar/reset/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/me/"


def test_resetting_is_a_post_only_action(client_for, staff):
    assert client_for(staff).get("/me/calendar/reset/").status_code == 405


# No email addresses -----------------------------------------------------------------------------


def test_public_feeds_give_no_email_address_of_hosts_or_people_going(client, community):
    host = PersonFactory(full_name="Hana Host", email="hana.host@ucl.ac.uk")
    nameless = PersonFactory(full_name="", email="nameless.host@ucl.ac.uk")
    first = make_session(community, host, title="Hosted by Hana")
    second = make_session(community, nameless, title="Hosted by someone without a name")
    Rsvp.objects.create(session=first, person=nameless, status=Rsvp.Status.GOING)
    Rsvp.objects.create(session=second, person=host, status=Rsvp.Status.GOING)

    community_feed = client.get("/communities/data-and-insight/calendar.ics").content.decode()
    single = client.get(f"/sessions/{second.pk}/calendar.ics").content.decode()

    for text in (community_feed, single):
        assert "hana.host@" not in text
        assert "nameless.host@" not in text
        assert "mailto:" not in text.lower()
        assert "ORGANIZER" not in text
        assert "ATTENDEE" not in text
    assert "Host: Hana Host" in community_feed
