"""Yearly reconfirmation of core membership: cron runs this once a day in production.

Idempotent: each reminder of a round goes once, and each round expires once, however often it
runs. The first run records the day every year counts from at the earliest, and reminds nobody.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from membership import services


class Command(BaseCommand):
    help = (
        "Send the yearly reminders to core members who have not confirmed for a year (and the "
        "second ones, two weeks later), and make wider the core memberships whose reminders "
        "went unanswered. Safe to run at any time, as often as you like."
    )

    def handle(self, *args, **options):
        run = services.run_reconfirmation()
        if options["verbosity"] < 1:
            return
        if run.started:
            months = settings.RECONFIRMATION_AFTER_MONTHS
            self.stdout.write(
                f"Reconfirmation starts today: nobody is reminded for {months} months."
            )
        self.stdout.write(
            f"Reconfirmation: {run.first_reminders} first reminders, "
            f"{run.second_reminders} second reminders, {run.expired} made wider."
        )
