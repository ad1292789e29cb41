"""The public complaint and status pages: axe-core (WCAG 2.1 A/AA) finds nothing, they fit a
360-px phone, and a complaint can be filed and followed with the keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from casework.models import Case
from tests.a11y import (
    PHONE_360,
    assert_accessible,
    assert_fits_width,
    date_order,
    tab_order,
    type_date,
)
from tests.browser.helpers import DESKTOP
from tests.factories import VALID_ID, VALID_PHONE, load_reference_data, open_wage_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTEXTS = {"phone": PHONE_360, "desktop": DESKTOP}


@pytest.fixture
def reference(db):
    load_reference_data()


def open_page(browser, context: str, url: str):
    ctx = browser.new_context(**CONTEXTS[context])
    ctx.set_default_timeout(15000)
    page = ctx.new_page()
    page.goto(url)
    return ctx, page


@pytest.mark.parametrize("context", ["phone", "desktop"])
@pytest.mark.parametrize("kind", ["wage_arrears", "labour_dispute", "discrimination"])
def test_complaint_page_passes_axe(live_server, browser, reference, context, kind):
    ctx, page = open_page(browser, context, f"{live_server.url}/complaint/?kind={kind}")
    try:
        assert_accessible(page)
        assert_fits_width(page)
    finally:
        ctx.close()


@pytest.mark.parametrize("context", ["phone", "desktop"])
def test_complaint_errors_pass_axe(live_server, browser, reference, context):
    ctx, page = open_page(browser, context, f"{live_server.url}/complaint/")
    try:
        # Submitted empty (the browser's own checks off): the page with every field's error.
        page.evaluate("() => document.getElementById('complaint-form').noValidate = true")
        page.locator("#complaint-form button[type=submit]").click()
        expect(page.locator(".error-summary")).to_be_visible()
        # Keyboard and screen-reader users start at the summary, which links each field.
        expect(page.locator("#error-summary")).to_be_focused()
        page.locator("#error-summary a[href='#complaint-complainant-name']").click()
        expect(page.locator("#complaint-complainant-name")).to_be_focused()
        assert_accessible(page)
        assert_fits_width(page)
    finally:
        ctx.close()


@pytest.mark.parametrize("context", ["phone", "desktop"])
def test_status_pages_pass_axe(live_server, browser, reference, context):
    case = open_wage_case()
    ctx, page = open_page(browser, context, f"{live_server.url}/track/")
    try:
        assert_accessible(page)
        assert_fits_width(page)
        page.fill("#track-number", case.tracking_number)
        page.fill("#track-code", "000000" if case.access_code != "000000" else "111111")
        page.locator("form.card button[type=submit]").click()
        expect(page.locator("#track-not-found")).to_be_visible()
        assert_accessible(page)
        page.fill("#track-code", case.access_code)
        page.locator("form.card button[type=submit]").click()
        expect(page.locator("#public-status")).to_be_visible()
        assert_accessible(page)
        assert_fits_width(page)
    finally:
        ctx.close()


@pytest.mark.parametrize("kind", ["wage_arrears", "labour_dispute", "discrimination"])
def test_every_control_is_reachable_by_tab_on_a_phone(live_server, browser, reference, kind):
    ctx, page = open_page(browser, "phone", f"{live_server.url}/complaint/?kind={kind}")
    try:
        controls = page.evaluate(
            """() => [...document.querySelectorAll(
                    '#complaint-form input:not([type=hidden]), #complaint-form select, '
                    + '#complaint-form textarea, #complaint-form button')]
                .map(el => el.getAttribute('name') || el.getAttribute('type'))"""
        )
        assert "complainant.name" in controls and "submit" in controls
        order = tab_order(page)
        reached = [stop["name"] or stop["type"] for stop in order]
        for control in controls:
            # A radio group is one tab stop; its options are chosen with the arrow keys.
            assert control in reached, f"Tab never reaches {control!r}: {reached}"
        assert all(stop["visible"] and stop["inside"] for stop in order), order
        # The skip link comes first, and the form's fields come in the order they are shown.
        assert order[0]["text"] == "跳到正文"
        form_order = [r for r in reached if r in controls]
        assert form_order == list(dict.fromkeys(controls))
    finally:
        ctx.close()


def keyboard_select(page, value: str) -> None:
    """Choose `value` in the focused select with the arrow keys alone."""
    for _ in range(60):
        if page.evaluate("() => document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"the arrow keys never reached {value!r}")


def test_a_complaint_can_be_filed_with_the_keyboard_alone(live_server, browser, reference):
    from datetime import timedelta

    from django.utils import timezone

    occurred = timezone.localdate() - timedelta(days=20)
    typed = {
        "complainant.name": "赵六",
        "complainant.phone": VALID_PHONE,
        "complainant.id_number": VALID_ID,
        "employer.name": "枣庄键盘测试建筑有限公司",
        "workers_count": "2",
        "amount_owed": "6400",
        "occurred_on": occurred,
        "description": "只用键盘填写的投诉：工地两个月工资未付。",
    }
    chosen = {"jurisdiction": "xuecheng"}
    ctx, page = open_page(browser, "phone", f"{live_server.url}/complaint/")
    try:
        order = date_order(ctx)
        filled: set[str] = set()
        for _ in range(120):
            page.keyboard.press("Tab")
            name, tag = page.evaluate(
                "() => [document.activeElement.getAttribute('name') || '',"
                " document.activeElement.tagName.toLowerCase()]"
            )
            if name in typed and name not in filled:
                if isinstance(typed[name], str):
                    page.keyboard.type(typed[name])
                else:
                    type_date(page, typed[name], order)
                filled.add(name)
            elif name in chosen and name not in filled:
                keyboard_select(page, chosen[name])
                filled.add(name)
            elif tag == "button" and page.evaluate(
                "() => document.activeElement.closest('#complaint-form') !== null"
            ):
                assert filled == set(typed) | set(chosen), filled
                page.keyboard.press("Enter")
                break
        else:
            pytest.fail("Tab never reached the submit button")
        page.wait_for_url(re.compile(r".*/complaint/filed/$"))
        tracking = page.inner_text("#tracking-number").strip()
        assert_accessible(page)
        assert_fits_width(page)
    finally:
        ctx.close()
    case = Case.objects.get(tracking_number=tracking)
    assert case.employer.name == "枣庄键盘测试建筑有限公司"
    assert case.occurred_on == occurred and case.workers_count == 2
    assert case.jurisdiction.code == "xuecheng"


@pytest.mark.parametrize(
    "status", ["investigating", "ordered", "transferred", "closed", "rejected"]
)
def test_status_page_in_every_colour_passes_axe(live_server, browser, reference, status):
    case = open_wage_case()
    Case.objects.filter(pk=case.pk).update(status=status)
    ctx, page = open_page(browser, "phone", f"{live_server.url}/track/")
    try:
        page.fill("#track-number", case.tracking_number)
        page.fill("#track-code", case.access_code)
        page.locator("form.card button[type=submit]").click()
        expect(page.locator("#public-status")).to_have_class(re.compile(f"status-{status}"))
        assert_accessible(page)
        assert_fits_width(page)
    finally:
        ctx.close()


def test_status_can_be_looked_up_with_the_keyboard_alone(live_server, browser, reference):
    case = open_wage_case()
    ctx, page = open_page(browser, "phone", f"{live_server.url}/track/")
    try:
        order = tab_order(page)
        names = [stop["name"] for stop in order]
        assert names.index("tracking_number") < names.index("access_code")
        assert all(stop["visible"] and stop["inside"] for stop in order), order
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        values = {"tracking_number": case.tracking_number, "access_code": case.access_code}
        for _ in range(40):
            page.keyboard.press("Tab")
            name = page.evaluate("() => document.activeElement.getAttribute('name') || ''")
            if name in values:
                page.keyboard.type(values.pop(name))
                if not values:
                    page.keyboard.press("Enter")  # submits the form from its last field
                    break
        else:
            pytest.fail(f"Tab never reached {sorted(values)}")
        expect(page.locator("#public-status")).to_have_text("待受理")
        # The way back is reachable too.
        assert any(stop["text"] == "查询其他投诉" for stop in tab_order(page))
    finally:
        ctx.close()
