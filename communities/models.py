"""The programme's catalogue: practice areas, their communities, and the Head's contact.

This app never imports `membership`; it reaches memberships and interests only through the
reverse relations `community.memberships` and `community.interests`.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from simple_history.models import HistoricalRecords


class PracticeAreaQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Update as usual; when sponsors change, tell the apps above (`sponsors_changed`, after
        commit) who the sponsors were and are, since `update()` sends no model signals: a
        sponsor's roles are cached (membership.roles)."""
        if "sponsor" not in kwargs and "sponsor_id" not in kwargs:
            return super().update(**kwargs)
        from .signals import sponsors_changed

        with transaction.atomic():
            before = dict(self.values_list("pk", "sponsor_id"))
            updated = super().update(**kwargs)
            after = PracticeArea.objects.filter(pk__in=before).values_list("sponsor_id", flat=True)
            people = frozenset(pk for pk in {*before.values(), *after} if pk is not None)
        if people:
            transaction.on_commit(
                lambda: sponsors_changed.send(sender=PracticeArea, person_ids=people)
            )
        return updated


class PracticeAreaManager(models.Manager.from_queryset(PracticeAreaQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class PracticeArea(models.Model):
    """A practice area of UCL's professional services, with its SMT sponsor."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsored_areas",
        help_text="The SMT sponsor. Leave empty while to be confirmed (shown as TBC).",
    )
    description = models.TextField(blank=True)
    keywords = models.CharField(
        max_length=300,
        blank=True,
        help_text="Other words people search for, comma-separated: abbreviations such as HR.",
    )

    history = HistoricalRecords()
    objects = PracticeAreaManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('community-list')}?practice_area={self.slug}"

    def natural_key(self):
        return (self.slug,)

    @property
    def sponsor_display(self) -> str:
        return self.sponsor.display_name if self.sponsor_id else "TBC"


# Addresses under /communities/ that are pages of their own, routed before
# /communities/<slug>/, so no community may take them (the proposals app's "propose").
RESERVED_SLUGS = frozenset({"propose"})


def validate_not_reserved(slug: str) -> None:
    """Refuse a community address that a page of the portal already uses."""
    if slug.lower() in RESERVED_SLUGS:
        raise ValidationError(
            "“%(slug)s” is the address of a page of the portal. Choose another.",
            code="reserved_slug",
            params={"slug": slug},
        )


# Counter columns of Community that only the database writes: see Community.core_count.
COUNTER_FIELDS = ("core_count", "wider_count", "interest_count")


class CommunityQuerySet(models.QuerySet):
    def launched(self):
        """Communities that accept members."""
        return self.filter(status=Community.Status.LAUNCHED)

    def preparing(self):
        """Communities still in preparation, which accept interest but not members."""
        return self.filter(status=Community.Status.PREPARING)

    def visible(self):
        """Communities shown in the catalogue: all but closed ones."""
        return self.exclude(status=Community.Status.CLOSED)


class CommunityManager(models.Manager.from_queryset(CommunityQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Community(models.Model):
    """A community of practice within one practice area."""

    class Status(models.TextChoices):
        PREPARING = "preparing", "Preparations underway"
        LAUNCHED = "launched", "Launched"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True, validators=[validate_not_reserved])
    practice_area = models.ForeignKey(
        PracticeArea, on_delete=models.PROTECT, related_name="communities"
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.PREPARING)
    summary = models.CharField(max_length=200, blank=True, help_text="One line for the list.")
    description = models.TextField(blank=True, help_text="Markdown.")
    how_we_meet = models.TextField(
        "how we meet", blank=True, help_text="When and where the community meets. Markdown."
    )
    online_space_url = models.URLField(
        "Teams or SharePoint link",
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="The community's own space online (http or https).",
    )
    keywords = models.CharField(
        max_length=300,
        blank=True,
        help_text="Other words people search for, comma-separated: abbreviations such as MI.",
    )
    launched_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Active core and wider members, and registrations of interest. Database triggers (see
    # membership/counters.py) keep them exact in the same transaction as every write of a
    # membership or interest, whatever makes it: services, imports, bulk_create, update(). So
    # Python never writes them (see save()), and a dump leaves them out: loaded elsewhere, the
    # triggers count its memberships again as they arrive. `recount_communities` checks them.
    core_count = models.PositiveIntegerField(
        "core members", default=0, editable=False, serialize=False
    )
    wider_count = models.PositiveIntegerField(
        "wider members", default=0, editable=False, serialize=False
    )
    interest_count = models.PositiveIntegerField(
        "registered interest", default=0, editable=False, serialize=False
    )

    # The counters change with every join; the history records the community, not its size.
    history = HistoricalRecords(excluded_fields=COUNTER_FIELDS)
    objects = CommunityManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(slug__in=sorted(RESERVED_SLUGS)),
                name="community_slug_not_reserved",
                violation_error_code="reserved_slug",
                violation_error_message="That address is a page of the portal. Choose another.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, **kwargs):
        """Save the community, but never its counters unless `update_fields` names them.

        The counters read with this object may be stale by the time it is saved (someone joined
        meanwhile), and writing them back would undo the triggers' work. So a save of a row
        that exists writes every other field, and a new row starts at zero: it has no
        memberships yet.
        """
        if kwargs.get("update_fields") is not None or kwargs.get("using") not in (
            None,
            self._state.db,
        ):
            return super().save(**kwargs)
        if (
            self.pk is None
            or kwargs.get("force_insert")
            # A new object with its key set by hand (rare): an update only if the row exists.
            or (
                self._state.adding
                and not Community._base_manager.using(kwargs.get("using"))
                .filter(pk=self.pk)
                .exists()
            )
        ):
            for name in COUNTER_FIELDS:
                setattr(self, name, 0)  # A new community has no members yet, whatever it says.
            return super().save(**kwargs)
        deferred = self.get_deferred_fields()
        fields = [
            field.name
            for field in self._meta.concrete_fields
            if not field.primary_key
            and field.name not in COUNTER_FIELDS
            and field.attname not in deferred
        ]
        return super().save(update_fields=fields, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("community-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def accepts_members(self) -> bool:
        return self.status == self.Status.LAUNCHED

    @property
    def accepts_interest(self) -> bool:
        return self.status == self.Status.PREPARING


@receiver(pre_save, sender=Community)
def keep_counters_on_raw_save(sender, instance: Community, raw: bool, using: str, **kwargs):
    """Fixture loading (`loaddata`) saves rows raw, past Community.save(), with whatever counts
    the fixture holds (none: zero). Keep the row's counts instead; a new row starts at zero and
    the triggers count its memberships and interests as they are loaded."""
    if not raw:
        return
    current = None
    if instance.pk is not None:
        rows = sender._base_manager.using(using).filter(pk=instance.pk)
        if transaction.get_connection(using).in_atomic_block:
            # Locked, so a join committed between this read and the write is not lost.
            rows = rows.select_for_update()
        current = rows.values(*COUNTER_FIELDS).first()
    for name in COUNTER_FIELDS:
        setattr(instance, name, current[name] if current else 0)


class ProgrammeContact(models.Model):
    """Who to contact about the programme: page content the Head of CoPs edits, not a sign-in.

    There is one row; the pages and emails read it through `ProgrammeContact.current()`.
    """

    name = models.CharField(max_length=120)
    role = models.CharField(max_length=120, default="Head of Communities of Practice")
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    internal_phone = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = "programme contact"

    def __str__(self) -> str:
        return f"{self.name}, {self.role}"

    CACHE_KEY = "programme-contact"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._forget_cached_on_commit()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._forget_cached_on_commit()
        return result

    def _forget_cached_on_commit(self) -> None:
        # Not before the commit: a page served in between would read the old row and cache it
        # again for the next five minutes.
        transaction.on_commit(lambda: cache.delete(self.CACHE_KEY), using=self._state.db)

    @classmethod
    def current(cls) -> "ProgrammeContact | None":
        return cls.objects.order_by("pk").first()

    @classmethod
    def cached(cls) -> "ProgrammeContact | None":
        """`current()`, cached for a few minutes because every page's footer shows it."""
        contact = cache.get(cls.CACHE_KEY)
        if contact is None:
            contact = cls.current() or False  # False caches "none yet" too.
            cache.set(cls.CACHE_KEY, contact, timeout=300)
        return contact or None
