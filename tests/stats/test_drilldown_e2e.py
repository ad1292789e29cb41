"""In Chromium on the real server: the dashboard's rates, their numerators, the missed
clocks and the sums are links, and each lands on the case list of exactly the cases behind it
(the known world of drill_world.py), by mouse and by keyboard."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.browser.helpers import demo_members, shot, signed_in
from tests.disputes.walk import Actors

from . import drill_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def listed(page) -> set[str]:
    rows = page.locator("table.cases tbody tr")
    return set(rows.evaluate_all("rows => rows.map(r => r.dataset.case)"))


def test_a_rate_leads_to_the_cases_behind_it(live, browser, screenshot_dir):
    users = demo_members(
        [
            ("hrss.officer.xuecheng", "hrss", "xuecheng", "officer"),
            ("hrss.supervisor.xuecheng", "hrss", "xuecheng", "supervisor"),
            ("police.officer.xuecheng", "police", "xuecheng", "officer"),
            ("hrss.viewer.city", "hrss", "city", "viewer"),
        ]
    )
    world = drill_world.build(
        Actors(
            officer=users["hrss.officer.xuecheng"],
            supervisor=users["hrss.supervisor.xuecheng"],
            police=users["police.officer.xuecheng"],
        )
    )

    def cases(link: str) -> set[str]:
        return {world[n] for n in drill_world.LISTS[link]}

    year = str(timezone.localdate().year)
    dashboard = f"/dashboard/?jurisdiction=xuecheng&period={year}"
    context, page = signed_in(browser, live.url, "hrss.viewer.city", "/dashboard/")
    try:
        page.goto(live.url + dashboard)
        # The satisfaction rate: 2 satisfied answers of 3, over the two cases followed up.
        rate = page.locator('#dash-kpis [data-kpi="satisfaction"] .kpi-value a')
        expect(rate).to_have_text("66.7%")
        expect(rate).to_have_attribute("aria-label", "薛城区 满意率 66.7%，回访 3")
        sub = page.locator('#dash-kpis [data-kpi="satisfaction"] .rate-parts')
        expect(sub).to_have_text("2 / 3")
        assert_accessible(page)
        shot(page, screenshot_dir, "dashboard-rates")
        rate.click()
        page.wait_for_url(f"**/cases/?within=xuecheng&follow_up={year}")
        expect(page.locator("#drill-note")).to_contain_text(f"已回访（回访期间） {year}")
        expect(page.locator(".drill-count-note")).to_contain_text("多次回访只列一次")
        expect(page.locator("table.cases tbody tr")).to_have_count(2)
        assert listed(page) == cases("follow_up_cases")
        assert_accessible(page)
        shot(page, screenshot_dir, "dashboard-rate-cases")

        # The response rate's numerator in the district's row: the cases answered in time.
        page.goto(live.url + dashboard)
        row = page.locator('#dash-areas tr[data-area="xuecheng"]')
        timely = row.locator('[data-figure="response_timely"]')
        expect(timely).to_have_text("4")
        timely.click()
        page.wait_for_url(f"**/cases/?jurisdiction=xuecheng&response_timely={year}")
        expect(page.locator("table.cases tbody tr")).to_have_count(4)
        assert listed(page) == cases("response_timely_cases")

        # The unit's missed clocks, by keyboard.
        page.goto(live.url + dashboard)
        late = page.locator('#dash-units [data-figure="overdue"]')
        expect(late).to_have_text("2")
        late.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/cases/?unit=*&late={year}")
        expect(page.locator("#drill-note")).to_contain_text(f"超时（受理期间） {year}")
        expect(page.locator("table.cases tbody tr")).to_have_count(2)
        assert listed(page) == cases("late_cases")

        # The resolution rate of the kind table's closed cases: closed, and resolved.
        page.goto(live.url + dashboard)
        kind = page.locator('#dash-kind-table tr[data-kind="wage_arrears"]')
        kind.locator('[data-figure="resolved"]').click()
        page.wait_for_url(f"**/cases/?kind=wage_arrears&within=xuecheng&resolved={year}")
        assert listed(page) == cases("resolved_cases")
        page.go_back()
        page.locator('#dash-kpis [data-kpi="resolution"] .kpi-value a').click()
        page.wait_for_url(f"**/cases/?within=xuecheng&closed={year}")
        expect(page.locator("table.cases tbody tr")).to_have_count(3)
        assert listed(page) == cases("closed_cases")

        # The workers helped: the cases behind the number, and the list adds them up.
        page.goto(live.url + dashboard)
        helped = page.locator('#dash-kpis [data-kpi="workers_helped"] .kpi-value a')
        expect(helped).to_have_text("2")
        helped.click()
        page.wait_for_url(f"**/cases/?within=xuecheng&helped={year}")
        assert listed(page) == cases("resolved_cases")
        expect(page.locator('#drill-totals [data-total="workers_helped"]')).to_have_text("2")
        assert_accessible(page)

        # The wages owed of the kind table: the kind's cases received, and their sum.
        page.goto(live.url + dashboard)
        kind.locator('[data-figure="wages_owed"]').click()
        page.wait_for_url(f"**/cases/?kind=wage_arrears&within=xuecheng&wages={year}")
        assert listed(page) == cases("cases")
        expect(page.locator('#drill-totals [data-total="wages_owed"]')).to_have_text("35,000.00")

        # A bad period typed into the address bar: a message naming the filter, no list.
        response = page.goto(f"{live.url}/cases/?within=xuecheng&closed=2026-13")
        assert response.status == 400
        expect(page.locator("#filter-errors")).to_contain_text("办结期间（closed）")
        expect(page.locator("table.cases")).to_have_count(0)
        assert_accessible(page)
    finally:
        context.close()
