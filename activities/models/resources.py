"""The community's shared repertoire: experiences, stories, tools and solutions, as links or
files. Uploaded files are checked by content before they are stored (see `activities.uploads`)."""

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from communities.models import Community
from membership.models import Person


class ResourceQuerySet(models.QuerySet):
    def visible(self):
        """Resources that have not been hidden by a lead or the Head."""
        return self.filter(hidden=False)


class Resource(models.Model):
    """One item of a community's library: a link, or a file someone shared."""

    class Kind(models.TextChoices):
        EXPERIENCE = "experience", "Experience"
        STORY = "story", "Story"
        TOOL = "tool", "Tool"
        SOLUTION = "solution", "Solution"
        LINK = "link", "Link"
        DOCUMENT = "document", "Document"

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="resources")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind)
    description = models.TextField(blank=True, help_text="Markdown.")
    url = models.URLField(
        "link",
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    file = models.FileField(upload_to="resources/%Y/%m/", blank=True, max_length=300)
    file_name = models.CharField(
        max_length=200, blank=True, help_text="The sanitised name it downloads as."
    )
    file_type = models.CharField(
        max_length=100, blank=True, help_text="The content type found by looking inside it."
    )
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    author = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        help_text="Empty once the author's record is removed: shown as a former member.",
    )
    hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")),
                name="resource_is_a_link_or_a_file",
                violation_error_code="link_or_file",
                violation_error_message="Give either a link or a file, not both.",
            ),
        ]
        indexes = [
            models.Index(fields=["community", "hidden", "-created_at"], name="resource_latest")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resource-detail", kwargs={"pk": self.pk})


class ResourceTag(models.Model):
    """A tag on a resource, lower-case, so filtering by tag is an exact match on any database."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=40)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "name"], name="one_tag_per_resource")
        ]
        indexes = [models.Index(fields=["name"], name="resource_tag_name")]

    def __str__(self) -> str:
        return self.name
