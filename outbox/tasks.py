"""Background work for the outbox: send one email after the transaction that queued it commits.

`django.tasks` neither retries nor schedules, so a send that fails here is recorded on the row
and left to the `deliver_outbox` command, which cron runs every minute.
"""

from django.tasks import task

from . import services


@task()
def deliver_email(*, email_id: int) -> bool:
    """Send outbox email `email_id` if it is still due; True if this run sent it."""
    return services.deliver(email_id)
