"""A wage case transferred (转办) from 薛城区人社局 to 市中区人社局 and accepted there, in
Chromium: the sender proposes it on the case page, the receiver sees it pending, accepts,
and the case lands in the receiving unit's queue."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casework.models import Case, CaseTransfer
from permissions.selectors import unit_for
from tests.factories import open_wage_case

from .helpers import DESKTOP, demo_members, login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hrss_users(db):
    return demo_members(
        [
            ("hrss.supervisor.xuecheng", "hrss", "xuecheng", "supervisor"),
            ("hrss.officer.xuecheng", "hrss", "xuecheng", "officer"),
            ("hrss.supervisor.shizhong", "hrss", "shizhong", "supervisor"),
            ("hrss.officer.shizhong", "hrss", "shizhong", "officer"),
        ]
    )


def _signed_in(browser, base: str, username: str, next_url: str):
    context = browser.new_context(**DESKTOP)
    context.set_default_timeout(15000)
    page = context.new_page()
    login(page, base, username, next_url)
    return context, page


def test_wage_case_reassigned_to_another_district(live_server, browser, hrss_users, screenshot_dir):
    base = live_server.url
    case = open_wage_case()
    shizhong = unit_for("hrss", "shizhong")

    # 1. The 薛城区 supervisor proposes the 转办 from the case page.
    sender, page = _signed_in(browser, base, "hrss.supervisor.xuecheng", f"/cases/{case.pk}/")
    block = page.locator("#action-transfer")
    block.locator("summary").click()
    block.locator('[name="kind"]').select_option("reassign_jurisdiction")
    block.locator('[name="to_unit"]').select_option(str(shizhong.pk))
    block.locator('[name="reason"]').fill("用人单位注册地及用工地均在市中区。")
    shot(page, screenshot_dir, "transfer-propose")
    block.locator("button[type=submit]").click()
    expect(page.locator(".message-success")).to_contain_text("市中区")
    expect(page.locator("#transfer-pending")).to_contain_text("转办")
    expect(page.locator("#transfer-due")).to_contain_text("前答复")
    sender.close()

    # 2. The 市中区 supervisor sees the pending transfer and accepts it.
    receiver, page = _signed_in(browser, base, "hrss.supervisor.shizhong", f"/cases/{case.pk}/")
    expect(page.locator("#transfer-pending")).to_contain_text("薛城区")
    shot(page, screenshot_dir, "transfer-pending")
    page.fill("#transfer-accept-reason", "同意接收。")
    page.click("#transfer-accept-form button[type=submit]")
    expect(page.locator(".message-success")).to_contain_text("已接收本案")
    expect(page.locator("#transfer-history")).to_contain_text("已接收")
    receiver.close()

    case = Case.objects.get(pk=case.pk)
    assert case.lead_unit == shizhong
    assert CaseTransfer.objects.get(case=case).status == "accepted"

    # 3. The case waits in 市中区's unit queue; 薛城区's officer still reads it.
    officer, page = _signed_in(browser, base, "hrss.officer.shizhong", "/queue/")
    expect(page.locator("main")).to_contain_text(case.number)
    shot(page, screenshot_dir, "transfer-queue")
    officer.close()
    old, page = _signed_in(browser, base, "hrss.officer.xuecheng", f"/cases/{case.pk}/")
    expect(page.locator("#transfer-history")).to_contain_text("市中区")
    old.close()


def test_bulk_reassignment_page_shows_progress(live_server, browser, hrss_users, screenshot_dir):
    from casework.actions import case_assign
    from tests.factories import member

    base = live_server.url
    supervisor = hrss_users["hrss.supervisor.xuecheng"]
    leaving = hrss_users["hrss.officer.xuecheng"]
    staying = member("hrss.officer2.xuecheng", "hrss", "xuecheng", "officer")
    cases = [open_wage_case() for _ in range(3)]
    for case in cases:
        case_assign(actor=supervisor, case_id=case.pk, assignee=leaving)

    context, page = _signed_in(browser, base, "hrss.supervisor.xuecheng", "/cases/")
    page.click("nav.mainnav a:has-text('批量改派')")
    page.wait_for_url(f"{base}/reassign/")
    page.select_option("#reassign-from", str(leaving.pk))
    shot(page, screenshot_dir, "reassign-form")
    page.click("button:has-text('开始改派')")
    page.wait_for_url(f"{base}/reassign/*/")
    expect(page.locator("#reassign-job")).to_have_attribute("data-status", "finished")
    expect(page.locator("#job-done")).to_have_text("3")
    expect(page.locator("#job-failed")).to_have_text("0")
    shot(page, screenshot_dir, "reassign-progress")
    context.close()
    assert set(Case.objects.values_list("assignee", flat=True)) == {staying.pk}
