"""Transferring the lead of a case to another unit: 移送 (another department) and 转办
(another jurisdiction of the same department).

One case, one history: accepting a transfer changes who leads the case, never its number,
timeline or audit chain. The receiving unit answers within 3 calendar days (a period that
ends on a rest day ends on the next working day), see docs/transfers.md for the basis.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import audit
from casework.actions.locking import lock_case, save_case
from casework.clocks import local_today
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.language import records_language
from casework.models import Case, CaseParticipant, CaseTransfer, TimelineEntry
from casework.models.transfer import TransferKind, TransferStatus
from casework.notify import notify
from casework.policies import case_policy, forget_participants
from casework.workdays import add_calendar_days
from casework.workflow import sync_tasks
from permissions.models import Role, Unit

ANSWER_DAYS = 3
REASON_MAX = 2000


def _locked_visible(actor, case_id: int) -> Case:
    case = lock_case(case_id)
    if case is None or not case_policy.can(actor, "view", case):
        raise CaseNotFound(_("案件不存在。"))
    return case


def _check_version(case: Case, version: int | None) -> None:
    if version is not None and int(version) != case.version:
        raise Conflict(_("案件已被他人更新，请刷新后重试。"))


def _deciders(unit_id: int):
    return (
        get_user_model()
        .objects.filter(
            memberships__unit_id=unit_id,
            memberships__role__in=[Role.SUPERVISOR, Role.CLERK],
            memberships__active=True,
            is_active=True,
        )
        .distinct()
    )


def transfer_targets(case: Case):
    """The units that may receive the case: they lead its kind and are not its lead unit."""
    return (
        Unit.objects.filter(department__code__in=case.spec.lead_departments)
        .exclude(pk=case.lead_unit_id)
        .select_related("department", "jurisdiction")
    )


def _check_target(case: Case, to_unit: Unit | None, kind: str) -> Unit:
    if kind not in TransferKind.values:
        raise InvalidInput(_("请选择移送方式。"), field="kind")
    if to_unit is None:
        raise InvalidInput(_("接收单位不存在。"), field="to_unit")
    if to_unit.pk == case.lead_unit_id:
        raise InvalidInput(_("接收单位不能是本案的主办单位。"), field="to_unit")
    if to_unit.department.code not in case.spec.lead_departments:
        raise InvalidInput(
            _("%(unit)s 不能主办此类案件。") % {"unit": to_unit.name}, field="to_unit"
        )
    same_department = to_unit.department_id == case.lead_department_id
    if kind == TransferKind.REFER and same_department:
        raise InvalidInput(_("移送须送往其他部门；同一部门跨辖区请选择转办。"), field="kind")
    if kind == TransferKind.REASSIGN_JURISDICTION and not same_department:
        raise InvalidInput(_("转办须送往同一部门的其他辖区单位；跨部门请选择移送。"), field="kind")
    return to_unit


def _reason(text: str | None, *, required: bool) -> str:
    text = (text or "").strip()
    if required and not text:
        raise InvalidInput(_("请填写理由。"), field="reason")
    if len(text) > REASON_MAX:
        raise InvalidInput(_("理由不得超过 %(n)s 个字。") % {"n": REASON_MAX}, field="reason")
    return text


def _pending(case: Case, transfer_id: int) -> CaseTransfer:
    transfer = (
        CaseTransfer.objects.select_related("to_unit", "from_unit", "proposed_by")
        .filter(pk=transfer_id, case_id=case.pk)
        .first()
    )
    if transfer is None:
        raise CaseNotFound(_("移送记录不存在。"))
    if transfer.status != TransferStatus.PENDING:
        raise Conflict(_("该移送已处理，不能重复处理。"))
    return transfer


def case_transfer_propose(
    *,
    actor,
    case_id: int,
    to_unit_id: int | None,
    kind: str,
    reason: str,
    version: int | None = None,
) -> CaseTransfer:
    """The lead unit's supervisor or clerk proposes to hand the case to another unit.

    The receiving unit becomes a participant (reason `transfer_pending`) so that it can read
    the case before answering; it cannot work on it until it accepts.
    """
    with transaction.atomic(durable=True):
        case = _locked_visible(actor, case_id)
        _check_version(case, version)
        if case.is_final:
            raise Conflict(_("案件已办结，不能移送。"))
        if not case_policy.can(actor, "transfer", case):
            raise NotPermitted(_("只有主办单位的审批人或登记分派员可以移送案件。"))
        if CaseTransfer.objects.filter(case=case, status=TransferStatus.PENDING).exists():
            raise Conflict(_("本案已有待接收的移送，请等待对方答复。"))
        to_unit = Unit.objects.select_related("department").filter(pk=to_unit_id).first()
        _check_target(case, to_unit, kind)
        reason = _reason(reason, required=True)
        with records_language():
            now = timezone.now()
            transfer = CaseTransfer.objects.create(
                case=case,
                from_unit_id=case.lead_unit_id,
                to_unit=to_unit,
                kind=kind,
                reason=reason,
                proposed_by=actor,
                proposed_at=now,
                due_on=add_calendar_days(local_today(), ANSWER_DAYS),
            )
            CaseParticipant.objects.get_or_create(
                case=case, unit=to_unit, defaults={"reason": "transfer_pending"}
            )
            forget_participants(case)
            save_case(case)
            label = TransferKind(kind).label
            audit.record(
                actor=actor,
                verb="casework.case.transfer_proposed",
                case=case,
                from_state=case.status,
                to_state=case.status,
                payload={
                    "transfer": transfer.pk,
                    "kind": kind,
                    "from_unit": transfer.from_unit_id,
                    "to_unit": to_unit.pk,
                    "reason": reason,
                    "due_on": transfer.due_on,
                },
            )
            TimelineEntry.objects.create(
                case=case,
                at=now,
                actor=actor,
                verb="transfer_proposed",
                text=_("提请%(kind)s至 %(unit)s") % {"kind": label, "unit": to_unit.name},
                comment=reason,
                payload={"transfer": transfer.pk, "to_unit": to_unit.pk, "kind": kind},
            )
            notify(
                _deciders(to_unit.pk),
                case=case,
                type="transfer.received",
                text=_("案件 %(number)s 待您单位接收（%(kind)s），请于 %(due)s 前答复")
                % {"number": case.number, "kind": label, "due": transfer.due_on.isoformat()},
                exclude=actor,
            )
            sync_tasks(case, actor=actor)
            return transfer


def case_transfer_accept(
    *, actor, case_id: int, transfer_id: int, reason: str = "", version: int | None = None
) -> CaseTransfer:
    """The receiving unit takes the lead: the case lands unassigned in its queue; the previous
    lead unit stays a participant so that it keeps seeing the history it wrote."""
    with transaction.atomic(durable=True):
        case = _locked_visible(actor, case_id)
        _check_version(case, version)
        transfer = _pending(case, transfer_id)
        if not case_policy.can(actor, "decide_transfer", case):
            raise NotPermitted(_("只有接收单位的审批人或登记分派员可以接收或退回移送。"))
        if case.is_final:
            raise Conflict(_("案件已办结，不能移送。"))
        reason = _reason(reason, required=False)
        with records_language():
            now = timezone.now()
            to_unit = transfer.to_unit
            previous_assignee = case.assignee
            CaseParticipant.objects.filter(case=case, unit=to_unit).delete()
            CaseParticipant.objects.get_or_create(
                case=case, unit_id=case.lead_unit_id, defaults={"reason": "transferred_from"}
            )
            case.lead_unit = to_unit
            case.lead_department_id = to_unit.department_id
            case.jurisdiction_id = to_unit.jurisdiction_id
            case.jurisdiction_path = to_unit.jurisdiction_path
            case.assignee = None
            save_case(
                case,
                "lead_unit",
                "lead_department",
                "jurisdiction",
                "jurisdiction_path",
                "assignee",
            )
            forget_participants(case, parent_unit=True)
            transfer.decide(TransferStatus.ACCEPTED, by=actor, at=now, reason=reason)
            audit.record(
                actor=actor,
                verb="casework.case.transfer_accepted",
                case=case,
                from_state=case.status,
                to_state=case.status,
                payload={
                    "transfer": transfer.pk,
                    "kind": transfer.kind,
                    "from_unit": transfer.from_unit_id,
                    "to_unit": to_unit.pk,
                    "previous_assignee": previous_assignee.username if previous_assignee else None,
                    "reason": reason,
                },
            )
            TimelineEntry.objects.create(
                case=case,
                at=now,
                actor=actor,
                verb="transfer_accepted",
                text=_("%(unit)s 已接收本案，改由该单位主办") % {"unit": to_unit.name},
                comment=reason,
                payload={"transfer": transfer.pk},
            )
            notify(
                [u for u in (transfer.proposed_by, previous_assignee) if u is not None],
                case=case,
                type="transfer.accepted",
                text=_("案件 %(number)s 已由 %(unit)s 接收")
                % {"number": case.number, "unit": to_unit.name},
                exclude=actor,
            )
            sync_tasks(case, actor=actor)
            return transfer


def case_transfer_return(
    *, actor, case_id: int, transfer_id: int, reason: str, version: int | None = None
) -> CaseTransfer:
    """The receiving unit declines with a reason: the case stays where it was; the receiving
    unit loses the sight of the case it had only to decide."""
    with transaction.atomic(durable=True):
        case = _locked_visible(actor, case_id)
        _check_version(case, version)
        transfer = _pending(case, transfer_id)
        if not case_policy.can(actor, "decide_transfer", case):
            raise NotPermitted(_("只有接收单位的审批人或登记分派员可以接收或退回移送。"))
        reason = _reason(reason, required=True)
        with records_language():
            now = timezone.now()
            CaseParticipant.objects.filter(
                case=case, unit=transfer.to_unit, reason="transfer_pending"
            ).delete()
            forget_participants(case)
            save_case(case)
            transfer.decide(TransferStatus.RETURNED, by=actor, at=now, reason=reason)
            audit.record(
                actor=actor,
                verb="casework.case.transfer_returned",
                case=case,
                from_state=case.status,
                to_state=case.status,
                payload={"transfer": transfer.pk, "to_unit": transfer.to_unit_id, "reason": reason},
            )
            TimelineEntry.objects.create(
                case=case,
                at=now,
                actor=actor,
                verb="transfer_returned",
                text=_("%(unit)s 退回移送") % {"unit": transfer.to_unit.name},
                comment=reason,
                payload={"transfer": transfer.pk},
            )
            notify(
                [transfer.proposed_by] if transfer.proposed_by else [],
                case=case,
                type="transfer.returned",
                text=_("案件 %(number)s 的移送被 %(unit)s 退回")
                % {"number": case.number, "unit": transfer.to_unit.name},
                exclude=actor,
            )
            sync_tasks(case, actor=actor)
            return transfer
