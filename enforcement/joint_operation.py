"""The joint-operation kind (联合执法行动, domain.md §7): a campaign across units and markets.

A supervisor of any unit plans the operation (title, period, markets, participating units of
any departments); their unit leads it. Starting it splits it into one report task per
participating unit (`OperationFlow`, viewflow Split/Join); each unit reports its results and
the cases it opened during the operation; the join fires when the last unit has reported and
moves the operation to `reporting_done`; the lead's officer writes the summary and a lead
supervisor approves closure.

Writes: the transitions go through `casework.actions.case_transition` like every kind; the
per-unit steps are the actions below (`operation_claim`, `operation_report`,
`operation_link`), which lock the operation's case row first, check the policy, write the
audit record, the timeline and the notifications, and move the viewflow tasks in the same
durable transaction.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from rest_framework import serializers
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework import audit, clocks
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.kinds import KindSpec, TransitionSpec, register
from casework.models import Case, CaseParticipant, Market, TimelineEntry
from casework.notify import notify
from casework.payloads import CommentPayload, ReasonPayload
from casework.policies import case_policy, forget_participants
from casework.workflow import sync_tasks
from permissions.models import Jurisdiction, Role, Unit
from permissions.selectors import org_of

from .operation_flow import OperationFlow, ReportActivation
from .operation_models import (
    JointOperationCase,
    OperationLink,
    OperationStatus,
    OperationUnit,
    UnitReportStatus,
)

KIND = "joint_operation"
TEXT_MAX = 5000
PARTICIPANT_REASON = "joint_operation"
# The five enforcement departments may lead; 发展改革 and 财政 take part but do not lead
# field operations. The opener must supervise the lead unit.
LEAD_DEPARTMENTS = ("hrss", "police", "market", "housing", "health")

# The counts a unit reports (all whole numbers ≥ 0), in the order of the results table.
RESULT_FIELDS: list[tuple[str, object]] = [
    ("markets_inspected", _l("检查市场（个）")),
    ("persons_educated", _l("教育劝导（人次）")),
    ("persons_dispersed", _l("劝离人员（人）")),
    ("stalls_cleared", _l("清理占道摊点（处）")),
    ("vehicles_removed", _l("清理违停车辆（辆）")),
    ("notices_issued", _l("下达整改通知（份）")),
]
RESULT_CODES = [code for code, _label in RESULT_FIELDS]


# --- opening -----------------------------------------------------------------------------


def unit_choices() -> list[tuple[int, str]]:
    return [
        (u.pk, u.name)
        for u in Unit.objects.select_related("jurisdiction").order_by(
            "jurisdiction__path", "department_id"
        )
    ]


def market_choices() -> list[tuple[int, str]]:
    return [
        (m.pk, f"{m.name}（{m.jurisdiction.name}）")
        for m in Market.objects.select_related("jurisdiction").order_by(
            "jurisdiction__path", "name"
        )
    ]


class OperationOpenSerializer(serializers.Serializer):
    """An operation's own fields. `jurisdiction` (generic) is the area it covers; the units
    and markets must lie in it. Units and markets are ids (tick boxes on the page)."""

    title = serializers.CharField(label=_l("行动名称"), max_length=200)
    starts_on = serializers.DateField(label=_l("开始日期"))
    ends_on = serializers.DateField(label=_l("结束日期"), help_text=_l("不得早于开始日期"))
    units = serializers.ListField(
        label=_l("参与单位"),
        child=serializers.ChoiceField(choices=[]),
        allow_empty=False,
        help_text=_l("可跨部门选择；主办单位参与行动时也应勾选"),
    )
    markets = serializers.ListField(
        label=_l("涉及零工市场"),
        child=serializers.ChoiceField(choices=[]),
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Read when the form or the request is handled: units and markets are data.
        self.fields["units"].child.choices = unit_choices()
        self.fields["markets"].child.choices = market_choices()

    def validate(self, attrs: dict) -> dict:
        errors: dict = {}
        if attrs["ends_on"] < attrs["starts_on"]:
            errors["ends_on"] = [_("结束日期不能早于开始日期。")]
        jur = Jurisdiction.objects.filter(
            code=str(self.initial_data.get("jurisdiction", ""))
        ).first()
        unit_ids = list(dict.fromkeys(attrs["units"]))
        units = list(Unit.objects.filter(pk__in=unit_ids).select_related("jurisdiction"))
        market_ids = list(dict.fromkeys(attrs.get("markets") or []))
        markets = list(Market.objects.filter(pk__in=market_ids).select_related("jurisdiction"))
        if jur is not None:
            outside = [u.name for u in units if not u.jurisdiction.path.startswith(jur.path)]
            if outside:
                errors["units"] = [
                    _("以下单位不在本次行动的行政区划内：%(units)s") % {"units": "、".join(outside)}
                ]
            away = [m.name for m in markets if not m.jurisdiction.path.startswith(jur.path)]
            if away:
                errors["markets"] = [
                    _("以下零工市场不在本次行动的行政区划内：%(names)s")
                    % {"names": "、".join(away)}
                ]
        if errors:
            raise serializers.ValidationError(errors)
        attrs["units"] = unit_ids
        attrs["markets"] = market_ids
        return attrs


# --- payloads ----------------------------------------------------------------------------


class SummaryPayload(CommentPayload):
    summary = serializers.CharField(label=_l("行动总结"), max_length=TEXT_MAX)


class ReportPayload(serializers.Serializer):
    """A unit's results. `cases` are ids of cases it opened during the operation."""

    markets_inspected = serializers.IntegerField(label=_l("检查市场（个）"), min_value=0)
    persons_educated = serializers.IntegerField(label=_l("教育劝导（人次）"), min_value=0)
    persons_dispersed = serializers.IntegerField(label=_l("劝离人员（人）"), min_value=0)
    stalls_cleared = serializers.IntegerField(label=_l("清理占道摊点（处）"), min_value=0)
    vehicles_removed = serializers.IntegerField(
        label=_l("清理违停车辆（辆）"), min_value=0, required=False, default=0
    )
    notices_issued = serializers.IntegerField(
        label=_l("下达整改通知（份）"), min_value=0, required=False, default=0
    )
    text = serializers.CharField(label=_l("工作情况"), max_length=TEXT_MAX)
    cases = serializers.ListField(
        label=_l("行动中查处的案件"),
        child=serializers.CharField(max_length=60),
        required=False,
        help_text=_l("每行一个案件编号或案件ID，可不填"),
    )


