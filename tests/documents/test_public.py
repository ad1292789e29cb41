"""The complainant's status page (tracking number + access code) lists the documents
addressed to them and serves those, and only those."""

from __future__ import annotations

import pytest
from django.conf import settings

from casework.models import AuditEvent, Document

from .pdf import pdf_text


def _status(client, case, code):
    return client.post("/track/", {"tracking_number": case.tracking_number, "access_code": code})


def _download(client, case, code, name):
    return client.post(
        "/track/documents/",
        {"tracking_number": case.tracking_number, "access_code": code, "name": name},
    )


def test_the_status_page_lists_only_what_is_addressed_to_the_complainant(client, closed_wage_case):
    page = _status(client, closed_wage_case, closed_wage_case.access_code).content.decode()
    assert "下载受理通知书" in page
    notice = Document.objects.get(case=closed_wage_case, name="acceptance_notice")
    assert notice.number in page
    for internal in ["payment_order", "transfer_letter", "closure_report"]:
        assert f'value="{internal}"' not in page
    # In English, the button names the notice in English too (the title is a catalogue
    # message; the notice itself stays Chinese).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _status(client, closed_wage_case, closed_wage_case.access_code).content.decode()
    assert "Download Notice of acceptance" in english and "受理通知书" not in english


def test_the_complainant_downloads_their_notice(client, closed_wage_case):
    r = _download(client, closed_wage_case, closed_wage_case.access_code, "acceptance_notice")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(r.streaming_content))
    assert "受理通知书" in text and closed_wage_case.number in text
    event = AuditEvent.objects.filter(verb="casework.document.downloaded").latest("id")
    assert event.actor is None and event.payload["channel"] == "public"


@pytest.mark.parametrize(
    ("code_ok", "name"),
    [
        (False, "acceptance_notice"),  # wrong code
        (True, "payment_order"),  # addressed to the employer
        (True, "transfer_letter"),  # to the police
        (True, "closure_report"),  # internal
        (True, "nothing"),
        (True, ""),
        (True, "acceptance_notice\x00"),
    ],
)
def test_anything_else_is_404(client, closed_wage_case, code_ok, name):
    code = closed_wage_case.access_code if code_ok else "WRONG1"
    before = AuditEvent.objects.filter(verb="casework.document.downloaded").count()
    assert _download(client, closed_wage_case, code, name).status_code == 404
    assert AuditEvent.objects.filter(verb="casework.document.downloaded").count() == before


def test_another_complainants_code_opens_nothing_of_this_case(client, closed_wage_case):
    from tests.factories import open_wage_case

    other = open_wage_case(employer="枣庄某劳务公司")
    r = client.post(
        "/track/documents/",
        {
            "tracking_number": closed_wage_case.tracking_number,
            "access_code": other.access_code,
            "name": "acceptance_notice",
        },
    )
    assert r.status_code == 404


def test_the_download_is_post_only(client, closed_wage_case):
    assert client.get("/track/documents/").status_code == 405


def test_a_nul_byte_in_the_tracking_number_is_404(client, closed_wage_case):
    r = client.post(
        "/track/documents/",
        {
            "tracking_number": closed_wage_case.tracking_number + "\x00",
            "access_code": closed_wage_case.access_code,
            "name": "acceptance_notice",
        },
    )
    assert r.status_code == 404


def test_the_public_api_lists_and_serves_the_complainants_documents(closed_wage_case):
    from rest_framework.test import APIClient

    client = APIClient()
    code = closed_wage_case.access_code
    base = f"/api/v1/public/complaints/{closed_wage_case.tracking_number}/documents/"
    r = client.get(base, {"access_code": code})
    assert r.status_code == 200
    assert [row["name"] for row in r.json()] == ["acceptance_notice"]
    assert r.json()[0]["url"] == f"{base}acceptance_notice.pdf"
    r = client.get(f"{base}acceptance_notice.pdf", {"access_code": code})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert "受理通知书" in pdf_text(b"".join(r.streaming_content))
    for name, given in [
        ("acceptance_notice", "WRONG1"),
        ("payment_order", code),
        ("closure_report", code),
        ("nothing", code),
    ]:
        assert client.get(f"{base}{name}.pdf", {"access_code": given}).status_code == 404
    assert client.get(base, {"access_code": "WRONG1"}).status_code == 404
    assert client.get(base).status_code == 404
