"""The steps of a wage case's transfer to the police that 国务院令第310号《行政执法机关移送涉嫌
犯罪案件的规定》 times, beyond the transfer itself and the police's answer (`kind.py`):

- §5: the officers' written report (`propose_transfer`) is decided by the bureau's head
  (`approve_transfer` / `refuse_transfer`, the refusal's reason on record) within 3 days of
  receiving it; an approved transfer is made (`transfer_to_police`) within 24 hours;
- §9: after the police decline (`police_return`, 不予立案), the bureau may ask them to
  reconsider (`request_reconsideration`) within 3 days of receiving their notice, or record
  that it will not (`waive_reconsideration`); the police answer within 3 days of receiving
  the request, with `police_accept` or `police_return` again;
- §12: after the police open a case (`police_accept`, 立案), the bureau hands over the seized
  items and the case materials (`hand_over_materials`) within 3 days of receiving the notice.

The clocks, guards and effects of these steps are here, with their transition specs; the
kind's spec lists them. A direct `transfer_to_police` by a supervisor (the head approving and
transferring in one act) stays possible. docs/domain.md, "Clocks added for procedure steps".
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from rest_framework import serializers

from casework import clocks
from casework.kinds import ClockSpec, TransitionSpec
from casework.models import ClockStatus
from casework.payloads import CommentPayload, ReasonPayload, ServedOnPayload, served_on_field
from permissions.models import Role

from . import supervision
from .payloads import TransferPayload

RULES = "《行政执法机关移送涉嫌犯罪案件的规定》"

TRANSFER_APPROVAL = ClockSpec(
    code="transfer_approval",
    title=_l("移送审批期限"),
    legal_basis=_l(
        "《行政执法机关移送涉嫌犯罪案件的规定》第五条：行政执法机关正职负责人或者主持工作的"
        "负责人应当自接到报告之日起3日内作出批准移送或者不批准移送的决定"
    ),
    day_unit="calendar",
    days=3,
    start_event=_l("接到移送涉嫌犯罪案件书面报告之日"),
    owner="hrss",
)
TRANSFER_DELIVERY = ClockSpec(
    code="transfer_delivery",
    title=_l("批准后移送期限"),
    legal_basis=_l(
        "《行政执法机关移送涉嫌犯罪案件的规定》第五条：决定批准的，应当在24小时内向同级公安机关移送"
    ),
    day_unit="calendar",
    days=1,
    start_event=_l("批准移送之日（24小时以次日届满计）"),
    owner="hrss",
)
RECONSIDERATION_REQUEST = ClockSpec(
    code="reconsideration_request",
    title=_l("提请复议期限"),
    legal_basis=_l(
        "《行政执法机关移送涉嫌犯罪案件的规定》第九条：行政执法机关接到公安机关不予立案的"
        "通知书后，认为依法应当由公安机关决定立案的，可以自接到不予立案通知书之日起3日内，"
        "提请作出不予立案决定的公安机关复议"
    ),
    day_unit="calendar",
    days=3,
    start_event=_l("接到不予立案通知书之日"),
    owner="hrss",
)
RECONSIDERATION_ANSWER = ClockSpec(
    code="reconsideration_answer",
    title=_l("复议决定期限"),
    legal_basis=_l(
        "《行政执法机关移送涉嫌犯罪案件的规定》第九条：作出不予立案决定的公安机关应当自收到"
        "行政执法机关提请复议的文件之日起3日内作出立案或者不予立案的决定"
    ),
    day_unit="calendar",
    days=3,
    start_event=_l("收到提请复议文件之日"),
    owner="police",
)
MATERIALS_HANDOVER = ClockSpec(
    code="materials_handover",
    title=_l("移交涉案材料期限"),
    legal_basis=_l(
        "《行政执法机关移送涉嫌犯罪案件的规定》第十二条：行政执法机关对公安机关决定立案的"
        "案件，应当自接到立案通知书之日起3日内将涉案物品以及与案件有关的其他材料移交公安"
        "机关，并办结交接手续"
    ),
    day_unit="calendar",
    days=3,
    start_event=_l("接到立案通知书之日"),
    owner="hrss",
)
# Every clock of the transfer that the approved closure ends with the procedure's.
CLOCKS = (
    TRANSFER_APPROVAL.code,
    TRANSFER_DELIVERY.code,
    RECONSIDERATION_REQUEST.code,
    RECONSIDERATION_ANSWER.code,
    MATERIALS_HANDOVER.code,
    supervision.SUPERVISION_REQUEST.code,
)


# --- payloads ------------------------------------------------------------------------------


class TransferToPolicePayload(ServedOnPayload, TransferPayload):
    served_on = served_on_field(
        _l("公安机关接受移送日期"),
        _l("公安机关在移送书回执上签收之日（第八条的3日自此起算）；留空为今天"),
    )


class PoliceAcceptPayload(ServedOnPayload, CommentPayload):
    served_on = served_on_field(
        _l("立案通知书送达日期"),
        _l("移送机关接到立案通知书之日（第十二条的3日自此起算）；留空为今天"),
    )


class PoliceReturnPayload(ServedOnPayload, ReasonPayload):
    served_on = served_on_field(
        _l("不予立案通知书送达日期"),
        _l("移送机关接到不予立案通知书之日（第九条提请复议的3日自此起算）；留空为今天"),
    )


class ReconsiderationPayload(ServedOnPayload, ReasonPayload):
    served_on = served_on_field(
        _l("公安机关收到复议文件日期"),
        _l("公安机关收到提请复议文件之日（其作出决定的3日自此起算）；留空为今天"),
    )


class HandoverPayload(CommentPayload):
    materials = serializers.ListField(
        label=_l("移交的涉案物品和材料"),
        child=serializers.CharField(max_length=200),
        allow_empty=False,
        max_length=100,
    )


# --- guards --------------------------------------------------------------------------------


def _proposal(case) -> dict:
    return (case.details or {}).get("transfer_proposal") or {}


def may_propose(case) -> bool:
    """No report is waiting for the head's decision or for the approved transfer."""
    return _proposal(case).get("stage") not in ("pending", "approved")


