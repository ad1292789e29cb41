"""Money that adds up, in Chromium: the officer's 99,999 against 18,600 owed is refused
beside its field, recorded once a reason is chosen, then reversed by a correction chosen
from the case's payments; the right sum is credited to the worker picked from the case's
workers; the supervisor reads owed, ordered, paid and recovered with the reason and the
correction before approving the closure."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.actions import case_transition
from casework.models import Case, CaseParty, Payment
from tests.factories import open_wage_case

from .helpers import demo_members, signed_in
from .helpers import fire as _fire
from .helpers import shot as _shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ordered(db):
    users = demo_members(
        [
            ("hrss.officer.xuecheng", "hrss", "xuecheng", "officer"),
            ("hrss.supervisor.xuecheng", "hrss", "xuecheng", "supervisor"),
        ]
    )
    officer = users["hrss.officer.xuecheng"]
    case = open_wage_case(amount="18600")
    case_transition(actor=officer, case_id=case.pk, name="accept", data={"comment": "予以立案"})
    due = (timezone.localdate() + timedelta(days=15)).isoformat()
    case_transition(
        actor=officer,
        case_id=case.pk,
        name="order_payment",
        data={"due_date": due, "amount": "18600"},
    )
    return case


def test_overpayment_correction_and_closure_check(live_server, browser, ordered, screenshot_dir):
    base, case = live_server.url, ordered
    today = timezone.localdate().isoformat()
    worker = CaseParty.objects.get(case=case)

    context, page = signed_in(browser, base, "hrss.officer.xuecheng", f"/cases/{case.pk}/")
    expect(page.locator("#money-owed")).to_contain_text("18,600.00")
    expect(page.locator("#money-ordered")).to_contain_text("18,600.00")
    expect(page.locator("#money-still-owed")).to_contain_text("18,600.00")

    # 1. The typo is refused beside the amount, the form stays open with what was typed.
    form = page.locator("#action-record_payment")
    form.locator("summary").click()
    form.locator('[name="amount"]').fill("99999")
    form.locator('[name="paid_on"]').fill(today)
    form.locator("button[type=submit]").click()
    form = page.locator("#action-record_payment")
    expect(form.locator('[name="amount"]')).to_have_attribute("aria-invalid", "true")
    expect(form).to_contain_text("超出本案尚欠金额 18,600.00 元")
    expect(form.locator('[name="amount"]')).to_have_value("99999")
    _shot(page, screenshot_dir, "money-overpayment-refused")
    assert Payment.objects.filter(case=case).count() == 0

    # 2. With a reason it is recorded, and marked on the payment.
    form.locator('[name="excess_reason"]').select_option("other_workers")
    form.locator('[name="excess_note"]').fill("用人单位称含其他班组工资")
    form.locator('[name="worker"]').select_option(str(worker.pk))
    form.locator("button[type=submit]").click()
    expect(page.locator(".message-success")).to_contain_text("已完成：记录工资支付")
    expect(page.locator("#money-paid")).to_contain_text("99,999.00")
    expect(page.locator("#parties")).to_contain_text("含本案未列明的其他劳动者的工资")

    # 3. It was a typo after all: corrected, chosen from the case's payments.
    typo = Payment.objects.get(case=case)
    _fire(
        page,
        "correct_payment",
        {"payment": str(typo.pk), "reason": "多录了两位数，实付18,600元"},
        "更正支付记录",
    )
    expect(page.locator("#money-paid")).to_contain_text("0.00")
    expect(page.locator(f"#payment-{typo.pk}-corrected")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("冲销 99,999.00 元")
    expect(page.locator("#action-correct_payment")).to_have_count(0)

    # 4. The right sum, credited to the worker, and the closure proposed.
    _fire(
        page,
        "record_payment",
        {"amount": "18600", "paid_on": today, "worker": str(worker.pk)},
        "记录工资支付",
    )
    expect(page.locator("#money-still-owed")).to_contain_text("0.00")
    _fire(
        page,
        "propose_closure",
        {"summary": "用人单位已足额支付。", "amount_recovered": "18600"},
        "申请结案",
    )
    _shot(page, screenshot_dir, "money-officer")
    context.close()

    # 5. The supervisor checks the money before approving.
    context, page = signed_in(browser, base, "hrss.supervisor.xuecheng", f"/cases/{case.pk}/")
    check = page.locator("#closure-check")
    expect(check.locator("#check-paid")).to_contain_text("18,600.00")
    expect(check.locator("#check-recovered")).to_contain_text("18,600.00")
    expect(check.locator("#check-still-owed")).to_contain_text("0.00")
    expect(check.locator("#check-explained")).to_contain_text("用人单位称含其他班组工资")
    expect(check.locator("#check-corrections")).to_contain_text("多录了两位数")
    _shot(page, screenshot_dir, "money-closure-check")
    _fire(page, "approve_closure", {"comment": "核对无误，同意结案。"}, "批准结案")
    context.close()

    case = Case.objects.get(pk=case.pk)
    assert case.status == "closed" and case.amount_recovered == Decimal("18600.00")
    assert sum(p.amount for p in Payment.objects.filter(case=case)) == Decimal("18600.00")
