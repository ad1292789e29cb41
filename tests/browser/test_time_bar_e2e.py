"""A wage complaint beyond the two years of 劳动保障监察条例 第二十条, in Chromium: the worker
files it on the phone page, the officer sees it flagged in the list and on the case page and
cannot accept it, the supervisor accepts it anyway with a reason that stays on the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casework.models import AuditEvent, Case
from tests.factories import VALID_ID

from .helpers import PHONE, demo_members, file_complaint, fire, fresh, shot, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "用人单位长期隐匿用工记录，工人此前无从投诉，确需查处"


@pytest.fixture
def demo_users(db):
    return demo_members(
        [
            ("hrss.officer.xuecheng", "hrss", "xuecheng", "officer"),
            ("hrss.supervisor.xuecheng", "hrss", "xuecheng", "supervisor"),
        ]
    )


def test_a_time_barred_complaint_from_the_phone_to_the_supervisor(
    live_server, browser, demo_users, screenshot_dir
):
    base = live_server.url

    # 1. The worker files about wages owed since 2021, not marking them as still owed.
    worker, page = fresh(browser, PHONE)
    page.goto(f"{base}/complaint/")
    expect(page.locator('[name="violation_ended_on"]')).to_be_visible()
    tracking, _code = file_complaint(
        page,
        base,
        "wage_arrears",
        {
            "complainant.name": "王五",
            "complainant.phone": "13912345678",
            "complainant.id_number": VALID_ID,
            "employer.name": "枣庄某钢结构工程队",
            "workers_count": "1",
            "amount_owed": "8000",
            "occurred_on": "2021-03-01",
            "description": "2021年在厂房工地干了四十天钢结构，工钱一直没给。",
        },
    )
    case = Case.objects.get(tracking_number=tracking)
    assert case.details["time_bar"]["barred"] is True
    worker.close()

    # 2. The officer sees the flag in the list and on the case page, and no acceptance.
    officer, page = signed_in(browser, base, "hrss.officer.xuecheng", "/cases/")
    row = page.locator(f'tr[data-case="{case.number}"]')
    expect(row.locator(".time-barred")).to_have_text("超过查处时效")
    row.locator("a.case-number").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/")
    expect(page.locator("#time-barred")).to_be_visible()
    expect(page.locator("#time-bar")).to_contain_text("《劳动保障监察条例》第二十条")
    expect(page.locator("#time-bar")).to_contain_text("2021-03-01")
    expect(page.locator("#action-accept")).to_have_count(0)
    shot(page, screenshot_dir, "time-barred-officer")
    officer.close()

    # 3. The supervisor accepts it anyway, giving the reason.
    supervisor, page = signed_in(browser, base, "hrss.supervisor.xuecheng", f"/cases/{case.pk}/")
    expect(page.locator("#action-accept_time_barred")).to_be_visible()
    # The reason is required.
    page.locator("#action-accept_time_barred summary").click()
    reason = page.locator('#action-accept_time_barred [name="reason"]')
    expect(reason).to_have_attribute("required", "")
    page.locator("#action-accept_time_barred summary").click()
    fire(page, "accept_time_barred", {"reason": REASON}, "超过时效仍予受理")
    expect(page.locator("#case-status")).to_have_text("调查处理中")
    expect(page.locator("#time-bar-accepted")).to_contain_text(REASON)
    expect(page.locator("#time-bar-accepted")).to_contain_text("hrss.supervisor.xuecheng")
    shot(page, screenshot_dir, "time-barred-accepted")
    supervisor.close()

    event = AuditEvent.objects.get(case=case, verb="disputes.wage_arrears.accept_time_barred")
    assert event.payload["reason"] == REASON
