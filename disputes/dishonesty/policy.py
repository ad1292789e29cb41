"""Who may take which step of the dishonesty-list procedure: the hrss officers (propose,
service, statement) and supervisors (decide, repair) of the source case's lead unit."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from casework.models import Case
from permissions.models import Role
from permissions.selectors import org_of

from .models import DishonestyListing, ListingStatus


def may_act(user, case: Case, *roles: str) -> bool:
    """An hrss seat with one of `roles` on the source case's lead unit."""
    if case.lead_unit.department.code != "hrss":
        return False
    return org_of(user).has_role(case.lead_unit_id, *roles)


def allowed_steps(user, listing: DishonestyListing, today: date | None = None) -> list[str]:
    """The steps `user` may take on `listing` now (for the pages' forms)."""
    today = today or timezone.localdate()
    case = listing.case
    steps = []
    if listing.status == ListingStatus.NOTICE_ISSUED:
        officer = may_act(user, case, Role.OFFICER)
        if listing.served_on is None:
            if officer:
                steps.append("serve")
        else:
            # A statement received within the period may be recorded until the decision.
            if officer and not listing.statement_at:
                steps.append("statement")
            if may_act(user, case, Role.SUPERVISOR) and today > listing.statement_due:
                steps.append("decide")
    if listing.status == ListingStatus.DECIDED and may_act(user, case, Role.SUPERVISOR):
        steps.append("repair")
    return steps
