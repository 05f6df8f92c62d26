"""Lunch-and-learn sessions, their RSVPs, and people's calendar feeds.

`activities/services.py` is the only writer of these. The rules that must hold whatever
happens are database constraints: one live RSVP per person per session, a session that ends
after it starts, a capacity of at least one, and somewhere to meet.
"""

import secrets

from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from communities.models import Community
from membership.models import Person


class SessionQuerySet(models.QuerySet):
    def scheduled(self):
        """Sessions that have not been cancelled."""
        return self.filter(status=Session.Status.SCHEDULED)

    def upcoming(self, now=None):
        """Scheduled sessions that have not ended yet, soonest first."""
        return (
            self.scheduled().filter(ends_at__gt=now or timezone.now()).order_by("starts_at", "pk")
        )

    def past(self, now=None):
        """Sessions that have ended (cancelled ones included), latest first."""
        return self.filter(ends_at__lte=now or timezone.now()).order_by("-starts_at", "-pk")

    def with_rsvp_counts(self):
        """Annotate `going_count`, `waiting_count` and `attended_count` in SQL."""
        return self.annotate(
            going_count=models.Count("rsvps", filter=Q(rsvps__status=Rsvp.Status.GOING)),
            waiting_count=models.Count("rsvps", filter=Q(rsvps__status=Rsvp.Status.WAITING)),
            attended_count=models.Count(
                "rsvps", filter=Q(rsvps__status=Rsvp.Status.GOING, rsvps__attended=True)
            ),
        )


class Session(models.Model):
    """A lunch-and-learn session (or any meeting) of one community."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="Markdown.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(
        max_length=200, blank=True, help_text="A room and building, for example."
    )
    online_url = models.URLField(
        "online link",
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="A Teams or Zoom link, for example (http or https).",
    )
    capacity = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="How many can come. Leave empty for no limit.",
    )
    host = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="hosted_sessions")
    status = models.CharField(max_length=10, choices=Status, default=Status.SCHEDULED)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # iCalendar's SEQUENCE: raised on every change, so subscribed calendars take the update.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_it_starts",
                violation_error_code="ends_before_start",
                violation_error_message="A session must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="session_capacity_at_least_one",
                violation_error_code="capacity_too_small",
                violation_error_message="A session's capacity must be at least 1.",
            ),
            models.CheckConstraint(
                condition=~Q(location="") | ~Q(online_url=""),
                name="session_has_a_place",
                violation_error_code="no_place",
                violation_error_message="Give a location, an online link, or both.",
            ),
        ]
        indexes = [
            models.Index(fields=["starts_at"], name="session_starts_at"),
            models.Index(fields=["community", "starts_at"], name="session_community_starts"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("session-detail", kwargs={"pk": self.pk})

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()


class Rsvp(models.Model):
    """A person's answer to a session: going, waiting for a place, or cancelled.

    A cancelled RSVP stays as history; a person may RSVP again, which makes a new live row.
    The waiting list is served in `created_at` order.
    """

    class Status(models.TextChoices):
        GOING = "going", "Going"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="rsvps")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="rsvps")
    status = models.CharField(max_length=10, choices=Status)
    created_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(null=True, blank=True, help_text="Empty until marked.")
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "RSVP"
        verbose_name_plural = "RSVPs"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~Q(status="cancelled"),
                name="one_live_rsvp_per_person_and_session",
                violation_error_code="already_rsvped",
                violation_error_message="This person has already answered for this session.",
            )
        ]
        indexes = [
            models.Index(fields=["session", "status", "created_at"], name="rsvp_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_status_display().lower()} – {self.session}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The unguessable address of a person's own calendar feed (the sessions they go to)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.person}"

    def get_absolute_url(self) -> str:
        return reverse("personal-calendar", kwargs={"token": self.token})
