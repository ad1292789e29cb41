"""The employer panel of the case page: wage totals, suggestions and the dishonesty listing.

The case page includes the panel; the panel asks this tag for its context, so casework's
view never imports disputes. Django finds tag libraries only in an app's `templatetags`, so
the tag is here and what it shows comes from `disputes.dishonesty`."""

from __future__ import annotations

from django import template
from django.utils import timezone

from casework.policies import case_policy
from permissions.models import Role

from ..dishonesty.actions import GROUNDS
from ..dishonesty.models import ListingStatus
from ..dishonesty.policy import allowed_steps, may_act
from ..dishonesty.selectors import (
    WAGE_KIND,
    active_listing,
    employer_wage_totals,
    listings_of,
    order_unpaid_past_due,
    suggestions_for,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def employer_panel(context, case) -> dict | None:
    """Totals and counts only: never details of the employer's other cases."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if case.employer_id is None or user is None or not case_policy.can(user, "view", case):
        return None
    employer = case.employer
    totals = employer_wage_totals(employer)
    current = active_listing(employer)
    # Only the listings started from a case this user may see are shown in full.
    own = [x for x in listings_of(employer) if x.case_id == case.pk]
    today = timezone.localdate()
    return {
        "employer": employer,
        "totals": totals,
        "wage_kind": case.kind == WAGE_KIND,
        "suggestions": suggestions_for(case, totals),
        "active_elsewhere": current is not None and current.case_id != case.pk,
        "current_status": current.get_status_display() if current is not None else "",
        "listings": [{"listing": x, "steps": allowed_steps(user, x, today)} for x in own],
        "can_propose": (
            current is None
            and may_act(user, case, Role.OFFICER)
            and order_unpaid_past_due(case, today)
        ),
        "grounds": [
            (GROUNDS.AMOUNT, GROUNDS.AMOUNT_LABEL),
            (GROUNDS.INCIDENT, GROUNDS.INCIDENT_LABEL),
        ],
        "decided": ListingStatus.DECIDED,
        "today": today,
    }
