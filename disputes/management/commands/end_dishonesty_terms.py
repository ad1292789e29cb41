from datetime import date

from django.core.management.base import BaseCommand, CommandError

from disputes.dishonesty.expiry import end_expired_listings


class Command(BaseCommand):
    help = (
        "End the dishonesty listings whose 3-year term is over: the employer's flag cleared, "
        "the unit told, the removal audited. Also run periodically; running it twice does "
        "nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as of this day (YYYY-MM-DD) instead of today.")

    def handle(self, *args, **options):
        today = None
        if options.get("date"):
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be YYYY-MM-DD") from None
        ended = end_expired_listings(today)
        self.stdout.write(f"ended {ended} listing(s) whose term is over")
