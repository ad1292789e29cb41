"""A wage-arrears complaint from the worker's phone to the supervisor's approval, in Chromium.

The worker files on the public page at phone width and keeps the tracking number and access
code; the officer claims, accepts, orders payment, records the payment and proposes closure;
the supervisor approves; the worker's status page then shows 已结案.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.models import Case
from tests.factories import VALID_ID

from .helpers import DESKTOP, PHONE, demo_members
from .helpers import fire as _fire
from .helpers import login as _login
from .helpers import shot as _shot

pytestmark = [
    pytest.mark.browser,
    # The live server reads what the test writes: real commits. A transactional test starts
    # from what the previous one's flush left, so `demo_users` loads the reference data.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo_users(db):
    """The two demo users of the flow, with the demo password, on 薛城区人社局."""
    users = demo_members(
        [
            ("hrss.officer.xuecheng", "hrss", "xuecheng", "officer"),
            ("hrss.supervisor.xuecheng", "hrss", "xuecheng", "supervisor"),
        ]
    )
    return {
        "officer": users["hrss.officer.xuecheng"],
        "supervisor": users["hrss.supervisor.xuecheng"],
    }


def test_wage_arrears_from_complaint_to_closure(live_server, browser, demo_users, screenshot_dir):
    base = live_server.url
    today = timezone.localdate()

    # 1. The worker files on a phone.
    worker = browser.new_context(**PHONE)
    worker.set_default_timeout(15000)
    page = worker.new_page()
    page.goto(f"{base}/complaint/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    expect(page.locator("select[name=kind]")).to_have_value("wage_arrears")
    page.select_option("select[name=jurisdiction]", "xuecheng")
    page.fill('[name="complainant.name"]', "王五")
    page.fill('[name="complainant.phone"]', "13912345678")
    page.fill('[name="complainant.id_number"]', VALID_ID)
    page.fill('[name="employer.name"]', "枣庄某钢结构工程队")
    page.fill('[name="workers_count"]', "1")
    page.fill('[name="amount_owed"]', "8000")
    page.fill('[name="occurred_on"]', (today - timedelta(days=15)).isoformat())
    page.fill('[name="description"]', "在厂房工地干了四十天钢结构，工头说月底结账，至今未付。")
    # Nothing wider than the phone: no sideways scrolling on the form.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _shot(page, screenshot_dir, "complaint-form-375")
    page.click("button:has-text('提交投诉')")
    page.wait_for_url(f"{base}/complaint/filed/")
    tracking = page.inner_text("#tracking-number").strip()
    code = page.inner_text("#access-code").strip()
    assert tracking.startswith("GC") and len(code) == 8
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _shot(page, screenshot_dir, "complaint-filed-375")
    case = Case.objects.get(tracking_number=tracking)

    # 2. The officer claims it from the unit queue and handles it.
    officer = browser.new_context(**DESKTOP)
    officer.set_default_timeout(15000)
    page = officer.new_page()
    _login(page, base, "hrss.officer.xuecheng", "/queue/")
    row = page.locator(f'tr[data-case="{case.number}"]')
    expect(row).to_contain_text("待受理")
    _shot(page, screenshot_dir, "queue")
    row.locator("button:has-text('认领')").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/")
    expect(page.locator(".message-success")).to_contain_text("已认领案件")
    expect(page.locator("#case-assignee")).to_have_text("hrss.officer.xuecheng")

    _fire(page, "accept", {"comment": "材料齐全，予以立案。"}, "受理立案")
    expect(page.locator("#case-status")).to_have_text("调查处理中")
    page.locator("#action-order_payment summary").click()
    _shot(page, screenshot_dir, "case-page-order-form")
    page.locator("#action-order_payment summary").click()
    _fire(
        page,
        "order_payment",
        {"due_date": (today + timedelta(days=10)).isoformat(), "amount": "8000"},
        "下达限期支付指令",
    )
    expect(page.locator("#case-status")).to_have_text("已下达限期支付指令")
    _fire(
        page,
        "record_payment",
        {"amount": "8000", "paid_on": today.isoformat()},
        "记录工资支付",
    )
    expect(page.locator("#amount-recovered")).to_contain_text("8,000.00")
    _fire(
        page,
        "propose_closure",
        {"summary": "用人单位已足额支付工资8000元。", "amount_recovered": "8000"},
        "申请结案",
    )
    expect(page.locator("#case-status")).to_have_text("结案待审批")
    _shot(page, screenshot_dir, "case-page-officer")
    page.click("button:has-text('退出')")
    page.wait_for_url(f"{base}/accounts/login/")

    # 3. The supervisor approves the closure from the approvals list.
    supervisor = browser.new_context(**DESKTOP)
    supervisor.set_default_timeout(15000)
    page = supervisor.new_page()
    _login(page, base, "hrss.supervisor.xuecheng", "/approvals/")
    page.click(f"a:has-text('{case.number}')")
    page.wait_for_url(f"{base}/cases/{case.pk}/")
    _fire(page, "approve_closure", {"comment": "同意结案。"}, "批准结案")
    expect(page.locator("#case-status")).to_have_text("已结案")
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _shot(page, screenshot_dir, "case-page-375")

    # 4. The worker's status page shows the closure, and none of the internal comments.
    page = worker.new_page()
    page.goto(f"{base}/track/")
    page.fill("#track-number", tracking)
    page.fill("#track-code", code)
    page.click("button:has-text('查询')")
    expect(page.locator("#public-status")).to_have_text("已结案")
    body = page.inner_text("main")
    assert "已受理，正在调查处理" in body
    assert "同意结案" not in body and "材料齐全" not in body
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _shot(page, screenshot_dir, "track-status-375")

    for context in (worker, officer, supervisor):
        context.close()
    case.refresh_from_db()
    assert case.status == "closed" and str(case.amount_recovered) == "8000.00"
