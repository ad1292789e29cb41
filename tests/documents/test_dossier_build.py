"""Building the dossier (案卷) whatever the case holds and whoever asks: long comments split
across pages, a failed build is recorded as failed, the dossier is Chinese for a reader of
the English pages, and its audit extract, people and dates read as words."""

from __future__ import annotations

import re

from django.conf import settings as django_settings
from reportlab.platypus.doctemplate import LayoutError
from rest_framework.test import APIClient

from casework.documents import jobs
from casework.documents.jobs import dossier_request, dossier_run
from casework.models import Document, DossierJob
from tests.disputes.walk import fire

from .pdf import pdf_text, pdftotext


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


def _name(user, name: str) -> None:
    user.first_name, user.last_name = name, ""
    user.save(update_fields=["first_name", "last_name"])


def test_the_audit_extract_people_and_dates_read_as_words(closed_wage_case, actors):
    _name(actors.officer, "王小明")
    _name(actors.supervisor, "李主任")
    _name(actors.police, "赵警官")
    r = api(actors.officer).post(f"/api/v1/cases/{closed_wage_case.pk}/documents/dossier/")
    assert r.status_code == 201
    text = pdf_text(_read(closed_wage_case))
    # The transitions and the other events by their labels, the states by theirs.
    for phrase in [
        "受理立案",
        "待受理→调查处理中",
        "批准结案",
        "结案待审批→已结案",
        "查看个人信息",
    ]:
        assert phrase in text, phrase
    for code in ["disputes.wage_arrears", "casework.", "submitted", "investigating", "→closed"]:
        assert code not in text, code
    # People by their names, never their login names.
    assert "王小明" in text and "李主任" in text
    assert ".xuecheng" not in text
    # One way of writing dates: 2026年12月8日, and a moment 2026年12月8日 09:05.
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), re.findall(r"\d{4}-\d{2}-\d{2}", text)
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日\d{2}:\d{2}", text)


def _words(data: bytes) -> list[tuple[float, float, float, str]]:
    """Each word pdftotext finds on the first pages: its left, right and top, and its text."""
    out = pdftotext(data, "-bbox")
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
    return [(float(a), float(c), float(b), w) for a, b, c, w in re.findall(pattern, out)]


def test_a_facts_label_stays_in_its_column(closed_wage_case, actors):
    label = "已支付（元，扣除更正）"
    api(actors.officer).post(f"/api/v1/cases/{closed_wage_case.pk}/documents/dossier/")
    words = _words(_read(closed_wage_case))
    left, right, top, _word = next(w for w in words if w[3] == label)
    # The value on the label's row starts right of the label's last character.
    values = [w for w in words if abs(w[2] - top) < 2 and w[0] > left]
    assert values, label
    assert all(w[0] >= right for w in values), (label, right, values)
