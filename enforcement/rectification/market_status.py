"""How a rectification case moves its market's registry status: always through the
registry's own action (`market_set_status`: audited, in the status history, linked to the
case), and only ever tightening it, except that a passed re-inspection lifts the
rectification the case imposed itself."""

from __future__ import annotations

from django.utils.translation import gettext as _

from casework.markets.actions import market_set_status
from casework.models import Market, MarketStatus, TimelineEntry

# How far a registry status restricts a market: a case only ever tightens it, except that
# a passed re-inspection lifts the rectification it imposed itself.
_SEVERITY = {
    MarketStatus.REGISTERED: 0,
    MarketStatus.RECTIFYING: 1,
    MarketStatus.CLOSED: 2,
    MarketStatus.BANNED: 3,
}


def set_market(ctx, status: str, reason: str, *, lift: bool = False) -> bool:
    """Move the case's market to `status` through the registry action when that tightens its
    status (or, with `lift`, when it lifts a rectification back to registered); False when
    nothing changes. The change is also on the case's timeline."""
    market = Market.objects.filter(pk=ctx.case.market_id).first()
    if market is None:
        return False
    current = _SEVERITY.get(market.status, 0)
    if lift:
        if market.status != MarketStatus.RECTIFYING:
            return False
    elif current >= _SEVERITY[status]:
        return False
    market = market_set_status(
        actor=ctx.actor, market_id=market.pk, status=status, reason=reason, case=ctx.case
    )
    # The case carries its market as it was read before the step: the answer to the step
    # must show the status the step just set, not the one it replaced.
    ctx.case.market = market
    ctx.audit_payload["market_status"] = str(status)
    TimelineEntry.objects.create(
        case=ctx.case,
        at=ctx.now,
        actor=ctx.actor,
        verb="market_status",
        text=_("零工市场“%(market)s”状态变更为“%(status)s”")
        % {"market": market.name, "status": market.get_status_display()},
        comment=reason,
    )
    return True


def record_penalty(ctx, by: str) -> None:
    d = ctx.data
    ctx.note(
        "penalty",
        {
            "by": by,
            "decision": d["decision"],
            "amount": str(d["amount"]) if d.get("amount") is not None else "",
            "legal_basis": d["legal_basis"],
            "market_status": d["market_status"],
            "on": ctx.today.isoformat(),
        },
    )
    reason = _("行政处罚（%(number)s）：%(decision)s") % {
        "number": ctx.case.number,
        "decision": d["decision"],
    }
    set_market(ctx, d["market_status"], reason[:500])
    ctx.timeline_text = _("作出处罚决定：%(decision)s") % {"decision": d["decision"]}