def proposal_pending(case) -> bool:
    return _proposal(case).get("stage") == "pending"


def transfer_under_way(case) -> bool:
    return not may_propose(case)


def closable(case) -> bool:
    # A case the head must still decide on, or whose approved transfer is not yet made, is
    # not closed instead (§11: 不得以行政处罚代替移送).
    return not transfer_under_way(case)


def reconsideration_open(case) -> bool:
    """The §9 window is running and its last day has not passed."""
    clock = clocks.running(case, RECONSIDERATION_REQUEST.code)
    return clock is not None and clocks.local_today() <= clock.due_date


def reconsideration_undecided(case) -> bool:
    return clocks.running(case, RECONSIDERATION_REQUEST.code) is not None


def materials_due(case) -> bool:
    """The §12 clock runs. The FSM's own condition of `hand_over_materials` (models.py), not
    only the spec's guard: the step from `closure_pending` lists what the state offers its
    supervisors (casework.flows), and the handover is offered only while it is due."""
    clock = clocks.running(case, MATERIALS_HANDOVER.code)
    return clock is not None and clock.status == ClockStatus.RUNNING


def _reconsidering(case) -> bool:
    """The police's answer now pending is the answer to a request for reconsideration."""
    return ((case.details or {}).get("reconsideration") or {}).get("outcome") == "pending"


# --- effects of the new steps ---------------------------------------------------------------


