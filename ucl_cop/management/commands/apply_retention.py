"""Remove what the portal keeps past its retention period. Idempotent: run it daily by cron."""

from django.core.management.base import BaseCommand

from ucl_cop.retention import apply_retention, periods


class Command(BaseCommand):
    help = (
        "Remove expired sign-in sessions, old finished background tasks, old sent or failed "
        "emails, old sign-in attempt records and unconfirmed import previews, as the privacy "
        "notice says. Safe to run any number of times."
    )

    def handle(self, *args, **options) -> None:
        removed = apply_retention()
        for kind, count in removed.items():
            self.stdout.write(f"{kind}: {count} removed")
        kept = periods()
        self.stdout.write(
            f"Kept: emails {kept['email_days']} days, background tasks {kept['task_days']} "
            f"days, sign-in attempts {kept['sign_in_attempt_days']} days."
        )
