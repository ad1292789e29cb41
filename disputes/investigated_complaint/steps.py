"""The procedure's clocks, effects and transition specs (docs/domain.md §1, §3).

The kinds share the very `TransitionSpec` objects: a kind's spec lists them with its own
steps through `investigated_complaint`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework import clocks
from casework.kinds import ClockSpec, Extension, TransitionSpec
from casework.payloads import CommentPayload, ReasonPayload
from permissions.models import Role

from .payloads import FeedbackPayload
from .time_bar import ARTICLE, not_time_barred, note_time_bar, received_day, time_barred

ACCEPTANCE = ClockSpec(
    code="acceptance",
    title=_l("受理期限"),
    legal_basis=_l(
        "《关于实施〈劳动保障监察条例〉若干规定》第十八条：对符合条件的投诉，"
        "劳动保障行政部门应当在接到投诉之日起5个工作日内依法受理"
    ),
    day_unit="working",
    days=5,
    start_event=_l("接到投诉之日"),
    owner="hrss",
)
INVESTIGATION = ClockSpec(
    code="investigation",
    title=_l("调查处理期限"),
    legal_basis=_l(
        "《劳动保障监察条例》第十七条：对违反劳动保障法律、法规或者规章的行为的调查，"
        "应当自立案之日起60个工作日内完成；对情况复杂的，经劳动保障行政部门负责人批准，"
        "可以延长30个工作日"
    ),
    day_unit="working",
    days=60,
    start_event=_l("立案（受理）之日"),
    extensions=(Extension(30, _l("劳动保障行政部门负责人批准")),),
    owner="hrss",
)
# Clocks that a kind's own steps start and that the approved closure ends with the
# procedure's: wage arrears' payment order, the police's answer to a transfer and the other
# steps of the transfer (disputes.wage_arrears.police_transfer); discrimination's order to
# correct. Stopping a clock the case never started writes nothing.
KIND_CLOCKS_ENDED_BY_CLOSURE = (
    "transfer_answer",
    "payment_order",
    "correction_order",
    "transfer_approval",
    "transfer_delivery",
    "reconsideration_request",
    "reconsideration_answer",
    "materials_handover",
    "supervision_request",
)


def start_acceptance(ctx) -> None:
    """Opening of every complaint handled by labour inspection: the 5-working-day clock, and
    the two-year bar of 劳动保障监察条例 第二十条 noted on the case.

    The five days run from 接到投诉之日: for a complaint an officer records after receiving it
    in person, by letter or by phone, that is its `received_on`, not the day it was typed in."""
    received_on = received_day(ctx.case.details or {}) or ctx.today
    clocks.start(ctx.case, ACCEPTANCE, received_on)
    note_time_bar(ctx)


def _start_investigation(ctx) -> None:
    case = ctx.case
    clocks.stop(case, ACCEPTANCE.code)
    clocks.start(case, INVESTIGATION, ctx.today)
    case.details = {**case.details, "accepted_on": ctx.today.isoformat()}
    ctx.changed_fields.add("details")


def accept(ctx) -> None:
    case = ctx.case
    _start_investigation(ctx)
    if case.assignee_id is None:
        case.assignee = ctx.actor
        ctx.changed_fields.add("assignee")


def accept_time_barred(ctx) -> None:
    """A supervisor accepts a complaint beyond the two years anyway: the reason is kept with
    the bar, the case goes to its officer (the supervisor does not become its handler)."""
    case = ctx.case
    _start_investigation(ctx)
    bar = dict(case.details.get("time_bar") or {})
    bar["accepted_anyway"] = {
        "by": getattr(ctx.actor, "username", ""),
        "on": ctx.today.isoformat(),
        "reason": ctx.data["reason"],
    }
    ctx.note("time_bar", bar)
    ctx.audit_payload["time_bar"] = {k: bar.get(k) for k in ("counted_from", "last_day")}
    ctx.timeline_text = _("审批人决定受理超过查处时效的投诉（%(article)s）") % {"article": ARTICLE}
    ctx.notify_handler(
        "case.accepted",
        _("超过查处时效的投诉经审批人决定受理：%(number)s") % {"number": case.number},
    )


def reject(ctx) -> None:
    clocks.stop(ctx.case, ACCEPTANCE.code)


def request_extension(ctx) -> None:
    ctx.notify_next(
        "approve_extension",
        "approval.requested",
        _("延期申请待审批：%(number)s") % {"number": ctx.case.number},
    )


def approve_extension(ctx) -> None:
    ctx.extend_clock(INVESTIGATION.code, note=ctx.data.get("comment", ""))
    ctx.notify_decision(_("延期申请已批准"))


def deny_extension(ctx) -> None:
    ctx.notify_decision(_("延期申请未获批准"))


def submit_closure(ctx) -> None:
    """The closure report goes to the supervisor for approval."""
    case = ctx.case
    case.details = {**case.details, "closure_summary": ctx.data["summary"]}
    ctx.changed_fields.add("details")
    ctx.notify_next(
        "approve_closure",
        "approval.requested",
        _("结案申请待审批：%(number)s") % {"number": case.number},
    )


def approve_closure(ctx) -> None:
    clocks.stop(ctx.case, ACCEPTANCE.code, INVESTIGATION.code, *KIND_CLOCKS_ENDED_BY_CLOSURE)
    ctx.notify_decision(_("结案申请已批准"))


def return_for_rework(ctx) -> None:
    ctx.notify_decision(_("结案申请被退回补充调查"))


def record_feedback(ctx) -> None:
    case = ctx.case
    feedback = {
        "satisfied": ctx.data["satisfied"],
        "comment": ctx.data.get("comment", ""),
        "on": ctx.today.isoformat(),
    }
    case.details = {**case.details, "feedback": feedback}
    ctx.changed_fields.add("details")
    ctx.timeline_text = _("回访：满意") if ctx.data["satisfied"] else _("回访：不满意")
    if not ctx.data["satisfied"]:
        ctx.notify_next(
            "reopen",
            "feedback.unsatisfied",
            _("回访不满意，请审批人研判是否重新调查：%(number)s") % {"number": case.number},
        )


def unsatisfied(case) -> bool:
    """Unsatisfied feedback the supervisor has not yet answered (reopen or keep closed)."""
    feedback = case.details.get("feedback") or {}
    return feedback.get("satisfied") is False and not feedback.get("decided")


def keep_closed(ctx) -> None:
    case = ctx.case
    feedback = dict(case.details.get("feedback") or {})
    feedback["decided"] = {"outcome": "kept", "on": ctx.today.isoformat()}
    case.details = {**case.details, "feedback": feedback}
    ctx.changed_fields.add("details")
    ctx.timeline_text = _("回访不满意，经研判维持结案")
    ctx.notify_handler(
        "feedback.decided",
        _("回访不满意的案件经研判维持结案：%(number)s") % {"number": case.number},
    )


def reopen(ctx) -> None:
    case = ctx.case
    clocks.start(case, INVESTIGATION, ctx.today)
    case.closed_at = None
    case.details = {**case.details, "feedback": None, "reopened_on": ctx.today.isoformat()}
    ctx.changed_fields |= {"closed_at", "details"}
    ctx.notify_handler("case.reopened", _("案件已重新调查：%(number)s") % {"number": case.number})


T = TransitionSpec
OFFICER, SUPERVISOR = Role.OFFICER, Role.SUPERVISOR

ACCEPT = T(
    "accept",
    _l("受理立案"),
    OFFICER,
    serializer=CommentPayload,
    effect=accept,
    condition=not_time_barred,
    refusal=_l(
        "该投诉反映的违法行为已超过2年未被发现、举报或投诉，依照《劳动保障监察条例》第二十条"
        "不再查处；如确需受理，须由审批人说明理由后受理（超过时效仍予受理）。"
    ),
    public_text=_l("已受理，正在调查处理"),
)
ACCEPT_TIME_BARRED = T(
    "accept_time_barred",
    _l("超过时效仍予受理"),
    SUPERVISOR,
    serializer=ReasonPayload,
    effect=accept_time_barred,
    condition=time_barred,
    refusal=_l("该投诉未超过《劳动保障监察条例》第二十条规定的2年期限，由承办人受理即可。"),
    public_text=_l("已受理，正在调查处理"),
    style="secondary",
)
REJECT = T(
    "reject",
    _l("不予受理"),
    SUPERVISOR,
    serializer=ReasonPayload,
    effect=reject,
    public_text=_l("不予受理"),
    style="danger",
)
REQUEST_EXTENSION = T(
    "request_extension",
    _l("申请延期"),
    OFFICER,
    serializer=ReasonPayload,
    effect=request_extension,
    condition=lambda c: clocks.can_extend(c, INVESTIGATION.code),
    refusal=_l("调查期限已延长过一次，不能再次延期。"),
    style="secondary",
)
APPROVE_EXTENSION = T(
    "approve_extension",
    _l("批准延期"),
    SUPERVISOR,
    serializer=CommentPayload,
    effect=approve_extension,
    public_text=_l("调查期限经批准延长"),
)
DENY_EXTENSION = T(
    "deny_extension",
    _l("不批准延期"),
    SUPERVISOR,
    serializer=CommentPayload,
    effect=deny_extension,
    style="secondary",
)
APPROVE_CLOSURE = T(
    "approve_closure",
    _l("批准结案"),
    SUPERVISOR,
    serializer=CommentPayload,
    effect=approve_closure,
    public_text=_l("已结案"),
)
RETURN_FOR_REWORK = T(
    "return_for_rework",
    _l("退回补充调查"),
    SUPERVISOR,
    serializer=ReasonPayload,
    effect=return_for_rework,
    style="secondary",
)
RECORD_FEEDBACK = T(
    "record_feedback",
    _l("记录回访"),
    OFFICER,
    serializer=FeedbackPayload,
    effect=record_feedback,
    public_text=_l("已回访"),
    style="secondary",
)
REOPEN = T(
    "reopen",
    _l("重新调查"),
    SUPERVISOR,
    serializer=ReasonPayload,
    effect=reopen,
    condition=unsatisfied,
    refusal=_l("只有回访不满意的案件才能重新调查。"),
    public_text=_l("根据回访意见重新调查"),
    style="danger",
)
KEEP_CLOSED = T(
    "keep_closed",
    _l("维持结案"),
    SUPERVISOR,
    serializer=ReasonPayload,
    effect=keep_closed,
    condition=unsatisfied,
    refusal=_l("只有回访不满意且尚未研判的案件才需要研判。"),
    public_text=_l("经复核，维持结案决定"),
    style="secondary",
)
# Each kind's closure proposal carries its own payload, under the same label.
PROPOSE_CLOSURE_LABEL = _l("申请结案")


def investigated_complaint(*specific: TransitionSpec) -> dict[str, TransitionSpec]:
    """The shared steps with a kind's own ones placed after the extension decisions, in
    the order the case page lists them."""
    steps = [ACCEPT, ACCEPT_TIME_BARRED, REJECT, REQUEST_EXTENSION, APPROVE_EXTENSION]
    steps += [DENY_EXTENSION, *specific]
    steps += [APPROVE_CLOSURE, RETURN_FOR_REWORK, RECORD_FEEDBACK, REOPEN, KEEP_CLOSED]
    return {t.name: t for t in steps}
