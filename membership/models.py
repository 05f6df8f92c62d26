"""People and their relation to communities.

The rules of membership are database constraints, so no code path, admin action or race can
break them. `membership/services.py` is the only code that writes memberships and interests.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from communities.models import Community

# Person lives in its own module; it is imported here, where the app's models are looked for
# (migrations name `membership.models.PersonManager`).
from .person_model import (
    FORMER_MEMBER,
    HEAD_OF_COPS_GROUP,
    PLACEHOLDER_DOMAIN_ENDING,
    Person,
    PersonManager,
    PersonQuerySet,
    normalize_address,
)


class MembershipQuerySet(models.QuerySet):
    def active(self):
        """Memberships that have not ended."""
        return self.filter(ended_at__isnull=True)

    def core(self):
        return self.filter(kind=Membership.Kind.CORE)

    def wider(self):
        return self.filter(kind=Membership.Kind.WIDER)

    def confirmed_since(self, moment):
        """Memberships chosen as core since `moment`: joined, made core or reconfirmed then.

        Only meaningful on core memberships; reports call it "confirmed" within the year.
        """
        return self.filter(Q(joined_at__gte=moment) | Q(confirmed_at__gte=moment))

    def reconfirmation_due(self, *, by):
        """Active core memberships whose year without a confirmation is up by `by`, and that
        have no reminder out: what the next runs of `reconfirm_core_memberships` will remind.

        A year counts from the latest of the membership's start, its last confirmation and the
        first run of reconfirmation (nothing is due before that run): see `reconfirmation`.
        """
        year_began = year_before(by)
        return (
            self.active()
            .core()
            .filter(joined_at__lte=year_began)
            .filter(Q(confirmed_at__isnull=True) | Q(confirmed_at__lte=year_began))
            .filter(Exists(ReconfirmationStart.objects.filter(started_at__lte=year_began)))
            .exclude(Exists(awaiting_answer().filter(membership=OuterRef("pk"))))
        )

    def awaiting_reconfirmation(self):
        """Memberships with a reminder out and no answer yet."""
        return self.filter(Exists(awaiting_answer().filter(membership=OuterRef("pk"))))


class Membership(models.Model):
    """One continuous membership of a person in a community, from `joined_at` to `ended_at`.

    Rows are never deleted, so reports of past months stay true. Changing kind edits this row,
    and django-simple-history records who changed `kind` or `is_lead`, and when.
    """

    class Kind(models.TextChoices):
        CORE = "core", "Core"
        WIDER = "wider", "Wider"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="memberships")
    kind = models.CharField(max_length=5, choices=Kind)
    is_lead = models.BooleanField("lead", default=False)
    joined_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(
        "core confirmed",
        null=True,
        blank=True,
        help_text=(
            "When the person last chose core here after joining: by becoming core, or by "
            "answering the yearly reconfirmation."
        ),
    )

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(kind="core", ended_at__isnull=True),
                name="one_active_core_membership_per_person",
                violation_error_code="core_taken",
                violation_error_message="This person is already a core member of a community.",
            ),
            models.UniqueConstraint(
                fields=["person", "community"],
                condition=Q(ended_at__isnull=True),
                name="one_active_membership_per_person_and_community",
                violation_error_code="already_member",
                violation_error_message="This person is already a member of this community.",
            ),
            models.CheckConstraint(
                condition=Q(is_lead=False) | Q(kind="core", ended_at__isnull=True),
                name="lead_is_active_core_member",
                violation_error_code="lead_not_core",
                violation_error_message="A lead must be an active core member.",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("joined_at")),
                name="membership_ends_after_it_starts",
                violation_error_code="ends_before_start",
                violation_error_message="A membership cannot end before it starts.",
            ),
        ]
        indexes = [
            models.Index(fields=["community", "ended_at"], name="membership_community_active"),
            models.Index(fields=["joined_at"], name="membership_joined_at"),
            models.Index(fields=["ended_at"], name="membership_ended_at"),
            # A community's active leads: a handful among its thousands of memberships.
            models.Index(
                fields=["community"],
                condition=Q(is_lead=True, ended_at__isnull=True),
                name="membership_active_leads",
            ),
            # A community's active core members, for the reports' reconfirmation figures.
            models.Index(
                fields=["community"],
                condition=Q(kind="core", ended_at__isnull=True),
                name="membership_active_core",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_kind_display().lower()} member of {self.community}"

    def get_absolute_url(self) -> str:
        return reverse("community-detail", kwargs={"slug": self.community.slug})

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class Interest(models.Model):
    """A person's registered interest in a community that is still in preparation."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interests")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="interests")
    created_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person was told the community launched."
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "community"],
                name="one_interest_per_person_and_community",
                violation_error_code="already_interested",
                violation_error_message="This person has already registered interest.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – interested in {self.community}"


# Yearly reconfirmation of core membership: its own module, registered with this app.
# Imported last: its models refer back to Membership, and the queries above use them.
from .reconfirmation_models import (  # noqa: E402
    Reconfirmation,
    ReconfirmationStart,
    awaiting_answer,
    year_before,
)

__all__ = [
    "FORMER_MEMBER",
    "HEAD_OF_COPS_GROUP",
    "PLACEHOLDER_DOMAIN_ENDING",
    "Interest",
    "Membership",
    "Person",
    "PersonManager",
    "PersonQuerySet",
    "Reconfirmation",
    "ReconfirmationStart",
    "normalize_address",
]
