"""What the complainant reads about their own case on the status page and in the public API:
which deadline binds and whether it is provisional, the case's money, the outcome in plain
words, and why a complaint was not accepted.

Only the complaint's own figures and texts written for the complainant: never a name, an
officer's comment or another worker's share. The rejection reason is the one the
不予受理通知书 already prints for them, and is shown only when that notice was issued.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from . import clocks, workdays
from .models import Case, ClockStatus, Document, LegalClock, TimelineEntry
from .payments import money_summary, yuan

_REJECTED = "rejected"
_CLOSED = "closed"


@dataclass(frozen=True)
class PublicMoney:
    owed: Decimal
    ordered: Decimal | None
    paid: Decimal
    still_owed: Decimal

    @property
    def shown(self) -> dict[str, str]:
        """The sums as the page prints them (8,600.00), whatever the locale."""
        out = {"owed": self.owed, "paid": self.paid, "still_owed": self.still_owed}
        if self.ordered is not None:
            out["ordered"] = self.ordered
        return {k: yuan(v) for k, v in out.items()}

    def as_dict(self) -> dict:
        return {
            "owed": str(self.owed),
            "ordered": None if self.ordered is None else str(self.ordered),
            "paid": str(self.paid),
            "still_owed": str(self.still_owed),
        }


@dataclass(frozen=True)
class PublicFacts:
    deadline_label: str
    deadline_provisional: bool
    money: PublicMoney | None
    outcome: str
    next_steps: str
    rejection_reason: str

    def as_dict(self) -> dict:
        return {
            "deadline_label": self.deadline_label,
            "deadline_provisional": self.deadline_provisional,
            "money": None if self.money is None else self.money.as_dict(),
            "outcome": self.outcome,
            "next_steps": self.next_steps,
            "rejection_reason": self.rejection_reason,
        }


def _binding_clock(case: Case) -> LegalClock | None:
    return (
        LegalClock.objects.filter(case=case, status=ClockStatus.RUNNING)
        .order_by("due_date", "id")
        .first()
    )


def _rejection_reason(case: Case) -> str:
    if not Document.objects.filter(case=case, code="rejection_notice", public=True).exists():
        return ""
    entry = TimelineEntry.objects.filter(case=case, verb="reject").order_by("-at", "-id").first()
    return str((entry.payload or {}).get("reason") or "").strip() if entry else ""


def _outcome(case: Case, money: PublicMoney | None, reason: str) -> tuple[str, str]:
    """The result in plain words and what the complainant can do next; empty while open."""
    if case.status == _REJECTED:
        outcome = _("您的投诉不予受理。")
        if reason:
            outcome += _("原因：%(reason)s") % {"reason": reason}
        return outcome, _(
            "如对不予受理的决定不服，可以自收到不予受理通知书之日起六十日内申请行政复议，"
            "或者在六个月内向人民法院提起行政诉讼。"
        )
    if not case.is_final:
        return "", ""
    own = case.spec.intake.outcomes.get(case.status) if case.spec.intake else None
    if own is not None:
        return str(own[0]), str(own[1])
    if case.status != _CLOSED or money is None:
        return _("您的投诉已办结。"), ""
    if money.still_owed == 0 and money.paid > 0:
        return _("已办结：被拖欠的工资已全部支付。"), ""
    if money.paid > 0:
        outcome = _("已办结：用人单位已支付 %(paid)s 元，仍欠 %(left)s 元未支付。") % {
            "paid": yuan(money.paid),
            "left": yuan(money.still_owed),
        }
    else:
        outcome = _("已办结：没有查到用人单位支付工资的记录。")
    return outcome, _(
        "仍未拿到的工资，您可以向当地劳动人事争议仲裁委员会申请仲裁，或者向人民法院起诉；"
        "不清楚怎么办，可以拨打 12333 咨询。"
    )


def public_facts(case: Case) -> PublicFacts:
    """The facts of `case` that its complainant reads besides its status and history."""
    clock = _binding_clock(case) if not case.is_final else None
    label = ""
    provisional = False
    if clock is not None:
        # The title its kind gave the clock (受理期限, 调查处理期限, 限期支付期限), a message of
        # the catalogue, read in the reader's language.
        label = _(clock.title)
        provisional = workdays.is_provisional(clock.start_date, clock.due_date)
    elif case.deadline is not None and not case.is_final:
        provisional = workdays.is_provisional(case.deadline)
    money = None
    if case.spec.tracks_wages:
        summary = money_summary(case)
        money = PublicMoney(summary.owed, summary.ordered, summary.paid, summary.still_owed)
    reason = _rejection_reason(case) if case.status == _REJECTED else ""
    outcome, next_steps = _outcome(case, money, reason)
    intake = case.spec.intake
    if clock is not None and clock.due_date < clocks.local_today() and intake is not None:
        next_steps = str(intake.past_deadline)
    return PublicFacts(label, provisional, money, outcome, next_steps, reason)
