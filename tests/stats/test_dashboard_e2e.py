"""The dashboard in Chromium on the real daphne server: the city leader's numbers, the map
of the districts, the drill-down city → district → unit → cases, and a number that moves
when a case arrives."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import shot, signed_in
from tests.factories import open_wage_case

from .conftest import seed_world, stats_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def kpi(page, name: str):
    return page.locator(f'#dash-kpis [data-kpi="{name}"] .kpi-value')


def test_city_leader_drills_down_to_the_cases(live, browser, screenshot_dir):
    seed_world()
    year = str(timezone.localdate().year)
    city = stats_as("hrss.viewer.city", period=year)
    base = live.url
    context, page = signed_in(browser, base, "hrss.viewer.city", "/dashboard/")
    expect(page.locator("nav.mainnav a[aria-current=page]")).to_have_text("统计看板")

    page.goto(f"{base}/dashboard/?period={year}")
    expect(page.locator("h1")).to_have_text("枣庄市统计看板")
    expect(kpi(page, "received")).to_have_text(str(city["totals"]["received"]))
    expect(kpi(page, "backlog_overdue")).to_have_text(str(city["totals"]["backlog_overdue"]))
    # The six districts drawn from the vendored map, each labelled with its open cases.
    xuecheng = next(r for r in city["by_jurisdiction"] if r["code"] == "xuecheng")
    expect(page.locator("#dash-map svg")).to_contain_text("薛城区")
    expect(page.locator("#dash-map svg")).to_contain_text("滕州市")
    row = page.locator('#dash-areas tr[data-area="xuecheng"]')
    expect(row.locator('[data-figure="received"]')).to_have_text(str(xuecheng["received"]))
    shot(page, screenshot_dir, "dashboard-city")

    # City → district.
    row.locator("a[data-drill]").click()
    page.wait_for_url("**/dashboard/?jurisdiction=xuecheng*")
    expect(page.locator("h1")).to_have_text("薛城区统计看板")
    expect(page.locator("#dash-crumbs a")).to_have_text("枣庄市")
    district = stats_as("hrss.viewer.city", jurisdiction="xuecheng", period=year)
    expect(kpi(page, "received")).to_have_text(str(district["totals"]["received"]))
    unit = next(r for r in district["by_unit"] if r["received"])

    # District → unit → the cases behind its number.
    page.locator(f'#dash-units a[data-drill-unit="{unit["unit"]}"]').click()
    page.wait_for_url(f"**/cases/?unit={unit['unit']}*")
    expect(page.locator("#drill-note")).to_contain_text(year)
    expect(page.locator("#drill-note")).to_contain_text(unit["name"])
    expect(page.locator("table.cases tbody tr")).to_have_count(min(unit["received"], 25))
    shot(page, screenshot_dir, "dashboard-drill-cases")

    # The numbers move when a case arrives: a collective complaint tells the city's leaders,
    # and the dashboard open on their screen fetches its figures again.
    page.goto(f"{base}/dashboard/?jurisdiction=xuecheng")
    expect(page.locator("#notif")).to_have_attribute("data-live", "true")
    before = stats_as("hrss.viewer.city", jurisdiction="xuecheng")["totals"]["received"]
    expect(kpi(page, "received")).to_have_text(str(before))
    open_wage_case(jurisdiction="xuecheng", workers=12, credit_code=None, employer="某劳务公司")
    expect(kpi(page, "received")).to_have_text(str(before + 1))
    context.close()


def test_officer_has_no_dashboard_link_and_the_market_map_has_outlines(live, browser):
    seed_world()
    base = live.url
    context, page = signed_in(browser, base, "hrss.officer.xuecheng", "/cases/")
    expect(page.locator("nav.mainnav")).not_to_contain_text("统计看板")
    response = page.goto(f"{base}/dashboard/?jurisdiction=shizhong")
    assert response.status == 404
    response = page.goto(f"{base}/dashboard/?period=2026-13")
    assert response.status == 400
    page.goto(f"{base}/dashboard/")
    expect(page.locator("h1")).to_have_text("薛城区统计看板")
    # Without a tile server the market map stands on the same six district outlines.
    page.goto(f"{base}/markets/")
    expect(page.locator("#market-map")).to_have_attribute("data-outlines", "6")
    expect(page.locator("#market-map path.district-outline")).to_have_count(6)
    expect(page.locator("#market-map path.market-marker").first).to_be_visible()
    context.close()


# The bounding boxes of a chart's SVG texts: its legend's entries, and every other label.
CHART_TEXTS = """([id, names]) => {
  const box = (t) => { const r = t.getBoundingClientRect(); return [r.top, r.bottom]; };
  const texts = [...document.querySelectorAll(`#${id} svg text`)];
  const legend = texts.filter((t) => names.includes(t.textContent.trim()));
  const others = texts.filter((t) => !legend.includes(t) && t.textContent.trim());
  return { legend: legend.map(box), others: others.map(box) };
}"""


def test_chart_legends_stand_above_their_plots(live, browser):
    # ECharts 6 puts a legend at the bottom unless told otherwise, where it fell on the
    # trend's date axis; the charts place theirs on top, above the grid's labels.
    seed_world()
    context, page = signed_in(browser, live.url, "hrss.viewer.city", "/dashboard/")
    charts = {"dash-series": ["受理", "办结"], "dash-kinds": ["受理", "在办", "超期"]}
    for chart_id, names in charts.items():
        expect(page.locator(f"#{chart_id} svg text").first).to_be_attached()
        boxes = page.evaluate(CHART_TEXTS, [chart_id, names])
        assert len(boxes["legend"]) == len(names), (chart_id, boxes)
        assert boxes["others"], chart_id
        legend_bottom = max(bottom for _, bottom in boxes["legend"])
        labels_top = min(top for top, _ in boxes["others"])
        assert legend_bottom <= labels_top, (chart_id, legend_bottom, labels_top)
    context.close()