class LinkPayload(serializers.Serializer):
    case = serializers.CharField(label=_l("案件编号或ID"), max_length=60)
    unit = serializers.IntegerField(
        label=_l("报送单位"), required=False, allow_null=True, min_value=1, max_value=2**31 - 1
    )


class ClaimPayload(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2**31 - 1
    )


# --- helpers -----------------------------------------------------------------------------


def _unit_members(unit_ids, *roles: str):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            memberships__unit_id__in=list(unit_ids),
            memberships__role__in=roles,
            memberships__active=True,
            is_active=True,
        )
        .distinct()
    )


def pending_units(case) -> list[int]:
    return list(
        OperationUnit.objects.filter(case_id=case.pk, status=UnitReportStatus.PENDING).values_list(
            "unit_id", flat=True
        )
    )


def totals(case) -> dict[str, int]:
    """The results of every unit that has reported, summed per count."""
    out = dict.fromkeys(RESULT_CODES, 0)
    for results in OperationUnit.objects.filter(
        case_id=case.pk, status=UnitReportStatus.REPORTED
    ).values_list("results", flat=True):
        for code in RESULT_CODES:
            out[code] += int((results or {}).get(code) or 0)
    out["cases"] = OperationLink.objects.filter(operation_id=case.pk).count()
    return out


# --- effects -----------------------------------------------------------------------------


def on_open(ctx) -> None:
    case, actor = ctx.case, ctx.actor
    if actor is not None and not org_of(actor).has_role(case.lead_unit_id, Role.SUPERVISOR):
        # Rolls back the whole opening (case_open runs this inside its transaction).
        raise NotPermitted(_("联合执法行动须由主办单位的审批人（负责人）新建。"))
    d = case.details
    unit_ids = list(d.get("units") or [])
    CaseParticipant.objects.bulk_create(
        [CaseParticipant(case=case, unit_id=u, reason=PARTICIPANT_REASON) for u in unit_ids]
    )
    OperationUnit.objects.bulk_create([OperationUnit(case=case, unit_id=u) for u in unit_ids])
    forget_participants(case)
    ends_on = date.fromisoformat(d["ends_on"])
    clocks.start_fixed(
        case,
        code="operation",
        title=str(_l("行动期限")),
        legal_basis=str(_l("行动方案确定的结束日期，各参与单位应于期限内报送行动情况")),
        start_date=ctx.today,
        due=max(ends_on, ctx.today),
    )
    ctx.audit_payload.update(
        {"title": d.get("title", ""), "units": unit_ids, "markets": d.get("markets", [])}
    )
    ctx.notifications.append(
        (
            _unit_members(unit_ids, Role.SUPERVISOR, Role.CLERK),
            "operation.planned",
            _("本单位参与联合执法行动：%(title)s（%(number)s）")
            % {"title": d.get("title", ""), "number": case.number},
        )
    )


