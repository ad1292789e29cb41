"""The progress pages of background jobs (a dossier, a case-list export, a bulk
reassignment) follow their job while it runs, without a reload: the one poller,
static/js/job-progress.js, fed by each page's progress answer."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casework.models import CaseExport, DossierJob, ExportStatus, ReassignmentJob
from casework.models.documents import DossierStatus
from casework.models.transfer import JobStatus as ReassignStatus
from permissions.selectors import unit_for
from tests.factories import open_wage_case

from .helpers import demo_members, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUPERVISOR, OFFICER = "hrss.supervisor.xuecheng", "hrss.officer.xuecheng"


@pytest.fixture
def people(db):
    return demo_members(
        [(SUPERVISOR, "hrss", "xuecheng", "supervisor"), (OFFICER, "hrss", "xuecheng", "officer")]
    )


def progress_value(page, selector: str) -> float:
    return page.eval_on_selector(selector, "bar => bar.value")


def test_the_reassignment_page_follows_its_job_to_the_end(live_server, browser, people):
    job = ReassignmentJob.objects.create(
        actor=people[SUPERVISOR],
        from_user=people[OFFICER],
        unit=unit_for("hrss", "xuecheng"),
        total=3,
        status=ReassignStatus.RUNNING,
    )
    context, page = signed_in(browser, live_server.url, SUPERVISOR, f"/reassign/{job.pk}/")
    try:
        expect(page.locator("#reassign-job")).to_have_attribute("data-status", "running")
        expect(page.locator("#job-done")).to_have_text("0")
        ReassignmentJob.objects.filter(pk=job.pk).update(
            done=2,
            failed=1,
            status=ReassignStatus.FINISHED,
            errors=[{"case": "XC-2026-0001", "error": "案件已结案"}],
        )
        expect(page.locator("#reassign-job")).to_have_attribute("data-status", "finished")
        expect(page.locator("#job-status")).to_have_text("已完成")
        expect(page.locator("#job-done")).to_have_text("2")
        expect(page.locator("#job-failed")).to_have_text("1")
        expect(page.locator("#job-errors li")).to_have_text(["XC-2026-0001 案件已结案"])
        assert progress_value(page, "#job-progress") == 3
    finally:
        context.close()


def test_the_export_page_offers_the_file_once_the_job_finishes(live_server, browser, people):
    job = CaseExport.objects.create(
        requested_by=people[OFFICER], format="csv", total=5, done=1, status=ExportStatus.RUNNING
    )
    context, page = signed_in(browser, live_server.url, OFFICER, f"/exports/{job.pk}/")
    try:
        expect(page.locator("#export-done")).to_have_text("1")
        expect(page.locator("#export-ready")).to_be_hidden()
        CaseExport.objects.filter(pk=job.pk).update(done=5, status=ExportStatus.FINISHED)
        expect(page.locator("#export-job")).to_have_attribute("data-status", "finished")
        expect(page.locator("#export-done")).to_have_text("5")
        expect(page.locator("#export-ready")).to_be_visible()
        expect(page.locator("#export-download")).to_have_attribute(
            "href", f"/exports/{job.pk}/download/"
        )
        assert progress_value(page, "#export-progress") == 5
    finally:
        context.close()


def test_the_dossier_page_shows_a_failed_build_and_offers_no_file(live_server, browser, people):
    case = open_wage_case()
    job = DossierJob.objects.create(
        case=case, requested_by=people[OFFICER], total=10, done=4, status=DossierStatus.RUNNING
    )
    path = f"/cases/{case.pk}/documents/jobs/{job.pk}/"
    context, page = signed_in(browser, live_server.url, OFFICER, path)
    try:
        expect(page.locator("#job-done")).to_have_text("4")
        DossierJob.objects.filter(pk=job.pk).update(
            status=DossierStatus.FAILED, error="排版中断，请重新生成。"
        )
        expect(page.locator("#dossier-job")).to_have_attribute("data-status", "failed")
        expect(page.locator("#job-status")).to_have_text("生成失败")
        expect(page.locator("#job-error")).to_have_text("排版中断，请重新生成。")
        expect(page.locator("#job-download")).to_be_hidden()
    finally:
        context.close()
