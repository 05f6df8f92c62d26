"""Background work for people's accounts."""

from django.db import transaction
from django.tasks import task

from . import emails
from .forms import SetOrResetPasswordForm


@task()
def send_password_reset(*, email: str) -> int:
    """Queue a reset link for each active person using `email`; returns how many were queued.

    The reset page only enqueues this task, for known and unknown addresses alike, so its
    response takes the same time either way; the lookup and the email happen here, out of band.
    """
    with transaction.atomic():
        people = SetOrResetPasswordForm().get_users(email)
        return sum(emails.queue_password_reset(person=person) for person in people)
