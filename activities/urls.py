"""Sessions, RSVPs, attendance, calendar feeds and announcements (a contract: see the
architecture page's URL table)."""

from django.urls import path

from .views import announcements, attendance, feeds, rsvps, sessions

urlpatterns = [
    path("events/", sessions.events, name="events"),
    path("communities/<slug:slug>/sessions/new/", sessions.session_new, name="session-new"),
    path(
        "communities/<slug:slug>/calendar.ics",
        feeds.community_calendar,
        name="community-calendar",
    ),
    path(
        "communities/<slug:slug>/announcements/new/",
        announcements.new_announcement,
        name="announcement-new",
    ),
    path("sessions/<int:pk>/", sessions.session_detail, name="session-detail"),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session-edit"),
    path("sessions/<int:pk>/cancel/", sessions.session_cancel, name="session-cancel"),
    path("sessions/<int:pk>/rsvp/", rsvps.rsvp, name="session-rsvp"),
    path("sessions/<int:pk>/rsvp/cancel/", rsvps.rsvp_cancel, name="session-rsvp-cancel"),
    path("sessions/<int:pk>/attendance/", attendance.attendance, name="session-attendance"),
    path("sessions/<int:pk>/calendar.ics", feeds.session_calendar, name="session-calendar"),
    path("calendar/<str:token>.ics", feeds.personal_calendar, name="personal-calendar"),
    path("me/calendar/reset/", feeds.reset_calendar_token, name="calendar-reset"),
]
