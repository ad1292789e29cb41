"""The timed steps of a wage case's transfer to the police, in Chromium: the officer's report,
the head's approval, the transfer, the police's 不予立案 with the date its notice was
served, and the request for reconsideration; each period appears on the case page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework import workdays
from casework.actions import case_transition
from casework.models import Case, LegalClock
from tests.factories import open_wage_case

from .helpers import demo_members, fire, shot, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def users(db):
    return demo_members(
        [
            ("hrss.officer.xuecheng", "hrss", "xuecheng", "officer"),
            ("hrss.supervisor.xuecheng", "hrss", "xuecheng", "supervisor"),
            ("police.officer.xuecheng", "police", "xuecheng", "officer"),
        ]
    )


def _clock_due(page, title: str, due) -> None:
    item = page.locator("#clocks li.clock", has_text=title)
    expect(item).to_have_count(1)
    expect(item.locator(f'time[datetime="{due:%Y-%m-%d}"]')).to_have_count(1)


def test_report_approval_return_and_reconsideration(live_server, browser, users, screenshot_dir):
    base = live_server.url
    today = timezone.localdate()
    case = open_wage_case()
    # Registered ten days ago, so that a notice may have been served before today.
    Case.objects.filter(pk=case.pk).update(submitted_at=timezone.now() - timedelta(days=10))
    case_transition(actor=users["hrss.officer.xuecheng"], case_id=case.pk, name="accept", data={})
    url = f"/cases/{case.pk}/"

    # 1. The officer reports the suspected crime for the head's approval.
    ctx, page = signed_in(browser, base, "hrss.officer.xuecheng", url)
    fire(
        page,
        "propose_transfer",
        {
            "reason": "经责令限期支付仍不支付，涉嫌拒不支付劳动报酬罪。",
            "evidence": "工资表\n考勤表",
        },
        "提请批准移送公安",
    )
    _clock_due(page, "移送审批期限", workdays.add_days(today, 3, "calendar"))
    ctx.close()

    # 2. The head approves, then transfers; the police signed for it two days ago.
    ctx, page = signed_in(browser, base, "hrss.supervisor.xuecheng", url)
    fire(page, "approve_transfer", {"comment": "同意移送"}, "批准移送")
    _clock_due(page, "批准后移送期限", workdays.add_days(today, 1, "calendar"))
    received = today - timedelta(days=2)
    fire(
        page,
        "transfer_to_police",
        {"reason": "涉嫌拒不支付劳动报酬罪", "served_on": received.isoformat()},
        "移送公安机关",
    )
    expect(page.locator("#case-status")).to_have_text("已移送公安")
    _clock_due(page, "移送受理答复期限", workdays.add_days(received, 3, "calendar"))
    ctx.close()

    # 3. The police decline; the notice's service date cannot lie in the future.
    ctx, page = signed_in(browser, base, "police.officer.xuecheng", url)
    block = page.locator("#action-police_return")
    block.locator("summary").click()
    block.locator('[name="reason"]').fill("证据不足以证明有能力支付而拒不支付。")
    block.locator('[name="served_on"]').fill((today + timedelta(days=1)).isoformat())
    block.locator("button[type=submit]").click()
    expect(page.locator("#police_return-served_on-note .error")).to_contain_text("不能晚于今天")
    assert Case.objects.get(pk=case.pk).status == "transferred"
    # Nor before the police received the case.
    block.locator('[name="served_on"]').fill((received - timedelta(days=1)).isoformat())
    block.locator("button[type=submit]").click()
    expect(page.locator("#police_return-served_on-note .error")).to_contain_text(
        "不能早于公安机关收到移送的案件之日"
    )
    assert Case.objects.get(pk=case.pk).status == "transferred"
    served = today - timedelta(days=1)
    # The form stays open with what was typed; only the date is corrected.
    expect(block.locator('[name="reason"]')).to_have_value("证据不足以证明有能力支付而拒不支付。")
    block.locator('[name="served_on"]').fill(served.isoformat())
    block.locator("button[type=submit]").click()
    expect(page.locator(".message-success")).to_contain_text("已完成：公安退回")
    ctx.close()

    # 4. The head has 3 days from the notice's service to ask for reconsideration.
    ctx, page = signed_in(browser, base, "hrss.supervisor.xuecheng", url)
    _clock_due(page, "提请复议期限", workdays.add_days(served, 3, "calendar"))
    shot(page, screenshot_dir, "police-transfer-reconsideration-window")
    fire(
        page,
        "request_reconsideration",
        {"reason": "用人单位账户有足额资金，有能力支付而拒不支付。"},
        "提请公安复议",
    )
    expect(page.locator("#case-status")).to_have_text("已移送公安")
    _clock_due(page, "复议决定期限", workdays.add_days(today, 3, "calendar"))
    ctx.close()

    window = LegalClock.objects.get(case=case, code="reconsideration_request")
    assert window.start_date == served and window.status == "stopped"
    answer = LegalClock.objects.get(case=case, code="reconsideration_answer")
    assert answer.status == "running" and answer.owner == "police"
