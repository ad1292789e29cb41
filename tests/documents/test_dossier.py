"""The case dossier (案卷) on request: its content read back, parties as the reader sees
them, built at once when small and in the background with progress when large."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from casework.actions import case_attach
from casework.documents.jobs import dossier_request, dossier_run
from casework.models import AuditEvent, Document, DossierJob
from tests.casework.test_attachments import png_bytes
from tests.factories import VALID_ID, VALID_PHONE, member
from tests.polling import wait_until

from .pdf import pdf_fonts, pdf_text
from .test_issue import MASKED_ID


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _read(name: str, case) -> bytes:
    with Document.objects.get(case=case, name=name).file.open("rb") as fh:
        return fh.read()


def test_a_small_dossier_is_built_at_once_with_every_section(closed_wage_case, city_viewer):
    case_attach(
        actor=closed_wage_case.assignee,
        case_id=closed_wage_case.pk,
        upload=SimpleUploadedFile("工资条.png", png_bytes()),
        description="工资条照片",
    )
    r = api(city_viewer).post(f"/api/v1/cases/{closed_wage_case.pk}/documents/dossier/")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "finished" and body["document"] == "dossier"
    document = Document.objects.get(case=closed_wage_case, name="dossier")
    assert document.created_by == city_viewer and not document.restricted
    data = _read("dossier", closed_wage_case)
    assert all(f["emb"] == "yes" for f in pdf_fonts(data))
    text = pdf_text(data)
    for phrase in [
        "案卷",
        closed_wage_case.number,
        "一、案情",
        "工地干活两个月",
        "二、当事人",
        "张三",
        MASKED_ID,  # a viewer does not handle the case: masked
        "三、法定时限",
        "调查处理期限",
        "四、办理记录",
        "受理立案",
        "五、决定与文书",
        "受理通知书",
        "涉嫌犯罪案件移送函",
        "六、证据材料目录",
        "工资条.png",
        "七、审计记录摘录",
        "批准结案结案待审批→已结案",  # the transition and the states by their labels
    ]:
        assert phrase in text, phrase
    assert VALID_ID not in text and VALID_PHONE not in text
    # Every issued document's number is listed among the decisions.
    for number in Document.objects.exclude(name="dossier").values_list("number", flat=True):
        assert number in text
    event = AuditEvent.objects.get(verb="casework.document.dossier_built")
    assert event.actor == city_viewer and event.payload["name"] == "dossier"


def test_the_handling_officers_dossier_is_unmasked_audited_and_theirs_alone(
    closed_wage_case, hrss_officer, city_viewer
):
    pii_before = AuditEvent.objects.filter(verb="casework.pii.viewed").count()
    r = api(hrss_officer).post(f"/api/v1/cases/{closed_wage_case.pk}/documents/dossier/")
    assert r.status_code == 201
    document = Document.objects.get(case=closed_wage_case, name="dossier")
    assert document.restricted
    text = pdf_text(_read("dossier", closed_wage_case))
    assert VALID_ID in text and VALID_PHONE in text
    assert AuditEvent.objects.filter(verb="casework.pii.viewed").count() == pii_before + 1
    # A viewer neither sees it listed nor gets it.
    viewer = api(city_viewer)
    names = [
        row["name"] for row in viewer.get(f"/api/v1/cases/{closed_wage_case.pk}/documents/").json()
    ]
    assert "dossier" not in names and "acceptance_notice" in names
    r = viewer.get(f"/api/v1/cases/{closed_wage_case.pk}/documents/dossier.pdf")
    assert r.status_code == 404
    assert (
        api(hrss_officer)
        .get(f"/api/v1/cases/{closed_wage_case.pk}/documents/dossier.pdf")
        .status_code
        == 200
    )


def test_a_second_dossier_is_a_new_record(closed_wage_case, city_viewer):
    client = api(city_viewer)
    client.post(f"/api/v1/cases/{closed_wage_case.pk}/documents/dossier/")
    r = client.post(f"/api/v1/cases/{closed_wage_case.pk}/documents/dossier/")
    assert r.json()["document"] == "dossier-2"
    numbers = list(
        Document.objects.filter(case=closed_wage_case, code="dossier").values_list(
            "number", flat=True
        )
    )
    assert numbers == [f"{closed_wage_case.number} 第1卷", f"{closed_wage_case.number} 第2卷"]
    assert "第2卷" in pdf_text(_read("dossier-2", closed_wage_case))


def test_progress_is_recorded_while_it_is_laid_out(
    closed_wage_case, hrss_officer, monkeypatch, settings
):
    # A small dossier is laid out in less than the half second between two progress writes.
    settings.DOSSIER_PROGRESS_SECONDS = 0
    seen: list[tuple[int, int]] = []
    job = dossier_request(actor=hrss_officer, case_id=closed_wage_case.pk)
    from casework.documents import jobs

    real = jobs._progress

    def recording(job_):
        callback = real(job_)

        def wrapped(kind, value):
            callback(kind, value)
            row = DossierJob.objects.get(pk=job_.pk)
            seen.append((row.done, row.total))

        return wrapped

    monkeypatch.setattr(jobs, "_progress", recording)
    dossier_run(job)
    job.refresh_from_db()
    assert job.status == "finished" and job.document.name == "dossier"
    assert job.total > 0 and job.done == job.total
    # Progress was written during the layout, not only at the end.
    partial = [done for done, total in seen if 0 < done < total]
    assert partial, seen


def test_progress_is_written_no_more_often_than_it_is_read(
    closed_wage_case, hrss_officer, monkeypatch, settings
):
    """With the interval longer than the layout, the only writes are the size estimate and
    the end: the page, asking every second, would not have seen the others."""
    settings.DOSSIER_PROGRESS_SECONDS = 3600
    from casework.documents import jobs

    writes: list[tuple[str, int]] = []
    real = jobs._progress

    def recording(job_):
        callback = real(job_)

        def wrapped(kind, value):
            before = DossierJob.objects.values_list("done", "total").get(pk=job_.pk)
            callback(kind, value)
            after = DossierJob.objects.values_list("done", "total").get(pk=job_.pk)
            if after != before:
                writes.append((kind, value))

        return wrapped

    monkeypatch.setattr(jobs, "_progress", recording)
    job = dossier_run(dossier_request(actor=hrss_officer, case_id=closed_wage_case.pk))
    assert [kind for kind, _value in writes] == ["SIZE_EST"]
    assert job.status == "finished" and job.done == job.total > 0


@pytest.mark.django_db(transaction=True)
def test_a_large_dossier_is_built_in_the_background(settings, tmp_path):
    from tests.disputes.walk import Actors, fire
    from tests.factories import load_reference_data, open_wage_case

    settings.MEDIA_ROOT = str(tmp_path / "bg-media")
    settings.DOSSIER_INLINE_ROWS = 0
    load_reference_data()
    officer = member("hrss.officer.xuecheng", "hrss", "xuecheng", "officer")
    actors = Actors(
        officer=officer,
        supervisor=member("hrss.supervisor.xuecheng", "hrss", "xuecheng", "supervisor"),
        police=member("police.officer.xuecheng", "police", "xuecheng", "officer"),
    )
    case = open_wage_case()
    fire(case.pk, "accept", actors)
    client = api(officer)
    r = client.post(f"/api/v1/cases/{case.pk}/documents/dossier/")
    assert r.status_code == 202, r.content
    url = r.json()["url"]
    assert url == f"/api/v1/cases/{case.pk}/documents/jobs/{r.json()['id']}/"
    done = wait_until(
        lambda: (b := client.get(url).json())["status"] == "finished" and b,
        "the dossier job never finished",
    )
    assert done["document"] == "dossier" and done["error"] == ""
    assert done["done"] == done["total"] > 0
    assert case.number in pdf_text(_read("dossier", case))
    # Someone else may not poll it.
    other = member("hrss.officer2.xuecheng", "hrss", "xuecheng", "officer")
    assert api(other).get(url).status_code == 404


def test_the_case_page_builds_the_dossier(client, closed_wage_case, hrss_officer):
    client.force_login(hrss_officer)
    r = client.post(f"/cases/{closed_wage_case.pk}/documents/dossier/")
    assert r.status_code == 302
    assert r["Location"] == f"/cases/{closed_wage_case.pk}/#documents"
    page = client.get(f"/cases/{closed_wage_case.pk}/").content.decode()
    assert f"/cases/{closed_wage_case.pk}/documents/dossier.pdf" in page


def test_a_mediations_dossier_names_the_sum_claimed_and_no_wages_owed(hrss_officer, org):
    """The mediation's amount is what the applicant claims (请求金额): the dossier lists it
    among the facts, with no per-party 被拖欠金额 and no number of workers it never asked."""
    from tests.api.conftest import complaint_payload

    body = complaint_payload(kind="labour_dispute", amount_owed="6000")
    r = APIClient().post("/api/v1/public/complaints/", body, format="json")
    assert r.status_code == 201, r.content
    from casework.models import Case

    case = Case.objects.get(tracking_number=r.json()["tracking_number"])
    r = api(hrss_officer).post(f"/api/v1/cases/{case.pk}/documents/dossier/")
    assert r.status_code == 201, r.content
    text = pdf_text(_read("dossier", case))
    assert "请求金额（元）6,000.00" in text
    assert "申请人李四" in text
    for wage_word in ("被拖欠金额", "涉及人数"):
        assert wage_word not in text, wage_word
