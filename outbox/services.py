"""The only writer of outbox emails: queue one with a change, deliver it after commit.

`queue_email` writes the row in the caller's transaction and asks for delivery once that
transaction commits, so nobody is emailed about a change that rolled back. `deliver` claims a
row in a short transaction of its own and sends it outside any transaction, so no row lock or
pooled database connection is held while the mail server answers. A failed send is recorded and
tried again later with back-off, by the `deliver_outbox` command that cron runs every minute;
after `OUTBOX_MAX_ATTEMPTS` it stays failed until the Head resends it from the admin.

This app sits below every domain app: it knows people only as objects with `.email` and
`.is_active` (settings.AUTH_USER_MODEL), and callers put everything else in the context.
"""

import logging
from collections.abc import Sequence
from datetime import timedelta
from functools import partial
from typing import Protocol, TypedDict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, models, transaction
from django.db.models import Q
from django.template import Context, TemplateDoesNotExist, engines
from django.template.loader import get_template
from django.utils import timezone

# Forgetting (the retention command, anonymising a leaver) has a module of its own; these names
# keep every writer of the outbox reachable here.
from .forgetting import forget_finished as forget_finished
from .forgetting import forget_person as forget_person
from .models import Email

logger = logging.getLogger(__name__)

# Longer than any SMTP timeout: a claim outlives the send it guards, and a deliverer that died
# mid-send only holds its row this long.
CLAIM_DURATION = timedelta(minutes=5)
FIRST_RETRY_DELAY = timedelta(minutes=1)
LONGEST_RETRY_DELAY = timedelta(hours=1)
PLACEHOLDER_DOMAIN = ".invalid"


class Addressee(Protocol):
    """A person as the outbox sees one (settings.AUTH_USER_MODEL)."""

    email: str
    is_active: bool


class Attachment(TypedDict):
    filename: str
    content: str
    mimetype: str


# Queueing --------------------------------------------------------------------------------------


def queue_email(
    *,
    to: Addressee | str,
    kind: str,
    template: str,
    context: dict,
    reply_to: Sequence[str] = (),
    attachments: Sequence[Attachment] = (),
    about: str = "",
) -> Email | None:
    """Write `emails/<template>` for `to` into the outbox, to be sent once this transaction commits.

    Renders `emails/<template>_subject.txt` (on one line, not HTML-escaped), `<template>.txt`
    and, if it exists, `<template>.html`, with `site_url` added to `context`. Nothing is
    queued (None is returned) for an inactive person, an empty address or a placeholder
    address under `.invalid`, such as the fixture's sponsors before the Head replaces them.
    `about` (see `reference_to`) lets unsent mail be withdrawn when its news stops being true.
    """
    address = to if isinstance(to, str) else to.email
    if not address or address.lower().endswith(PLACEHOLDER_DOMAIN):
        return None
    if not isinstance(to, str) and not to.is_active:
        return None
    context = {"site_url": settings.SITE_URL, **context}
    now = timezone.now()
    email = Email.objects.create(
        recipient=None if isinstance(to, str) else to,
        to_address=address,
        kind=kind,
        about=about,
        subject=" ".join(_render(f"emails/{template}_subject.txt", context).split()),
        body_text=_render(f"emails/{template}.txt", context),
        body_html=_render_html(f"emails/{template}.html", context),
        reply_to=list(reply_to),
        attachments=[dict(attachment) for attachment in attachments],
        created_at=now,
        next_attempt_at=now,
    )
    _deliver_after_commit(email.pk)
    return email


def _render(name: str, context: dict) -> str:
    """Render a plain-text template: nothing is HTML-escaped (`&` stays `&`)."""
    template = engines["django"].engine.get_template(name)
    return template.render(Context(context, autoescape=False))


def _render_html(name: str, context: dict) -> str:
    """Render the HTML version, autoescaped, or "" when the email has none."""
    try:
        template = get_template(name)
    except TemplateDoesNotExist:
        return ""
    return template.render(context)


def _deliver_after_commit(email_id: int) -> None:
    # Robust: if the task cannot be enqueued, the row stays pending for `deliver_outbox`, and the
    # change that caused it (already committed) must not look as though it failed.
    transaction.on_commit(partial(_enqueue_delivery, email_id), robust=True)


