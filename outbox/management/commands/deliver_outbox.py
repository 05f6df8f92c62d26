"""Send every outbox email that is due. Cron runs this every minute in production."""

from argparse import ArgumentTypeError

from django.core.management.base import BaseCommand

from outbox import services


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ArgumentTypeError("must be at least 1")
    return number


class Command(BaseCommand):
    help = (
        "Send outbox emails that are pending, or failed and past their back-off, oldest first. "
        "Safe to run at any time and in several places at once: each email is claimed before "
        "it is sent, so none goes twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=positive,
            default=500,
            help="The most emails to try in this run (default 500); the rest wait for the next.",
        )

    def handle(self, *args, limit: int, **options):
        sent, failed = services.deliver_due(limit=limit)
        self.stdout.write(f"Outbox: {sent} sent, {failed} failed.")
