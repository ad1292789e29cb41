"""Large exports: built in the background with their progress recorded, fetched only by the
user who asked for them, audited; the periodic job picks up what was left pending."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from guardian.shortcuts import assign_perm

from casework.actions import exports as export_actions
from casework.models import AuditEvent, Case, CaseExport, ExportStatus
from casework.policies import case_policy
from tests.api.conftest import login
from tests.factories import member
from tests.polling import wait_until

from .conftest import read_export


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def small_threshold(settings):
    # Four xuecheng cases in `cases`: more than two go to the background.
    settings.EXPORT_BACKGROUND_ROWS = 2


def test_up_to_the_threshold_the_file_is_the_answer(cases, hrss_officer, settings, media):
    settings.EXPORT_BACKGROUND_ROWS = 4
    r = login(hrss_officer).get("/api/v1/cases/export/", {"format": "csv"})
    assert r.status_code == 200 and len(read_export("csv", r.content)) == 5
    assert not CaseExport.objects.exists()


def test_progress_is_recorded_while_the_file_is_built(
    cases, hrss_officer, small_threshold, media, monkeypatch
):
    r = login(hrss_officer).get("/api/v1/cases/export/", {"format": "xlsx"})
    assert r.status_code == 202, r.content
    body = r.json()
    assert body["status"] == "pending" and body["total"] == 4 and body["download_url"] is None
    assert r["Location"] == f"/api/v1/exports/{body['id']}/"

    # Watch the recorded progress as each row is written (the test transaction never
    # commits, so the thread that would have run it never starts: run it here).
    seen: list[tuple[str, int]] = []
    rows = export_actions.export_rows

    def watched(cases_qs, handled):
        for row in rows(cases_qs, handled):
            job = CaseExport.objects.get(pk=body["id"])
            seen.append((job.status, job.done))
            yield row

    monkeypatch.setattr(export_actions, "export_rows", watched)
    monkeypatch.setattr(export_actions, "PROGRESS_EVERY", 2)
    job = export_actions.export_job_run(body["id"])
    assert seen == [("running", 0), ("running", 0), ("running", 2), ("running", 2)]
    assert job.status == ExportStatus.FINISHED and job.done == job.total == 4
    assert export_actions.export_job_run(body["id"]) is None  # never built twice
    audit = AuditEvent.objects.get(verb="casework.cases.exported")
    assert audit.payload["export"] == job.pk and audit.payload["rows"] == 4


@pytest.mark.django_db(transaction=True)
def test_background_export_end_to_end(small_threshold, media):
    from tests.factories import load_reference_data, open_wage_case

    # A transactional test starts from the previous one's flush: departments included.
    load_reference_data()
    officer = member("hrss.officer.xuecheng", "hrss", "xuecheng", "officer")
    colleague = member("hrss.officer2.xuecheng", "hrss", "xuecheng", "officer")
    for i in range(3):
        open_wage_case(employer=f"用人单位{i}", credit_code="")
    open_wage_case(jurisdiction="shizhong", employer="市中某公司", credit_code="")

    client = login(officer)
    r = client.get("/api/v1/cases/export/", {"format": "csv", "q": "用人单位"})
    assert r.status_code == 202, r.content
    status_url = r["Location"]

    # The thread started on commit builds it; poll as a client would.
    done = wait_until(
        lambda: (b := client.get(status_url).json())["status"] == "finished" and b,
        "the background export did not finish",
    )
    assert done["total"] == done["done"] == 3
    listed = client.get("/api/v1/cases/", {"q": "用人单位"}).json()["results"]

    # Someone else, even of the same unit, neither sees nor fetches it.
    other = login(colleague)
    assert other.get(status_url).status_code == 404
    assert other.get(done["download_url"]).status_code == 404

    r = client.get(done["download_url"])
    assert r.status_code == 200
    rows = read_export("csv", b"".join(r.streaming_content))
    assert [row[0] for row in rows[1:]] == [row["number"] for row in listed]
    assert AuditEvent.objects.filter(verb="casework.export.downloaded", actor=officer).count() == 1
    assert not AuditEvent.objects.filter(
        verb="casework.export.downloaded", actor=colleague
    ).exists()


def test_download_before_it_is_ready_is_409(cases, hrss_officer, small_threshold, media):
    client = login(hrss_officer)
    r = client.get("/api/v1/cases/export/", {"format": "csv"})
    job_id = r.json()["id"]
    r = client.get(f"/api/v1/exports/{job_id}/download/")
    assert r.status_code == 409
    assert client.get("/api/v1/exports/999999/").status_code == 404


def test_periodic_job_builds_what_was_left_and_removes_old_files(
    cases, hrss_officer, small_threshold, media, settings
):
    r = login(hrss_officer).get("/api/v1/cases/export/", {"format": "csv"})
    job_id = r.json()["id"]
    assert export_actions.run_pending_exports() == 1
    job = CaseExport.objects.get(pk=job_id)
    assert job.status == ExportStatus.FINISHED and job.file
    path = Path(job.file.path)
    assert path.exists() and path.is_relative_to(media)
    assert export_actions.run_pending_exports() == 0
    CaseExport.objects.filter(pk=job_id).update(
        created_at=timezone.now() - timedelta(hours=settings.EXPORT_KEEP_HOURS + 1)
    )
    export_actions.run_pending_exports()
    assert not CaseExport.objects.filter(pk=job_id).exists() and not path.exists()


def test_a_failed_export_says_so(cases, hrss_officer, small_threshold, media, monkeypatch):
    r = login(hrss_officer).get("/api/v1/cases/export/", {"format": "csv"})

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export_actions.files, "write", broken)
    job = export_actions.export_job_run(r.json()["id"])
    assert job.status == ExportStatus.FAILED and "disk full" in job.error
    assert not AuditEvent.objects.filter(verb="casework.cases.exported").exists()


def test_handled_scope_agrees_with_the_policy(cases, org, hrss_officer, city_viewer):
    task_force = member("police.officer.taskforce", "police", "xuecheng", "officer")
    target = cases["xuecheng"][2]
    assign_perm("casework.view_case", task_force, target)
    assign_perm("casework.handle_case", task_force, target)
    everything = Case.objects.all()
    for user in (hrss_officer, city_viewer, task_force):
        expected = {c.pk for c in everything if case_policy.can(user, "handle", c)}
        visible = case_policy.scope(user, "view", everything)
        assert set(case_policy.handled(user, visible).values_list("pk", flat=True)) == expected
    assert {c.pk for c in everything if case_policy.can(task_force, "handle", c)} == {target.pk}
    assert {c.pk for c in everything if case_policy.can(hrss_officer, "handle", c)} == {
        cases["handled"].pk
    }