def propose_transfer(ctx) -> None:
    case = ctx.case
    clocks.stop(case, RECONSIDERATION_REQUEST.code, supervision.SUPERVISION_REQUEST.code)
    clocks.start(case, TRANSFER_APPROVAL, ctx.today)
    ctx.note(
        "transfer_proposal",
        {
            "stage": "pending",
            "reason": ctx.data["reason"],
            "evidence": ctx.data.get("evidence", []),
            "on": ctx.today.isoformat(),
            "by": ctx.actor.get_username(),
        },
    )
    ctx.timeline_text = _("提请批准移送公安机关（涉嫌犯罪案件书面报告）")
    ctx.notify_next(
        "approve_transfer",
        "approval.requested",
        _("移送涉嫌犯罪案件待审批：%(number)s") % {"number": case.number},
    )


def _decided(ctx, text: str) -> None:
    if ctx.case.assignee_id:
        ctx.notifications.append(
            ([ctx.case.assignee_id], "approval.decided", f"{text}：{ctx.case.number}")
        )


def approve_transfer(ctx) -> None:
    case = ctx.case
    clocks.stop(case, TRANSFER_APPROVAL.code)
    clock = clocks.start(case, TRANSFER_DELIVERY, ctx.today)
    ctx.note(
        "transfer_proposal",
        {**_proposal(case), "stage": "approved", "decided_on": ctx.today.isoformat()},
    )
    ctx.timeline_text = _("批准移送，应于%(date)s前移送公安机关") % {
        "date": clock.due_date.isoformat()
    }
    _decided(ctx, _("移送申请已批准"))


def refuse_transfer(ctx) -> None:
    case = ctx.case
    clocks.stop(case, TRANSFER_APPROVAL.code)
    ctx.note(
        "transfer_proposal",
        {
            **_proposal(case),
            "stage": "refused",
            "decided_on": ctx.today.isoformat(),
            "refusal_reason": ctx.data["reason"],
        },
    )
    ctx.timeline_text = _("不批准移送（理由已记录在案）")
    _decided(ctx, _("移送申请未获批准"))


def request_reconsideration(ctx) -> None:
    case = ctx.case
    served = ctx.data["served_on"]
    clocks.stop(case, RECONSIDERATION_REQUEST.code, "payment_order")
    clock = clocks.start(case, RECONSIDERATION_ANSWER, served)
    ctx.note(
        "reconsideration",
        {
            "outcome": "pending",
            "reason": ctx.data["reason"],
            "served_on": served.isoformat(),
            "on": ctx.today.isoformat(),
        },
    )
    ctx.timeline_text = _("提请公安机关复议，公安机关应于%(date)s前作出决定") % {
        "date": clock.due_date.isoformat()
    }
    ctx.notify_next(
        "police_accept",
        "transfer.received",
        _("移送机关提请复议不予立案决定：%(number)s") % {"number": case.number},
    )


def waive_reconsideration(ctx) -> None:
    clocks.stop(ctx.case, RECONSIDERATION_REQUEST.code)
    ctx.note("reconsideration", {"outcome": "waived", "on": ctx.today.isoformat()})
    ctx.timeline_text = _("不提请复议，依法继续处理")


def hand_over_materials(ctx) -> None:
    clocks.stop(ctx.case, MATERIALS_HANDOVER.code)
    ctx.note(
        "materials_handover",
        {
            **((ctx.case.details or {}).get("materials_handover") or {}),
            "materials": ctx.data["materials"],
            "on": ctx.today.isoformat(),
        },
    )
    ctx.timeline_text = _("向公安机关移交涉案物品和材料，办结交接手续（%(n)s项）") % {
        "n": len(ctx.data["materials"])
    }


# --- what the existing steps add -----------------------------------------------------------


def on_transfer(ctx) -> None:
    """`transfer_to_police`: the head's approval (if any) is carried out; the §9 window of an
    earlier return ends with the new transfer."""
    clocks.stop(
        ctx.case,
        TRANSFER_APPROVAL.code,
        TRANSFER_DELIVERY.code,
        RECONSIDERATION_REQUEST.code,
        supervision.SUPERVISION_REQUEST.code,
    )
    proposal = _proposal(ctx.case)
    if proposal.get("stage") in ("pending", "approved"):
        ctx.note("transfer_proposal", {**proposal, "stage": "transferred"})


