"""Sessions, RSVPs, attendance, calendar feeds and announcements (a contract: see the
architecture page's URL table)."""

from django.urls import path

from .views import (
    announcements,
    attendance,
    feeds,
    projects,
    resource_files,
    resources,
    rsvps,
    sessions,
)

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
    # Projects (issue 11).
    path("communities/<slug:slug>/projects/new/", projects.project_new, name="project-new"),
    path("projects/<int:pk>/", projects.project_detail, name="project-detail"),
    path("projects/<int:pk>/join/", projects.project_join, name="project-join"),
    path("projects/<int:pk>/leave/", projects.project_leave, name="project-leave"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project-edit"),
    # The resource library (issue 11).
    path(
        "communities/<slug:slug>/resources/",
        resources.community_library,
        name="community-resources",
    ),
    path("communities/<slug:slug>/resources/new/", resources.resource_new, name="resource-new"),
    path("resources/", resources.library, name="resources"),
    path("resources/<int:pk>/", resources.resource_detail, name="resource-detail"),
    path("resources/<int:pk>/edit/", resources.resource_edit, name="resource-edit"),
    path("resources/<int:pk>/delete/", resources.resource_delete, name="resource-delete"),
    path("resources/<int:pk>/hide/", resources.resource_hide, name="resource-hide"),
    path("resources/<int:pk>/file/", resource_files.resource_file, name="resource-file"),
]
