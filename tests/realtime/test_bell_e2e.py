"""Two browsers on the real daphne server: the officer proposes closure on a wage case, and
the supervisor's page, open all along, shows the toast and a higher count on the bell."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.actions import case_claim, case_transition
from casework.models import Notification
from tests.browser.helpers import fire, make_demo_users, shot, signed_in
from tests.factories import open_wage_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_sees_the_closure_request_arrive(live, browser, screenshot_dir):
    users = make_demo_users("officer", "supervisor")
    officer, supervisor = users["officer"], users["supervisor"]
    today = timezone.localdate()
    case = open_wage_case()
    case_claim(actor=officer, case_id=case.pk)
    case_transition(actor=officer, case_id=case.pk, name="accept", data={"comment": "受理"})
    case_transition(
        actor=officer,
        case_id=case.pk,
        name="order_payment",
        data={"due_date": (today + timedelta(days=10)).isoformat(), "amount": "5000"},
    )
    case_transition(
        actor=officer,
        case_id=case.pk,
        name="record_payment",
        data={"amount": "5000", "paid_on": today.isoformat()},
    )
    unread_before = Notification.objects.filter(user=supervisor, read_at__isnull=True).count()

    base = live.url
    sup_context, sup_page = signed_in(browser, base, supervisor.username, "/approvals/")
    count = sup_page.locator("#notif-count")
    expect(count).to_have_attribute("data-count", str(unread_before))
    # The socket is up before the officer acts.
    expect(sup_page.locator("#notif")).to_have_attribute("data-live", "true")

    off_context, off_page = signed_in(browser, base, officer.username, f"/cases/{case.pk}/")
    fire(
        off_page,
        "propose_closure",
        {"summary": "用人单位已足额支付工资5000元。", "amount_recovered": "5000"},
        "申请结案",
    )

    toast = sup_page.locator("#toasts .toast").first
    expect(toast).to_contain_text(f"结案申请待审批：{case.number}")
    expect(toast).to_contain_text("新通知")
    expect(count).to_have_attribute("data-count", str(unread_before + 1))
    expect(count).to_be_visible()
    shot(sup_page, screenshot_dir, "notification-toast")

    # The panel lists it; marking it read brings the count back down, in the database too.
    sup_page.click("#notif-bell")
    item = sup_page.locator("#notif-list .notif-item.unread").first
    expect(item).to_contain_text(case.number)
    item.locator(".notif-mark").click()
    expect(count).to_have_attribute("data-count", str(unread_before))
    row = Notification.objects.get(user=supervisor, case=case, type="approval.requested")
    assert row.read_at is not None
    shot(sup_page, screenshot_dir, "notification-panel")

    # The link in the toast's row leads to the case the supervisor may now approve.
    sup_page.locator("#notif-list .notif-item").first.locator("a").click()
    sup_page.wait_for_url(f"{base}/cases/{case.pk}/")
    expect(sup_page.locator("#action-approve_closure")).to_be_visible()

    # At phone width the bell fits in the top bar, and its panel on the screen.
    sup_page.set_viewport_size({"width": 375, "height": 812})
    sup_page.click("#notif-bell")
    expect(sup_page.locator("#notif-list .notif-item").first).to_be_visible()
    assert sup_page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(sup_page, screenshot_dir, "notification-panel-375")

    for context in (sup_context, off_context):
        context.close()
