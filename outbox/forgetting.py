"""Forgetting emails: old ones by the retention period, and everything about one person when
the Head anonymises them. Reached through `outbox.services`, with the outbox's other writers.

This app sits below every domain app, so callers pass what it must look for (an address, names)
rather than this module asking who someone was.
"""

import re
from collections.abc import Sequence
from datetime import datetime

from django.db.models import Model, Q
from django.utils.html import escape

from .models import Email


def forget_finished(*, before: datetime) -> int:
    """Delete the emails sent, or given up on, before `before`; returns how many went.

    Pending emails, and failed ones still being tried again, stay whatever their age: they
    have not finished.
    """
    finished = Q(status=Email.Status.SENT) | Q(
        status=Email.Status.FAILED, next_attempt_at__isnull=True
    )
    deleted, _ = Email.objects.filter(finished, created_at__lt=before).delete()
    return deleted


def forget_person(*, person: Model, address: str, names: Sequence[str], instead: str) -> int:
    """Forget someone the Head anonymised: delete every email to them (to `person`, or to
    `address`, their address before) and every message they sent through the portal (to a
    community's leads or the Head, with them as reply-to: their own words, which may say
    anything about them), and in emails to others put `instead` where their address or any of
    `names` appeared. Run inside the anonymising transaction; returns how many emails were
    deleted or changed.
    """
    deleted, _ = Email.objects.filter(Q(recipient=person) | Q(to_address__iexact=address)).delete()
    words = [word for word in {address, *names} if word]
    # The HTML bodies hold names escaped (O'Brien is O&#x27;Brien there).
    words += [escaped for word in words if (escaped := str(escape(word))) != word]
    mentions = Q(pk__in=[])
    for word in words:
        for field in ("subject", "body_text", "body_html", "reply_to", "attachments"):
            mentions |= Q(**{f"{field}__icontains": word})
    # Longest first, so a name inside an address is not replaced before the address is.
    alternatives = sorted(words, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(word) for word in alternatives), re.IGNORECASE)
    changed = 0
    for email in Email.objects.select_for_update().filter(mentions):
        if any(to.lower() == address.lower() for to in email.reply_to):
            email.delete()
            deleted += 1
            continue
        email.subject = pattern.sub(instead, email.subject)
        email.body_text = pattern.sub(instead, email.body_text)
        email.body_html = pattern.sub(instead, email.body_html)
        email.attachments = [
            {**item, "content": pattern.sub(instead, item["content"])} for item in email.attachments
        ]
        email.save(update_fields=["subject", "body_text", "body_html", "attachments"])
        changed += 1
    return deleted + changed
