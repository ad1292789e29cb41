"""The monthly statistics report downloaded from the dashboard in Chromium."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import demo_members, signed_in
from tests.documents.pdf import pdf_fonts, pdf_text
from tests.factories import open_wage_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_city_leader_downloads_the_month_shown_on_the_dashboard(live_server, browser, tmp_path):
    demo_members([("hrss.viewer.city", "hrss", "city", "viewer")])
    for place in ("xuecheng", "xuecheng", "tengzhou"):
        open_wage_case(jurisdiction=place, credit_code=None, employer=f"{place}某劳务公司")
    today = timezone.localdate()
    month = today.strftime("%Y-%m")

    context, page = signed_in(
        browser, live_server.url, "hrss.viewer.city", f"/dashboard/?period={month}"
    )
    link = page.locator("#dash-report")
    expect(link).to_have_text(f"下载{today.year}年{today.month}月统计通报（PDF）")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"tongbao-city-{month}.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = path.read_bytes()
    text = pdf_text(data)
    assert f"枣庄市{today.year}年{today.month}月案件办理情况通报" in text
    assert "枣庄市共受理案件3件" in text
    assert "薛城区" in text and "滕州市" in text
    assert all(f["emb"] == "yes" for f in pdf_fonts(data))
    context.close()
