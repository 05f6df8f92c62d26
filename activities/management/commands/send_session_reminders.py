"""Remind people going to a session that it starts within the next 24 hours.

Idempotent, so cron can run it as often as it likes (hourly, say): each RSVP is reminded once.
"""

from django.core.management.base import BaseCommand

from activities import services


class Command(BaseCommand):
    help = "Email a reminder to everyone going to a session that starts within the next 24 hours."

    def handle(self, *args, **options):
        queued = services.send_session_reminders()
        if options["verbosity"] >= 1:
            self.stdout.write(f"{queued} reminder{'' if queued == 1 else 's'} queued.")
