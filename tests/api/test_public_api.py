"""Public routes: filing a complaint, following it, the market map — and their throttles."""

from __future__ import annotations

import pytest
from django.test import override_settings

from casework.models import Case

from .conftest import complaint_payload


def file(anon, **overrides):
    return anon.post("/api/v1/public/complaints/", complaint_payload(**overrides), format="json")


def test_complaint_opens_a_case_with_the_complainant(anon, org):
    r = file(anon)
    assert r.status_code == 201, r.content
    case = Case.objects.get(tracking_number=r.json()["tracking_number"])
    assert case.kind == "wage_arrears" and case.lead_unit.department.code == "hrss"
    assert case.jurisdiction.code == "xuecheng"
    assert str(case.amount_owed) == "12800.50" and case.workers_count == 3
    party = case.parties.select_related("person").get()
    assert party.person.id_number == "11010519491231002X"
    assert case.employer.credit_code == "91350100M000100Y43"
    assert len(r.json()["access_code"]) == 8


def test_credit_code_is_optional(anon, org):
    r = file(anon, employer={"name": "包工头王某"})
    assert r.status_code == 201, r.content


def test_collective_complaint_is_high_priority(anon, org, hrss_officer):
    r = file(anon, workers_count=25)
    case = Case.objects.get(tracking_number=r.json()["tracking_number"])
    assert case.priority == "high"


def test_nested_field_errors(anon, org):
    r = file(
        anon,
        complainant={"name": "李四", "phone": "1381234567", "id_number": "110105194912310021"},
        employer={"name": "某公司", "credit_code": "91350100M000100Y44"},
    )
    assert r.status_code == 400
    body = r.json()
    assert set(body) == {"complainant", "employer"}
    assert set(body["complainant"]) == {"phone", "id_number"}
    assert set(body["employer"]) == {"credit_code"}
    assert Case.objects.count() == 0


def test_status_lookup_is_case_insensitive_on_tracking_number(anon, org):
    receipt = file(anon).json()
    r = anon.get(
        f"/api/v1/public/complaints/{receipt['tracking_number'].lower()}/",
        {"access_code": receipt["access_code"]},
    )
    assert r.status_code == 200
    assert r.json()["tracking_number"] == receipt["tracking_number"]


@pytest.mark.parametrize(
    "tracking",
    ["GC%00ABC", "GC..", "X" * 21, "GC'; DROP TABLE", "%E6%AC%A0%E8%96%AA"],
)
def test_garbage_tracking_numbers_are_404(anon, org, tracking):
    r = anon.get(f"/api/v1/public/complaints/{tracking}/", {"access_code": "12345678"})
    assert r.status_code == 404


def test_overlong_access_code_is_404(anon, org):
    receipt = file(anon).json()
    r = anon.get(
        f"/api/v1/public/complaints/{receipt['tracking_number']}/",
        {"access_code": receipt["access_code"] + "0" * 100},
    )
    assert r.status_code == 404


def test_public_routes_need_no_login_and_ignore_sessions(anon, org, hrss_officer):
    from rest_framework.test import APIClient

    # A logged-in browser posting without a CSRF token still files (no session is used).
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(hrss_officer)
    r = browser.post("/api/v1/public/complaints/", complaint_payload(), format="json")
    assert r.status_code == 201
    assert browser.get("/api/v1/public/markets/").status_code == 200


def test_markets_feature_collection_is_empty_without_markets(anon, org):
    assert anon.get("/api/v1/public/markets/").json() == {
        "type": "FeatureCollection",
        "features": [],
    }


# ---------------------------------------------------------------------------- throttles


@override_settings(API_THROTTLE_RATES={"public_complaint": "2/hour"})
def test_complaints_are_throttled(anon, org):
    assert file(anon).status_code == 201
    assert file(anon, description="").status_code == 400  # invalid ones count too
    r = file(anon)
    assert r.status_code == 429
    assert "detail" in r.json()
    assert Case.objects.count() == 1


@override_settings(API_THROTTLE_RATES={"public_lookup_failure": "3/hour"})
def test_only_failed_lookups_are_throttled(anon, org):
    receipt = file(anon).json()
    url = f"/api/v1/public/complaints/{receipt['tracking_number']}/"
    for _ in range(5):
        assert anon.get(url, {"access_code": receipt["access_code"]}).status_code == 200
    for _ in range(3):
        assert anon.get(url, {"access_code": "99999999x"}).status_code == 404
    # Now even the right code is refused for a while: guessing cannot go on.
    r = anon.get(url, {"access_code": receipt["access_code"]})
    assert r.status_code == 429
    assert "Retry-After" in r


@override_settings(API_THROTTLE_RATES={"public_lookup_failure": "1/hour"})
def test_lookup_throttle_is_per_client(org):
    from rest_framework.test import APIClient

    a, b = APIClient(REMOTE_ADDR="10.0.0.1"), APIClient(REMOTE_ADDR="10.0.0.2")
    assert a.get("/api/v1/public/complaints/GCNOPE/").status_code == 404
    assert a.get("/api/v1/public/complaints/GCNOPE/").status_code == 429
    # A forged X-Forwarded-For does not buy a fresh allowance.
    assert (
        a.get("/api/v1/public/complaints/GCNOPE/", HTTP_X_FORWARDED_FOR="1.2.3.4").status_code
        == 429
    )
    assert b.get("/api/v1/public/complaints/GCNOPE/").status_code == 404
