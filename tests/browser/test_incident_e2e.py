"""A security incident from the police officer's report to the approved closure, in Chromium.

The district officer opens the incident from 新建案件, dispatches, arrives, opens the case
(受案) and investigates; asks for an extension, which the city police supervisor (the higher
unit) approves; decides a penalty and proposes closure; the district supervisor approves.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casework.models import Case, LegalClock

from .helpers import DESKTOP, demo_members, fire, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def police_users(db):
    return demo_members(
        [
            ("police.officer.xuecheng", "police", "xuecheng", "officer"),
            ("police.supervisor.xuecheng", "police", "xuecheng", "supervisor"),
            ("police.supervisor.city", "police", "city", "supervisor"),
        ]
    )


def _signed_in(browser, base: str, username: str, next_url: str):
    context = browser.new_context(**DESKTOP)
    context.set_default_timeout(15000)
    page = context.new_page()
    login(page, base, username, next_url)
    return context, page


def test_security_incident_main_path(live_server, browser, police_users, screenshot_dir):
    base = live_server.url

    # 1. The officer opens the incident from the navigation.
    officer, page = _signed_in(browser, base, "police.officer.xuecheng", "/cases/")
    page.click("nav.mainnav a:has-text('新建案件')")
    page.wait_for_url(f"{base}/cases/new/")
    expect(page.locator("h1")).to_contain_text("治安事件")
    # A bad submission shows the error next to its field and keeps the input.
    page.select_option("select[name=incident_type]", "extortion")
    page.fill('[name="location"]', "薛城零工市场东门")
    page.fill('[name="description"]', "有人向在市场等活的务工人员索要“保护费”，不给即威胁殴打。")
    page.fill('[name="occurred_on"]', "2999-01-01")
    page.click("button:has-text('登记案件')")
    expect(page.locator("#open-occurred_on-note .error")).to_contain_text("不能晚于今天")
    expect(page.locator('[name="location"]')).to_have_value("薛城零工市场东门")
    assert not Case.objects.exists()
    page.fill('[name="occurred_on"]', "")
    shot(page, screenshot_dir, "incident-new")
    page.click("button:has-text('登记案件')")
    page.wait_for_url(f"{base}/cases/*/")
    case = Case.objects.get(kind="security_incident")
    assert page.url == f"{base}/cases/{case.pk}/"
    assert case.details == {"incident_type": "extortion", "location": "薛城零工市场东门"}
    expect(page.locator("#case-status")).to_have_text("已报警")

    fire(page, "dispatch", {"comment": "指派民警出警"}, "出警")
    fire(page, "arrive", {"scene": "现场已控制，双方带回询问。"}, "到达现场")
    fire(page, "open_case", {"comment": "予以受案"}, "受案立案")
    expect(page.locator("#case-status")).to_have_text("已受案")
    fire(page, "start_investigation", {"comment": "调取监控"}, "开始调查")
    fire(page, "request_extension", {"reason": "等待伤情鉴定意见"}, "申请延期")
    expect(page.locator("#case-status")).to_have_text("延期待上级批准")
    assert page.locator("#action-approve_extension").count() == 0
    officer.close()

    # 2. The city police supervisor, the higher unit, approves the extension.
    city, page = _signed_in(browser, base, "police.supervisor.city", f"/cases/{case.pk}/")
    fire(page, "approve_extension", {"comment": "同意延长30日"}, "批准延期（上级公安机关）")
    expect(page.locator("#case-status")).to_have_text("调查中")
    city.close()
    assert LegalClock.objects.get(case=case, code="handling").extended

    # 3. The officer decides and proposes closure.
    officer, page = _signed_in(browser, base, "police.officer.xuecheng", f"/cases/{case.pk}/")
    fire(
        page,
        "decide",
        {
            "decision": "penalty",
            "penalty": "行政拘留十日，并处罚款五百元",
            "legal_basis": "《治安管理处罚法》第四十九条",
        },
        "作出决定",
    )
    expect(page.locator("#case-status")).to_have_text("已作出决定")
    fire(page, "propose_closure", {"summary": "处罚决定已执行。"}, "申请结案")
    shot(page, screenshot_dir, "incident-officer")
    officer.close()

    # 4. The district supervisor approves the closure.
    supervisor, page = _signed_in(browser, base, "police.supervisor.xuecheng", f"/cases/{case.pk}/")
    fire(page, "approve_closure", {"comment": "同意结案"}, "批准结案")
    expect(page.locator("#case-status")).to_have_text("已结案")
    supervisor.close()
    case.refresh_from_db()
    assert case.status == "closed"
    assert case.details["decision"]["penalty"] == "行政拘留十日，并处罚款五百元"
