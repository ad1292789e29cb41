"""The end of a listing's term (人社部令第45号: the 3-year term ends by itself).

`end_expired_listings` is a periodic job (`DisputesConfig.periodic_jobs`, hourly, so a term
that ended yesterday is off the list within the first hour of the day) and a command
(`manage.py end_dishonesty_terms`). A listing is in force through the last day of its term
(`expires_on`, 民法典 第二百零二条) and ends on any run after it. Idempotent and safe to run
concurrently: each listing is ended in its own transaction under its row lock, and only
while it is still in force, so a second run (or a supervisor's removal that came first)
finds nothing to do.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.documents import day_text
from casework.language import writes_records
from permissions.models import Role
from permissions.selectors import members_with_role

from .actions import end_listing
from .actions.common import log_step, notify_users
from .models import DishonestyListing, ListingStatus


def _end_one(listing_id: int, today: date) -> bool:
    with transaction.atomic():
        listing = (
            DishonestyListing.objects.select_for_update(of=("self",))
            .select_related("case", "employer")
            .filter(pk=listing_id, status=ListingStatus.DECIDED, expires_on__lt=today)
            .first()
        )
        if listing is None:
            return False
        employer = end_listing(
            listing,
            actor=None,
            status=ListingStatus.EXPIRED,
            basis="term_expired",
            reason="",
            today=today,
        )
        text = _("%(employer)s的失信联合惩戒名单列入期限已于%(until)s届满，已自动移出名单。") % {
            "employer": employer.name,
            "until": day_text(listing.expires_on),
        }
        log_step(
            None,
            listing,
            "listing.expired",
            text,
            ListingStatus.DECIDED,
            {"basis": "term_expired", "term_last_day": listing.expires_on.isoformat()},
        )
        recipients = [
            u for u in (listing.proposed_by_id, listing.decided_by_id) if u is not None
        ] + list(members_with_role(listing.case.lead_unit_id, Role.SUPERVISOR))
        notify_users(recipients, listing, "listing.expired", text, None)
    return True


@writes_records
def end_expired_listings(today: date | None = None) -> int:
    """End every listing whose term's last day is before `today`; returns how many."""
    today = today or timezone.localdate()
    due = DishonestyListing.objects.filter(
        status=ListingStatus.DECIDED, expires_on__lt=today
    ).values_list("pk", flat=True)
    return sum(1 for pk in list(due) if _end_one(pk, today))
