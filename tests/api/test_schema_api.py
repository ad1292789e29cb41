"""The OpenAPI schema and the interactive docs, served without any CDN."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

from .conftest import login


def test_schema_is_valid_openapi_with_the_case_paths(anon, db):
    r = anon.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert r.status_code == 200
    schema = r.json()
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    paths = schema["paths"]
    for p in [
        "/api/v1/auth/token/",
        "/api/v1/public/complaints/",
        "/api/v1/public/complaints/{tracking_number}/",
        "/api/v1/public/markets/",
        "/api/v1/cases/",
        "/api/v1/cases/{id}/",
        "/api/v1/cases/{id}/transitions/{name}/",
        "/api/v1/cases/{id}/timeline/",
        "/api/v1/cases/{id}/attachments/",
        "/api/v1/cases/{id}/attachments/{att_id}/download/",
        "/api/v1/calendar/deadline/",
    ]:
        assert p in paths, p
    row = schema["components"]["schemas"]["CaseRow"]["properties"]
    assert row["lead_unit"]["$ref"].endswith("/UnitRef")
    assert row["assignee"]["nullable"] is True
    listed = paths["/api/v1/cases/"]["get"]
    assert {p["name"] for p in listed["parameters"]} >= {
        "kind",
        "status",
        "jurisdiction",
        "unit",
        "assignee",
        "overdue",
        "q",
        "page",
    }
    page_ref = listed["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    page_schema = schema["components"]["schemas"][page_ref.rsplit("/", 1)[1]]
    page = page_schema["properties"]
    # The contract's page, and the drill-down's sums, given only under their filters.
    assert set(page) == {"count", "next", "previous", "results", "totals"}
    assert set(page_schema["required"]) == {"count", "results"}
    assert "order_payment" in paths["/api/v1/cases/{id}/transitions/{name}/"]["post"]["description"]


def test_schema_generates_without_warnings(tmp_path, db):
    # --fail-on-warn turns every generator warning into an error.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert "/api/v1/cases/{id}/" in (tmp_path / "schema.yaml").read_text()


@pytest.mark.django_db
def test_docs_load_their_assets_locally(anon):
    r = anon.get("/api/v1/docs/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "/api/v1/schema/" in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    for url in assets:
        assert not url.startswith(("http:", "https:", "//")), url
    local = [u for u in assets if "drf_spectacular_sidecar" in u]
    assert any(u.endswith("swagger-ui-bundle.js") for u in local)
    for url in local:
        assert finders.find(url.removeprefix("/static/")), url


def _body_schema(schema: dict, path: str) -> dict:
    body = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    return schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]


def _component(schema: dict, ref: dict) -> dict:
    return schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]


def test_opening_a_case_is_one_typed_body_per_kind(anon, db):
    schema = anon.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    body = _body_schema(schema, "/api/v1/cases/")
    assert body["discriminator"]["propertyName"] == "kind"
    mapping = body["discriminator"]["mapping"]
    assert set(mapping) == {
        "security_incident",
        "inspection",
        "joint_operation",
        "market_rectification",
        "hotline_referral",  # the kind that exists only in the tests
        # Complaints and mediation applications the unit received, recorded by its officers.
        "wage_arrears",
        "discrimination",
        "labour_dispute",
    }
    assert len(body["oneOf"]) == len(mapping)
    incident = _component(schema, {"$ref": mapping["security_incident"]})
    assert {"kind", "jurisdiction", "description", "incident_type"} <= set(incident["required"])
    assert _component(schema, incident["properties"]["kind"])["enum"] == ["security_incident"]
    referral = _component(schema, {"$ref": mapping["hotline_referral"]})
    assert "ticket" in referral["required"]
    wage = _component(schema, {"$ref": mapping["wage_arrears"]})
    assert {"complainant", "employer", "occurred_on"} <= set(wage["required"])
    assert {"received_on", "violation_continuing", "violation_ended_on"} <= set(wage["properties"])
    assert _component(schema, wage["properties"]["kind"])["enum"] == ["wage_arrears"]


def test_each_transition_payload_is_a_named_schema(anon, db):
    schema = anon.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    body = _body_schema(schema, "/api/v1/cases/{id}/transitions/{name}/")
    names = {ref["$ref"].rsplit("/", 1)[1] for ref in body["oneOf"]}
    assert {
        "WageArrearsAcceptRequest",
        "WageArrearsOrderPaymentRequest",
        "SecurityIncidentDecideRequest",
        "HotlineReferralHandleRequest",
    } <= names
    order = schema["components"]["schemas"]["WageArrearsOrderPaymentRequest"]
    assert set(order["required"]) == {"due_date", "amount"}
    assert {"comment", "version"} <= set(order["properties"])
    handle = schema["components"]["schemas"]["HotlineReferralHandleRequest"]
    assert handle["required"] == ["result"]


def test_a_page_beyond_the_last_is_a_documented_404(anon, hrss_officer, wage_case):
    schema = anon.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    client = login(hrss_officer)
    for path in (
        "/api/v1/cases/",
        "/api/v1/tasks/inbox/",
        "/api/v1/tasks/queue/",
        "/api/v1/tasks/approvals/",
        "/api/v1/notifications/",
    ):
        assert "404" in schema["paths"][path]["get"]["responses"], path
        r = client.get(path, {"page": 999})
        assert r.status_code == 404 and set(r.json()) == {"detail"}, path
