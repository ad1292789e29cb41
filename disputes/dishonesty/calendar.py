"""The statement period follows the holiday calendar: recounted when it changes."""

from __future__ import annotations

from django.dispatch import receiver

from casework.signals import calendar_changed

from .actions.common import statement_period_end
from .models import DishonestyListing, ListingStatus


@receiver(calendar_changed)
def statement_periods_follow_the_calendar(sender, **kwargs) -> None:
    """Recount the last day of every statement period still open (notice served, no
    decision yet) from its service day against the changed calendar."""
    waiting = DishonestyListing.objects.filter(
        status=ListingStatus.NOTICE_ISSUED, served_on__isnull=False
    )
    for listing in waiting:
        due = statement_period_end(listing.served_on)
        if due != listing.statement_due:
            DishonestyListing.objects.filter(pk=listing.pk).update(statement_due=due)
