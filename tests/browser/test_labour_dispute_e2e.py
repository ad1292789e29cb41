"""A labour-dispute mediation in Chromium: the worker applies on the public page at phone
width, the mediator accepts, holds the mediation and records the agreement, and the
worker's status page shows 已达成调解协议."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.models import Case
from tests.factories import VALID_ID

from .helpers import PHONE, file_complaint, fire, fresh, make_demo_users, shot, signed_in, track

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_users(db):
    return make_demo_users("officer")


def test_labour_dispute_from_application_to_agreement(
    live_server, browser, demo_users, screenshot_dir
):
    base = live_server.url
    worker, page = fresh(browser, PHONE)
    tracking, code = file_complaint(
        page,
        base,
        "labour_dispute",
        {
            "complainant.name": "孙七",
            "complainant.phone": "13912345678",
            "complainant.id_number": VALID_ID,
            "employer.name": "枣庄某物流有限公司",
            "amount_owed": "9000",
            "occurred_on": (timezone.localdate() - timedelta(days=10)).isoformat(),
            "description": "被公司辞退，未支付经济补偿，申请调解。",
        },
    )
    shot(page, screenshot_dir, "labour-filed-375")
    case = Case.objects.get(tracking_number=tracking)
    assert case.kind == "labour_dispute" and "-TJ-" in case.number

    officer, page = signed_in(browser, base, "hrss.officer.xuecheng", f"/cases/{case.pk}/")
    expect(page.locator("#case-status")).to_have_text("待受理")
    expect(page.locator("main")).to_contain_text("申请仲裁")
    fire(page, "accept", {"comment": "符合受理条件。"}, "受理调解申请")
    expect(page.locator("#case-status")).to_have_text("已受理")
    fire(page, "start_mediation", {"comment": "双方到场。"}, "开始调解")
    expect(page.locator("#case-status")).to_have_text("调解中")
    fire(
        page,
        "record_agreement",
        {"terms": "公司于十日内支付经济补偿8000元。", "amount": "8000"},
        "达成调解协议",
    )
    expect(page.locator("#case-status")).to_have_text("已达成调解协议")
    expect(page.locator("#action-withdraw")).to_have_count(0)
    shot(page, screenshot_dir, "labour-case-agreed")

    page = worker.new_page()
    body = track(page, base, tracking, code)
    expect(page.locator("#public-status")).to_have_text("已达成调解协议")
    assert "调解申请已受理" in body and "正在调解" in body
    assert "双方到场" not in body
    for context in (worker, officer):
        context.close()
    case.refresh_from_db()
    assert case.status == "agreed" and case.details["agreement"]["amount"] == "8000.00"