def start(ctx) -> None:
    case = ctx.case
    ctx.note("started_on", ctx.today.isoformat())
    OperationFlow.start.run(case=case)
    tasks = Task.objects.filter(
        process__operationprocess__case_id=case.pk, flow_task=OperationFlow.report
    )
    by_unit = {int(t.data.get("unit")): t.pk for t in tasks}
    for row in OperationUnit.objects.filter(case_id=case.pk):
        OperationUnit.objects.filter(pk=row.pk).update(task_id=by_unit.get(row.unit_id))
    ctx.notifications.append(
        (
            _unit_members(by_unit, Role.OFFICER, Role.SUPERVISOR),
            "queue.new",
            _("联合执法行动已启动，请报送本单位行动情况：%(number)s") % {"number": case.number},
        )
    )
    ctx.timeline_text = _("行动启动，%(n)s个参与单位待报送") % {"n": len(by_unit)}


def cancel(ctx) -> None:
    clocks.stop(ctx.case, "operation")
    ctx.note("cancellation", {"reason": ctx.data["reason"], "on": ctx.today.isoformat()})
    unit_ids = list(
        OperationUnit.objects.filter(case_id=ctx.case.pk).values_list("unit_id", flat=True)
    )
    ctx.notifications.append(
        (
            _unit_members(unit_ids, Role.SUPERVISOR, Role.CLERK),
            "operation.cancelled",
            _("联合执法行动已取消：%(number)s") % {"number": ctx.case.number},
        )
    )


def remind_units(ctx) -> None:
    waiting = pending_units(ctx.case)
    names = list(Unit.objects.filter(pk__in=waiting).values_list("name", flat=True))
    ctx.audit_payload["units"] = waiting
    ctx.timeline_text = _("催报：%(units)s") % {"units": "、".join(names)}
    ctx.notifications.append(
        (
            _unit_members(waiting, Role.OFFICER, Role.SUPERVISOR),
            "operation.reminder",
            _("请尽快报送联合执法行动情况：%(number)s") % {"number": ctx.case.number},
        )
    )


def submit_summary(ctx) -> None:
    if ctx.case.assignee_id is None:
        ctx.case.assignee = ctx.actor
        ctx.changed_fields.add("assignee")
    ctx.note(
        "summary",
        {
            "text": ctx.data["summary"],
            "by": ctx.actor.get_username(),
            "on": ctx.today.isoformat(),
            "totals": totals(ctx.case),
        },
    )
    ctx.notify_next(
        "approve_closure",
        "approval.requested",
        _("行动总结待审批：%(number)s") % {"number": ctx.case.number},
    )


def return_summary(ctx) -> None:
    if ctx.case.assignee_id:
        ctx.notifications.append(
            (
                [ctx.case.assignee_id],
                "approval.decided",
                _("行动总结被退回修改：%(number)s") % {"number": ctx.case.number},
            )
        )


def approve_closure(ctx) -> None:
    clocks.stop(ctx.case, "operation")
    if ctx.case.assignee_id:
        ctx.notifications.append(
            (
                [ctx.case.assignee_id],
                "approval.decided",
                _("行动总结已批准，行动结案：%(number)s") % {"number": ctx.case.number},
            )
        )


def _some_pending(case) -> bool:
    return bool(pending_units(case))


T = TransitionSpec
OFFICER, SUPERVISOR = Role.OFFICER, Role.SUPERVISOR

