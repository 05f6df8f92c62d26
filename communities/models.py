"""The programme's catalogue: practice areas, their communities, and the Head's contact.

This app never imports `membership`; it reaches memberships and interests only through the
reverse relations `community.memberships` and `community.interests`.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords


class PracticeAreaManager(models.Manager):
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

    def with_member_counts(self):
        """Annotate active core and wider member counts, and interest registrations, in SQL.

        Each count is its own correlated subquery: joining memberships and interests in one
        query would multiply rows (members x interests) before counting.
        """
        return self.annotate(
            core_count=_related_count("memberships", kind="core", ended_at__isnull=True),
            wider_count=_related_count("memberships", kind="wider", ended_at__isnull=True),
            interest_count=_related_count("interests"),
        )


def _related_count(related_name: str, **filters):
    # The related model is found through the reverse relation, so this app never imports
    # `membership`.
    related = Community._meta.get_field(related_name).related_model
    counts = (
        related.objects.filter(community=OuterRef("pk"), **filters)
        .order_by()
        .values("community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=models.IntegerField()), 0)


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
    slug = models.SlugField(max_length=120, unique=True)
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

    history = HistoricalRecords()
    objects = CommunityManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"

    def __str__(self) -> str:
        return self.name

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
