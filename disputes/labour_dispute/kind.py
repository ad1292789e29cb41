"""Labour-dispute mediation (docs/domain.md §2; 劳动争议调解仲裁法 chapter II).

The mediator (the lead unit's officer) accepts the application, holds the mediation and
records its outcome. No step needs a supervisor's approval: an agreement is the parties'
own, signed by them and the mediator (§14), and a failed or withdrawn mediation leaves the
parties their right to arbitration, which the unit cannot take away.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework import clocks
from casework.documents import yuan
from casework.kinds import ClockSpec, KindSpec, PublicIntake, TransitionSpec, register
from casework.payloads import CommentPayload, ReasonPayload
from permissions.models import Role

from ..intake.officer import OfficerComplaintSerializer, record_complaint
from . import payloads as p
from .documents import DOCUMENTS
from .models import LabourDisputeCase, LabourDisputeStatus

S = LabourDisputeStatus

MEDIATION = ClockSpec(
    code="mediation",
    title=_l("调解期限（期满未达成协议可申请仲裁）"),
    legal_basis=_l(
        "《劳动争议调解仲裁法》第十四条：自劳动争议调解组织收到调解申请之日起15日内"
        "未达成调解协议的，当事人可以依法申请仲裁"
    ),
    day_unit="calendar",
    days=15,
    start_event=_l("收到调解申请之日"),
    owner="hrss",
)


def on_open(ctx) -> None:
    # The 15 days run from the application (§14), not from its acceptance: from the day the
    # unit received it when a mediator records an application made in person or by letter
    # (§12: an oral application is written down on the spot), else from the day it was filed.
    received = (ctx.case.details or {}).get("received_on")
    start = date.fromisoformat(received) if received else ctx.today
    clocks.start(ctx.case, MEDIATION, start)


def accept(ctx) -> None:
    """The mediator takes the application on; the clock keeps running from the application."""
    case = ctx.case
    if case.assignee_id is None:
        case.assignee = ctx.actor
        ctx.changed_fields.add("assignee")
    ctx.note("accepted_on", ctx.today.isoformat())


def start_mediation(ctx) -> None:
    ctx.note("mediation_started_on", ctx.today.isoformat())


def record_agreement(ctx) -> None:
    amount = ctx.data.get("amount")
    due = ctx.data.get("performance_due")
    _end(
        ctx,
        "agreement",
        {
            "terms": ctx.data["terms"],
            "amount": None if amount is None else str(amount),
            "performance_due": None if due is None else due.isoformat(),
        },
    )
    # The terms are the point of the record: they head the timeline entry, where a comment
    # would otherwise be all that shows.
    terms = ctx.data["terms"]
    ctx.timeline_text = (
        _("达成调解协议（协议金额 %(amount)s 元）：%(terms)s")
        % {"amount": yuan(amount), "terms": terms}
        if amount is not None
        else _("达成调解协议：%(terms)s") % {"terms": terms}
    )


def record_failure(ctx) -> None:
    _end(ctx, "failure", {"reason": ctx.data["reason"]})
    ctx.timeline_text = _("调解不成，告知当事人可以依法申请劳动争议仲裁")


def withdraw(ctx) -> None:
    _end(ctx, "withdrawal", {"reason": ctx.data["reason"]})


def _end(ctx, key: str, facts: dict) -> None:
    clocks.stop(ctx.case, MEDIATION.code)
    ctx.note(key, {**facts, "on": ctx.today.isoformat()})


T = TransitionSpec
OFFICER = Role.OFFICER

LABOUR_DISPUTE = KindSpec(
    code="labour_dispute",
    number_code="TJ",
    label=_l("劳动争议调解"),
    lead_departments=("hrss",),
    model=LabourDisputeCase,
    statuses=LabourDisputeStatus,
    initial_status=S.APPLIED,
    final_states=frozenset({S.AGREED, S.FAILED, S.WITHDRAWN}),
    # Mediation has no acceptance clock: its 15 days run from the application to the end.
    resolved_states=frozenset({S.AGREED}),
    public=True,
    intake=PublicIntake(
        lead=_l(
            "与用人单位发生劳动争议（工资、加班费、经济补偿、工伤待遇等），可以在这里申请调解。"
            "自申请之日起15日内未达成调解协议的，可以依法申请劳动争议仲裁。"
        ),
        facts=_l("争议情况"),
        # The two-year bar of labour inspection (劳动保障监察条例 第二十条) is not mediation's.
        hidden=("workers_count", "violation_continuing", "violation_ended_on"),
        labels={
            "amount_owed": _l("请求金额（元）"),
            "occurred_on": _l("争议发生日期"),
            "received_on": _l("收到调解申请日期"),
        },
        help={
            "received_on": _l("当面、书面或电话提出调解申请的日期，不填为今天"),
            "amount_owed": _l("选填，您要求用人单位支付的金额"),
            "occurred_on": _l("发生争议的日期，记不清可填大概日期"),
            "description": _l("与用人单位的用工关系、争议的经过和您的调解请求"),
        },
        order=2,
        submitted_text=_l("调解申请已提交，等待受理"),
        filer_role=_l("申请人"),
        filed_online=_l("申请人（网上申请）"),
        filer_sees=_l("申请人可见："),
        recorded_text=_l(
            "调解申请已登记。请将查询编号 %(tracking)s 和查询码 %(code)s 告知申请人。"
        ),
        # What the applicant may do after each outcome: 劳动争议调解仲裁法 第十五条 and 第十六条
        # after an agreement not performed, 第十四条 after a failed mediation (within the
        # one year of 第二十七条), and nothing is lost by withdrawing.
        outcomes={
            S.AGREED: (
                _l("已达成调解协议。"),
                _l(
                    "用人单位在协议约定的期限内不履行的，您可以依法申请劳动争议仲裁；"
                    "协议是支付拖欠的劳动报酬、工伤医疗费、经济补偿或者赔偿金的，"
                    "也可以持调解协议书依法向人民法院申请支付令。"
                ),
            ),
            S.FAILED: (
                _l("调解不成，未达成调解协议。"),
                _l(
                    "您可以向劳动人事争议仲裁委员会申请仲裁。申请仲裁的时效期间为一年，"
                    "从知道或者应当知道权利被侵害之日起计算。不清楚怎么办，可以拨打 12333 咨询。"
                ),
            ),
            S.WITHDRAWN: (
                _l("调解申请已撤回。"),
                _l("争议仍未解决的，您可以重新申请调解，或者依法申请劳动争议仲裁。"),
            ),
        },
        past_deadline=_l(
            "自申请之日起15日内未达成调解协议，您可以依法向劳动人事争议仲裁委员会申请仲裁，"
            "也可以继续调解。"
        ),
        # An application made at the counter or by letter (§12), recorded by the mediator.
        officer_serializer=OfficerComplaintSerializer,
        officer_open=record_complaint,
    ),
    on_open=on_open,
    app_label="disputes",
    documents=DOCUMENTS,
    bench_share=14,
    demo="disputes.labour_dispute.demo.seed",
    transitions={
        t.name: t
        for t in [
            T(
                "accept",
                _l("受理调解申请"),
                OFFICER,
                serializer=CommentPayload,
                effect=accept,
                public_text=_l("调解申请已受理"),
            ),
            T(
                "start_mediation",
                _l("开始调解"),
                OFFICER,
                serializer=CommentPayload,
                effect=start_mediation,
                public_text=_l("正在调解"),
            ),
            T(
                "record_agreement",
                _l("达成调解协议"),
                OFFICER,
                serializer=p.AgreementPayload,
                effect=record_agreement,
                public_text=_l("已达成调解协议"),
            ),
            T(
                "record_failure",
                _l("调解不成"),
                OFFICER,
                serializer=ReasonPayload,
                effect=record_failure,
                public_text=_l("调解不成，可以依法向劳动人事争议仲裁委员会申请仲裁"),
                style="danger",
            ),
            T(
                "withdraw",
                _l("撤回调解申请"),
                OFFICER,
                serializer=ReasonPayload,
                effect=withdraw,
                public_text=_l("调解申请已撤回"),
                style="secondary",
            ),
        ]
    },
)

register(LABOUR_DISPUTE)
