"""Labour-dispute mediation and discrimination complaints over the API and the public page:
filing, walking the main path with the transitions of the contract, refusals and visibility."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from casework.models import AuditEvent, Case, LegalClock, TimelineEntry
from tests.factories import VALID_ID, VALID_PHONE

from .conftest import complaint_payload, login

LABOUR_PATH = [
    ("accept", {"comment": "受理"}, "accepted"),
    ("start_mediation", {"comment": "双方到场"}, "mediating"),
    ("record_agreement", {"terms": "支付经济补偿5000元", "amount": "5000"}, "agreed"),
]
DISCRIMINATION_PATH = [
    ("accept", {"comment": "立案"}, "investigating", "officer"),
    ("propose_closure", {"summary": "已责令改正招聘条件"}, "closure_pending", "officer"),
    ("approve_closure", {"comment": "同意"}, "closed", "supervisor"),
]


def file(anon, kind: str, **overrides):
    overrides.setdefault("workers_count", 1)
    overrides.setdefault("amount_owed", "0")
    return anon.post(
        "/api/v1/public/complaints/", complaint_payload(kind=kind, **overrides), format="json"
    )


def _case(receipt) -> Case:
    return Case.objects.get(tracking_number=receipt.json()["tracking_number"])


# --- filing over the API ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "code", "status", "clock"),
    [
        ("labour_dispute", "TJ", "applied", "mediation"),
        ("discrimination", "QS", "submitted", "acceptance"),
    ],
)
def test_public_filing_opens_the_kind(anon, org, kind, code, status, clock):
    r = file(anon, kind, amount_owed="0" if kind == "discrimination" else "8000")
    assert r.status_code == 201, r.content
    case = _case(r)
    assert case.kind == kind and case.status == status
    assert case.number.startswith(f"xuecheng-{code}-")
    assert case.lead_unit.department.code == "hrss"
    assert LegalClock.objects.filter(case=case, code=clock, status="running").exists()
    status_page = anon.get(
        f"/api/v1/public/complaints/{case.tracking_number}/",
        {"access_code": r.json()["access_code"]},
    )
    assert status_page.status_code == 200
    assert status_page.json()["status"] == status
    assert status_page.json()["deadline"] == case.deadline.isoformat()


def test_labour_dispute_amount_and_count_are_optional(anon, org):
    body = complaint_payload(kind="labour_dispute")
    del body["amount_owed"], body["workers_count"]
    r = anon.post("/api/v1/public/complaints/", body, format="json")
    assert r.status_code == 201, r.content
    case = _case(r)
    assert case.workers_count == 1 and str(case.amount_owed) == "0.00"


@pytest.mark.parametrize(
    ("kind", "overrides", "field"),
    [
        ("discrimination", {"amount_owed": "3000"}, "amount_owed"),
        ("discrimination", {"description": ""}, "description"),
        ("labour_dispute", {"amount_owed": "-1"}, "amount_owed"),
        ("labour_dispute", {"jurisdiction": "atlantis"}, "jurisdiction"),
        (
            "labour_dispute",
            {"complainant": {"name": "李四", "phone": VALID_PHONE, "id_number": "123"}},
            "complainant",
        ),
        ("labour_dispute", {"occurred_on": "2999-01-01"}, "occurred_on"),
        ("mediation", {}, "kind"),
    ],
)
def test_bad_public_filing_is_400_naming_the_field(anon, org, kind, overrides, field):
    audit = AuditEvent.objects.count()
    r = file(anon, kind, **overrides)
    assert r.status_code == 400, r.content
    assert field in r.json()
    assert Case.objects.count() == 0 and AuditEvent.objects.count() == audit


# --- walking the main paths over the API ------------------------------------------------


def _post(client, case, name, data, version=None):
    body = dict(data)
    if version is not None:
        body["version"] = version
    return client.post(f"/api/v1/cases/{case.pk}/transitions/{name}/", body, format="json")


def test_labour_dispute_main_path(anon, org, hrss_officer, hrss_supervisor):
    case = _case(file(anon, "labour_dispute", amount_owed="8000"))
    officer = login(hrss_officer)
    detail = officer.get(f"/api/v1/cases/{case.pk}/").json()
    assert detail["available_transitions"] == ["accept", "withdraw"]
    clock = detail["clocks"][0]
    assert "申请仲裁" in clock["title"] and "第十四条" in clock["legal_basis"]
    for name, data, status in LABOUR_PATH:
        before = officer.get(f"/api/v1/cases/{case.pk}/").json()["version"]
        r = _post(officer, case, name, data, version=before)
        assert r.status_code == 200, r.content
        assert r.json()["status"] == status and r.json()["version"] == before + 1
    body = officer.get(f"/api/v1/cases/{case.pk}/").json()
    assert body["details"]["agreement"]["amount"] == "5000.00"
    assert body["available_transitions"] == []
    # Agreed is final: nothing more, and nothing written by trying.
    n = TimelineEntry.objects.filter(case=case).count()
    assert _post(officer, case, "record_failure", {"reason": "x"}).status_code == 409
    assert TimelineEntry.objects.filter(case=case).count() == n


def test_labour_dispute_failure_tells_the_party_about_arbitration(anon, org, hrss_officer):
    receipt = file(anon, "labour_dispute")
    case = _case(receipt)
    officer = login(hrss_officer)
    assert _post(officer, case, "accept", {}).status_code == 200
    r = _post(officer, case, "record_failure", {"reason": "用人单位拒不到场"})
    assert r.status_code == 200 and r.json()["status"] == "failed"
    public = anon.get(
        f"/api/v1/public/complaints/{case.tracking_number}/",
        {"access_code": receipt.json()["access_code"]},
    ).json()
    assert public["status_display"] == "调解不成"
    assert any("申请仲裁" in h["event"] for h in public["history"])
    assert "拒不到场" not in str(public)


def test_discrimination_main_path(anon, org, hrss_officer, hrss_supervisor):
    case = _case(file(anon, "discrimination"))
    clients = {"officer": login(hrss_officer), "supervisor": login(hrss_supervisor)}
    assert "order_payment" not in str(
        clients["officer"].get(f"/api/v1/cases/{case.pk}/").json()["available_transitions"]
    )
    for name, data, status, who in DISCRIMINATION_PATH:
        r = _post(clients[who], case, name, data)
        assert r.status_code == 200, r.content
        assert r.json()["status"] == status
    r = _post(clients["officer"], case, "record_feedback", {"satisfied": False})
    assert r.status_code == 200
    r = _post(clients["supervisor"], case, "reopen", {"reason": "回访不满意"})
    assert r.status_code == 200 and r.json()["status"] == "investigating"


REFUSALS = {
    # kind: (a transition of a later state, the next step, its payload, the field it needs)
    "labour_dispute": ("record_agreement", "start_mediation", {"amount": "1"}, "terms"),
    "discrimination": ("approve_closure", "propose_closure", {"comment": "x"}, "summary"),
}


@pytest.mark.parametrize("kind", list(REFUSALS))
def test_refusals_over_the_api(
    anon, org, kind, hrss_officer, hrss_clerk, other_district_officer, police_officer
):
    later, after_accept, bad, field = REFUSALS[kind]
    case = _case(file(anon, kind))
    officer = login(hrss_officer)

    def written() -> tuple:
        return (
            AuditEvent.objects.filter(case=case).count(),
            TimelineEntry.objects.filter(case=case).count(),
            Case.objects.values_list("status", "version").get(pk=case.pk),
        )

    before = written()
    # Visible but not permitted: 403.
    assert _post(login(hrss_clerk), case, "accept", {}).status_code == 403
    # Not visible: 404, never 403.
    for user in (other_district_officer, police_officer):
        client = login(user)
        assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 404
        assert _post(client, case, "accept", {}).status_code == 404
    # Not available from this state: 409.
    assert _post(officer, case, after_accept, {"summary": "x"}).status_code == 409
    # Stale version: 409.
    assert _post(officer, case, "accept", {}, version=case.version - 1).status_code == 409
    assert written() == before

    assert _post(officer, case, "accept", {}).status_code == 200
    if kind == "labour_dispute":
        assert _post(officer, case, "start_mediation", {}).status_code == 200
    before = written()
    # Bad payload: 400 naming the field.
    r = _post(officer, case, later if kind == "labour_dispute" else after_accept, bad)
    assert r.status_code == 400 and field in r.json()
    assert written() == before


# --- the public page ------------------------------------------------------------------------


def _form(kind: str, **overrides) -> dict:
    data = {
        "kind": kind,
        "jurisdiction": "xuecheng",
        "complainant.name": "李四",
        "complainant.phone": VALID_PHONE,
        "complainant.id_number": VALID_ID,
        "employer.name": "枣庄某物流公司",
        "employer.credit_code": "",
        "market": "",
        "occurred_on": (timezone.localdate() - timedelta(days=5)).isoformat(),
        "description": "应聘时被告知不招女工。",
    }
    data.update(overrides)
    return data


def test_page_offers_the_three_kinds(org):
    html = Client().get("/complaint/").content.decode()
    for code, label in [
        ("wage_arrears", "欠薪投诉"),
        ("labour_dispute", "劳动争议调解"),
        ("discrimination", "就业歧视投诉"),
    ]:
        assert f'value="{code}"' in html and label in html
        assert f'href="?kind={code}"' in html


@pytest.mark.parametrize(
    ("kind", "heading", "absent", "present"),
    [
        (
            "labour_dispute",
            "劳动争议调解",
            ['name="workers_count"'],
            ["请求金额（元）", "申请劳动争议仲裁"],
        ),
        ("discrimination", "就业歧视投诉", ['name="workers_count"', 'name="amount_owed"'], []),
    ],
)
def test_page_for_a_kind(org, kind, heading, absent, present):
    html = Client().get(f"/complaint/?kind={kind}").content.decode()
    assert f'<h1 id="complaint-title">{heading}</h1>' in html
    assert f'<option value="{kind}" selected>' in html
    for text in absent:
        assert text not in html
    for text in present:
        assert text in html


@pytest.mark.parametrize("kind", ["labour_dispute", "discrimination"])
def test_filing_a_kind_on_the_page(org, kind):
    client = Client()
    r = client.post("/complaint/", _form(kind))
    assert r.status_code == 302, r.content.decode()[:2000]
    case = Case.objects.get()
    assert case.kind == kind
    filed = client.get(r["Location"]).content.decode()
    assert case.tracking_number in filed


def test_bad_input_on_the_page_names_the_field_and_writes_nothing(org):
    r = Client().post("/complaint/", _form("discrimination", amount_owed="500"))
    assert r.status_code == 400
    html = r.content.decode()
    assert "就业歧视投诉不涉及拖欠金额" in html
    r = Client().post(
        "/complaint/", _form("labour_dispute", **{"complainant.id_number": "110105194912310021"})
    )
    assert r.status_code == 400
    assert 'id="complaint-complainant-id_number"' in r.content.decode()
    assert 'aria-invalid="true"' in r.content.decode()
    assert Case.objects.count() == 0


# --- the case page, built from the KindSpec -----------------------------------------------


@pytest.mark.parametrize(
    ("kind", "steps", "forms", "fields"),
    [
        (
            "labour_dispute",
            ["accept", "start_mediation"],
            ["record_agreement", "record_failure", "withdraw"],
            ["terms", "amount", "performance_due", "reason"],
        ),
        ("discrimination", ["accept"], ["request_extension", "propose_closure"], ["summary"]),
    ],
)
def test_case_page_offers_the_kinds_transitions(
    anon, org, hrss_officer, kind, steps, forms, fields
):
    case = _case(file(anon, kind))
    api = login(hrss_officer)
    for name in steps:
        assert _post(api, case, name, {}).status_code == 200
    page = Client()
    page.force_login(hrss_officer)
    html = page.get(f"/cases/{case.pk}/").content.decode()
    for name in forms:
        assert f'id="action-{name}"' in html
    for field in fields:
        assert f'name="{field}"' in html
    assert 'id="action-order_payment"' not in html and 'name="amount_recovered"' not in html


@pytest.mark.parametrize("kind", ["labour_dispute", "discrimination"])
def test_case_list_filters_by_kind_and_scopes_by_unit(
    anon, org, kind, hrss_officer, city_viewer, other_district_officer
):
    mine = _case(file(anon, kind))
    _case(file(anon, "wage_arrears"))
    for user, expected in [
        (hrss_officer, [mine.number]),
        (city_viewer, [mine.number]),
        (other_district_officer, []),
    ]:
        body = login(user).get("/api/v1/cases/", {"kind": kind}).json()
        assert [row["number"] for row in body["results"]] == expected, user.username
        assert all(row["kind"] == kind for row in body["results"])