JOINT_OPERATION = KindSpec(
    code=KIND,
    number_code="LX",
    label=_l("联合执法行动"),
    lead_departments=LEAD_DEPARTMENTS,
    model=JointOperationCase,
    statuses=OperationStatus,
    initial_status=OperationStatus.PLANNED,
    final_states=frozenset({OperationStatus.CLOSED, OperationStatus.CANCELLED}),
    system_transitions=("complete_reporting",),
    on_open=on_open,
    app_label="enforcement",
    demo="enforcement.joint_operation_demo.seed",
    open_serializer=OperationOpenSerializer,
    open_roles=(Role.SUPERVISOR,),
    transitions={
        t.name: t
        for t in [
            T("start", _l("启动行动"), SUPERVISOR, serializer=CommentPayload, effect=start),
            T(
                "cancel",
                _l("取消行动"),
                SUPERVISOR,
                serializer=ReasonPayload,
                effect=cancel,
                style="danger",
            ),
            T(
                "remind_units",
                _l("催报"),
                OFFICER,
                serializer=CommentPayload,
                effect=remind_units,
                condition=_some_pending,
                refusal=_l("各参与单位均已报送，无需催报。"),
                style="secondary",
            ),
            T(
                "submit_summary",
                _l("提交行动总结"),
                OFFICER,
                serializer=SummaryPayload,
                effect=submit_summary,
            ),
            T(
                "return_summary",
                _l("退回修改总结"),
                SUPERVISOR,
                serializer=ReasonPayload,
                effect=return_summary,
                style="secondary",
            ),
            T(
                "approve_closure",
                _l("批准结案"),
                SUPERVISOR,
                serializer=CommentPayload,
                effect=approve_closure,
            ),
        ]
    },
)

register(JOINT_OPERATION)


# --- the per-unit actions ----------------------------------------------------------------


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


def may_report(user, row: OperationUnit) -> bool:
    """An officer of the unit while nobody else holds its task, or a supervisor of the unit."""
    org = org_of(user)
    if org.has_role(row.unit_id, Role.SUPERVISOR):
        return True
    if not org.has_role(row.unit_id, Role.OFFICER):
        return False
    owner = row.task.owner_id if row.task_id else None
    return owner in (None, user.pk)


def may_claim(user, row: OperationUnit) -> bool:
    return (
        row.task_id is not None
        and row.task.status == STATUS.NEW
        and org_of(user).has_role(row.unit_id, Role.OFFICER)
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
    if text.isdigit():
        return Case.objects.filter(pk=int(text)).first()
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
                text=_("各参与单位均已报送，请撰写行动总结：%(number)s") % {"number": case.number},
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


# --- reads -------------------------------------------------------------------------------


def operation_units(case) -> QuerySet[OperationUnit]:
    return (
        OperationUnit.objects.filter(case_id=case.pk)
        .select_related("unit__department", "task__owner", "reported_by")
        .order_by("pk")
    )


def linked_cases_for(user, case) -> list[Case]:
    """The cases opened during the operation that the user may see (the others are counted
    in the totals but not shown)."""
    from casework.selectors import case_list_for_user

    ids = OperationLink.objects.filter(operation_id=case.pk).values("case_id")
    return list(case_list_for_user(user).filter(pk__in=ids).order_by("submitted_at", "id"))


def operation_of(case) -> Case | None:
    link = OperationLink.objects.filter(case_id=case.pk).select_related("operation").first()
    return link.operation if link else None


def _report_steps(status: str, **where) -> QuerySet[Case]:
    """Operations with an open report task of `status`, annotated like the CaseFlow steps of
    `casework.selectors._steps` (one row per task)."""
    lookups = {f"operation_units__{key}": value for key, value in where.items()}
    return Case.objects.filter(
        kind=KIND,
        operation_units__task__status=status,
        operation_units__task__flow_task=OperationFlow.report,
        **lookups,
    ).annotate(
        step_task_id=F("operation_units__task__id"),
        step_role=Value(Role.OFFICER),
        step_unit_id=F("operation_units__unit_id"),
        step_since=F("operation_units__task__created"),
        step_data=F("operation_units__task__data"),
    )


def report_queue(units) -> QuerySet[Case]:
    """Operations whose report task of one of `units` nobody holds yet."""
    return _report_steps(STATUS.NEW, unit_id__in=list(units))


def report_inbox(user) -> QuerySet[Case]:
    """Operations whose report task the user holds."""
    return _report_steps(STATUS.ASSIGNED, task__owner_id=user.pk)


def _register_steps() -> None:
    from casework import selectors

    if (report_queue, report_inbox) not in selectors.extra_steps:
        selectors.extra_steps.append((report_queue, report_inbox))


_register_steps()
