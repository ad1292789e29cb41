"""The lead housing unit's own penalty procedure on a market that was not rectified: 立案
(`file_penalty`), then the decision (`impose_penalty`) within the 90 days of 行政处罚法 §60.

The ordinary procedure (普通程序) is the one modelled: a penalty is decided on a filed case,
so `impose_penalty` is refused before `file_penalty`. Referring the case to market
supervision (`refer_to_market`) hands the penalty to that unit and ends the lead's clock; so
does a ban. `kind.py` places the transitions in the kind's spec.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework import clocks
from casework.documents import day_text
from casework.kinds import ClockSpec, TransitionSpec
from permissions.models import Role

from .market_status import record_penalty
from .payloads import MarketFilePayload, PenaltyPayload

PENALTY_DECISION = ClockSpec(
    code="penalty_decision",
    title=_l("行政处罚决定期限"),
    legal_basis=_l(
        "《行政处罚法》第六十条：行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚"
        "决定。法律、法规、规章另有规定的，从其规定"
    ),
    day_unit="calendar",
    days=90,
    start_event=_l("立案之日"),
    owner="housing",
)


def _filing(case) -> dict:
    return (case.details or {}).get("penalty_filing") or {}


def _referred(case) -> bool:
    # As `market_supervision.referred`, which imports this module.
    return "market_referral" in (case.details or {})


def may_file(case) -> bool:
    """Not yet filed by the lead, and not handed to market supervision."""
    return not _filing(case) and not _referred(case)


def may_decide(case) -> bool:
    # Once referred, the penalty is market supervision's to decide.
    return bool(_filing(case)) and not _referred(case)


def file_penalty(ctx) -> None:
    clock = clocks.start(ctx.case, PENALTY_DECISION, ctx.today)
    ctx.note(
        "penalty_filing",
        {"filing_number": ctx.data["filing_number"], "on": ctx.today.isoformat()},
    )
    ctx.timeline_text = _("立案查处（%(no)s），应于%(date)s前作出处罚决定") % {
        "no": ctx.data["filing_number"],
        "date": day_text(clock.due_date),
    }


def impose_penalty(ctx) -> None:
    clocks.stop(ctx.case, PENALTY_DECISION.code)
    record_penalty(ctx, "lead")


def end_lead_procedure(case) -> int:
    """A referral to market supervision or a ban ends the lead's own penalty procedure."""
    return clocks.stop(case, PENALTY_DECISION.code)


T = TransitionSpec

FILE_PENALTY = T(
    "file_penalty",
    _l("立案查处"),
    Role.OFFICER,
    serializer=MarketFilePayload,
    effect=file_penalty,
    condition=may_file,
    refusal=_l("本案已立案，或已移送市场监管部门立案查处。"),
    style="secondary",
)
IMPOSE_PENALTY = T(
    "impose_penalty",
    _l("作出处罚决定"),
    Role.OFFICER,
    serializer=PenaltyPayload,
    effect=impose_penalty,
    condition=may_decide,
    refusal=_l("尚未立案，或已移送市场监管部门立案查处（由其作出处罚决定）。"),
    style="danger",
)
