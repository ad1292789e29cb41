"""The dashboard's charts read truly in Chromium: a district user's map gives no figures for
the districts outside the report, the map's labels keep WCAG AA contrast on every fill, the
markets' ring names every status in full on a phone, the trend says 暂无数据 for a period
with nothing in it, and the period's 统计 button stays on one line on a laptop. No page
error is logged on the way."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import DESKTOP, signed_in

from .conftest import seed_world, stats_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DISTRICTS = ["薛城区", "市中区", "滕州市", "峄城区", "台儿庄区", "山亭区"]
LAPTOP = {**DESKTOP, "viewport": {"width": 1366, "height": 800}}
PHONE_390 = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}


def watch_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def map_texts(page) -> list[str]:
    expect(page.locator("#dash-map svg")).to_contain_text("薛城区")
    return page.eval_on_selector_all("#dash-map svg text", "ts => ts.map(t => t.textContent)")


def test_a_district_user_sees_figures_for_its_own_district_only(live, browser):
    seed_world()
    year = str(timezone.localdate().year)
    mine = stats_as("hrss.officer.xuecheng", period=year)["totals"]
    context, page = signed_in(
        browser, live.url, "hrss.officer.xuecheng", f"/dashboard/?period={year}", LAPTOP
    )
    errors = watch_errors(page)
    try:
        texts = map_texts(page)
        for name in DISTRICTS:  # every district is still drawn and named
            assert any(name in t for t in texts), (name, texts)
        figures = [t.strip() for t in texts if "/" in t]
        # One label with figures, its own: the five others are not "0 / 0".
        assert figures == [f"{mine['backlog_open']} / {mine['backlog_overdue']}"], texts
        assert errors == []
    finally:
        context.close()


# The contrast of two CSS colours, as WCAG 2.1 defines it.
CONTRAST = """([a, b]) => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}"""

# Each map label's colour and the fill of the district under its middle (the card's white
# where no district is under it).
MAP_COLOURS = """(names) => {
  const svg = document.querySelector("#dash-map svg");
  const fill = (e) => getComputedStyle(e).fill;
  const labels = [...svg.querySelectorAll("text")].filter(
    (t) => names.some((n) => t.textContent.includes(n)) || /^\\d+ \\/ \\d+$/.test(t.textContent.trim())
  );
  return labels.map((t) => {
    const r = t.getBoundingClientRect();
    const under = document
      .elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2)
      .find((e) => e.tagName === "path" && svg.contains(e) && /^rgb/.test(fill(e)));
    return [t.textContent, fill(t), under ? fill(under) : "rgb(255, 255, 255)"];
  });
}"""


def test_map_labels_keep_aa_contrast_on_every_fill(live, browser):
    seed_world()
    year = str(timezone.localdate().year)
    context, page = signed_in(
        browser, live.url, "hrss.viewer.city", f"/dashboard/?period={year}", LAPTOP
    )
    errors = watch_errors(page)
    try:
        map_texts(page)
        pairs = page.evaluate(MAP_COLOURS, DISTRICTS)
        assert len(pairs) == 2 * len(DISTRICTS), pairs  # each district's name and figures
        # The city's districts have different numbers of open cases: several fills.
        assert len({under for _text, _colour, under in pairs}) >= 3, pairs
        for text, colour, under in pairs:
            ratio = page.evaluate(CONTRAST, [colour, under])
            assert ratio >= 4.5, (text, colour, under, ratio)
        assert errors == []
    finally:
        context.close()


def test_markets_are_named_in_full_on_a_phone(live, browser):
    seed_world()
    markets = stats_as("hrss.viewer.city")["markets"]
    context, page = signed_in(browser, live.url, "hrss.viewer.city", "/dashboard/", PHONE_390)
    errors = watch_errors(page)
    try:
        chart = page.locator("#dash-markets svg")
        for market in markets:
            expect(chart).to_contain_text(f"{market['label']} {market['count']}")
        texts = page.eval_on_selector_all(
            "#dash-markets svg text", "ts => ts.map(t => t.textContent)"
        )
        assert not [t for t in texts if "…" in t], texts
        assert errors == []
    finally:
        context.close()


def test_an_empty_period_says_so_in_the_trend(live, browser):
    seed_world()
    past = str(timezone.localdate().year - 5)
    context, page = signed_in(
        browser, live.url, "hrss.viewer.city", f"/dashboard/?period={past}", LAPTOP
    )
    errors = watch_errors(page)
    try:
        expect(page.locator("#dash-series svg")).to_contain_text("暂无数据")
        expect(page.locator("#dash-series")).to_have_attribute("data-empty", "true")
        # A period with cases draws its series, without the message.
        page.goto(f"{live.url}/dashboard/?period={timezone.localdate().year}")
        expect(page.locator("#dash-series")).to_have_attribute("data-empty", "false")
        expect(page.locator("#dash-series svg")).to_contain_text("受理")
        expect(page.locator("#dash-series svg")).not_to_contain_text("暂无数据")
        assert errors == []
    finally:
        context.close()


# The lines the text of an element is laid out on.
LINES = """(el) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
}"""


def test_the_period_button_stays_on_one_line_on_a_laptop(live, browser):
    seed_world()
    context, page = signed_in(browser, live.url, "hrss.viewer.city", "/dashboard/", LAPTOP)
    try:
        button = page.locator("#dash-form button[type=submit]")
        expect(button).to_have_text("统计")
        assert page.evaluate(LINES, button.element_handle()) == 1
        assert page.evaluate(LINES, page.locator("#dash-report").element_handle()) == 1
    finally:
        context.close()
