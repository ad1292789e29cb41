"""The decision phase of the dishonesty list: 列入 / 不予列入 after the statement period,
and the end of a listing in force (信用修复, or its term's end)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.documents import day_text
from casework.errors import Conflict, InvalidInput
from casework.language import records_language
from casework.models import Employer
from casework.payloads import TEXT_MAX
from casework.workdays import add_months
from permissions.models import Role

from .. import inputs
from ..models import DishonestyListing, ListingStatus
from .common import (
    EARLY_REPAIR_MONTHS,
    locked_listing,
    log_step,
    notify_users,
    refresh_employer_flag,
    require,
    term_last_day,
)


@transaction.atomic
def listing_decide(*, actor, listing_id, data: dict) -> DishonestyListing:
    """列入决定 or 不予列入, once the statement period that runs from service has ended
    (a statement already in does not shorten it: the employer may still add to it)."""
    listing = locked_listing(actor, listing_id)
    require(actor, listing.case, Role.SUPERVISOR)
    data = data if isinstance(data, dict) else {}
    decision = data.get("decision")
    if decision not in ("list", "not_list"):
        raise InvalidInput(_("请选择列入或不予列入。"), field="decision")
    reason = inputs.text(data, "reason", TEXT_MAX)
    if listing.status != ListingStatus.NOTICE_ISSUED:
        raise Conflict(_("当前状态不能作出决定。"))
    if listing.served_on is None:
        raise Conflict(_("拟列入告知书尚未送达，陈述申辩期尚未开始，不能作出决定。"))
    today = timezone.localdate()
    if today <= listing.statement_due:
        raise Conflict(
            _("陈述申辩期至%(due)s届满，届满前不能作出决定。")
            % {"due": listing.statement_due.isoformat()}
        )
    with records_language():
        before = listing.status
        listing.decided_by = actor
        listing.decided_on = today
        listing.decision_reason = reason
        employer = Employer.objects.select_for_update().get(pk=listing.employer_id)
        if decision == "list":
            listing.status = ListingStatus.DECIDED
            listing.expires_on = term_last_day(today)
            text = _("决定将%(employer)s列入失信联合惩戒名单，期限至%(until)s。") % {
                "employer": employer.name,
                "until": day_text(listing.expires_on),
            }
        else:
            listing.status = ListingStatus.NOT_LISTED
            text = _("决定不将%(employer)s列入失信联合惩戒名单。") % {"employer": employer.name}
        listing.save()
        refresh_employer_flag(employer)
        log_step(
            actor,
            listing,
            "listing.decided",
            text,
            before,
            {"decision": decision, "comment": reason},
        )
        recipients = [listing.proposed_by] if listing.proposed_by else []
        notify_users(recipients, listing, "listing.decided", text, actor)
        return listing


def end_listing(listing: DishonestyListing, *, actor, status: str, basis: str, reason: str, today):
    """Take a listing in force off the list (the caller holds its lock): the listing's
    removal, the employer's flag (kept while another listing of it is in force)."""
    listing.status = status
    listing.removed_by = actor
    listing.removed_on = today
    listing.removal_basis = basis
    listing.removal_reason = reason
    listing.save()
    employer = Employer.objects.select_for_update().get(pk=listing.employer_id)
    refresh_employer_flag(employer)
    return employer


@transaction.atomic
def listing_repair(*, actor, listing_id, data: dict) -> DishonestyListing:
    """信用修复: early removal when the wages are paid in full, the employer has committed in
    writing not to default again and six months have passed since the correction. After
    the term's last day the listing ends by itself (`expiry.end_expired_listings`); a
    supervisor who comes first ends it the same way, on the reason alone."""
    listing = locked_listing(actor, listing_id)
    require(actor, listing.case, Role.SUPERVISOR)
    data = data if isinstance(data, dict) else {}
    reason = inputs.text(data, "reason", TEXT_MAX)
    wages_paid = inputs.boolean(data, "wages_paid")
    commitment = inputs.boolean(data, "commitment")
    corrected_on = inputs.day(data, "corrected_on")
    if listing.status != ListingStatus.DECIDED:
        raise Conflict(_("只有已列入名单的用人单位才能信用修复。"))
    today = timezone.localdate()
    if today > listing.expires_on:
        basis, status = "term_expired", ListingStatus.EXPIRED
    else:
        basis, status = "early_repair", ListingStatus.REMOVED
        if not wages_paid:
            raise InvalidInput(_("提前移出须已足额支付拖欠工资。"), field="wages_paid")
        if not commitment:
            raise InvalidInput(_("提前移出须作出不再拖欠工资的书面信用承诺。"), field="commitment")
        if corrected_on is None:
            raise InvalidInput(_("请填写改正之日。"), field="corrected_on")
        if corrected_on > today:
            raise InvalidInput(_("改正之日不能晚于今天。"), field="corrected_on")
        earliest = add_months(max(corrected_on, listing.decided_on), EARLY_REPAIR_MONTHS)
        if today < earliest:
            raise Conflict(
                _("自改正之日起列入名单满6个月方可提前移出（最早%(d)s）。")
                % {"d": earliest.isoformat()}
            )
    with records_language():
        before = listing.status
        employer = end_listing(
            listing, actor=actor, status=status, basis=basis, reason=reason, today=today
        )
        if basis == "term_expired":
            text = _("%(employer)s的列入期限已于%(until)s届满，已移出失信联合惩戒名单。") % {
                "employer": employer.name,
                "until": day_text(listing.expires_on),
            }
        else:
            text = _("%(employer)s已移出失信联合惩戒名单（信用修复）。") % {
                "employer": employer.name
            }
        log_step(
            actor,
            listing,
            "listing.removed",
            text,
            before,
            {
                "basis": basis,
                "wages_paid": wages_paid,
                "commitment": commitment,
                "corrected_on": corrected_on.isoformat() if corrected_on else "",
                "comment": reason,
            },
        )
        recipients = [listing.proposed_by] if listing.proposed_by else []
        notify_users(recipients, listing, "listing.removed", text, actor)
        return listing
