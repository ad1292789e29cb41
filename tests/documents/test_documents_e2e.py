"""Documents in Chromium: the officer downloads a notice and builds the dossier from the
case page; the complainant downloads the notice addressed to them from the status page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from casework.models import Document
from tests.browser.helpers import PHONE, fresh, make_demo_users, signed_in, track
from tests.disputes.walk import Actors, fire
from tests.factories import member, open_wage_case

from .pdf import pdf_fonts, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_documents_are_downloaded_from_the_case_and_status_pages(
    live_server, browser, tmp_path, settings
):
    base = live_server.url
    users = make_demo_users("officer", "supervisor")
    actors = Actors(
        officer=users["officer"],
        supervisor=users["supervisor"],
        police=member("police.officer.xuecheng", "police", "xuecheng", "officer"),
    )
    case = open_wage_case()
    fire(case.pk, "accept", actors)
    fire(case.pk, "order_payment", actors)
    notice = Document.objects.get(case=case, name="acceptance_notice")

    officer, page = signed_in(browser, base, "hrss.officer.xuecheng", f"/cases/{case.pk}/")
    panel = page.locator("#documents")
    expect(panel.locator("[data-document]")).to_have_count(2)
    expect(panel).to_contain_text(notice.number)
    with page.expect_download() as info:
        panel.locator("[data-document=acceptance_notice]").click()
    path = Path(tmp_path / "notice.pdf")
    info.value.save_as(path)
    data = path.read_bytes()
    assert "受理通知书" in pdf_text(data) and case.number in pdf_text(data)
    assert all(f["emb"] == "yes" for f in pdf_fonts(data))

    page.click("#build-dossier")
    page.wait_for_url(f"{base}/cases/{case.pk}/#documents")
    expect(panel.locator("[data-document=dossier]")).to_have_count(1)
    with page.expect_download() as info:
        panel.locator("[data-document=dossier]").click()
    info.value.save_as(tmp_path / "dossier.pdf")
    assert "七、审计记录摘录" in pdf_text((tmp_path / "dossier.pdf").read_bytes())

    # A large case's dossier: built in the background, its progress page polls to the end.
    settings.DOSSIER_INLINE_ROWS = 0
    page.click("#build-dossier")
    page.wait_for_url(f"{base}/cases/{case.pk}/documents/jobs/*/")
    expect(page.locator("#job-progress")).to_be_visible()
    expect(page.locator("#dossier-job")).to_have_attribute("data-status", "finished", timeout=30000)
    with page.expect_download() as info:
        page.click("#job-download-link")
    info.value.save_as(tmp_path / "dossier-2.pdf")
    assert "第2卷" in pdf_text((tmp_path / "dossier-2.pdf").read_bytes())

    worker, page = fresh(browser, PHONE)
    body = track(page, base, case.tracking_number, case.access_code)
    assert "下载受理通知书" in body and "限期支付指令书" not in body
    with page.expect_download() as info:
        page.click("[data-document=acceptance_notice]")
    info.value.save_as(tmp_path / "public.pdf")
    assert (tmp_path / "public.pdf").read_bytes() == data
    for context in (officer, worker):
        context.close()
