"""A market rectification from the report to the approved closure, in Chromium.

The district housing officer opens the case from 新建案件, uploads a site photo, records the
site check, issues the rectification notice, schedules and records a failed re-inspection;
the supervisor bans the market (the public map data shows it banned) and starts a
fixed-point watch; the officer records the day's patrol with a photo from 定点巡查; the
officer proposes closure and the supervisor ends the watch and approves the closure.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.models import Case, Market
from enforcement.models import MarketWatch, PatrolVisit
from enforcement.rectification.demo import demo_photo
from tests.enforcement.rectification.walk import INSIDE, deadline_passed, make_market

from .helpers import demo_members, fire, shot, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHOTO = {"name": "现场照片.png", "mimeType": "image/png", "buffer": demo_photo()}


@pytest.fixture
def housing_users(db):
    return demo_members(
        [
            ("housing.officer.xuecheng", "housing", "xuecheng", "officer"),
            ("housing.supervisor.xuecheng", "housing", "xuecheng", "supervisor"),
        ]
    )


def test_rectification_main_path(live_server, browser, housing_users, screenshot_dir):
    base = live_server.url
    market = make_market()
    today = timezone.localdate()

    # 1. The officer opens the case, adds a photo and walks it to 逾期未整改.
    officer, page = signed_in(browser, base, "housing.officer.xuecheng", "/cases/")
    page.goto(f"{base}/cases/new/?kind=market_rectification")
    expect(page.locator("h1")).to_contain_text("零工市场整治")
    page.select_option("select[name=problem]", "road_occupying")
    page.fill('[name="description"]', "群众反映早高峰候工人员占道。")
    for code in ("road_clear", "parking"):
        page.check(f'input[name="checklist"][value="{code}"]')
    page.fill('[name="lon"]', "120.000000")
    page.fill('[name="lat"]', "30.000000")
    page.select_option("select[name=market]", str(market.pk))
    page.click("button:has-text('登记案件')")
    expect(page.locator("body")).to_contain_text("坐标不在薛城区范围内")
    assert not Case.objects.exists()
    page.fill('[name="lon"]', INSIDE[0])
    page.fill('[name="lat"]', INSIDE[1])
    page.click("button:has-text('登记案件')")
    page.wait_for_url(f"{base}/cases/*/")
    case = Case.objects.get(kind="market_rectification")
    expect(page.locator("#case-status")).to_have_text("已报告")
    expect(page.locator("#rectification")).to_contain_text("尚未进行现场核查")

    page.locator("#action-upload summary").click()
    page.set_input_files("#upload-file", files=[PHOTO])
    page.click("#action-upload button[type=submit]")
    expect(page.locator("#attachments")).to_contain_text("现场照片.png")

    fire(
        page,
        "verify",
        {
            "inspected_on": today.isoformat(),
            "lon": INSIDE[0],
            "lat": INSIDE[1],
            "findings": "早高峰约30人在人行道候工。",
        },
        "登记现场核查",
        verdicts={"parking": ("pass", ""), "road_clear": ("fail", "候工人员占用人行道")},
    )
    expect(page.locator("#case-status")).to_have_text("已现场核查")
    expect(page.locator('#verification-results tr[data-item="road_clear"]')).to_contain_text(
        "不合格"
    )
    expect(page.locator("#verification-photos a")).to_have_count(1)
    fire(
        page,
        "issue_notice",
        {
            "deadline": (today + timedelta(days=7)).isoformat(),
            "requirements": "划定候工区域，清理占道",
        },
        "下达整改通知书",
    )
    expect(page.locator("#case-status")).to_have_text("已下达整改通知")
    assert Market.objects.get(pk=market.pk).status == "rectifying"
    fire(
        page,
        "schedule_reinspection",
        {"scheduled_for": (today + timedelta(days=8)).isoformat()},
        "安排复查",
    )
    deadline_passed(case.pk)  # time passes: the deadline is behind the re-inspection
    fire(
        page,
        "confirm_not_rectified",
        {
            "inspected_on": today.isoformat(),
        },
        "复查未整改",
        verdicts={"parking": ("pass", ""), "road_clear": ("fail", "仍有占道")},
    )
    expect(page.locator("#case-status")).to_have_text("逾期未整改")
    assert page.locator("#action-ban").count() == 0
    shot(page, screenshot_dir, "rectification-officer")

    # 2. The supervisor bans the market and starts the fixed-point watch.
    supervisor, boss = signed_in(browser, base, "housing.supervisor.xuecheng", f"/cases/{case.pk}/")
    fire(boss, "ban", {"reason": "逾期拒不整改", "legal_basis": "《城市道路管理条例》"}, "依法取缔")
    expect(boss.locator("#case-status")).to_have_text("已取缔")
    expect(boss.locator("#ban-decision")).to_contain_text("逾期拒不整改")
    geo = boss.request.get(f"{base}/api/v1/public/markets/").json()
    assert (
        next(f for f in geo["features"] if f["id"] == market.pk)["properties"]["status"] == "banned"
    )
    boss.locator("#action-watch-start summary").click()
    boss.fill("#watch-interval", "1")
    boss.fill("#watch-instructions", "每日早高峰到场巡查")
    boss.click("#action-watch-start button[type=submit]")
    expect(boss.locator("#watch-active")).to_have_text("盯守中")
    watch = MarketWatch.objects.get()
    visit = PatrolVisit.objects.get(watch=watch)

    # 3. The officer records the patrol and proposes closure.
    page.goto(f"{base}/patrols/")
    expect(page.locator(f"#patrol-{visit.pk}")).to_contain_text(market.name)
    block = page.locator(f"#patrol-{visit.pk}")
    block.locator("summary").click()
    block.locator('input[name="compliant"][value="true"]').check()
    block.locator('[name="findings"]').fill("无人占道候工")
    block.locator('input[name="photo"]').set_input_files(files=[PHOTO])
    block.locator("button[type=submit]").click()
    expect(page.locator(".message-success")).to_contain_text("已登记")
    expect(page.locator("#no-patrols")).to_be_visible()
    page.goto(f"{base}/cases/{case.pk}/")
    fire(page, "propose_closure", {"summary": "市场已取缔，现场秩序稳定"}, "申请结案")
    expect(page.locator("#case-status")).to_have_text("结案待审批")
    officer.close()

    # 4. The supervisor ends the watch and approves the closure.
    boss.goto(f"{base}/cases/{case.pk}/")
    boss.locator("#action-watch-end summary").click()
    boss.fill("#watch-end-reason", "取缔后连续巡查无反弹")
    boss.click("#action-watch-end button[type=submit]")
    expect(boss.locator(".message-success")).to_contain_text("已结束定点盯守")
    fire(boss, "approve_closure", {"comment": "同意结案"}, "批准结案")
    expect(boss.locator("#case-status")).to_have_text("已结案")
    shot(boss, screenshot_dir, "rectification-closed")
    supervisor.close()

    case.refresh_from_db()
    watch.refresh_from_db()
    visit.refresh_from_db()
    assert case.status == "closed" and not watch.active
    assert visit.compliant is True and visit.photo_id is not None
    assert Market.objects.get(pk=market.pk).status == "banned"
