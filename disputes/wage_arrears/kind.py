"""The wage-arrears kind (docs/domain.md §1): its spec, the police's answer clock, the
collective-case rule and the effects of its own steps (transfer to the police, closure). The
money steps (payment order, payments, corrections, the amount recovered) are in `payments`;
the steps it shares with discrimination in `disputes.investigated_complaint.steps`."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework import clocks
from casework.kinds import ClockSpec, KindSpec, PublicIntake, TransitionSpec, register
from casework.models import CaseParticipant, Priority
from casework.policies import forget_participants
from permissions.models import Role, Unit

from ..intake.officer import OfficerComplaintSerializer, record_complaint
from ..investigated_complaint.steps import (
    ACCEPTANCE,
    PROPOSE_CLOSURE_LABEL,
    RECORD_FEEDBACK,
    investigated_complaint,
    start_acceptance,
    submit_closure,
)
from . import payloads as p
from . import payments as money
from . import police_transfer as pt
from . import supervision
from .documents import DOCUMENTS
from .models import WageArrearsCase, WageStatus
from .transfer_clocks import RECONSIDERATION_ANSWER, RECONSIDERATION_REQUEST

TRANSFER_ANSWER = ClockSpec(
    code="transfer_answer",
    title=_l("移送受理答复期限"),
    legal_basis=_l(
        "《行政执法机关移送涉嫌犯罪案件的规定》第八条：公安机关应当自接受行政执法机关移送的"
        "涉嫌犯罪案件之日起3日内，对所移送的案件进行审查"
    ),
    day_unit="calendar",
    days=3,
    start_event=_l("接受移送之日"),
    owner="police",
)

# 群体性欠薪: the thresholds that make a complaint a collective case.
COLLECTIVE_WORKERS = 10
COLLECTIVE_AMOUNT = Decimal("100000")


def is_collective(case) -> bool:
    return case.workers_count >= COLLECTIVE_WORKERS or case.amount_owed >= COLLECTIVE_AMOUNT


def _supervisors(unit_id):
    from permissions.selectors import members_with_role

    return members_with_role(unit_id, Role.SUPERVISOR)


def on_open(ctx) -> None:
    case = ctx.case
    start_acceptance(ctx)
    if is_collective(case):
        case.priority = Priority.HIGH
        case.details = {**case.details, "collective": True}
        ctx.changed_fields |= {"priority", "details"}
        ctx.audit_payload["collective"] = True
        text = _("群体性欠薪投诉：%(number)s（%(n)s人，%(amount)s元）") % {
            "number": case.number,
            "n": case.workers_count,
            "amount": case.amount_owed,
        }
        from permissions.selectors import members_with_role

        ctx.notifications.append((_supervisors(case.lead_unit_id), "case.collective", text))
        # The root of this case's own tree: with several cities loaded, "any root" would
        # tell another city's leadership.
        city = Unit.objects.filter(
            department_id=case.lead_department_id,
            jurisdiction__code=case.jurisdiction_path.split("/", 1)[0],
        ).first()
        if city is not None and city.pk != case.lead_unit_id:
            ctx.notifications.append(
                (members_with_role(city.pk, Role.SUPERVISOR, Role.VIEWER), "case.collective", text)
            )


def transfer_to_police(ctx) -> None:
    case = ctx.case
    police = Unit.objects.filter(
        department__code="police", jurisdiction_id=case.jurisdiction_id
    ).first()
    if police is None:
        from casework.errors import Conflict

        raise Conflict(_("本辖区没有公安单位，无法移送。"))
    CaseParticipant.objects.get_or_create(case=case, unit=police, defaults={"reason": "transfer"})
    forget_participants(case)
    # The investigation clock runs on: 劳动保障监察条例 §17 excludes no time, the transfer's
    # included. §8's 3 days run from the police's receipt of the transfer.
    clocks.stop(case, "payment_order")
    pt.on_transfer(ctx)
    clocks.start(case, TRANSFER_ANSWER, ctx.data["served_on"])
    case.details = {
        **case.details,
        "transfer": {
            "to_unit": police.pk,
            "reason": ctx.data["reason"],
            "evidence": ctx.data.get("evidence", []),
            "on": ctx.today.isoformat(),
            "served_on": ctx.data["served_on"].isoformat(),
        },
    }
    ctx.changed_fields.add("details")
    ctx.audit_payload["to_unit"] = police.pk
    ctx.timeline_text = _("移送%(unit)s（涉嫌拒不支付劳动报酬罪）") % {"unit": police.name}
    ctx.notify_next(
        "police_accept",
        "transfer.received",
        _("收到移送案件：%(number)s") % {"number": case.number},
    )


def police_accept(ctx) -> None:
    case = ctx.case
    # The investigation clock runs until the closure is approved.
    clocks.stop(case, TRANSFER_ANSWER.code, RECONSIDERATION_ANSWER.code)
    pt.on_police_accept(ctx)
    ctx.notify_next(
        "approve_closure",
        "approval.requested",
        _("公安机关已立案，结案待审批：%(number)s") % {"number": case.number},
    )


def police_return(ctx) -> None:
    case = ctx.case
    clocks.stop(case, TRANSFER_ANSWER.code, RECONSIDERATION_ANSWER.code)
    pt.on_police_return(ctx)
    ctx.notify_handler(
        "transfer.returned", _("公安机关退回移送案件：%(number)s") % {"number": case.number}
    )


def propose_closure(ctx) -> None:
    # The order to pay is settled by the closure proposal; a rework starts from investigation.
    # Proposing the closure also ends the §9 windows of an earlier return unused.
    clocks.stop(
        ctx.case,
        "payment_order",
        RECONSIDERATION_REQUEST.code,
        supervision.SUPERVISION_REQUEST.code,
    )
    money.close_with_recovered(ctx)
    submit_closure(ctx)


T = TransitionSpec
OFFICER, SUPERVISOR = Role.OFFICER, Role.SUPERVISOR

WAGE_ARREARS = KindSpec(
    code="wage_arrears",
    number_code="QX",
    label=_l("欠薪投诉"),
    lead_departments=("hrss",),
    model=WageArrearsCase,
    statuses=WageStatus,
    initial_status=WageStatus.SUBMITTED,
    final_states=frozenset({WageStatus.REJECTED, WageStatus.CLOSED}),
    response_clock=ACCEPTANCE.code,
    resolved_states=frozenset({WageStatus.CLOSED}),
    follow_up=RECORD_FEEDBACK.name,
    public=True,
    intake=PublicIntake(
        lead=_l(
            "被拖欠工资，可以在这里向劳动保障监察机构投诉。提交后您会得到查询编号和查询码，用来查看办理进度。"
        ),
        facts=_l("欠薪情况"),
        order=1,
        officer_serializer=OfficerComplaintSerializer,
        officer_open=record_complaint,
    ),
    on_open=on_open,
    app_label="disputes",
    # The two-year bar of 劳动保障监察条例 第二十条, when the complaint is beyond it.
    panels=(
        "disputes/investigated_complaint/_time_bar.html",
        "disputes/wage_arrears/_closure_check.html",
    ),
    documents=DOCUMENTS,
    tracks_wages=True,
    bench_share=34,
    parties_title=_l("当事人与工资支付"),
    demo="disputes.wage_arrears.demo.seed",
    transitions=investigated_complaint(
        T(
            "order_payment",
            _l("下达限期支付指令"),
            OFFICER,
            serializer=p.OrderPaymentPayload,
            effect=money.order_payment,
            public_text=_l("已责令用人单位限期支付"),
        ),
        T(
            "record_payment",
            _l("记录工资支付"),
            OFFICER,
            serializer=p.RecordPaymentPayload,
            effect=money.record_payment,
            public_text=_l("用人单位已支付部分或全部工资"),
            style="secondary",
        ),
        pt.PROPOSE_TRANSFER,
        pt.APPROVE_TRANSFER,
        pt.REFUSE_TRANSFER,
        T(
            "correct_payment",
            _l("更正支付记录"),
            OFFICER,
            serializer=p.CorrectPaymentPayload,
            effect=money.correct_payment,
            condition=money.has_correctable_payment,
            refusal=_l("本案没有可更正的支付记录。"),
            style="secondary",
            incidental=True,
        ),
        T(
            "transfer_to_police",
            _l("移送公安机关"),
            SUPERVISOR,
            serializer=pt.TransferToPolicePayload,
            effect=transfer_to_police,
            public_text=_l("已移送公安机关"),
            style="danger",
        ),
        T(
            "police_accept",
            _l("公安立案"),
            OFFICER,
            side="participant:police",
            serializer=pt.PoliceAcceptPayload,
            effect=police_accept,
            public_text=_l("公安机关已立案"),
        ),
        T(
            "police_return",
            _l("公安退回"),
            OFFICER,
            side="participant:police",
            serializer=pt.PoliceReturnPayload,
            effect=police_return,
            style="secondary",
        ),
        pt.REQUEST_RECONSIDERATION,
        pt.WAIVE_RECONSIDERATION,
        supervision.SUGGEST_SUPERVISION,
        supervision.WAIVE_SUPERVISION,
        pt.HAND_OVER_MATERIALS,
        T(
            "propose_closure",
            PROPOSE_CLOSURE_LABEL,
            OFFICER,
            serializer=p.ProposeClosurePayload,
            effect=propose_closure,
            condition=pt.closable,
            refusal=_l("移送公安机关的申请正在审批或已批准待移送，应先完成移送，不能申请结案。"),
        ),
    ),
)

register(WAGE_ARREARS)
