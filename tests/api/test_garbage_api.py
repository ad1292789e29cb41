"""Garbage at every route: always a 4xx naming what was wrong, never a 500, nothing written."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from casework.actions import case_transition
from casework.models import (
    Attachment,
    AuditEvent,
    Case,
    CaseParty,
    Employer,
    Notification,
    Payment,
    Person,
    TimelineEntry,
)
from tests.factories import VALID_ID, VALID_PHONE, open_wage_case

from .conftest import complaint_payload, login, png_bytes, upload

MODELS = [Case, CaseParty, Person, Employer, Payment, TimelineEntry, AuditEvent, Attachment]
MODELS.append(Notification)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def json_post(client, url, body: str, content_type="application/json"):
    return client.generic("POST", url, body.encode(), content_type=content_type)


TODAY = timezone.localdate()
BIG = "字" * 5001


# ---------------------------------------------------------------------------- public complaint


def _complainant(**kw):
    return {"name": "李四", "phone": VALID_PHONE, "id_number": VALID_ID, **kw}


COMPLAINTS = [
    # (overrides, the field the error must name: "a.b" for nested)
    ({"kind": "nope"}, "kind"),
    ({"kind": ""}, "kind"),
    ({"kind": 7}, "kind"),
    ({"kind": None}, "kind"),
    ({"jurisdiction": "atlantis"}, "jurisdiction"),
    ({"jurisdiction": "city/../xuecheng"}, "jurisdiction"),
    ({"jurisdiction": ["xuecheng"]}, "jurisdiction"),
    ({"complainant": "李四"}, "complainant"),
    ({"complainant": None}, "complainant"),
    ({"complainant": _complainant(id_number="110105194912310021")}, "complainant.id_number"),
    ({"complainant": _complainant(id_number="11010519491331002X")}, "complainant.id_number"),
    ({"complainant": _complainant(id_number="1101051949")}, "complainant.id_number"),
    ({"complainant": _complainant(phone="1381234567")}, "complainant.phone"),
    ({"complainant": _complainant(phone="23812345678")}, "complainant.phone"),
    ({"complainant": _complainant(name="")}, "complainant.name"),
    ({"complainant": _complainant(name="名" * 41)}, "complainant.name"),
    ({"complainant": _complainant(name="a\x00b")}, "complainant.name"),
    ({"employer": {"name": "某公司", "credit_code": "91350100M000100Y44"}}, "employer.credit_code"),
    ({"employer": {"name": "某公司", "credit_code": "91350100M000100YI3"}}, "employer.credit_code"),
    ({"employer": {"name": "某公司", "credit_code": "123"}}, "employer.credit_code"),
    ({"employer": {"credit_code": ""}}, "employer.name"),
    ({"employer": {"name": "公" * 121}}, "employer.name"),
    ({"employer": []}, "employer"),
    ({"market": 999999}, "market"),
    ({"market": "first"}, "market"),
    ({"market": -1}, "market"),
    ({"market": 10**30}, "market"),
    ({"workers_count": 0}, "workers_count"),
    ({"workers_count": -3}, "workers_count"),
    ({"workers_count": "ten"}, "workers_count"),
    ({"workers_count": 2.5}, "workers_count"),
    ({"workers_count": 10**400}, "workers_count"),
    ({"amount_owed": "-5"}, "amount_owed"),
    ({"amount_owed": "NaN"}, "amount_owed"),
    ({"amount_owed": "Infinity"}, "amount_owed"),
    ({"amount_owed": "-Infinity"}, "amount_owed"),
    ({"amount_owed": "abc"}, "amount_owed"),
    ({"amount_owed": "1e20"}, "amount_owed"),
    ({"amount_owed": "12.345"}, "amount_owed"),
    ({"amount_owed": "9" * 2000}, "amount_owed"),
    ({"amount_owed": {"value": 1}}, "amount_owed"),
    ({"description": ""}, "description"),
    ({"description": BIG}, "description"),
    ({"description": "x\x00y"}, "description"),
    ({"occurred_on": "2026-02-30"}, "occurred_on"),
    ({"occurred_on": "2026-13-01"}, "occurred_on"),
    ({"occurred_on": "yesterday"}, "occurred_on"),
    ({"occurred_on": (TODAY + timedelta(days=3)).isoformat()}, "occurred_on"),
    ({"occurred_on": 20260101}, "occurred_on"),
]


def _named(body: dict, field: str) -> bool:
    node = body
    for part in field.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


@pytest.mark.parametrize("overrides,field", COMPLAINTS, ids=[f for _, f in COMPLAINTS])
def test_bad_complaints(anon, org, market, overrides, field):
    before = counts()
    r = anon.post("/api/v1/public/complaints/", complaint_payload(**overrides), format="json")
    assert r.status_code == 400, r.content
    assert _named(r.json(), field), r.json()
    assert counts() == before


def test_market_outside_the_jurisdiction(anon, org, market):
    before = counts()
    r = anon.post(
        "/api/v1/public/complaints/",
        complaint_payload(jurisdiction="shizhong", market=market.pk),
        format="json",
    )
    assert r.status_code == 400 and "market" in r.json()
    assert counts() == before


def test_missing_fields_are_all_named(anon, org):
    r = anon.post("/api/v1/public/complaints/", {}, format="json")
    assert r.status_code == 400
    assert set(r.json()) >= {
        "kind",
        "jurisdiction",
        "complainant",
        "employer",
        "description",
        "occurred_on",
    }


BODIES = [
    ("not json", "application/json"),
    ('{"kind": ', "application/json"),
    ("[1, 2, 3]", "application/json"),
    ("null", "application/json"),
    ('"a string"', "application/json"),
    ("42", "application/json"),
    ('{"amount_owed": NaN}', "application/json"),
    ("kind=wage_arrears", "text/plain"),
    ("\xff\xfe garbage", "application/octet-stream"),
    ("[" * 100000 + "]" * 100000, "application/json"),
    ('{"a": "b"}', "application/json; charset=bz2_codec"),
]


@pytest.mark.parametrize("body,content_type", BODIES, ids=range(len(BODIES)))
def test_malformed_complaint_bodies(anon, org, body, content_type):
    before = counts()
    r = json_post(anon, "/api/v1/public/complaints/", body, content_type)
    assert r.status_code == 400, r.content
    assert r.json()  # a JSON error body, never an HTML page
    assert counts() == before


def test_oversized_body_is_413_naming_the_body(anon, org, settings):
    before = counts()
    payload = complaint_payload(description="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10))
    r = anon.post("/api/v1/public/complaints/", payload, format="json")
    assert r.status_code == 413
    assert "body" in r.json()
    assert counts() == before


# ---------------------------------------------------------------------------- case list


@pytest.mark.parametrize(
    "params,field",
    [
        ({"kind": "nope"}, "kind"),
        ({"status": "bogus"}, "status"),
        ({"kind": "wage_arrears", "status": "reported"}, "status"),
        ({"status": "submitted,bogus"}, "status"),
        ({"status": "submitted,"}, "status"),
        ({"kind": "wage_arrears", "status": "submitted,applied"}, "status"),
        ({"status": "submitted," * 50}, "status"),
        ({"jurisdiction": "atlantis"}, "jurisdiction"),
        ({"unit": "abc"}, "unit"),
        ({"unit": "999999"}, "unit"),
        ({"unit": "-1"}, "unit"),
        ({"unit": "9" * 40}, "unit"),
        ({"assignee": "you"}, "assignee"),
        ({"assignee": "1"}, "assignee"),
        ({"overdue": "maybe"}, "overdue"),
        ({"q": "x" * 101}, "q"),
        ({"q": "a\x00b"}, "q"),
    ],
)
def test_bad_list_filters(hrss_officer, wage_case, params, field):
    r = login(hrss_officer).get("/api/v1/cases/", params)
    assert r.status_code == 400, r.content
    assert field in r.json()


def test_empty_filter_values_are_ignored(hrss_officer, wage_case):
    params = {"kind": "", "status": "", "jurisdiction": "", "unit": "", "q": "", "assignee": ""}
    r = login(hrss_officer).get("/api/v1/cases/", params)
    assert r.status_code == 200 and r.json()["count"] == 1


def test_status_filter_takes_several_codes(hrss_officer, wage_case):
    # `submitted` (the wage case's) or `applied` (a mediation's): any of them.
    r = login(hrss_officer).get("/api/v1/cases/", {"status": "applied,submitted"})
    assert r.status_code == 200 and [row["id"] for row in r.json()["results"]] == [wage_case.pk]
    assert login(hrss_officer).get("/api/v1/cases/", {"status": "applied"}).json()["count"] == 0


def test_bad_page_is_404_not_500(hrss_officer, wage_case):
    client = login(hrss_officer)
    assert client.get("/api/v1/cases/", {"page": 99}).status_code == 404
    assert client.get("/api/v1/cases/", {"page": "x"}).status_code == 404
    assert client.get("/api/v1/cases/", {"page_size": "lots"}).status_code == 200


# ---------------------------------------------------------------------------- transitions


@pytest.fixture
def investigating(hrss_officer):
    case = open_wage_case()
    return case_transition(actor=hrss_officer, case_id=case.pk, name="accept", data={})


TRANSITIONS = [
    ("order_payment", {"due_date": "2026-02-30", "amount": "100"}, "due_date"),
    ("order_payment", {"due_date": TODAY.isoformat(), "amount": "-1"}, "amount"),
    ("order_payment", {"due_date": TODAY.isoformat(), "amount": "NaN"}, "amount"),
    ("order_payment", {"due_date": TODAY.isoformat(), "amount": "0"}, "amount"),
    ("order_payment", {"due_date": TODAY.isoformat(), "amount": 1e300}, "amount"),
    ("order_payment", {"due_date": TODAY.isoformat()}, "amount"),
    ("order_payment", {"due_date": None, "amount": "5"}, "due_date"),
    (
        "order_payment",
        {"due_date": TODAY.isoformat(), "amount": "5", "comment": "长" * 2001},
        "comment",
    ),
    ("order_payment", {"due_date": TODAY.isoformat(), "amount": "5", "comment": ["a"]}, "comment"),
    ("propose_closure", {"summary": "", "amount_recovered": "0"}, "summary"),
    ("propose_closure", {"summary": "好" * 2001, "amount_recovered": "0"}, "summary"),
    ("propose_closure", {"summary": "完成", "amount_recovered": "-0.01"}, "amount_recovered"),
    ("propose_closure", {"summary": "完成", "amount_recovered": "Infinity"}, "amount_recovered"),
    ("request_extension", {"reason": ""}, "reason"),
    ("request_extension", {"reason": {"nested": True}}, "reason"),
    ("accept", {"version": "abc"}, "version"),
    ("order_payment", {"due_date": TODAY.isoformat(), "amount": "5", "version": "two"}, "version"),
    ("order_payment", {"due_date": TODAY.isoformat(), "amount": "5", "version": 1.5}, "version"),
    ("order_payment", {"due_date": TODAY.isoformat(), "amount": "5", "version": True}, "version"),
    ("order_payment", {"due_date": TODAY.isoformat(), "amount": "5", "version": -2}, "version"),
    ("order_payment", {"due_date": TODAY.isoformat(), "amount": "5", "version": [2]}, "version"),
]


@pytest.mark.parametrize(
    "name,data,field", TRANSITIONS, ids=[f"{n}-{f}" for n, _, f in TRANSITIONS]
)
def test_bad_transition_payloads(investigating, hrss_officer, name, data, field):
    client = login(hrss_officer)
    before = counts()
    r = client.post(f"/api/v1/cases/{investigating.pk}/transitions/{name}/", data, format="json")
    assert r.status_code == 400, r.content
    assert field in r.json(), r.json()
    assert counts() == before
    investigating.refresh_from_db()
    assert investigating.status == "investigating" and investigating.version == 2


@pytest.mark.parametrize("body,content_type", BODIES, ids=range(len(BODIES)))
def test_malformed_transition_bodies(investigating, hrss_officer, body, content_type):
    client = login(hrss_officer)
    before = counts()
    r = json_post(
        client, f"/api/v1/cases/{investigating.pk}/transitions/order_payment/", body, content_type
    )
    assert r.status_code == 400, r.content
    assert r.json()
    assert counts() == before


@pytest.mark.parametrize(
    "body", ["not json", "[1, 2, 3]", '{"version": "two"}'], ids=["json", "list", "version"]
)
def test_a_bad_body_for_an_invisible_case_or_an_unknown_name_is_404(
    investigating, hrss_officer, other_district_officer, body
):
    """The body is read before the case, but its errors never tell an outsider that the
    case exists, nor anyone that a transition exists that the kind lacks."""
    outsider, officer = login(other_district_officer), login(hrss_officer)
    before = counts()
    url = f"/api/v1/cases/{investigating.pk}/transitions"
    r = json_post(outsider, f"{url}/order_payment/", body)
    assert r.status_code == 404, r.content
    r = json_post(officer, f"{url}/fly/", body)
    assert r.status_code == 404, r.content
    r = json_post(officer, f"{url}/order_payment/", body)
    assert r.status_code == 400, r.content
    assert counts() == before


def test_oversized_transition_body_is_413(investigating, hrss_officer, settings):
    client = login(hrss_officer)
    before = counts()
    body = json.dumps({"reason": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    r = json_post(client, f"/api/v1/cases/{investigating.pk}/transitions/request_extension/", body)
    assert r.status_code == 413 and "body" in r.json()
    assert counts() == before


def test_empty_body_is_an_empty_payload(wage_case, hrss_officer):
    client = login(hrss_officer)
    r = client.generic("POST", f"/api/v1/cases/{wage_case.pk}/transitions/accept/")
    assert r.status_code == 200
    assert r.json()["status"] == "investigating"


def test_unknown_fields_are_ignored_not_stored(investigating, hrss_officer):
    client = login(hrss_officer)
    r = client.post(
        f"/api/v1/cases/{investigating.pk}/transitions/request_extension/",
        {"reason": "需要鉴定", "status": "closed", "assignee": 1, "version": 2},
        format="json",
    )
    assert r.status_code == 200
    assert r.json()["status"] == "extension_pending"


# ---------------------------------------------------------------------------- attachments


@pytest.mark.parametrize(
    "payload,field",
    [
        ({}, "file"),
        ({"file": "not a file"}, "file"),
        ({"file": ("empty.png", b"")}, "file"),
        ({"file": ("notes.txt", b"just some text, not evidence")}, "file"),
        ({"file": ("fake.png", b"<html><script>alert(1)</script></html>")}, "file"),
        ({"file": ("a.png", None), "description": "说" * 201}, "description"),
    ],
    ids=["none", "string", "empty", "text", "html-as-png", "long-description"],
)
def test_bad_uploads(media, investigating, hrss_officer, payload, field):
    data = {}
    for key, value in payload.items():
        if isinstance(value, tuple):
            name, content = value
            data[key] = upload(name, png_bytes() if content is None else content)
        else:
            data[key] = value
    client = login(hrss_officer)
    before = counts()
    r = client.post(f"/api/v1/cases/{investigating.pk}/attachments/", data, format="multipart")
    assert r.status_code == 400, r.content
    assert field in r.json()
    assert counts() == before


def test_json_upload_names_the_missing_file(media, investigating, hrss_officer):
    r = login(hrss_officer).post(
        f"/api/v1/cases/{investigating.pk}/attachments/", {"description": "x"}, format="json"
    )
    assert r.status_code == 400 and "file" in r.json()


def test_oversized_upload_names_the_file(media, investigating, hrss_officer, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    client = login(hrss_officer)
    before = counts()
    # Slightly over the limit: read, then refused by the action.
    r = client.post(
        f"/api/v1/cases/{investigating.pk}/attachments/",
        {"file": upload("big.png", png_bytes() + b"\0" * 1100)},
        format="multipart",
    )
    assert r.status_code in (400, 413) and "file" in r.json()
    # Far over the limit: refused from the Content-Length before reading.
    r = client.post(
        f"/api/v1/cases/{investigating.pk}/attachments/",
        {"file": upload("huge.png", png_bytes() + b"\0" * 200_000)},
        format="multipart",
    )
    assert r.status_code == 413 and "file" in r.json()
    assert counts() == before


def test_too_many_form_fields_is_400(media, investigating, hrss_officer, settings):
    client = login(hrss_officer)
    data = {f"f{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 5)}
    data["file"] = upload("a.png", png_bytes())
    before = counts()
    r = client.post(f"/api/v1/cases/{investigating.pk}/attachments/", data, format="multipart")
    assert r.status_code == 400 and r.json()
    assert counts() == before


def test_unknown_attachment_id_is_404(investigating, hrss_officer):
    client = login(hrss_officer)
    for att in ["1", "999999", "9" * 30]:
        r = client.get(f"/api/v1/cases/{investigating.pk}/attachments/{att}/download/")
        assert r.status_code == 404


# ---------------------------------------------------------------------------- auth


@pytest.mark.parametrize(
    "body,content_type",
    [
        ("not json", "application/json"),
        ("[]", "application/json"),
        (json.dumps({"username": "u" * 151, "password": "p"}), "application/json"),
        (json.dumps({"username": "u", "password": "p" * 1025}), "application/json"),
        (json.dumps({"username": ["u"], "password": "p"}), "application/json"),
        (json.dumps({"username": "a\x00b", "password": "p"}), "application/json"),
    ],
)
def test_malformed_token_requests(anon, db, body, content_type):
    before = counts()
    r = json_post(anon, "/api/v1/auth/token/", body, content_type)
    assert r.status_code == 400, r.content
    assert r.json()
    assert counts() == before


@pytest.mark.parametrize(
    "body,content_type,says",
    [
        ('{"kind": ', "application/json", "请求体不是有效的 JSON：第1行第10列有误。"),
        ('{\n  "kind": "wage_arrears",\n  oops\n}', "application/json", "第3行第3列"),
        ('{"amount_owed": NaN}', "application/json", "数值不能是 NaN 或 Infinity"),
        (b'{"a": "\xff"}', "application/json", "UTF-8"),
    ],
    ids=["truncated", "line", "nan", "encoding"],
)
def test_a_malformed_body_is_told_in_chinese_where_it_breaks(anon, org, body, content_type, says):
    data = body if isinstance(body, bytes) else body.encode()
    r = anon.generic("POST", "/api/v1/public/complaints/", data, content_type=content_type)
    assert r.status_code == 400, r.content
    detail = r.json()["detail"]
    assert says in detail and "parse error" not in detail
