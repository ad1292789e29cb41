"""The security-incident kind (docs/domain.md §5): who fires each transition, payloads, the clock."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework import clocks
from casework.documents import day_text
from casework.kinds import ClockSpec, Extension, KindSpec, TransitionSpec, register
from casework.models import PauseReason
from permissions.models import Role

from . import payloads as p
from .documents import DOCUMENTS
from .models import IncidentStatus, IncidentType, SecurityIncidentCase

HANDLING = ClockSpec(
    code="handling",
    title=_l("办案期限"),
    legal_basis=_l(
        "《治安管理处罚法》（2025年修订）第一百二十条：公安机关办理治安案件的期限，"
        "自立案之日起不得超过30日；案情重大、复杂的，经上一级公安机关批准，可以延长30日；"
        "期限延长以二次为限；为了查明案情进行鉴定的期间、听证的期间，不计入办理治安案件的期限"
    ),
    day_unit="calendar",
    days=30,
    start_event=_l("立案之日"),
    exclusions=(PauseReason.APPRAISAL, PauseReason.HEARING),
    extensions=(
        Extension(30, _l("上一级公安机关批准")),
        Extension(30, _l("上一级公安机关批准（第二次）")),
    ),
    owner="police",
)
# 受案审查 before 立案. The clocks count whole days: the 24 hours run out on the day after
# the report at the latest, so the period is one calendar day from the report's date (a day
# that falls on a rest day moves to the next working day, as every calendar-day clock's
# does); a case the unit's head finds complex (疑难复杂) gets the 3 days, i.e. 2 more.
INTAKE_REVIEW = ClockSpec(
    code="intake_review",
    title=_l("受案审查期限"),
    legal_basis=_l(
        "《公安部关于改革完善受案立案制度的意见》（公通字〔2015〕32号）：行政案件受案审查期限"
        "原则上不超过24小时，疑难复杂案件受案审查期限不超过3日"
    ),
    day_unit="calendar",
    days=1,
    start_event=_l("接报案之日（24小时以次日届满计）"),
    extensions=(Extension(2, _l("办案部门负责人认定为疑难复杂案件")),),
    owner="police",
)


def _take(ctx) -> None:
    # The officer who answers the call handles the incident unless one was assigned.
    if ctx.case.assignee_id is None:
        ctx.case.assignee = ctx.actor
        ctx.changed_fields.add("assignee")


def on_open(ctx) -> None:
    clocks.start(ctx.case, INTAKE_REVIEW, ctx.today)
    kind = ctx.case.details.get("incident_type", "")
    ctx.audit_payload["incident_type"] = kind
    if kind in (IncidentType.ASSAULT, IncidentType.EXTORTION):
        from casework.models import Priority

        ctx.case.priority = Priority.HIGH


def dispatch(ctx) -> None:
    _take(ctx)
    ctx.note("dispatched_at", ctx.now.isoformat())


def arrive(ctx) -> None:
    ctx.note("scene", {"report": ctx.data["scene"], "at": ctx.now.isoformat()})
    # The scene report is what the supervisor decides 受案 on: the timeline (and so the case
    # page, the closure report and the dossier) carries it, not only the case's details.
    ctx.timeline_text = _("到达现场，现场情况：%(scene)s") % {"scene": ctx.data["scene"]}


def extend_review(ctx) -> None:
    clock = ctx.extend_clock(INTAKE_REVIEW.code, note=ctx.data["reason"])
    ctx.timeline_text = _("认定为疑难复杂案件，受案审查期限延长至3日（届满日%(date)s）") % {
        "date": day_text(clock.due_date)
    }


def open_case(ctx) -> None:
    clocks.stop(ctx.case, INTAKE_REVIEW.code)
    clocks.start(ctx.case, HANDLING, ctx.today)
    ctx.note("opened_on", ctx.today.isoformat())


def no_case(ctx) -> None:
    clocks.stop(ctx.case, INTAKE_REVIEW.code)
    ctx.note("no_case_reason", ctx.data["reason"])
    ctx.notify_next(
        "approve_closure",
        "approval.requested",
        _("不予受案，结案待审批：%(number)s") % {"number": ctx.case.number},
    )


def request_extension(ctx) -> None:
    ctx.notify_next(
        "approve_extension",
        "approval.requested",
        _("延期申请待上级公安机关审批：%(number)s") % {"number": ctx.case.number},
    )


def approve_extension(ctx) -> None:
    ctx.extend_clock(HANDLING.code, note=ctx.data.get("comment", ""))
    ctx.notify_decision(_("延期申请已批准"))


def deny_extension(ctx) -> None:
    ctx.notify_decision(_("延期申请未获批准"))


def decide(ctx) -> None:
    clocks.stop(ctx.case, HANDLING.code)
    d = ctx.data
    ctx.note(
        "decision",
        {
            "decision": d["decision"],
            "penalty": d.get("penalty", ""),
            "legal_basis": d["legal_basis"],
            "on": ctx.today.isoformat(),
        },
    )
    if d["decision"] == "penalty":
        ctx.timeline_text = _("作出处罚决定：%(penalty)s") % {"penalty": d["penalty"]}
    else:
        ctx.timeline_text = _("作出不予处罚决定")


def transfer_criminal(ctx) -> None:
    clocks.stop(ctx.case, HANDLING.code)
    ctx.note(
        "criminal_transfer",
        {"charge": ctx.data["charge"], "reason": ctx.data["reason"], "on": ctx.today.isoformat()},
    )
    ctx.timeline_text = _("转为刑事案件（涉嫌%(charge)s）") % {"charge": ctx.data["charge"]}


def propose_closure(ctx) -> None:
    ctx.note("closure_summary", ctx.data["summary"])
    ctx.notify_next(
        "approve_closure",
        "approval.requested",
        _("结案申请待审批：%(number)s") % {"number": ctx.case.number},
    )


def approve_closure(ctx) -> None:
    clocks.stop(ctx.case, INTAKE_REVIEW.code, HANDLING.code)
    ctx.notify_decision(_("结案申请已批准"))


T = TransitionSpec
OFFICER, SUPERVISOR = Role.OFFICER, Role.SUPERVISOR

SECURITY_INCIDENT = KindSpec(
    code="security_incident",
    number_code="ZA",
    label=_l("治安事件"),
    lead_departments=("police",),
    model=SecurityIncidentCase,
    statuses=IncidentStatus,
    initial_status=IncidentStatus.REPORTED,
    final_states=frozenset({IncidentStatus.CLOSED}),
    resolved_states=frozenset({IncidentStatus.CLOSED}),
    on_open=on_open,
    app_label="enforcement",
    documents=DOCUMENTS,
    bench_share=28,
    demo="enforcement.security_incident.demo.seed",
    open_serializer=p.IncidentOpenSerializer,
    transitions={
        t.name: t
        for t in [
            T("dispatch", _l("出警"), OFFICER, serializer=p.CommentPayload, effect=dispatch),
            T("arrive", _l("到达现场"), OFFICER, serializer=p.ArrivePayload, effect=arrive),
            T(
                "extend_review",
                _l("认定疑难复杂，受案审查延长至3日"),
                SUPERVISOR,
                serializer=p.ReasonPayload,
                effect=extend_review,
                condition=lambda c: clocks.can_extend(c, INTAKE_REVIEW.code),
                refusal=_l("没有正在计时的受案审查期限，或已延长至3日。"),
                style="secondary",
            ),
            T("open_case", _l("受案立案"), OFFICER, serializer=p.CommentPayload, effect=open_case),
            T(
                "no_case",
                _l("不予受案"),
                OFFICER,
                serializer=p.ReasonPayload,
                effect=no_case,
                style="secondary",
            ),
            T(
                "start_investigation",
                _l("开始调查"),
                OFFICER,
                serializer=p.CommentPayload,
            ),
            T(
                "request_extension",
                _l("申请延期"),
                OFFICER,
                serializer=p.ReasonPayload,
                effect=request_extension,
                condition=lambda c: clocks.can_extend(c, HANDLING.code),
                refusal=_l("办案期限已延长两次，依法不能再延长。"),
                style="secondary",
            ),
            T(
                "approve_extension",
                _l("批准延期（上级公安机关）"),
                SUPERVISOR,
                side="parent",
                serializer=p.CommentPayload,
                effect=approve_extension,
            ),
            T(
                "deny_extension",
                _l("不批准延期（上级公安机关）"),
                SUPERVISOR,
                side="parent",
                serializer=p.CommentPayload,
                effect=deny_extension,
                style="secondary",
            ),
            T("decide", _l("作出决定"), OFFICER, serializer=p.DecidePayload, effect=decide),
            T(
                "transfer_criminal",
                _l("转为刑事案件"),
                SUPERVISOR,
                serializer=p.TransferCriminalPayload,
                effect=transfer_criminal,
                style="danger",
            ),
            T(
                "propose_closure",
                _l("申请结案"),
                OFFICER,
                serializer=p.ProposeClosurePayload,
                effect=propose_closure,
            ),
            T(
                "approve_closure",
                _l("批准结案"),
                SUPERVISOR,
                serializer=p.CommentPayload,
                effect=approve_closure,
            ),
        ]
    },
)

register(SECURITY_INCIDENT)
