"""The wage-arrears kind (domain.md §1): who fires each transition, payloads, clocks, effects."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework import clocks
from casework.kinds import ClockSpec, KindSpec, TransitionSpec, register
from casework.models import CaseParticipant, CaseParty, PartyRole, PauseReason, Payment, Priority
from casework.policies import forget_participants
from permissions.models import Role, Unit

from ..models import WageArrearsCase, WageStatus
from . import payloads as p

ACCEPTANCE = ClockSpec(
    code="acceptance",
    title=_l("受理期限"),
    legal_basis=_l("《关于实施〈劳动保障监察条例〉若干规定》第十八条：5个工作日内决定是否受理"),
    day_unit="working",
    days=5,
)
INVESTIGATION = ClockSpec(
    code="investigation",
    title=_l("调查处理期限"),
    legal_basis=_l(
        "《劳动保障监察条例》第十七条：自立案之日起60个工作日内完成，经批准可延长30个工作日"
    ),
    day_unit="working",
    days=60,
    extension_days=30,
    extension_approver_role=Role.SUPERVISOR,
)
TRANSFER_ANSWER = ClockSpec(
    code="transfer_answer",
    title=_l("移送受理答复期限"),
    legal_basis=_l(
        "《行政执法机关移送涉嫌犯罪案件的规定》第八条：公安机关自接受移送之日起3日内审查决定"
    ),
    day_unit="calendar",
    days=3,
)

# 群体性欠薪: the thresholds that make a complaint a collective case.
COLLECTIVE_WORKERS = 10
COLLECTIVE_AMOUNT = Decimal("100000")


def is_collective(case) -> bool:
    return case.workers_count >= COLLECTIVE_WORKERS or case.amount_owed >= COLLECTIVE_AMOUNT


def _supervisors(unit_id):
    from permissions.selectors import members_with_role

    return members_with_role(unit_id, Role.SUPERVISOR)


def start_acceptance(ctx) -> None:
    """Opening of every complaint handled by labour inspection: the 5-working-day clock."""
    clocks.start(ctx.case, ACCEPTANCE, ctx.today)


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


def accept(ctx) -> None:
    case = ctx.case
    clocks.stop(case, ACCEPTANCE.code)
    clocks.start(case, INVESTIGATION, ctx.today)
    if case.assignee_id is None:
        case.assignee = ctx.actor
        ctx.changed_fields.add("assignee")
    case.details = {**case.details, "accepted_on": ctx.today.isoformat()}
    ctx.changed_fields.add("details")


def reject(ctx) -> None:
    clocks.stop(ctx.case, ACCEPTANCE.code)


def request_extension(ctx) -> None:
    ctx.notify_next(
        "approve_extension",
        "approval.requested",
        _("延期申请待审批：%(number)s") % {"number": ctx.case.number},
    )


def approve_extension(ctx) -> None:
    clock = clocks.extend(ctx.case, INVESTIGATION.code)
    if clock is not None:
        ctx.audit_payload["new_due_date"] = clock.due_date.isoformat()
    _decided(ctx, _("延期申请已批准"))


def deny_extension(ctx) -> None:
    _decided(ctx, _("延期申请未获批准"))


def _decided(ctx, what: str) -> None:
    if ctx.case.assignee_id:
        ctx.notifications.append(
            ([ctx.case.assignee_id], "approval.decided", f"{what}：{ctx.case.number}")
        )


def order_payment(ctx) -> None:
    case = ctx.case
    clocks.start_fixed(
        case,
        code="payment_order",
        title=_("限期支付期限"),
        legal_basis=_("《劳动保障监察条例》第二十六条：责令限期支付劳动报酬"),
        start_date=ctx.today,
        due=ctx.data["due_date"],
    )
    case.details = {
        **case.details,
        "payment_order": {
            "due_date": ctx.data["due_date"].isoformat(),
            "amount": str(ctx.data["amount"]),
        },
    }
    ctx.changed_fields.add("details")


def record_payment(ctx) -> None:
    case = ctx.case
    worker_id = ctx.data.get("worker")
    if worker_id:
        party = CaseParty.objects.get(pk=worker_id)
    else:
        party = (
            CaseParty.objects.filter(case=case, role__in=[PartyRole.WORKER, PartyRole.COMPLAINANT])
            .order_by("role", "id")
            .first()
        )
        if party is None:
            from casework.errors import InvalidInput

            raise InvalidInput(_("请指定收款的劳动者。"), field="worker")
    Payment.objects.create(
        case=case,
        party=party,
        amount=ctx.data["amount"],
        paid_on=ctx.data["paid_on"],
        recorded_by=ctx.actor,
    )
    # Quantised: SQLite's SUM drops trailing zeros, and the audit payload must not depend
    # on the database backend.
    case.amount_recovered = (
        Payment.objects.filter(case=case).aggregate(s=Sum("amount"))["s"] or Decimal("0")
    ).quantize(Decimal("0.01"))
    ctx.changed_fields.add("amount_recovered")
    ctx.audit_payload["worker"] = party.pk
    ctx.audit_payload["amount_recovered"] = str(case.amount_recovered)
    ctx.timeline_text = _("记录工资支付 %(amount)s 元") % {"amount": ctx.data["amount"]}


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
    clocks.pause(
        case, INVESTIGATION.code, reason=PauseReason.TRANSFER, note=ctx.data["reason"], on=ctx.today
    )
    clocks.stop(case, "payment_order")
    clocks.start(case, TRANSFER_ANSWER, ctx.today)
    case.details = {
        **case.details,
        "transfer": {
            "to_unit": police.pk,
            "reason": ctx.data["reason"],
            "evidence": ctx.data.get("evidence", []),
            "on": ctx.today.isoformat(),
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
    # The investigation clock stays paused (not stopped) until the closure is approved: a
    # supervisor who returns the closure for rework resumes it where the transfer left it.
    clocks.stop(case, TRANSFER_ANSWER.code)
    ctx.notify_next(
        "approve_closure",
        "approval.requested",
        _("公安机关已立案，结案待审批：%(number)s") % {"number": case.number},
    )


def _resume_after_transfer(ctx) -> None:
    # Only the transfer's own pause ends here; a pause for an appraisal or a hearing that
    # was running before the transfer stays until its officer resumes it.
    clock = clocks.running(ctx.case, INVESTIGATION.code)
    if (
        clock is not None
        and clock.pauses.filter(ended_on__isnull=True, reason=PauseReason.TRANSFER).exists()
    ):
        clocks.resume(ctx.case, INVESTIGATION.code, on=ctx.today)


def police_return(ctx) -> None:
    case = ctx.case
    clocks.stop(case, TRANSFER_ANSWER.code)
    _resume_after_transfer(ctx)
    if case.assignee_id:
        ctx.notifications.append(
            (
                [case.assignee_id],
                "transfer.returned",
                _("公安机关退回移送案件：%(number)s") % {"number": case.number},
            )
        )


def propose_closure(ctx) -> None:
    case = ctx.case
    # The order to pay is settled by the closure proposal; a rework starts from investigation.
    clocks.stop(case, "payment_order")
    case.amount_recovered = ctx.data["amount_recovered"]
    ctx.changed_fields.add("amount_recovered")
    submit_closure(ctx)


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
    clocks.stop(
        ctx.case,
        ACCEPTANCE.code,
        INVESTIGATION.code,
        TRANSFER_ANSWER.code,
        "payment_order",
    )
    _decided(ctx, _("结案申请已批准"))


def return_for_rework(ctx) -> None:
    _resume_after_transfer(ctx)
    _decided(ctx, _("结案申请被退回补充调查"))


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
    if case.assignee_id:
        ctx.notifications.append(
            (
                [case.assignee_id],
                "feedback.decided",
                _("回访不满意的案件经研判维持结案：%(number)s") % {"number": case.number},
            )
        )


def reopen(ctx) -> None:
    case = ctx.case
    clocks.start(case, INVESTIGATION, ctx.today)
    case.closed_at = None
    case.details = {**case.details, "feedback": None, "reopened_on": ctx.today.isoformat()}
    ctx.changed_fields |= {"closed_at", "details"}
    if case.assignee_id:
        ctx.notifications.append(
            (
                [case.assignee_id],
                "case.reopened",
                _("案件已重新调查：%(number)s") % {"number": case.number},
            )
        )


T = TransitionSpec
OFFICER, SUPERVISOR = Role.OFFICER, Role.SUPERVISOR

# The steps shared by the complaints that labour inspection investigates (wage arrears,
# discrimination): acceptance, extension, closure approval, follow-up and reopening.
ACCEPT = T(
    "accept",
    _l("受理立案"),
    OFFICER,
    serializer=p.CommentPayload,
    effect=accept,
    public_text=_l("已受理，正在调查处理"),
)
REJECT = T(
    "reject",
    _l("不予受理"),
    SUPERVISOR,
    serializer=p.ReasonPayload,
    effect=reject,
    public_text=_l("不予受理"),
    style="danger",
)
REQUEST_EXTENSION = T(
    "request_extension",
    _l("申请延期"),
    OFFICER,
    serializer=p.ReasonPayload,
    effect=request_extension,
    condition=lambda c: clocks.can_extend(c, INVESTIGATION.code),
    refusal=_l("调查期限已延长过一次，不能再次延期。"),
    style="secondary",
)
APPROVE_EXTENSION = T(
    "approve_extension",
    _l("批准延期"),
    SUPERVISOR,
    serializer=p.CommentPayload,
    effect=approve_extension,
    public_text=_l("调查期限经批准延长"),
)
DENY_EXTENSION = T(
    "deny_extension",
    _l("不批准延期"),
    SUPERVISOR,
    serializer=p.CommentPayload,
    effect=deny_extension,
    style="secondary",
)
APPROVE_CLOSURE = T(
    "approve_closure",
    _l("批准结案"),
    SUPERVISOR,
    serializer=p.CommentPayload,
    effect=approve_closure,
    public_text=_l("已结案"),
)
RETURN_FOR_REWORK = T(
    "return_for_rework",
    _l("退回补充调查"),
    SUPERVISOR,
    serializer=p.ReasonPayload,
    effect=return_for_rework,
    style="secondary",
)
RECORD_FEEDBACK = T(
    "record_feedback",
    _l("记录回访"),
    OFFICER,
    serializer=p.FeedbackPayload,
    effect=record_feedback,
    public_text=_l("已回访"),
    style="secondary",
)
REOPEN = T(
    "reopen",
    _l("重新调查"),
    SUPERVISOR,
    serializer=p.ReasonPayload,
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
    serializer=p.ReasonPayload,
    effect=keep_closed,
    condition=unsatisfied,
    refusal=_l("只有回访不满意且尚未研判的案件才需要研判。"),
    public_text=_l("经复核，维持结案决定"),
    style="secondary",
)
PROPOSE_CLOSURE_LABEL = _l("申请结案")


def investigated_complaint(*specific: TransitionSpec) -> dict[str, TransitionSpec]:
    """The shared steps with a kind's own ones placed after the extension decisions, in
    the order the case page lists them."""
    steps = [ACCEPT, REJECT, REQUEST_EXTENSION, APPROVE_EXTENSION, DENY_EXTENSION, *specific]
    steps += [APPROVE_CLOSURE, RETURN_FOR_REWORK, RECORD_FEEDBACK, REOPEN, KEEP_CLOSED]
    return {t.name: t for t in steps}


WAGE_ARREARS = KindSpec(
    code="wage_arrears",
    number_code="QX",
    label=_l("欠薪投诉"),
    lead_departments=("hrss",),
    model=WageArrearsCase,
    statuses=WageStatus,
    initial_status=WageStatus.SUBMITTED,
    final_states=frozenset({WageStatus.REJECTED, WageStatus.CLOSED}),
    public=True,
    on_open=on_open,
    app_label="disputes",
    demo="disputes.demo.seed",
    transitions=investigated_complaint(
        T(
            "order_payment",
            _l("下达限期支付指令"),
            OFFICER,
            serializer=p.OrderPaymentPayload,
            effect=order_payment,
            public_text=_l("已责令用人单位限期支付"),
        ),
        T(
            "record_payment",
            _l("记录工资支付"),
            OFFICER,
            serializer=p.RecordPaymentPayload,
            effect=record_payment,
            public_text=_l("用人单位已支付部分或全部工资"),
            style="secondary",
        ),
        T(
            "transfer_to_police",
            _l("移送公安机关"),
            SUPERVISOR,
            serializer=p.TransferPayload,
            effect=transfer_to_police,
            public_text=_l("已移送公安机关"),
            style="danger",
        ),
        T(
            "police_accept",
            _l("公安立案"),
            OFFICER,
            side="participant:police",
            serializer=p.CommentPayload,
            effect=police_accept,
            public_text=_l("公安机关已立案"),
        ),
        T(
            "police_return",
            _l("公安退回"),
            OFFICER,
            side="participant:police",
            serializer=p.ReasonPayload,
            effect=police_return,
            style="secondary",
        ),
        T(
            "propose_closure",
            PROPOSE_CLOSURE_LABEL,
            OFFICER,
            serializer=p.ProposeClosurePayload,
            effect=propose_closure,
        ),
    ),
)

register(WAGE_ARREARS)

# The other dispute kinds register on import; their modules build on the steps above.
from ..discrimination.kind import DISCRIMINATION  # noqa: E402, F401
from ..labour_dispute.kind import LABOUR_DISPUTE  # noqa: E402, F401
