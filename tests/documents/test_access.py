"""Who may list and download a case's documents, through the API and the case page: those
who may see the case; everyone else, and every unknown name, gets the same 404."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from casework.models import AuditEvent, Document
from tests.factories import member

from .pdf import pdf_text


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _get_file(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_list_follows_the_contract(closed_wage_case, hrss_officer):
    r = api(hrss_officer).get(f"/api/v1/cases/{closed_wage_case.pk}/documents/")
    assert r.status_code == 200
    rows = r.json()
    assert [row["name"] for row in rows] == [
        "acceptance_notice",
        "payment_order",
        "transfer_letter",
        "closure_report",
    ]
    for row in rows:
        assert {"name", "title", "created_at", "sha256"} <= set(row)
        stored = Document.objects.get(case=closed_wage_case, name=row["name"])
        assert row["sha256"] == stored.sha256 and row["title"] == stored.title
        assert row["url"] == f"/api/v1/cases/{closed_wage_case.pk}/documents/{row['name']}.pdf"


def test_a_download_is_the_stored_pdf_and_is_audited(closed_wage_case, city_viewer):
    before = AuditEvent.objects.filter(verb="casework.document.downloaded").count()
    r = api(city_viewer).get(f"/api/v1/cases/{closed_wage_case.pk}/documents/acceptance_notice.pdf")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert "attachment" in r["Content-Disposition"]
    data = _get_file(r)
    document = Document.objects.get(case=closed_wage_case, name="acceptance_notice")
    import hashlib

    assert hashlib.sha256(data).hexdigest() == document.sha256
    assert closed_wage_case.number in pdf_text(data)
    events = AuditEvent.objects.filter(verb="casework.document.downloaded")
    assert events.count() == before + 1
    event = events.latest("id")
    assert event.actor == city_viewer and event.payload["name"] == "acceptance_notice"
    assert event.payload["channel"] == "api" and event.chain == "xuecheng"


@pytest.mark.parametrize(
    "who",
    [
        ("hrss.officer.shizhong", "hrss", "shizhong", "officer"),  # another district
        ("market.officer.xuecheng", "market", "xuecheng", "officer"),  # another department
        ("housing.supervisor.xuecheng", "housing", "xuecheng", "supervisor"),
        ("police.officer.shizhong", "police", "shizhong", "officer"),
        ("hrss.viewer.shizhong", "hrss", "shizhong", "viewer"),  # a sibling's leadership
    ],
)
def test_documents_are_404_to_other_departments_and_districts(closed_wage_case, who):
    outsider = member(*who)
    client = api(outsider)
    base = f"/api/v1/cases/{closed_wage_case.pk}/documents/"
    assert client.get(base).status_code == 404
    for name in ["acceptance_notice", "transfer_letter", "no_such_document"]:
        r = client.get(f"{base}{name}.pdf")
        assert r.status_code == 404, (who, name)
        assert r.json() == {"detail": "案件不存在。"}
    assert client.post(f"{base}dossier/").status_code == 404
    assert not AuditEvent.objects.filter(
        verb="casework.document.downloaded", actor=outsider
    ).exists()


def test_the_police_it_was_transferred_to_read_the_letter(closed_wage_case, police_officer):
    r = api(police_officer).get(
        f"/api/v1/cases/{closed_wage_case.pk}/documents/transfer_letter.pdf"
    )
    assert r.status_code == 200
    assert "薛城区公安局：" in pdf_text(_get_file(r))


@pytest.mark.parametrize(
    "name",
    [
        "nothing",
        "acceptance_notice-2",
        "ACCEPTANCE_NOTICE",
        "acceptance_notice.pdf",
        "%00",
        "x" * 300,
    ],
)
def test_a_bad_document_name_is_404(closed_wage_case, hrss_officer, name):
    r = api(hrss_officer).get(f"/api/v1/cases/{closed_wage_case.pk}/documents/{name}.pdf")
    assert r.status_code == 404
    assert "detail" in r.json()


def test_documents_of_a_case_that_does_not_exist_are_404(hrss_officer, org):
    client = api(hrss_officer)
    assert client.get("/api/v1/cases/999999/documents/").status_code == 404
    assert client.get("/api/v1/cases/999999/documents/acceptance_notice.pdf").status_code == 404


def test_anonymous_callers_get_nothing(closed_wage_case):
    r = APIClient().get(f"/api/v1/cases/{closed_wage_case.pk}/documents/acceptance_notice.pdf")
    assert r.status_code in (401, 403)


def test_the_case_page_lists_and_serves_the_documents(client, closed_wage_case, hrss_officer):
    client.force_login(hrss_officer)
    page = client.get(f"/cases/{closed_wage_case.pk}/").content.decode()
    assert 'id="documents"' in page
    for document in Document.objects.filter(case=closed_wage_case):
        assert document.number in page
        assert f"/cases/{closed_wage_case.pk}/documents/{document.name}.pdf" in page
    r = client.get(f"/cases/{closed_wage_case.pk}/documents/payment_order.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert "限期支付指令书" in pdf_text(_get_file(r))
    event = AuditEvent.objects.filter(verb="casework.document.downloaded").latest("id")
    assert event.payload["channel"] == "page"


def test_the_case_page_refuses_outsiders_and_bad_names(client, closed_wage_case, org):
    client.force_login(member("hrss.officer.shizhong", "hrss", "shizhong", "officer"))
    assert (
        client.get(f"/cases/{closed_wage_case.pk}/documents/payment_order.pdf").status_code == 404
    )
    client.force_login(member("hrss.officer.xuecheng", "hrss", "xuecheng", "officer"))
    assert client.get(f"/cases/{closed_wage_case.pk}/documents/nothing.pdf").status_code == 404


@pytest.mark.parametrize("job_id", ["0", "999999", "99999999999999999999"])
def test_an_unknown_dossier_job_is_404(client, closed_wage_case, hrss_officer, job_id):
    r = api(hrss_officer).get(f"/api/v1/cases/{closed_wage_case.pk}/documents/jobs/{job_id}/")
    assert r.status_code == 404
    client.force_login(hrss_officer)
    page = f"/cases/{closed_wage_case.pk}/documents/jobs/{job_id}/"
    assert client.get(page).status_code == 404
    assert client.get(f"{page}progress/").status_code == 404


def test_a_case_id_out_of_range_is_404(hrss_officer, org):
    r = api(hrss_officer).get("/api/v1/cases/99999999999999999999/documents/x.pdf")
    assert r.status_code == 404
