"""The export buttons of the case list page, in Chromium: the file holds the rows the page
shows for the filters chosen; a large list is built in the background, with its progress on
screen, and downloaded from there."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casework.models import Case
from tests.browser.helpers import DESKTOP, demo_members, login
from tests.factories import open_wage_case

from .conftest import read_export

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer(db):
    return demo_members([("hrss.officer.xuecheng", "hrss", "xuecheng", "officer")])[
        "hrss.officer.xuecheng"
    ]


@pytest.fixture
def listed(officer):
    cases = [open_wage_case(employer=f"导出测试单位{i}", credit_code="") for i in range(5)]
    open_wage_case(jurisdiction="shizhong", employer="市中导出测试单位", credit_code="")
    late = timezone.localdate() - timedelta(days=3)
    Case.objects.filter(pk__in=[cases[0].pk, cases[3].pk]).update(deadline=late)
    return cases


def shown_numbers(page) -> list[str]:
    return page.locator("tr[data-case]").evaluate_all(
        "rows => rows.map(r => r.getAttribute('data-case'))"
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_button_carries_the_filters(live_server, browser, officer, listed, fmt):
    ctx = browser.new_context(**DESKTOP, accept_downloads=True)
    ctx.set_default_timeout(15000)
    page = ctx.new_page()
    try:
        login(page, live_server.url, officer.username, "/cases/")
        page.check("#id_overdue")
        page.click("button:has-text('查询')")
        expect(page.locator("tr[data-case]")).to_have_count(2)
        numbers = shown_numbers(page)
        with page.expect_download() as info:
            page.click(f"#export-{fmt}")
        download = info.value
        assert download.suggested_filename.endswith(f".{fmt}")
        rows = read_export(fmt, Path(download.path()).read_bytes())
        assert [row[0] for row in rows[1:]] == numbers
    finally:
        ctx.close()


def test_a_large_export_shows_progress_and_then_the_download(
    live_server, browser, officer, listed, settings, tmp_path
):
    settings.EXPORT_BACKGROUND_ROWS = 3
    settings.MEDIA_ROOT = str(tmp_path)
    ctx = browser.new_context(**DESKTOP, accept_downloads=True)
    ctx.set_default_timeout(20000)
    page = ctx.new_page()
    try:
        login(page, live_server.url, officer.username, "/cases/")
        numbers = shown_numbers(page)
        assert len(numbers) == 5
        page.click("#export-xlsx")
        expect(page.locator("h1")).to_have_text("导出进度")
        expect(page.locator("#export-total")).to_have_text("5")
        expect(page.locator("#export-job")).to_have_attribute("data-status", "finished")
        expect(page.locator("#export-done")).to_have_text("5")
        with page.expect_download() as info:
            page.click("#export-download")
        rows = read_export("xlsx", Path(info.value.path()).read_bytes())
        assert [row[0] for row in rows[1:]] == numbers
    finally:
        ctx.close()
