"""An inspection from the health officer's plan to the approved closure, in Chromium.

The district health officer opens the inspection of a market from 新建案件, records the
results (one failed item), orders rectification and schedules the re-inspection, records a
passing re-inspection; the district supervisor approves the closure. The results table of
the case page shows both rounds.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.models import Case, LegalClock
from tests.enforcement.inspection.walk import make_market

from .helpers import DESKTOP, demo_members, fire, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def health_users(db):
    return demo_members(
        [
            ("health.officer.xuecheng", "health", "xuecheng", "officer"),
            ("health.supervisor.xuecheng", "health", "xuecheng", "supervisor"),
        ]
    )


def _signed_in(browser, base: str, username: str, next_url: str):
    context = browser.new_context(**DESKTOP)
    context.set_default_timeout(15000)
    page = context.new_page()
    login(page, base, username, next_url)
    return context, page


def test_inspection_main_path(live_server, browser, health_users, screenshot_dir):
    base = live_server.url
    market = make_market()
    today = timezone.localdate()

    # 1. The officer opens the inspection.
    officer, page = _signed_in(browser, base, "health.officer.xuecheng", "/cases/")
    page.goto(f"{base}/cases/new/?kind=inspection")
    expect(page.locator("h1")).to_contain_text("安全与卫生检查")
    page.select_option("select[name=mode]", "scheduled")
    page.fill('[name="scheduled_for"]', (today + timedelta(days=1)).isoformat())
    page.fill('[name="description"]', "对零工驿站开展季度卫生检查。")
    # The checklist is ticked from the catalogue, by its Chinese labels.
    for label in ("卫生间", "垃圾收集", "饮用水"):
        page.get_by_label(label, exact=True).check()
    # Without a market the form is refused, the error next to the market and the input kept.
    page.click("button:has-text('登记案件')")
    expect(page.locator("#open-market-note .error")).to_contain_text("零工市场")
    for code in ("toilets", "waste", "drinking_water"):
        expect(page.locator(f'[name="checklist"][value="{code}"]')).to_be_checked()
    expect(page.locator('[name="checklist"][value="fire_exit"]')).not_to_be_checked()
    assert not Case.objects.exists()
    page.select_option("select[name=market]", str(market.pk))
    shot(page, screenshot_dir, "inspection-new")
    page.click("button:has-text('登记案件')")
    page.wait_for_url(f"{base}/cases/*/")
    case = Case.objects.get(kind="inspection")
    assert page.url == f"{base}/cases/{case.pk}/"
    assert case.details["checklist"] == ["drinking_water", "toilets", "waste"]
    expect(page.locator("#case-status")).to_have_text("待检查")
    expect(page.locator("#inspection-results")).to_contain_text("尚未登记检查结果")

    # A verdict table row left empty is refused: the error beside the table, the ticks kept.
    block = page.locator("#action-record_inspection")
    block.locator("summary").click()
    block.locator('[name="inspected_on"]').fill(today.isoformat())
    block.locator('[name="results.toilets.verdict"][value="fail"]').check()
    block.locator('[name="results.toilets.note"]').fill("无人保洁")
    block.locator("button[type=submit]").click()
    expect(page.locator("#record_inspection-results-note .error")).to_contain_text("尚未填写结果")
    expect(block.locator('[name="results.toilets.verdict"][value="fail"]')).to_be_checked()
    expect(block.locator('[name="results.toilets.note"]')).to_have_value("无人保洁")
    assert not Case.objects.get(pk=case.pk).details.get("rounds")
    page.goto(f"{base}/cases/{case.pk}/")
    fire(
        page,
        "record_inspection",
        {
            "inspected_on": today.isoformat(),
        },
        "登记检查结果",
        verdicts={
            "drinking_water": ("pass", ""),
            "toilets": ("fail", "无人保洁"),
            "waste": ("pass", ""),
        },
    )
    expect(page.locator("#case-status")).to_have_text("已检查")
    expect(page.locator('#inspection-results tr[data-item="toilets"]')).to_contain_text("不合格")
    fire(
        page,
        "require_rectification",
        {"deadline": (today + timedelta(days=7)).isoformat(), "requirements": "落实保洁制度"},
        "责令限期整改",
    )
    expect(page.locator("#case-status")).to_have_text("限期整改")
    fire(
        page,
        "schedule_reinspection",
        {"scheduled_for": (today + timedelta(days=8)).isoformat()},
        "安排复查",
    )
    fire(
        page,
        "record_reinspection",
        {
            "inspected_on": today.isoformat(),
        },
        "登记复查结果",
        verdicts={
            "drinking_water": ("pass", ""),
            "toilets": ("pass", "已安排专人保洁"),
            "waste": ("pass", ""),
        },
    )
    expect(page.locator("#case-status")).to_have_text("已检查")
    expect(page.locator("#inspection-results")).to_contain_text("第2轮（复查）")
    assert page.locator("#action-approve_closure").count() == 0
    shot(page, screenshot_dir, "inspection-officer")
    officer.close()

    # 2. The supervisor approves the closure.
    supervisor, page = _signed_in(browser, base, "health.supervisor.xuecheng", f"/cases/{case.pk}/")
    fire(page, "approve_closure", {"comment": "整改到位，同意结案"}, "批准结案")
    expect(page.locator("#case-status")).to_have_text("已结案")
    supervisor.close()
    case.refresh_from_db()
    assert case.status == "closed"
    assert [r["failed"] for r in case.details["rounds"]] == [["toilets"], []]
    clocks = LegalClock.objects.filter(case=case)
    assert clocks.exists() and not clocks.exclude(status="stopped").exists()
