"""The activities pages: one module per kind of action (sessions, RSVPs, attendance, calendar
feeds, announcements), each view one action. URLs are in `activities/urls.py`."""
