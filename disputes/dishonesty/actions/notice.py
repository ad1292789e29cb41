"""The notice phase of the dishonesty list: the proposal (拟列入告知) on an order to pay left
unpaid past its deadline, the service of the notice (送达) and the employer's statement
(陈述申辩) within the 5 working days that run from service."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.documents import day_text
from casework.errors import Conflict, InvalidInput
from casework.language import records_language
from casework.models import Case, Employer
from casework.payloads import TEXT_MAX
from permissions.models import Role
from permissions.selectors import members_with_role

from .. import inputs
from ..models import DishonestyListing, ListingStatus
from ..selectors import ACTIVE_LISTING, case_meets_crime_threshold, payment_order_state
from .common import (
    GROUNDS,
    STATEMENT_MAX,
    locked_listing,
    log_step,
    notify_users,
    require,
    statement_period_end,
    visible_case,
)


def _order_refusal(order, today: date) -> str:
    if not order.issued:
        return _(
            "本案未下达限期支付指令。用人单位经责令限期支付工资、逾期未支付的，方可列入失信"
            "联合惩戒名单（《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》第五条）。"
        )
    if today <= order.due_on:
        return _("限期支付指令的期限至%(due)s，期限届满前不能启动失信名单程序。") % {
            "due": order.due_on.isoformat()
        }
    return _("用人单位已在限期支付期限内足额支付%(paid)s元，不符合列入条件。") % {
        "paid": order.paid_by_due
    }


def _served_text(listing: DishonestyListing) -> str:
    return _("拟列入告知书已于%(served)s送达，陈述申辩期至%(due)s。") % {
        "served": day_text(listing.served_on),
        "due": day_text(listing.statement_due),
    }


@transaction.atomic
def listing_propose(*, actor, case_id, data: dict) -> DishonestyListing:
    """拟列入告知: the notice to the employer whose order to pay went unpaid past its
    deadline (第五条), on one of the article's two grounds. `served_on` (optional) records a
    service made at once; otherwise `listing_record_service` records it and starts the
    statement period."""
    case = visible_case(actor, case_id)
    require(actor, case, Role.OFFICER)
    data = data if isinstance(data, dict) else {}
    ground = data.get("ground")
    if ground not in GROUNDS.ALL:
        raise InvalidInput(_("请选择列入事由。"), field="ground")
    reason = inputs.text(data, "reason", TEXT_MAX)
    today = timezone.localdate()
    served_on = inputs.past_day(
        data, "served_on", today=today, not_before=today, before_label=_("告知日期")
    )
    # Lock the case row so that two proposals for one employer cannot both pass the check.
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("employer", "lead_unit__department")
        .get(pk=case.pk)
    )
    if case.employer_id is None:
        raise Conflict(_("本案没有用人单位。"))
    order = payment_order_state(case)
    if not order.unpaid_past_due(today):
        raise Conflict(_order_refusal(order, today))
    if ground == GROUNDS.AMOUNT and not case_meets_crime_threshold(case):
        raise InvalidInput(
            _("本案认定的拖欠数额未达到拒不支付劳动报酬罪数额标准。"), field="ground"
        )
    employer = Employer.objects.select_for_update().get(pk=case.employer_id)
    if DishonestyListing.objects.filter(employer=employer, status__in=ACTIVE_LISTING).exists():
        raise Conflict(_("该用人单位已有进行中的失信名单程序或已被列入。"))
    with records_language():
        listing = DishonestyListing.objects.create(
            employer=employer,
            case=case,
            status=ListingStatus.NOTICE_ISSUED,
            ground=ground,
            reason=reason,
            proposed_by=actor,
            order_due_on=order.due_on,
            order_amount=order.amount,
            order_paid=order.paid_by_due,
            notice_on=today,
            served_on=served_on,
            statement_due=statement_period_end(served_on) if served_on else None,
        )
        text = _("拟将%(employer)s列入失信联合惩戒名单，已发出告知。") % {"employer": employer.name}
        if served_on:
            text += _served_text(listing)
        log_step(
            actor,
            listing,
            "listing.proposed",
            text,
            "",
            {
                "ground": ground,
                "order_due_on": order.due_on.isoformat(),
                "order_amount": str(order.amount),
                "order_paid": str(order.paid_by_due),
                "served_on": served_on.isoformat() if served_on else "",
                "comment": reason,
            },
        )
        notify_users(
            members_with_role(case.lead_unit_id, Role.SUPERVISOR),
            listing,
            "listing.proposed",
            text,
            actor,
        )
        return listing


@transaction.atomic
def listing_record_service(*, actor, listing_id, data: dict) -> DishonestyListing:
    """送达: the day the notice reached the employer, from which the 5-working-day statement
    period runs."""
    listing = locked_listing(actor, listing_id)
    require(actor, listing.case, Role.OFFICER)
    data = data if isinstance(data, dict) else {}
    served_on = inputs.past_day(
        data,
        "served_on",
        today=timezone.localdate(),
        not_before=listing.notice_on,
        before_label=_("告知日期"),
    )
    if served_on is None:
        raise InvalidInput(_("请填写送达日期。"), field="served_on")
    comment = inputs.text(data, "comment", TEXT_MAX, required=False)
    if listing.status != ListingStatus.NOTICE_ISSUED:
        raise Conflict(_("当前状态不能记录送达。"))
    if listing.served_on is not None:
        raise Conflict(_("送达日期已记录。"))
    listing.served_on = served_on
    listing.statement_due = statement_period_end(served_on)
    listing.save(update_fields=["served_on", "statement_due"])
    with records_language():
        text = _served_text(listing)
        log_step(
            actor,
            listing,
            "listing.served",
            text,
            listing.status,
            {
                "served_on": served_on.isoformat(),
                "statement_due": listing.statement_due.isoformat(),
                "comment": comment,
            },
        )
        notify_users(
            members_with_role(listing.case.lead_unit_id, Role.SUPERVISOR),
            listing,
            "listing.served",
            text,
            actor,
        )
        return listing


@transaction.atomic
def listing_record_statement(*, actor, listing_id, data: dict) -> DishonestyListing:
    """The employer's statement (陈述申辩), received within the period. `received_on` (the
    day it reached the department, today when absent) decides whether it was in time, so a
    statement received on the last day and recorded later still counts."""
    listing = locked_listing(actor, listing_id)
    require(actor, listing.case, Role.OFFICER)
    data = data if isinstance(data, dict) else {}
    statement = inputs.text(data, "statement", STATEMENT_MAX)
    today = timezone.localdate()
    if listing.status != ListingStatus.NOTICE_ISSUED:
        raise Conflict(_("当前状态不能记录陈述申辩。"))
    if listing.statement_at is not None:
        raise Conflict(_("陈述申辩意见已记录。"))
    if listing.served_on is None:
        raise Conflict(_("拟列入告知书尚未送达，请先记录送达日期。"))
    received_on = inputs.past_day(
        data,
        "received_on",
        today=today,
        not_before=listing.served_on,
        before_label=_("送达日期"),
    )
    received_on = received_on or today
    if received_on > listing.statement_due:
        raise Conflict(
            _("陈述申辩期已于%(due)s届满。") % {"due": listing.statement_due.isoformat()}
        )
    listing.statement = statement
    listing.statement_received_on = received_on
    listing.statement_at = timezone.now()
    listing.save(update_fields=["statement", "statement_received_on", "statement_at"])
    with records_language():
        text = _("已记录%(employer)s的陈述申辩意见（%(on)s收到）。") % {
            "employer": listing.employer.name,
            "on": received_on.isoformat(),
        }
        log_step(
            actor,
            listing,
            "listing.statement",
            text,
            listing.status,
            {"received_on": received_on.isoformat(), "comment": statement},
        )
        notify_users(
            members_with_role(listing.case.lead_unit_id, Role.SUPERVISOR),
            listing,
            "listing.statement",
            text,
            actor,
        )
        return listing
