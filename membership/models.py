"""People and their relation to communities.

The rules of membership are database constraints, so no code path, admin action or race can
break them. `membership/services.py` is the only code that writes memberships and interests.
"""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from communities.models import Community

HEAD_OF_COPS_GROUP = "CoP administrators"


def normalize_address(address: str | None) -> str:
    """The one form an email address is stored and looked up in: trimmed and lower-cased.

    The whole address is lower-cased, not only the domain: UCL's mail ignores case, so
    Ann@ucl.ac.uk and ann@ucl.ac.uk are one person (the database refuses both, whatever writes).
    """
    return BaseUserManager.normalize_email(str(address or "").strip()).lower()


class PersonManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("A person needs an email address.")
        person = self.model(email=normalize_address(email), **extra)
        person.set_password(password)  # None gives an unusable password.
        person.save(using=self._db)
        return person

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        if not extra["is_staff"] or not extra["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create(email, password, **extra)

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        # Anything in Django that normalises through the manager gets the one form too.
        return normalize_address(email)

    def get_by_natural_key(self, username):
        # Sign-in is case-insensitive: addresses are stored lower-case.
        return self.get(email__iexact=normalize_address(username))


class Person(AbstractBaseUser, PermissionsMixin):
    """A member of UCL staff who signs in with their email address."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    department = models.CharField(max_length=150, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    hidden_from_lists = models.BooleanField(
        "hidden from lists",
        default=False,
        help_text=(
            "Leave them out of member directories, attendee lists and participant lists. They "
            "still count in the numbers, and a lead stays named on their community's page."
        ),
    )
    is_staff = models.BooleanField(
        "admin access",
        default=False,
        help_text="Kept in step with membership of the CoP administrators group.",
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = "person"
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="person_email_unique_ignoring_case",
                violation_error_code="duplicate_email",
                violation_error_message="Someone with this email address is already in the portal.",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def clean(self):
        super().clean()
        self.email = normalize_address(self.email)

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_head_of_cops(self) -> bool:
        return self.groups.filter(name=HEAD_OF_COPS_GROUP).exists()


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
    "HEAD_OF_COPS_GROUP",
    "Interest",
    "Membership",
    "Person",
    "Reconfirmation",
    "ReconfirmationStart",
    "normalize_address",
]
