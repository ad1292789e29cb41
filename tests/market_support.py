"""Markets with cases of several departments and districts, for the map and API tests."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from casework.actions import case_open
from casework.models import Case, Market, MarketKind, MarketStatus
from permissions.models import Jurisdiction
from tests.factories import member, open_wage_case


def make_market(name: str, jurisdiction: str = "xuecheng", **fields) -> Market:
    jur = Jurisdiction.objects.get(code=jurisdiction)
    return Market.objects.create(
        name=name,
        kind=fields.pop("kind", MarketKind.PUBLIC_WELFARE),
        status=fields.pop("status", MarketStatus.REGISTERED),
        jurisdiction=jur,
        lon=fields.pop("lon", jur.lon),
        lat=fields.pop("lat", jur.lat),
        **fields,
    )


def link(case: Case, market: Market) -> Case:
    Case.objects.filter(pk=case.pk).update(market=market)
    case.market = market
    return case


@dataclass
class MarketCases:
    market: Market
    quiet: Market  # a market with no cases at all
    wage: Case  # 薛城区人社局, open
    incident: Case  # 薛城区公安局, open
    closed: Case  # 薛城区人社局, closed
    hidden: Case  # 市中区人社局, open: invisible to xuecheng's officers


def market_with_cases() -> MarketCases:
    """One xuecheng market with cases led by hrss and police (xuecheng) and by hrss shizhong.

    Needs the `org` fixture (jurisdictions and units)."""
    market = make_market("薛城区临山路零工市场", facilities=["negotiation", "shelter"])
    quiet = make_market("薛城区沙沟镇零工服务点", status=MarketStatus.RECTIFYING)
    police = member("police.officer.xuecheng.m", "police", "xuecheng", "officer")
    wage = link(open_wage_case(), market)
    incident, _code = case_open(
        actor=police,
        kind="security_incident",
        jurisdiction=Jurisdiction.objects.get(code="xuecheng"),
        description="零工市场内两人因争抢活计互相殴打。",
        details={"incident_type": "assault", "location": "市场东门"},
    )
    incident = link(incident, market)
    closed = link(open_wage_case(employer="已结案公司", credit_code=""), market)
    Case.objects.filter(pk=closed.pk).update(closed_at=timezone.now())
    hidden = link(
        open_wage_case(jurisdiction="shizhong", employer="市中区某公司", credit_code=""), market
    )
    return MarketCases(market, quiet, wage, incident, closed, hidden)
