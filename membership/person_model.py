"""People: `Person`, the custom user, and how it is stored and looked up.

Kept apart from the memberships in `membership.models`, which imports everything here, so the
app's models still read as one.
"""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

HEAD_OF_COPS_GROUP = "CoP administrators"
# Placeholder people (sponsors not yet confirmed) have addresses under this reserved domain.
PLACEHOLDER_DOMAIN_ENDING = ".invalid"
# What an anonymised person is called wherever something is attributed to them.
FORMER_MEMBER = "A former member"


def normalize_address(address: str | None) -> str:
    """The one form an email address is stored and looked up in: trimmed and lower-cased.

    The whole address is lower-cased, not only the domain: UCL's mail ignores case, so
    Ann@ucl.ac.uk and ann@ucl.ac.uk are one person (the database refuses both, whatever writes).
    """
    return BaseUserManager.normalize_email(str(address or "").strip()).lower()


class PersonQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Update as usual, and make the shared cache forget the people it changed (their cached
        user and roles: membership.person_cache) once it commits. `update()` skips `save()` and
        its signals, yet imports, anonymising and deactivation use it."""
        from . import cache_bumps, person_cache

        cache_bumps.people_updated(kwargs)  # what cached pages show of them (no signal either)
        if not person_cache.shared():
            return super().update(**kwargs)
        with transaction.atomic():
            changed = list(self.values_list("pk", flat=True))
            updated = super().update(**kwargs)
        person_cache.forget(changed)
        return updated


class PersonManager(BaseUserManager.from_queryset(PersonQuerySet)):
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
    anonymised_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the Head anonymised them after they left UCL (membership.services).",
    )

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
        indexes = [
            # The people the Head's programme summary counts as staff (reports.summaries):
            # counted from this index alone, without reading every person and matching their
            # address. Its condition must stay the summary's, word for word.
            models.Index(
                fields=["id"],
                condition=Q(is_active=True, is_staff=False, is_superuser=False)
                & ~Q(email__iendswith=PLACEHOLDER_DOMAIN_ENDING),
                name="person_counted_as_staff",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def clean(self):
        super().clean()
        self.email = normalize_address(self.email)

    @property
    def is_anonymised(self) -> bool:
        """Whether the Head anonymised this person: their rows stay in the counts, nameless."""
        return self.anonymised_at is not None

    @property
    def display_name(self) -> str:
        """The name to attribute things to: "A former member" once they are anonymised."""
        if self.is_anonymised:
            return FORMER_MEMBER
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_head_of_cops(self) -> bool:
        """In the CoP administrators group: read once per request, from the shared cache when
        there is one (membership.roles)."""
        from .roles import roles_of

        return roles_of(self).in_head_group

    def refresh_from_db(self, *args, **kwargs):
        # The roles this object remembers (membership.roles) are read again too.
        super().refresh_from_db(*args, **kwargs)
        self.__dict__.pop("_roles", None)  # see membership.roles.MEMO
