"""The gig-market map in Chromium: every seeded market is a marker; a marker's popup leads to
its market page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from casework.demo import seed_markets
from casework.models import Case, Market
from permissions.services import ensure_units, load_departments, load_jurisdictions
from tests.factories import member, open_wage_case

pytestmark = [
    pytest.mark.browser,
    # The live server reads what the test writes: real commits.
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "gigcase-demo"
FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"}


@pytest.fixture
def seeded(db):
    load_departments(FIXTURES / "departments.csv")
    load_jurisdictions(FIXTURES / "zaozhuang-jurisdictions.csv")
    ensure_units()
    seed_markets()
    officer = member("hrss.officer.xuecheng", "hrss", "xuecheng", "officer")
    officer.set_password(PASSWORD)
    officer.save()
    market = Market.objects.get(name="薛城区临山路零工市场")
    case = open_wage_case()
    Case.objects.filter(pk=case.pk).update(market=market)
    return market, case


def _shot(page: Page, directory: Path | None, name: str) -> None:
    if directory is not None:
        page.screenshot(path=str(directory / f"{name}.png"), full_page=True)


def test_map_shows_every_market_and_leads_to_its_page(live_server, browser, seeded, screenshot_dir):
    market, case = seeded
    base = live_server.url
    context = browser.new_context(**DESKTOP)
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/?next=/markets/")
    page.fill("#id_username", "hrss.officer.xuecheng")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('登录')")
    page.wait_for_url(f"{base}/markets/")

    total = Market.objects.count()
    assert total >= 40
    markers = page.locator("#market-map path.market-marker")
    expect(markers).to_have_count(total)
    expect(page.locator("table.markets tbody tr")).to_have_count(total)
    # Every status has its colour; the district seats are labelled on the plain background.
    for status in ("registered", "rectifying", "banned", "closed"):
        assert page.locator(f"path.market-marker-{status}").count() > 0, status
    expect(page.locator(".seat-label", has_text="滕州市")).to_be_visible()
    # Markers are placed by lon/lat: 滕州市 (north-west) is left of and above 台儿庄区.
    teng = page.locator(f'path[data-market="{_pk("滕州市善国路零工市场")}"]').bounding_box()
    tai = page.locator(f'path[data-market="{_pk("台儿庄区运河街道零工市场")}"]').bounding_box()
    assert teng["x"] < tai["x"] and teng["y"] < tai["y"]
    _shot(page, screenshot_dir, "market-map-1280")

    marker = page.locator(f'path[data-market="{market.pk}"]')
    marker.click(force=True)
    popup = page.locator(f'.market-popup[data-market="{market.pk}"]')
    expect(popup).to_contain_text(market.name)
    expect(popup).to_contain_text("在办案件：1")
    popup.locator("a.market-link").click()
    page.wait_for_url(f"{base}/markets/{market.pk}/")
    expect(page.locator("h1")).to_have_text(market.name)
    expect(page.locator("ul.facilities li")).to_have_count(6)
    expect(page.locator(f'tr[data-case="{case.number}"]')).to_be_visible()
    _shot(page, screenshot_dir, "market-page-1280")
    context.close()


def _pk(name: str) -> int:
    return Market.objects.get(name=name).pk
