"""Building the dossier (案卷) whatever the case holds and whoever asks: long comments split
across pages, a failed build is recorded as failed, the dossier is Chinese for a reader of
the English pages."""

from __future__ import annotations

import re

from django.conf import settings as django_settings
from reportlab.platypus.doctemplate import LayoutError
from rest_framework.test import APIClient

from casework.documents import jobs
from casework.documents.jobs import dossier_request, dossier_run
from casework.models import Document, DossierJob
from tests.disputes.walk import fire

from .pdf import pdf_text


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _read(case, name: str = "dossier") -> bytes:
    with Document.objects.get(case=case, name=name).file.open("rb") as fh:
        return fh.read()


def test_a_comment_longer_than_a_page_splits_across_pages(wage_case, actors):
    # 2,000 characters, as every transition's comment allows: a table row taller than a page.
    comment = "".join("甲乙丙丁戊己庚辛壬癸"[i % 10] for i in range(1990)) + "（意见完）"
    fire(wage_case.pk, "accept", actors, {"comment": comment})
    r = api(actors.officer).post(f"/api/v1/cases/{wage_case.pk}/documents/dossier/")
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "finished"
    # Read back without the page numbers and the header row repeated on the next page.
    text = re.sub(r"—\d+—|时间|办理人|事项", "", pdf_text(_read(wage_case)))
    assert comment in text


def _failing_layout(monkeypatch):
    def broken(content, progress=None):
        raise LayoutError("Flowable <Table> too large on page 3 in frame 'text'")

    monkeypatch.setattr(jobs, "render_dossier", broken)


def test_a_failed_build_is_recorded_as_failed_in_chinese(wage_case, actors, monkeypatch):
    _failing_layout(monkeypatch)
    r = api(actors.officer).post(f"/api/v1/cases/{wage_case.pk}/documents/dossier/")
    assert r.status_code == 500
    body = r.json()
    assert body["status"] == "failed" and body["status_display"] == "生成失败"
    assert body["document"] is None
    assert "案卷生成失败" in body["error"] and body["detail"] == body["error"]
    assert "Flowable" not in body["error"]
    # Polling it says the same.
    job = api(actors.officer).get(body["url"]).json()
    assert job["status"] == "failed" and job["error"] == body["error"]
    assert not Document.objects.filter(case=wage_case, code="dossier").exists()


def test_a_failed_background_build_ends_failed(wage_case, actors, monkeypatch):
    _failing_layout(monkeypatch)
    job = dossier_run(dossier_request(actor=actors.officer, case_id=wage_case.pk))
    job = DossierJob.objects.get(pk=job.pk)
    assert job.status == "failed" and job.finished_at is not None
    assert "案卷生成失败" in job.error and job.document is None


def test_a_failed_build_from_the_page_says_so(client, wage_case, actors, monkeypatch):
    _failing_layout(monkeypatch)
    client.force_login(actors.officer)
    r = client.post(f"/cases/{wage_case.pk}/documents/dossier/", follow=True)
    assert r.status_code == 200
    assert "案卷生成失败" in r.content.decode()


def test_a_dossier_built_from_the_english_pages_is_chinese(client, wage_case, actors):
    fire(wage_case.pk, "accept", actors)
    client.force_login(actors.officer)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/cases/{wage_case.pk}/").content.decode()
    assert "Build dossier" in page or 'lang="en"' in page  # the reader's pages are English
    r = client.post(f"/cases/{wage_case.pk}/documents/dossier/")
    assert r.status_code == 302
    document = Document.objects.get(case=wage_case, name="dossier")
    assert document.title == "案卷"
    assert document.number == f"{wage_case.number} 第1卷"
    text = pdf_text(_read(wage_case))
    for phrase in [
        "案卷",
        "一、案情",
        "二、当事人",
        "三、法定时限",
        "七、审计记录摘录",
        "案件编号",
    ]:
        assert phrase in text, phrase
    assert "Dossier" not in text and "Facts" not in text
