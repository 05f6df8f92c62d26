"""News from a community's leads, and who does not want it by email."""

from django.db import models
from django.utils import timezone

from communities.models import Community
from membership.models import Person


class Announcement(models.Model):
    """News from a community's leads (or the Head), shown on its page and emailed once."""

    class Audience(models.TextChoices):
        ALL = "all", "All active members"
        CORE = "core", "Core members only"

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="announcements")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="announcements")
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown.")
    audience = models.CharField(max_length=5, choices=Audience, default=Audience.ALL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["community", "-created_at"], name="announcement_latest"),
        ]

    def __str__(self) -> str:
        return self.subject


class AnnouncementOptOut(models.Model):
    """A person who does not want announcement emails from one community."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="announcement_opt_outs"
    )
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "community"], name="one_opt_out_per_person_and_community"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – no announcements from {self.community}"