def _enqueue_delivery(email_id: int) -> None:
    from .tasks import deliver_email  # tasks imports this module

    deliver_email.enqueue(email_id=email_id)


def reference_to(instance: models.Model) -> str:
    """The `about` reference of a model instance, such as communities.community:12."""
    return f"{instance._meta.label_lower}:{instance.pk}"


def withdraw_unsent(*, kind: str, about: str) -> int:
    """Delete the emails of `kind` about `about` that have not gone and nobody is sending.

    For news that stopped being true before it was delivered, such as a launch notice still
    waiting out a mail server's failure when the community closes. Returns how many went.
    """
    now = timezone.now()
    deleted, _ = (
        Email.objects.filter(kind=kind, about=about)
        .exclude(status=Email.Status.SENT)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .delete()
    )
    return deleted


# Delivery --------------------------------------------------------------------------------------


def deliver(email_id: int) -> bool:
    """Send one outbox email if it is due and nobody else is sending it; True if it went.

    Never raises for a failed send: the failure is logged and recorded on the row, which is
    tried again after its back-off.
    """
    email = _claim(email_id)
    return email is not None and _send(email)


def deliver_due(*, limit: int = 500) -> tuple[int, int]:
    """Send up to `limit` emails that are due (pending, or failed and past their back-off).

    Oldest first. Returns (sent, failed); rows another deliverer holds are left to it.
    """
    sent = failed = 0
    due = Email.objects.due().order_by("created_at", "pk").values_list("pk", flat=True)
    for email_id in list(due[:limit]):
        email = _claim(email_id)
        if email is None:
            continue
        if _send(email):
            sent += 1
        else:
            failed += 1
    return sent, failed


def resend(queryset: models.QuerySet[Email]) -> int:
    """Put the failed emails in `queryset` back to pending, due now with fresh attempts.

    Rows that are not failed, or that a deliverer holds at this moment, are left alone. Each
    one is sent after commit; returns how many were queued again.
    """
    now = timezone.now()
    with transaction.atomic():
        email_ids = list(
            Email.objects.filter(pk__in=queryset.values("pk"), status=Email.Status.FAILED)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        Email.objects.filter(pk__in=email_ids).update(
            status=Email.Status.PENDING, attempts=0, next_attempt_at=now, claimed_until=None
        )
        for email_id in email_ids:
            _deliver_after_commit(email_id)
    return len(email_ids)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after `attempts` failed sends: 1, 2, 4, 8… minutes, at most an hour."""
    return min(FIRST_RETRY_DELAY * 2 ** (attempts - 1), LONGEST_RETRY_DELAY)


def _claim(email_id: int) -> Email | None:
    """Take the row for this deliverer, in a transaction that commits before anything is sent.

    SKIP LOCKED lets a second deliverer pass over a row the first is claiming, and the claim
    keeps it away once the lock is gone. On SQLite the lock is a no-op, and IMMEDIATE
    transactions serialise the claims instead.
    """
    now = timezone.now()
    with transaction.atomic():
        email = (
            Email.objects.due(now).select_for_update(skip_locked=True).filter(pk=email_id).first()
        )
        if email is None:
            return None
        email.claimed_until = now + CLAIM_DURATION
        email.attempts += 1
        email.save(update_fields=["claimed_until", "attempts"])
    return email


def _send(email: Email) -> bool:
    """Send a claimed row outside any transaction and record the outcome."""
    if not connection.in_atomic_block:
        # The mail server may take a while: give the connection back to the pool meanwhile.
        # Django opens a new one for the update below.
        connection.close()
    try:
        _message(email).send()
    except Exception as error:
        logger.exception(
            "Outbox email %s (%s to %s) failed", email.pk, email.kind, email.to_address
        )
        _record_failure(email, error)
        return False
    now = timezone.now()
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.SENT, sent_at=now, next_attempt_at=None, claimed_until=None
    )
    return True


def _message(email: Email) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        to=[email.to_address],
        reply_to=email.reply_to,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message


def _record_failure(email: Email, error: Exception) -> None:
    gave_up = email.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.FAILED,
        last_error=f"{type(error).__name__}: {error}",
        next_attempt_at=None if gave_up else timezone.now() + retry_delay(email.attempts),
        claimed_until=None,
    )
