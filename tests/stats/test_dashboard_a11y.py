"""The dashboard passes axe-core (WCAG 2.1 A and AA), fits a 360-px phone and works by
keyboard: its numbers, tables and drill-down links are reachable with Tab."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.a11y import PHONE_360, assert_accessible, assert_fits_width, tab_order
from tests.browser.helpers import DESKTOP, signed_in

from .conftest import seed_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("profile", [DESKTOP, PHONE_360], ids=["desktop", "phone-360"])
def test_the_dashboard_is_accessible(live, browser, profile):
    seed_world()
    year = timezone.localdate().year
    context, page = signed_in(
        browser, live.url, "hrss.viewer.city", f"/dashboard/?period={year}", profile
    )
    try:
        expect(page.locator("h1")).to_have_text("枣庄市统计看板")
        expect(page.locator("#dash-map svg")).to_contain_text("薛城区")
        expect(page.locator('#dash-areas tr[data-area="xuecheng"] a[data-drill]')).to_be_visible()
        assert_accessible(page)
        assert_fits_width(page)

        stops = tab_order(page)
        drills = [s for s in stops if s["tag"] == "a" and s["visible"]]
        assert any("薛城区" in s["text"] for s in drills), stops
        assert all(s["inside"] for s in stops if s["visible"]), stops

        # A district's page, reached by keyboard: focus the drill-down link, press Enter.
        link = page.locator('#dash-areas tr[data-area="xuecheng"] a[data-drill]')
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/dashboard/?jurisdiction=xuecheng*")
        expect(page.locator("h1")).to_have_text("薛城区统计看板")
        assert_accessible(page)
        assert_fits_width(page)
    finally:
        context.close()
