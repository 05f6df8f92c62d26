"""Ideas for new communities, and the staff who would join them.

A member of staff proposes a community; others say "I would join this"; the Head of CoPs
accepts the proposal, which becomes a community in preparation with everyone behind it
registered as interested, or declines it with a reason. `proposals.services` is the only
writer of these rows; the constraints below are the last word on what a row may hold.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from communities.models import Community, PracticeArea


class ProposalQuerySet(models.QuerySet):
    def open(self):
        """Proposals still waiting for the Head: the only ones that take support or edits."""
        return self.filter(status=Proposal.Status.OPEN)

    def with_support_count(self):
        """Annotate `support_count`, the people who said they would join (the proposer not
        included), counted in SQL."""
        return self.annotate(support_count=Count("supports", distinct=True))

    def most_supported_first(self):
        """Most supporters first; among equals, the one waiting longest."""
        return self.with_support_count().order_by("-support_count", "created_at", "pk")


class Proposal(models.Model):
    """A proposed community of practice, from one member of staff."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    name = models.CharField(max_length=Community._meta.get_field("name").max_length)
    practice_area = models.ForeignKey(
        PracticeArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        help_text="Empty when the proposer named a new area instead.",
    )
    new_area = models.CharField(
        "new practice area",
        max_length=PracticeArea._meta.get_field("name").max_length,
        blank=True,
        help_text="The area the proposer named when none of the existing ones fitted.",
    )
    purpose = models.TextField(help_text="What the practice is, and who does it.")
    why_now = models.TextField("why now")
    would_lead = models.BooleanField("would lead it", default=False)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    decline_reason = models.TextField(
        blank=True, help_text="Why the Head declined it; the proposer reads it."
    )
    community = models.OneToOneField(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
        help_text="The community in preparation that accepting it created.",
    )
    created_at = models.DateTimeField("proposed", default=timezone.now)
    decided_at = models.DateTimeField(
        "decided", null=True, blank=True, help_text="When it was accepted, declined or withdrawn."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who accepted, declined or withdrew it.",
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                condition=Q(status="open"),
                name="one_open_proposal_per_name",
                violation_error_code="name_proposed",
                violation_error_message="Someone has already proposed a community of that name.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(practice_area__isnull=False, new_area="")
                    | (Q(practice_area__isnull=True) & ~Q(new_area=""))
                ),
                name="proposal_area_or_new_area",
                violation_error_code="area_or_new_area",
                violation_error_message="Choose a practice area, or name a new one (not both).",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="accepted", community__isnull=False)
                    | (~Q(status="accepted") & Q(community__isnull=True))
                ),
                name="proposal_accepted_has_community",
                violation_error_code="accepted_community",
                violation_error_message="An accepted proposal, and only one, has its community.",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="proposal_declined_has_reason",
                violation_error_code="declined_reason",
                violation_error_message="A declined proposal says why.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="open", decided_at__isnull=True)
                    | (~Q(status="open") & Q(decided_at__isnull=False))
                ),
                name="proposal_decided_has_time",
                violation_error_code="decided_time",
                violation_error_message="A decided proposal says when; an open one does not.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("proposal-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def area_display(self) -> str:
        """The practice area, or the new one the proposer named."""
        if self.practice_area_id:
            return self.practice_area.name
        return f"{self.new_area} (a new area)"


class Support(models.Model):
    """One person saying "I would join this" about a proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_supports"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "supporter"
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "person"],
                name="one_support_per_person_and_proposal",
                violation_error_code="already_supporting",
                violation_error_message="This person already supports this proposal.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} would join {self.proposal}"
