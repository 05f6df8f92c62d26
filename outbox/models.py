"""The outbox: one row for every email the portal sends, written with the change that causes it.

A row is queued inside the caller's transaction, so an email exists exactly when its change was
committed. Delivery happens after commit (a task, then the `deliver_outbox` command for anything
left): see `outbox.services`. Rows are kept once sent, as the record of what was sent to whom.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class EmailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Rows that may be sent now: pending or failed, due, and not claimed by a deliverer.

        A failed row that used up its attempts has no `next_attempt_at`, so it is never due
        until the Head resends it.
        """
        now = now or timezone.now()
        return self.filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lte=now),
            status__in=[Email.Status.PENDING, Email.Status.FAILED],
            next_attempt_at__lte=now,
        )


class Email(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbox_emails",
        help_text="The person it was sent to; empty for a plain address.",
    )
    to_address = models.EmailField("to", help_text="The address used when it was queued.")
    kind = models.SlugField(max_length=50, help_text="What the email is, e.g. launch_notice.")
    about = models.CharField(
        max_length=100,
        blank=True,
        db_index=True,
        help_text=(
            "What it concerns, such as communities.community:12, so unsent mail about it can "
            "be withdrawn."
        ),
    )
    # 998 characters is the longest header line RFC 5322 allows.
    subject = models.CharField(max_length=998)
    body_text = models.TextField("plain text")
    body_html = models.TextField("HTML", blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    attachments = models.JSONField(
        default=list, blank=True, help_text='A list of {"filename", "content", "mimetype"}.'
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        null=True,
        blank=True,
        default=timezone.now,
        help_text="When it may next be tried; empty once sent or given up on.",
    )
    claimed_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="A deliverer is sending it until then; nobody else may.",
    )

    objects = EmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_email_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to_address}: {self.subject}"
