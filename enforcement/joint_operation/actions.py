"""The per-unit steps of a joint operation: a unit's officer claims its report task
(`operation_claim`), the unit reports (`operation_report`; the last report fires the join),
and cases opened during the operation are linked to it (`operation_link`).

Each locks the operation's case row first, then the flow's process row (as
`casework.workflow.sync_tasks`), checks the policy, writes one audit record, the timeline and
the notifications, and moves the viewflow tasks in the same durable transaction.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework import audit, clocks
from casework.converters import parse_id
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.language import records_language
from casework.models import Case, TimelineEntry
from casework.notify import notify
from casework.policies import case_policy
from casework.workflow import sync_tasks
from permissions.models import Role
from permissions.selectors import org_of

from .flows import OperationFlow, ReportActivation
from .models import KIND, OperationLink, OperationStatus, OperationUnit, UnitReportStatus
from .payloads import RESULT_CODES, LinkPayload, ReportPayload
from .selectors import may_report, totals


def _locked_operation(actor, case_id) -> Case:
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        raise CaseNotFound(_("案件不存在。")) from None
    case = (
        Case.objects.select_for_update()
        .select_related("lead_unit", "jurisdiction")
        .filter(pk=pk)
        .first()
    )
    if case is None or case.kind != KIND or not case_policy.can(actor, "view", case):
        raise CaseNotFound(_("案件不存在。"))
    return case.as_kind()


def _unit_row(case: Case, unit_id) -> OperationUnit:
    try:
        uid = int(unit_id)
    except (TypeError, ValueError):
        uid = None
    row = (
        OperationUnit.objects.select_related("unit", "task").filter(case=case, unit_id=uid).first()
        if uid
        else None
    )
    if row is None:
        raise InvalidInput(_("该单位不是本次行动的参与单位。"), field="unit")
    return row


def _check_version(case: Case, version) -> None:
    if version is not None and int(version) != case.version:
        raise Conflict(
            _("案件已被他人更新（当前版本 %(v)s），请刷新后重试。") % {"v": case.version}
        )


def _open_task(case: Case, row: OperationUnit):
    if case.status != OperationStatus.IN_PROGRESS:
        raise Conflict(
            _("行动当前状态为“%(status)s”，不能报送。") % {"status": case.get_status_display()}
        )
    if row.status == UnitReportStatus.REPORTED:
        raise Conflict(_("本单位已报送行动情况。"))
    task = row.task
    if task is None or task.status not in (STATUS.NEW, STATUS.ASSIGNED):
        raise Conflict(_("本单位没有待办的报送任务。"))
    return task


def operation_claim(*, actor, case_id, unit_id, version=None) -> OperationUnit:
    """An officer of a participating unit takes its report task (from the unit's queue to
    their inbox). 409 when someone holds it already or the operation is not in progress."""
    with transaction.atomic(durable=True):
        case = _locked_operation(actor, case_id)
        row = _unit_row(case, unit_id)
        if not org_of(actor).has_role(row.unit_id, Role.OFFICER):
            raise NotPermitted(_("只有该参与单位的承办人可以认领本单位的报送任务。"))
        _check_version(case, version)
        task = _open_task(case, row)
        if task.owner_id is not None:
            raise Conflict(_("本单位的报送任务已由他人认领。"))
        with OperationFlow.lock(task.process_id):
            task.assigned = timezone.now()
            ReportActivation(task).assign(actor)
        with records_language():
            audit.record(
                actor=actor,
                verb="enforcement.joint_operation.task_claimed",
                case=case,
                from_state=case.status,
                to_state=case.status,
                payload={"unit": row.unit_id, "task": task.pk},
            )
            TimelineEntry.objects.create(
                case=case,
                at=timezone.now(),
                actor=actor,
                verb="operation_claim",
                text=_("%(unit)s认领报送任务") % {"unit": row.unit.name},
            )
    return row


def _find_case(ref) -> Case | None:
    text = str(ref).strip()
    case_id = parse_id(text)
    if case_id is not None:
        return Case.objects.filter(pk=case_id).first()
    return Case.objects.filter(number=text).first()


def operation_began(case) -> date:
    """The first day of the operation: its planned start, or the day it was started if that
    came earlier. Cases registered from that day on may be linked to it."""
    d = case.details or {}
    days = [date.fromisoformat(v) for v in (d.get("starts_on"), d.get("started_on")) if v]
    return min(days) if days else timezone.localdate(case.submitted_at)


def _link(actor, case: Case, ref, unit_id: int | None) -> OperationLink:
    """Link one case to the operation (the caller holds the operation's lock)."""
    target = _find_case(ref)
    if target is None or not case_policy.can(actor, "view", target):
        raise InvalidInput(_("未找到案件：%(ref)s") % {"ref": ref}, field="cases")
    if target.pk == case.pk or target.kind == KIND:
        raise InvalidInput(_("联合执法行动不能关联到另一个行动。"), field="cases")
    existing = OperationLink.objects.filter(case=target).first()
    if existing is not None:
        if existing.operation_id == case.pk:
            return existing
        raise InvalidInput(
            _("案件 %(number)s 已关联到其他联合执法行动。") % {"number": target.number},
            field="cases",
        )
    if timezone.localdate(target.submitted_at) < operation_began(case):
        raise InvalidInput(
            _("案件 %(number)s 登记于行动开始之前，不是行动中查处的案件。")
            % {"number": target.number},
            field="cases",
        )
    with records_language():
        link = OperationLink.objects.create(
            operation=case, case=target, unit_id=unit_id, linked_by=actor
        )
        # The linked case's own record of the step, beside the operation's (report or link).
        audit.record(
            actor=actor,
            verb="enforcement.joint_operation.linked",
            case=target,
            from_state=target.status,
            to_state=target.status,
            payload={"operation": case.pk, "unit": unit_id},
        )
        TimelineEntry.objects.create(
            case=target,
            at=timezone.now(),
            actor=actor,
            verb="operation_linked",
            text=_("列为联合执法行动 %(number)s 中查处的案件") % {"number": case.number},
        )
        return link


def operation_report(*, actor, case_id, unit_id, data: dict, version=None) -> OperationUnit:
    """A participating unit reports its results; the last report fires the join.

    404 unless the actor sees the operation; 400 for a unit that does not take part or bad
    results (naming the field); 403 unless the actor may report for that unit; 409 when the
    operation is not in progress, the unit has reported already, or `version` is stale.
    """
    if not isinstance(data, dict):
        raise InvalidInput(_("请求体必须是 JSON 对象。"), field="non_field_errors")
    with transaction.atomic(durable=True):
        case = _locked_operation(actor, case_id)
        row = _unit_row(case, unit_id)
        if not may_report(actor, row):
            raise NotPermitted(_("您无权报送该单位的行动情况。"))
        _check_version(case, version)
        task = _open_task(case, row)
        payload = ReportPayload(data=data)
        if not payload.is_valid():
            raise InvalidInput(_("提交的内容有误。"), errors=payload.errors)
        cleaned = payload.validated_data
        now = timezone.now()
        links = [_link(actor, case, ref, row.unit_id) for ref in cleaned.get("cases") or []]
        row.results = {code: int(cleaned.get(code) or 0) for code in RESULT_CODES}
        row.report = cleaned["text"]
        row.status = UnitReportStatus.REPORTED
        row.reported_at = now
        row.reported_by = actor
        row.save(update_fields=["results", "report", "status", "reported_at", "reported_by"])

        activation = ReportActivation(task)
        with OperationFlow.lock(task.process_id):
            activation.finish(actor, {"outcome": "reported", "by": actor.get_username()})
            activation.activate_next()
        joined = Task.objects.filter(
            process_id=task.process_id, flow_task=OperationFlow.join, status=STATUS.DONE
        ).exists()

        with records_language():
            from_state = case.status
            case.details = {**case.details, "totals": totals(case)}
            audit.record(
                actor=actor,
                verb="enforcement.joint_operation.report",
                case=case,
                from_state=from_state,
                to_state=from_state,
                payload={
                    "unit": row.unit_id,
                    **row.results,
                    "cases": [link.case_id for link in links],
                },
            )
            TimelineEntry.objects.create(
                case=case,
                at=now,
                actor=actor,
                verb="operation_report",
                text=_("%(unit)s报送行动情况") % {"unit": row.unit.name},
                comment=row.report,
                payload={"unit": row.unit_id, **row.results},
            )
            if joined:
                case.complete_reporting()
                clocks.stop(case, "operation")
                case.details = {
                    **case.details,
                    "reporting_done_on": timezone.localdate(now).isoformat(),
                }
                audit.record(
                    actor=actor,
                    verb="enforcement.joint_operation.complete_reporting",
                    case=case,
                    from_state=from_state,
                    to_state=case.status,
                    payload={"units": OperationUnit.objects.filter(case=case).count()},
                )
                TimelineEntry.objects.create(
                    case=case,
                    at=now,
                    actor=actor,
                    verb="complete_reporting",
                    text=_("各参与单位均已报送，待主办单位撰写行动总结"),
                )
                notify(
                    case_policy.who_can("transition:submit_summary", case),
                    case=case,
                    type="operation.reported",
                    text=_("各参与单位均已报送，请撰写行动总结：%(number)s")
                    % {"number": case.number},
                    exclude=actor,
                )
            case.deadline = clocks.binding_deadline(case)
            case.version += 1
            case.save(update_fields=["status", "details", "deadline", "version", "updated_at"])
            sync_tasks(case, actor=actor)
    return row


def operation_link(*, actor, case_id, data: dict) -> OperationLink:
    """Link a case the actor can see (opened during the operation) to the operation.

    Lead-unit staff and officers/supervisors of participating units, while the operation is
    in progress or its reports are in (before the summary). 400 names `case` when it is
    unknown, invisible, older than the operation or linked to another operation.
    """
    if not isinstance(data, dict):
        raise InvalidInput(_("请求体必须是 JSON 对象。"), field="non_field_errors")
    body = LinkPayload(data=data)
    with transaction.atomic(durable=True):
        case = _locked_operation(actor, case_id)
        org = org_of(actor)
        working = (Role.OFFICER, Role.SUPERVISOR, Role.CLERK)
        member_units = [
            u
            for u in OperationUnit.objects.filter(case=case).values_list("unit_id", flat=True)
            if org.has_role(u, *working)
        ]
        if not member_units and not org.has_role(case.lead_unit_id, *working):
            raise NotPermitted(_("只有主办单位和参与单位的工作人员可以关联案件。"))
        if case.status not in (OperationStatus.IN_PROGRESS, OperationStatus.REPORTING_DONE):
            raise Conflict(
                _("行动当前状态为“%(status)s”，不能关联案件。")
                % {"status": case.get_status_display()}
            )
        if not body.is_valid():
            raise InvalidInput(_("提交的内容有误。"), errors=body.errors)
        unit_id = body.validated_data.get("unit") or (member_units[0] if member_units else None)
        if unit_id is not None and unit_id not in member_units:
            raise InvalidInput(_("您不是该参与单位的工作人员。"), field="unit")
        try:
            link = _link(actor, case, body.validated_data["case"], unit_id)
        except InvalidInput as exc:
            raise InvalidInput(exc.message, field="case") from None
        with records_language():
            audit.record(
                actor=actor,
                verb="enforcement.joint_operation.link_case",
                case=case,
                from_state=case.status,
                to_state=case.status,
                payload={"case": link.case_id, "unit": unit_id},
            )
            TimelineEntry.objects.create(
                case=case,
                at=timezone.now(),
                actor=actor,
                verb="operation_link",
                text=_("关联行动中查处的案件 %(number)s") % {"number": link.case.number},
            )
            case.details = {**case.details, "totals": totals(case)}
            case.version += 1
            case.save(update_fields=["details", "version", "updated_at"])
    return link
