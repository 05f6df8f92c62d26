"""The signed links in reconfirmation reminders: the only authority the page needs.

A token names the membership, the reminder step and the reminder, signed with Django's signing
(so it cannot be made or altered without the secret key), and lasts RECONFIRMATION_LINK_DAYS.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from ..models import Reconfirmation
from .errors import MembershipError

TOKEN_SALT = "membership.reconfirmation"


class InvalidReconfirmationLink(MembershipError):
    """The link was not made by the portal, was altered, or names something else."""

    code = "invalid_link"


class ExpiredReconfirmationLink(MembershipError):
    """A genuine link, too old to act on; `reminder` is the reminder it was sent with."""

    code = "expired_link"

    def __init__(self, message: str, *, reminder: Reconfirmation):
        super().__init__(message, community=reminder.membership.community)
        self.reminder = reminder


def link_lifetime() -> timedelta:
    return timedelta(days=settings.RECONFIRMATION_LINK_DAYS)


def reconfirmation_token(reminder: Reconfirmation) -> str:
    """A signed token naming the membership, the step and the reminder; the only authority the
    reconfirmation page needs, so people without a password can answer."""
    payload = {"m": reminder.membership_id, "s": reminder.step, "r": reminder.pk}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=False)


def reconfirmation_link(reminder: Reconfirmation) -> str:
    """The absolute link in a reminder, from DJANGO_SITE_URL."""
    path = reverse("reconfirm", kwargs={"token": reconfirmation_token(reminder)})
    return f"{settings.SITE_URL}{path}"


def reminder_for_token(token: str, *, now: datetime | None = None) -> Reconfirmation:
    """The reminder a token was sent with, if the token is genuine and still valid.

    Raises InvalidReconfirmationLink for a token the portal did not sign, one altered, or one
    whose reminder is not for the membership and step it names; ExpiredReconfirmationLink, with
    the reminder, for one older than RECONFIRMATION_LINK_DAYS.
    """
    now = now or timezone.now()
    invalid = InvalidReconfirmationLink(
        "This link does not work: it may have been copied incompletely."
    )
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=link_lifetime())
        expired = False
    except signing.SignatureExpired:
        payload, expired = signing.loads(token, salt=TOKEN_SALT), True
    except signing.BadSignature:
        raise invalid from None
    try:
        reminder = (
            Reconfirmation.objects.select_related("membership__person", "membership__community")
            .filter(pk=int(payload["r"]), membership_id=int(payload["m"]), step=int(payload["s"]))
            .first()
        )
    except (KeyError, TypeError, ValueError):
        reminder = None
    if reminder is None:
        raise invalid
    if expired or now - reminder.sent_at > link_lifetime():
        raise ExpiredReconfirmationLink("This link has expired.", reminder=reminder)
    return reminder
