"""The dishonesty-list procedure (拖欠农民工工资失信联合惩戒对象名单, docs/dishonesty.md).

propose (拟列入告知) → record the employer's statement (陈述申辩) → decide (列入 / 不予列入)
→ repair (信用修复, 移出). Each step is one atomic action: it locks the listing, writes an
audit event, a timeline entry on the source case and notifications, or writes nothing.
Who may act: the hrss officers (propose, statement) and supervisors (decide, repair) of the
source case's lead unit; a source case the actor may not see is a 404.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework import audit
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.models import Case, Employer, TimelineEntry
from casework.notify import notify
from casework.payloads import TEXT_MAX
from casework.policies import case_policy
from casework.workdays import add_working_days
from permissions.models import Role
from permissions.selectors import members_with_role

from .errors import ListingNotFound
from .models import DishonestyListing, ListingStatus
from .policy import may_act
from .selectors import ACTIVE_LISTING, case_meets_crime_threshold, has_finding

STATEMENT_WORKING_DAYS = 5
TERM_YEARS = 3
EARLY_REPAIR_MONTHS = 6
STATEMENT_MAX = 5000


class GROUNDS:
    AMOUNT = "amount"  # 第五条第一项: 数额达到拒不支付劳动报酬罪数额标准
    INCIDENT = "incident"  # 第五条第二项: 引发群体性事件、极端事件造成严重不良社会影响
    ALL = (AMOUNT, INCIDENT)
    AMOUNT_LABEL = _l("拖欠数额达到拒不支付劳动报酬罪数额标准")
    INCIDENT_LABEL = _l("引发群体性事件、极端事件造成严重不良社会影响")


def _text(data: dict, name: str, limit: int, *, required: bool = True) -> str:
    value = data.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_("须为文本。"), field=name)
    value = value.strip()
    if required and not value:
        raise InvalidInput(_("必填。"), field=name)
    if len(value) > limit:
        raise InvalidInput(_("不得超过%(n)s个字符。") % {"n": limit}, field=name)
    return value


def _bool(data: dict, name: str) -> bool:
    value = data.get(name)
    if isinstance(value, bool):
        return value
    if value in (None, ""):
        return False
    if isinstance(value, str) and value.lower() in ("true", "1", "on", "yes"):
        return True
    if isinstance(value, str) and value.lower() in ("false", "0", "off", "no"):
        return False
    raise InvalidInput(_("须为是或否。"), field=name)


def _date(data: dict, name: str) -> date | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(_("日期格式应为YYYY-MM-DD。"), field=name) from None


def _visible_case(actor, case_id) -> Case:
    try:
        case = Case.objects.select_related("lead_unit__department", "employer").get(pk=int(case_id))
    except (Case.DoesNotExist, TypeError, ValueError):
        raise CaseNotFound() from None
    if not case_policy.can(actor, "view", case):
        raise CaseNotFound()
    return case


def _locked_listing(actor, listing_id) -> DishonestyListing:
    try:
        listing = (
            DishonestyListing.objects.select_for_update(of=("self",))
            .select_related("case__lead_unit__department", "employer")
            .get(pk=int(listing_id))
        )
    except (DishonestyListing.DoesNotExist, TypeError, ValueError):
        raise ListingNotFound(_("失信名单程序不存在。")) from None
    if not case_policy.can(actor, "view", listing.case):
        raise ListingNotFound(_("失信名单程序不存在。"))
    return listing


def _require(actor, case: Case, role: str) -> None:
    if not may_act(actor, case, role):
        raise NotPermitted(
            _("只有本案主办人社部门的%(role)s可以办理此步骤。") % {"role": Role(role).label}
        )


def _log(actor, listing: DishonestyListing, verb: str, text: str, from_state: str, payload: dict):
    audit.record(
        actor=actor,
        verb=verb,
        case=listing.case,
        obj=listing,
        from_state=from_state,
        to_state=listing.status,
        payload={"listing": listing.pk, "employer": listing.employer_id, **payload},
    )
    TimelineEntry.objects.create(
        case=listing.case,
        at=timezone.now(),
        actor=actor,
        verb=verb,
        text=text[:500],
        comment=str(payload.get("comment", ""))[:5000],
        payload={"listing": listing.pk},
    )


def _notify(users, listing: DishonestyListing, ntype: str, text: str, actor) -> None:
    notify(users, case=listing.case, type=ntype, text=text, exclude=actor)


def _refresh_employer_flag(employer: Employer) -> None:
    listed = DishonestyListing.objects.filter(
        employer=employer, status=ListingStatus.DECIDED
    ).exists()
    if employer.dishonest != listed:
        employer.dishonest = listed
        employer.save(update_fields=["dishonest"])


@transaction.atomic
def listing_propose(*, actor, case_id, data: dict) -> DishonestyListing:
    """拟列入告知: the notice to the employer, opening the 5-working-day statement period."""
    case = _visible_case(actor, case_id)
    _require(actor, case, Role.OFFICER)
    data = data if isinstance(data, dict) else {}
    ground = data.get("ground")
    if ground not in GROUNDS.ALL:
        raise InvalidInput(_("请选择列入事由。"), field="ground")
    reason = _text(data, "reason", TEXT_MAX)
    # Lock the case row so that two proposals for one employer cannot both pass the check.
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("employer", "lead_unit__department")
        .get(pk=case.pk)
    )
    if case.employer_id is None:
        raise Conflict(_("本案没有用人单位。"))
    if not has_finding(case):
        raise Conflict(_("只有已结案并有结案认定的欠薪案件才能启动失信名单程序。"))
    if ground == GROUNDS.AMOUNT and not case_meets_crime_threshold(case):
        raise InvalidInput(
            _("本案认定的拖欠数额未达到拒不支付劳动报酬罪数额标准。"), field="ground"
        )
    employer = Employer.objects.select_for_update().get(pk=case.employer_id)
    if DishonestyListing.objects.filter(employer=employer, status__in=ACTIVE_LISTING).exists():
        raise Conflict(_("该用人单位已有进行中的失信名单程序或已被列入。"))
    today = timezone.localdate()
    listing = DishonestyListing.objects.create(
        employer=employer,
        case=case,
        status=ListingStatus.NOTICE_ISSUED,
        ground=ground,
        reason=reason,
        proposed_by=actor,
        notice_on=today,
        statement_due=add_working_days(today, STATEMENT_WORKING_DAYS),
    )
    text = _("拟将%(employer)s列入失信联合惩戒名单，已告知；陈述申辩期至%(due)s。") % {
        "employer": employer.name,
        "due": listing.statement_due.isoformat(),
    }
    _log(actor, listing, "listing.proposed", text, "", {"ground": ground, "comment": reason})
    _notify(
        members_with_role(case.lead_unit_id, Role.SUPERVISOR),
        listing,
        "listing.proposed",
        text,
        actor,
    )
    return listing


@transaction.atomic
def listing_record_statement(*, actor, listing_id, data: dict) -> DishonestyListing:
    """The employer's statement (陈述申辩), received within the period."""
    listing = _locked_listing(actor, listing_id)
    _require(actor, listing.case, Role.OFFICER)
    data = data if isinstance(data, dict) else {}
    statement = _text(data, "statement", STATEMENT_MAX)
    if listing.status != ListingStatus.NOTICE_ISSUED:
        raise Conflict(_("当前状态不能记录陈述申辩。"))
    if listing.statement_at is not None:
        raise Conflict(_("陈述申辩意见已记录。"))
    if timezone.localdate() > listing.statement_due:
        raise Conflict(_("陈述申辩期已届满。"))
    listing.statement = statement
    listing.statement_at = timezone.now()
    listing.save(update_fields=["statement", "statement_at"])
    text = _("已记录%(employer)s的陈述申辩意见。") % {"employer": listing.employer.name}
    _log(actor, listing, "listing.statement", text, listing.status, {"comment": statement})
    _notify(
        members_with_role(listing.case.lead_unit_id, Role.SUPERVISOR),
        listing,
        "listing.statement",
        text,
        actor,
    )
    return listing


