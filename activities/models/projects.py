"""Joint projects: proposed by a core member, joined by any member, completed with an outcome."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from communities.models import Community
from membership.models import Person


class ProjectQuerySet(models.QuerySet):
    def open(self):
        """Projects still proposed or active."""
        return self.exclude(status=Project.Status.COMPLETED)

    def needing_a_lead(self):
        """Projects whose lead left: they show "needs a lead" until one is named."""
        return self.open().filter(lead__isnull=True)


class Project(models.Model):
    """A joint project of one community. `lead` is null while the project needs a lead."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="projects")
    title = models.CharField(max_length=200)
    aim = models.TextField(help_text="What the project sets out to do. Markdown.")
    status = models.CharField(max_length=10, choices=Status, default=Status.PROPOSED)
    lead = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_projects",
        help_text="An active core member of the community. Empty: the project needs a lead.",
    )
    outcome = models.TextField(blank=True, help_text="What the project achieved. Markdown.")
    started_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="completed") | (~Q(outcome="") & Q(completed_on__isnull=False)),
                name="completed_project_has_an_outcome",
                violation_error_code="no_outcome",
                violation_error_message="A completed project needs its outcome and date.",
            ),
        ]
        indexes = [models.Index(fields=["community", "status"], name="project_community_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("project-detail", kwargs={"pk": self.pk})

    @property
    def needs_a_lead(self) -> bool:
        return self.lead_id is None and self.status != self.Status.COMPLETED


class ProjectMember(models.Model):
    """A participant in a project, from `joined_at` until `left_at` (the row stays)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="project_places")
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "person"],
                condition=Q(left_at__isnull=True),
                name="one_live_place_per_person_and_project",
                violation_error_code="already_participant",
                violation_error_message="This person already takes part in this project.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.project}"
