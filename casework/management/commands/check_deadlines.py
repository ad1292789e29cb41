from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casework.actions.deadlines import check_deadlines


class Command(BaseCommand):
    help = (
        "Check every running legal clock and pending transfer: warn at 80 %, 督办 when "
        "overdue, escalate to the parent unit after 5 working days overdue."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Check as of this day (YYYY-MM-DD, local time) instead of now.",
        )

    def handle(self, *args, **options):
        now = None
        if options.get("date"):
            try:
                day = datetime.strptime(options["date"], "%Y-%m-%d").date()
            except ValueError:
                raise CommandError("--date must be YYYY-MM-DD") from None
            now = timezone.make_aware(datetime.combine(day, time(12, 0)))
        counts = check_deadlines(now=now)
        self.stdout.write(
            f"checked {counts['clocks']} clocks: "
            f"warning={counts['warning']} overdue={counts['overdue']} "
            f"escalated_parent={counts['escalated_parent']} "
            f"transfer_overdue={counts['transfer_overdue']} rearmed={counts['rearmed']}"
        )
