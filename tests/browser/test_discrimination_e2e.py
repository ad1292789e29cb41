"""An employment-discrimination complaint in Chromium: filed on the public page at phone
width, accepted and investigated by the officer, closure approved by the supervisor, and
已结案 on the complainant's status page."""

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
    return make_demo_users("officer", "supervisor")


def test_discrimination_from_complaint_to_closure(live_server, browser, demo_users, screenshot_dir):
    base = live_server.url
    worker, page = fresh(browser, PHONE)
    page.goto(f"{base}/complaint/?kind=discrimination")
    expect(page.locator("[name=amount_owed]")).to_have_count(0)
    tracking, code = file_complaint(
        page,
        base,
        "discrimination",
        {
            "complainant.name": "周八",
            "complainant.phone": "13912345678",
            "complainant.id_number": VALID_ID,
            "employer.name": "枣庄某电子厂",
            "occurred_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
            "description": "招聘启事写明仅限男性，应聘时被告知不招女工。",
        },
    )
    case = Case.objects.get(tracking_number=tracking)
    assert case.kind == "discrimination" and "-QS-" in case.number

    officer, page = signed_in(browser, base, "hrss.officer.xuecheng", f"/cases/{case.pk}/")
    expect(page.locator("#case-status")).to_have_text("待受理")
    fire(page, "accept", {"comment": "予以立案。"}, "受理立案")
    expect(page.locator("#case-status")).to_have_text("调查处理中")
    expect(page.locator("#action-order_payment")).to_have_count(0)
    fire(page, "propose_closure", {"summary": "已责令该厂删除性别限制并书面整改。"}, "申请结案")
    expect(page.locator("#case-status")).to_have_text("结案待审批")
    shot(page, screenshot_dir, "discrimination-case-officer")

    supervisor, page = signed_in(browser, base, "hrss.supervisor.xuecheng", "/approvals/")
    page.click(f"a:has-text('{case.number}')")
    page.wait_for_url(f"{base}/cases/{case.pk}/")
    fire(page, "approve_closure", {"comment": "同意结案。"}, "批准结案")
    expect(page.locator("#case-status")).to_have_text("已结案")

    page = worker.new_page()
    body = track(page, base, tracking, code)
    expect(page.locator("#public-status")).to_have_text("已结案")
    assert "已受理，正在调查处理" in body and "删除性别限制" not in body
    for context in (worker, officer, supervisor):
        context.close()
    assert Case.objects.get(pk=case.pk).status == "closed"