def add_months(d: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day
    (31 August + 6 months → 28/29 February)."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, min(d.day, day))
        except ValueError:
            continue
    raise ValueError(d)


def _add_years(d: date, years: int) -> date:
    return add_months(d, 12 * years)


@transaction.atomic
def listing_decide(*, actor, listing_id, data: dict) -> DishonestyListing:
    """列入决定 or 不予列入, once the statement is in or the statement period has ended."""
    listing = _locked_listing(actor, listing_id)
    _require(actor, listing.case, Role.SUPERVISOR)
    data = data if isinstance(data, dict) else {}
    decision = data.get("decision")
    if decision not in ("list", "not_list"):
        raise InvalidInput(_("请选择列入或不予列入。"), field="decision")
    reason = _text(data, "reason", TEXT_MAX)
    if listing.status != ListingStatus.NOTICE_ISSUED:
        raise Conflict(_("当前状态不能作出决定。"))
    today = timezone.localdate()
    if listing.statement_at is None and today <= listing.statement_due:
        raise Conflict(
            _("陈述申辩期至%(due)s届满，届满前未收到陈述申辩意见不能作出决定。")
            % {"due": listing.statement_due.isoformat()}
        )
    before = listing.status
    listing.decided_by = actor
    listing.decided_on = today
    listing.decision_reason = reason
    employer = Employer.objects.select_for_update().get(pk=listing.employer_id)
    if decision == "list":
        listing.status = ListingStatus.DECIDED
        listing.expires_on = _add_years(today, TERM_YEARS)
        text = _("决定将%(employer)s列入失信联合惩戒名单，期限至%(until)s。") % {
            "employer": employer.name,
            "until": listing.expires_on.isoformat(),
        }
    else:
        listing.status = ListingStatus.NOT_LISTED
        text = _("决定不将%(employer)s列入失信联合惩戒名单。") % {"employer": employer.name}
    listing.save()
    _refresh_employer_flag(employer)
    _log(actor, listing, "listing.decided", text, before, {"decision": decision, "comment": reason})
    recipients = [listing.proposed_by] if listing.proposed_by else []
    _notify(recipients, listing, "listing.decided", text, actor)
    return listing


@transaction.atomic
def listing_repair(*, actor, listing_id, data: dict) -> DishonestyListing:
    """信用修复: removal when the 3-year term is over, or early (暂行办法 第十四条) when the
    wages are paid in full, the employer has committed in writing not to default again and
    six months have passed since the correction."""
    listing = _locked_listing(actor, listing_id)
    _require(actor, listing.case, Role.SUPERVISOR)
    data = data if isinstance(data, dict) else {}
    reason = _text(data, "reason", TEXT_MAX)
    wages_paid = _bool(data, "wages_paid")
    commitment = _bool(data, "commitment")
    corrected_on = _date(data, "corrected_on")
    if listing.status != ListingStatus.DECIDED:
        raise Conflict(_("只有已列入名单的用人单位才能信用修复。"))
    today = timezone.localdate()
    if today >= listing.expires_on:
        basis = "term_expired"
    else:
        basis = "early_repair"
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
    before = listing.status
    listing.status = ListingStatus.REMOVED
    listing.removed_by = actor
    listing.removed_on = today
    listing.removal_basis = basis
    listing.removal_reason = reason
    listing.save()
    employer = Employer.objects.select_for_update().get(pk=listing.employer_id)
    _refresh_employer_flag(employer)
    text = _("%(employer)s已移出失信联合惩戒名单（信用修复）。") % {"employer": employer.name}
    _log(
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
    _notify(recipients, listing, "listing.removed", text, actor)
    return listing
