"""What a closure report (结案报告) says of its case: every payment order a wage case made,
the market and its operator where a case has no parties, and no blame for a closure
summary a kind never asks for."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from casework.models import Document
from tests.disputes.walk import fire

from .pdf import pdf_text


def _text(case, name: str = "closure_report") -> str:
    with Document.objects.get(case=case, name=name).file.open("rb") as fh:
        return pdf_text(fh.read())


def _order(amount: str, days: int) -> dict:
    return {
        "due_date": (timezone.localdate() + timedelta(days=days)).isoformat(),
        "amount": amount,
    }


def test_a_wage_case_reports_each_payment_order(wage_case, actors):
    fire(wage_case.pk, "accept", actors)
    fire(wage_case.pk, "order_payment", actors, _order("4500.00", 15))
    fire(wage_case.pk, "transfer_to_police", actors)
    fire(wage_case.pk, "police_return", actors)
    fire(wage_case.pk, "order_payment", actors, _order("1000.00", 20))
    fire(wage_case.pk, "propose_closure", actors, {"summary": "已支付", "amount_recovered": "0"})
    fire(wage_case.pk, "approve_closure", actors)
    text = _text(wage_case)
    first = Document.objects.get(case=wage_case, name="payment_order").number
    second = Document.objects.get(case=wage_case, name="payment_order-2").number
    assert "4,500.00元" in text and "1,000.00元" in text
    assert text.index(first) < text.index(second)
    assert text.index("4,500.00元") < text.index("1,000.00元")


def _inspection_closed(hrss_officer, hrss_supervisor):
    from tests.enforcement.inspection.walk import make_market, open_inspection, walk_to
    from tests.enforcement.security_incident.walk import Actors

    actors = Actors(officer=hrss_officer, supervisor=hrss_supervisor, parent=hrss_supervisor)
    market = make_market()
    market.operator = "薛城区人社服务中心"
    market.save(update_fields=["operator"])
    case = open_inspection(hrss_officer, market)
    return walk_to(case, "closed", actors), market


def test_an_inspection_report_names_the_market_and_blames_nobody(hrss_officer, hrss_supervisor):
    case, market = _inspection_closed(hrss_officer, hrss_supervisor)
    text = _text(case)
    part = text[text.index("二、当事人") : text.index("三、案情")]
    assert market.name in part and "薛城区人社服务中心" in part and market.address in part
    # An inspection is closed on approval, without a proposal: nothing to blame anyone for.
    assert "未填写结案意见" not in text
    assert "经审批，同意结案" in text
