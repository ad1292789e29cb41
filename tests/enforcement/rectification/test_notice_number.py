"""One 整改通知书, one number: the 文号 is the one the system issues, and the case page shows
it. The officer-typed `notice_number` (deprecated) is kept as the number of a paper notice
served on site, and never shown as the notice's own number."""

from __future__ import annotations

import pytest
from django.test import Client

from casework.models import Document

from .walk import fire, make_market, open_rectification, payload, walk_to

TYPED = "整改字〔2026〕99号"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _page(user, case_id: int) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/cases/{case_id}/")
    assert response.status_code == 200
    return response.content.decode()


def _notice_paragraphs(html: str) -> list[str]:
    return [part.split("</p>")[0] for part in html.split('class="rectification-notice"')[1:]]


def test_the_page_shows_the_issued_number_and_the_typed_one_as_the_paper_notice(actors):
    case = open_rectification(actors.officer, make_market())
    walk_to(case, "verified", actors)
    fire(case.pk, "issue_notice", actors, payload("issue_notice") | {"notice_number": TYPED})
    document = Document.objects.get(case=case, name="rectification_notice")
    (notice,) = _notice_paragraphs(_page(actors.officer, case.pk))
    assert f'（<a href="/cases/{case.pk}/documents/rectification_notice.pdf"' in notice
    assert f">{document.number}</a>）" in notice
    assert f"整改通知书</strong>（{TYPED}）" not in notice
    assert f"现场送达的纸质通知书编号：{TYPED}" in notice


def test_without_a_paper_number_only_the_issued_number_shows(actors):
    case = open_rectification(actors.officer, make_market())
    walk_to(case, "verified", actors)
    data = payload("issue_notice")
    del data["notice_number"]
    fire(case.pk, "issue_notice", actors, data)
    document = Document.objects.get(case=case, name="rectification_notice")
    (notice,) = _notice_paragraphs(_page(actors.officer, case.pk))
    assert document.number in notice
    assert "纸质通知书编号" not in notice


def test_the_schema_marks_the_typed_number_deprecated(actors):
    client = Client()
    client.force_login(actors.officer)
    schema = client.get("/api/v1/schema/?format=json").json()
    fields = schema["components"]["schemas"]["MarketRectificationIssueNoticeRequest"]["properties"]
    assert fields["notice_number"]["deprecated"] is True
    assert "deprecated" not in fields["deadline"]