def on_police_accept(ctx) -> None:
    case = ctx.case
    served = ctx.data["served_on"]
    clock = clocks.start(case, MATERIALS_HANDOVER, served)
    ctx.note("materials_handover", {"notice_served_on": served.isoformat()})
    if _reconsidering(case):
        ctx.note("reconsideration", {**case.details["reconsideration"], "outcome": "accepted"})
    ctx.audit_payload["materials_due"] = clock.due_date.isoformat()


def on_police_return(ctx) -> None:
    """Record the return; open the §9 ¶1 window, or, when it answers a reconsideration,
    the ¶2 window for the procuratorate's supervision (立案监督, `supervision.py`)."""
    case = ctx.case
    served = ctx.data["served_on"]
    again = _reconsidering(case)
    ctx.note(
        "police_return",
        {
            "reason": ctx.data["reason"],
            "served_on": served.isoformat(),
            "on": ctx.today.isoformat(),
            "after_reconsideration": again,
        },
    )
    if again:
        ctx.note("reconsideration", {**case.details["reconsideration"], "outcome": "returned"})
        ctx.timeline_text = _("公安机关复议后仍不予立案")
        supervision.open_window(ctx, served)
        return
    clock = clocks.start(case, RECONSIDERATION_REQUEST, served)
    ctx.audit_payload["reconsideration_due"] = clock.due_date.isoformat()


T = TransitionSpec
OFFICER, SUPERVISOR = Role.OFFICER, Role.SUPERVISOR

PROPOSE_TRANSFER = T(
    "propose_transfer",
    _l("提请批准移送公安"),
    OFFICER,
    serializer=TransferPayload,
    effect=propose_transfer,
    condition=may_propose,
    refusal=_l("移送申请正在审批，或已批准待移送。"),
    style="secondary",
)
APPROVE_TRANSFER = T(
    "approve_transfer",
    _l("批准移送"),
    SUPERVISOR,
    serializer=CommentPayload,
    effect=approve_transfer,
    condition=proposal_pending,
    refusal=_l("没有待审批的移送申请。"),
)
REFUSE_TRANSFER = T(
    "refuse_transfer",
    _l("不批准移送"),
    SUPERVISOR,
    serializer=ReasonPayload,
    effect=refuse_transfer,
    condition=proposal_pending,
    refusal=_l("没有待审批的移送申请。"),
    style="secondary",
)
REQUEST_RECONSIDERATION = T(
    "request_reconsideration",
    _l("提请公安复议"),
    SUPERVISOR,
    serializer=ReconsiderationPayload,
    effect=request_reconsideration,
    condition=reconsideration_open,
    refusal=_l(
        "只能在接到不予立案通知书之日起3日内提请复议一次"
        "（《行政执法机关移送涉嫌犯罪案件的规定》第九条）。"
    ),
    style="secondary",
)
WAIVE_RECONSIDERATION = T(
    "waive_reconsideration",
    _l("不提请复议"),
    SUPERVISOR,
    serializer=CommentPayload,
    effect=waive_reconsideration,
    condition=reconsideration_undecided,
    refusal=_l("没有待决定是否提请复议的不予立案决定。"),
    style="secondary",
)
# A supervisor's step: from `closure_pending` the case waits on its supervisors, and an
# officer's step there would take the approval off their list (casework.flows.next_step).
# Its guard, `materials_due`, is the FSM transition's condition.
HAND_OVER_MATERIALS = T(
    "hand_over_materials",
    _l("移交涉案材料"),
    SUPERVISOR,
    serializer=HandoverPayload,
    effect=hand_over_materials,
    style="secondary",
)
