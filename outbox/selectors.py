"""Reads of the outbox for pages outside it: what was emailed to one person."""

from django.db.models import Q

from .models import Email


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def personal_data(person) -> dict:
    """The emails the portal wrote to `person` (settings.AUTH_USER_MODEL), newest first, for
    /me/data/: what each was, its subject, whether it went, and when.

    Not the bodies: a body may hold a link that signs someone in or answers for them (a
    password reset, a reconfirmation), which must not sit in a downloaded file.
    """
    # Some emails go to a plain address (an invitation, say), with no person attached.
    emails = Email.objects.filter(Q(recipient=person) | Q(to_address__iexact=person.email))
    emails = emails.order_by("-created_at", "-pk")
    return {
        "emails_sent_to_you": [
            {
                "kind": email.kind,
                "subject": email.subject,
                "to": email.to_address,
                "status": email.status,
                "queued_at": _when(email.created_at),
                "sent_at": _when(email.sent_at),
            }
            for email in emails
        ]
    }
