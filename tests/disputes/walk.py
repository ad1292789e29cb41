"""Putting a wage-arrears case into a state by firing real transitions, never by writing
the status column, plus the table of what each transition needs and does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from casework.actions import case_transition
from casework.models import AuditEvent, Case, CaseParticipant, LegalClock, Notification, Payment
from casework.models import TimelineEntry as Timeline
from disputes.wage_arrears.models import WageStatus

STATES = [s.value for s in WageStatus]


@dataclass
class Actors:
    officer: object
    supervisor: object
    police: object

    def for_role(self, role: str):
        return {"officer": self.officer, "supervisor": self.supervisor, "police": self.police}[role]


# name -> (legal sources, target, who fires it); target None: the state does not change.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None, str]] = {
    "accept": (("submitted",), "investigating", "officer"),
    "accept_time_barred": (("submitted",), "investigating", "supervisor"),
    "reject": (("submitted",), "rejected", "supervisor"),
    "request_extension": (("investigating",), "extension_pending", "officer"),
    "approve_extension": (("extension_pending",), "investigating", "supervisor"),
    "deny_extension": (("extension_pending",), "investigating", "supervisor"),
    "order_payment": (("investigating",), "ordered", "officer"),
    "record_payment": (("ordered",), "ordered", "officer"),
    "correct_payment": (("investigating", "ordered"), None, "officer"),
    "transfer_to_police": (("investigating", "ordered"), "transferred", "supervisor"),
    "police_accept": (("transferred",), "closure_pending", "police"),
    "police_return": (("transferred",), "investigating", "police"),
    "propose_transfer": (("investigating", "ordered"), None, "officer"),
    "approve_transfer": (("investigating", "ordered"), None, "supervisor"),
    "refuse_transfer": (("investigating", "ordered"), None, "supervisor"),
    "request_reconsideration": (("investigating", "ordered"), "transferred", "supervisor"),
    "waive_reconsideration": (("investigating", "ordered"), None, "supervisor"),
    "suggest_supervision": (("investigating", "ordered"), None, "supervisor"),
    "waive_supervision": (("investigating", "ordered"), None, "supervisor"),
    "hand_over_materials": (("investigating", "ordered", "closure_pending"), None, "supervisor"),
    "propose_closure": (("investigating", "ordered"), "closure_pending", "officer"),
    "approve_closure": (("closure_pending",), "closed", "supervisor"),
    "return_for_rework": (("closure_pending",), "investigating", "supervisor"),
    "record_feedback": (("closed",), "closed", "officer"),
    "reopen": (("closed",), "investigating", "supervisor"),
    "keep_closed": (("closed",), "closed", "supervisor"),
}


def payload(name: str) -> dict:
    """A valid payload for transition `name`, dated against today."""
    today = timezone.localdate()
    return {
        "accept": {"comment": "材料齐全，予以立案"},
        "accept_time_barred": {"reason": "涉及人数众多，用人单位隐匿证据，确需查处"},
        "reject": {"reason": "不属于劳动保障监察管辖范围"},
        "request_extension": {"reason": "涉及人数多，需调取银行流水"},
        "approve_extension": {"comment": "同意延期"},
        "deny_extension": {"comment": "不同意延期"},
        "order_payment": {
            "due_date": (today + timedelta(days=15)).isoformat(),
            "amount": "5000.00",
        },
        "record_payment": {"amount": "2000.00", "paid_on": today.isoformat()},
        # The payment to correct is the case's own: see `with_payment`.
        "correct_payment": {"payment": 1, "reason": "金额录入错误"},
        "transfer_to_police": {
            "reason": "经责令仍拒不支付，涉嫌拒不支付劳动报酬罪",
            "evidence": ["工资表", "考勤记录", "限期支付指令书送达回证"],
        },
        "police_accept": {"comment": "已立案侦查"},
        "police_return": {"reason": "证据不足，退回补充"},
        "propose_transfer": {
            "reason": "经责令仍拒不支付，涉嫌拒不支付劳动报酬罪，提请批准移送",
            "evidence": ["工资表", "考勤记录"],
        },
        "approve_transfer": {"comment": "同意移送"},
        "refuse_transfer": {"reason": "尚未达到追诉标准"},
        "request_reconsideration": {"reason": "有能力支付而拒不支付的证据充分，提请复议"},
        "waive_reconsideration": {"comment": "不提请复议"},
        "suggest_supervision": {
            "procuratorate": "枣庄市薛城区人民检察院",
            "reason": "复议决定仍不予立案，证据表明有能力支付而拒不支付",
        },
        "waive_supervision": {"comment": "不建议立案监督"},
        "hand_over_materials": {"materials": ["工资表原件", "考勤机数据光盘"]},
        "propose_closure": {"summary": "用人单位已足额支付", "amount_recovered": "5000.00"},
        "approve_closure": {"comment": "同意结案"},
        "return_for_rework": {"reason": "支付凭证不全"},
        "record_feedback": {"satisfied": False, "comment": "仍有部分工资未到手"},
        "reopen": {"reason": "回访不满意，重新调查"},
        "keep_closed": {"reason": "已全额支付，经核实维持结案"},
    }[name]


# The shortest walk from `submitted` to each state.
_PATHS: dict[str, list[str]] = {
    "submitted": [],
    "rejected": ["reject"],
    "investigating": ["accept"],
    "extension_pending": ["accept", "request_extension"],
    "ordered": ["accept", "order_payment"],
    "transferred": ["accept", "transfer_to_police"],
    "closure_pending": ["accept", "propose_closure"],
    "closed": ["accept", "propose_closure", "approve_closure"],
}


def path_to(state: str, *, via_police: bool = False) -> list[str]:
    """The transitions that lead to `state`; `via_police` makes a round trip to the police
    first (transfer and return), so that the police unit participates in the case."""
    steps = list(_PATHS[state])
    if via_police:
        if not steps or steps[0] != "accept":
            raise ValueError(f"{state} cannot be reached through a transfer")
        steps[1:1] = ["transfer_to_police", "police_return"]
    return steps


def target_of(name: str, source: str) -> str:
    return TRANSITIONS[name][1] or source


def with_payment(case, state: str, actors: Actors) -> tuple[Case, dict]:
    """`case` in `state` (investigating or ordered) with a payment recorded on it, by real
    transitions (paid while ordered, then back to investigating through a closure returned
    for rework); returns the case and a payload correcting that payment."""
    for name in path_to("ordered"):
        fire(case.pk, name, actors)
    fire(case.pk, "record_payment", actors)
    if state == "investigating":
        fire(case.pk, "propose_closure", actors)
        fire(case.pk, "return_for_rework", actors)
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == state
    payment = Payment.objects.filter(case=case).latest("id")
    return fresh, {"payment": payment.pk, "reason": "支付金额录入错误，冲销后重新记录"}


def fire(case_id: int, name: str, actors: Actors, data: dict | None = None, **kw) -> Case:
    role = TRANSITIONS[name][2]
    return case_transition(
        actor=actors.for_role(role),
        case_id=case_id,
        name=name,
        data=payload(name) if data is None else data,
        **kw,
    )


def walk_to(case, state: str, actors: Actors, *, via_police: bool = False) -> Case:
    """Fire the real transitions that put `case` into `state`; returns it fresh from the DB."""
    for name in path_to(state, via_police=via_police):
        fire(case.pk, name, actors)
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == state
    return fresh


def counts(case) -> dict[str, int]:
    """Rows a transition may write; compared before and after a refused one."""
    return {
        "audit": AuditEvent.objects.count(),
        "timeline": Timeline.objects.filter(case=case).count(),
        "notifications": Notification.objects.count(),
        "clocks": LegalClock.objects.filter(case=case).count(),
        "running_clocks": LegalClock.objects.filter(case=case, status="running").count(),
        "payments": Payment.objects.filter(case=case).count(),
        "participants": CaseParticipant.objects.filter(case=case).count(),
    }


def snapshot(case) -> tuple:
    """Counts plus the case row's own columns that a transition changes."""
    row = Case.objects.values(
        "status", "version", "assignee_id", "amount_recovered", "deadline", "details", "closed_at"
    ).get(pk=case.pk)
    return counts(case), row
