"""The joint-operation kind (联合执法行动, docs/domain.md §7): a campaign across units and markets.

A supervisor of any unit plans the operation (title, period, markets, participating units of
any departments); their unit leads it. Starting it splits it into one report task per
participating unit (`OperationFlow`, viewflow Split/Join); each unit reports its results and
the cases it opened during the operation; the join fires when the last unit has reported and
moves the operation to `reporting_done`; the lead's officer writes the summary and a lead
supervisor approves closure.

Writes: the transitions go through `casework.actions.case_transition` like every kind; the
per-unit steps are the actions of `actions.py` (`operation_claim`, `operation_report`,
`operation_link`).
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from viewflow.workflow.models import Task

from casework import clocks
from casework.errors import NotPermitted
from casework.kinds import KindSpec, TransitionSpec, register
from casework.models import CaseParticipant
from casework.payloads import CommentPayload, ReasonPayload
from casework.policies import forget_participants
from permissions.models import Role, Unit
from permissions.selectors import org_of

from .flows import OperationFlow
from .models import KIND, JointOperationCase, OperationStatus, OperationUnit
from .payloads import OperationOpenSerializer, SummaryPayload
from .selectors import pending_units, report_inbox, report_queue, totals

PARTICIPANT_REASON = "joint_operation"
# The five enforcement departments may lead; 发展改革 and 财政 take part but do not lead
# field operations. The opener must supervise the lead unit.
LEAD_DEPARTMENTS = ("hrss", "police", "market", "housing", "health")


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
    ctx.notify_decision(_("行动总结被退回修改"))


def approve_closure(ctx) -> None:
    clocks.stop(ctx.case, "operation")
    ctx.notify_decision(_("行动总结已批准，行动结案"))


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
    resolved_states=frozenset({OperationStatus.CLOSED}),
    system_transitions=("complete_reporting",),
    on_open=on_open,
    app_label="enforcement",
    bench_share=1,
    panels=("enforcement/joint_operation/panel.html",),
    panels_elsewhere=("enforcement/joint_operation/backlink.html",),
    # The units' report tasks join their queues and their members' inboxes.
    task_lists=((report_queue, report_inbox),),
    api_urls="enforcement.joint_operation.api",
    demo="enforcement.joint_operation.demo.seed",
    event_labels={
        "enforcement.joint_operation.task_claimed": _l("认领报送任务"),
        "enforcement.joint_operation.report": _l("报送行动情况"),
        "enforcement.joint_operation.complete_reporting": _l("各参与单位报送完毕"),
        "enforcement.joint_operation.link_case": _l("关联行动中查处的案件"),
        "enforcement.joint_operation.linked": _l("列为联合执法行动中查处的案件"),
    },
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
