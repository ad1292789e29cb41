"""POST /api/v1/cases/: opening a case of an internal kind (a security incident here)."""

from __future__ import annotations

import pytest

from casework.models import AuditEvent, Case, CaseSequence, LegalClock, Notification, TimelineEntry
from tests.factories import member

from .conftest import login


def _rows() -> dict[str, int]:
    return {
        "cases": Case.objects.count(),
        "audit": AuditEvent.objects.count(),
        "timeline": TimelineEntry.objects.count(),
        "clocks": LegalClock.objects.count(),
        "notifications": Notification.objects.count(),
        "sequences": sum(CaseSequence.objects.values_list("last", flat=True)),
    }


def _body(**overrides) -> dict:
    body = {
        "kind": "security_incident",
        "jurisdiction": "xuecheng",
        "description": "零工市场东门两人因争抢活计互相殴打，一人受轻伤。",
        "incident_type": "assault",
        "location": "市场东门",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


@pytest.fixture
def police(police_officer):
    return login(police_officer)


def test_open_incident_returns_the_case(police, police_officer, market):
    r = police.post("/api/v1/cases/", _body(market=market.pk), format="json")
    assert r.status_code == 201, r.content
    data = r.json()
    case = Case.objects.get(pk=data["id"])
    assert data["number"] == case.number and case.number.startswith("xuecheng-ZA-")
    assert data["kind"] == "security_incident"
    assert data["status"] == "reported"
    assert "dispatch" in data["available_transitions"]
    assert data["url"].endswith(f"/cases/{case.pk}/")
    assert case.lead_unit.department.code == "police"
    assert case.market_id == market.pk
    assert case.details == {"incident_type": "assault", "location": "市场东门"}
    event = AuditEvent.objects.get(case=case)
    assert event.verb == "enforcement.security_incident.opened"
    assert event.actor_id == police_officer.pk
    # The same shape as the detail.
    detail = police.get(f"/api/v1/cases/{case.pk}/").json()
    assert set(detail) == set(data)


def test_minimal_body_without_market(police):
    r = police.post("/api/v1/cases/", _body(location=None), format="json")
    assert r.status_code == 201, r.content
    assert Case.objects.get(pk=r.json()["id"]).market_id is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "no_such_kind"}, "kind"),
        ({"kind": None}, "kind"),
        ({"incident_type": "arson"}, "incident_type"),
        ({"incident_type": None}, "incident_type"),
        ({"jurisdiction": "atlantis"}, "jurisdiction"),
        ({"market": 999999}, "market"),
        ({"market": "east-gate"}, "market"),
        ({"description": "长" * 5001}, "description"),
        ({"description": ""}, "description"),
        ({"location": "长" * 201}, "location"),
        ({"occurred_on": "2999-01-01"}, "occurred_on"),
    ],
)
def test_bad_input_is_400_naming_the_field(police, overrides, field):
    before = _rows()
    r = police.post("/api/v1/cases/", _body(**overrides), format="json")
    assert r.status_code == 400, r.content
    assert field in r.json(), r.json()
    assert _rows() == before


def test_several_bad_fields_are_reported_together(police):
    r = police.post(
        "/api/v1/cases/", _body(jurisdiction="atlantis", incident_type="arson"), format="json"
    )
    assert r.status_code == 400
    assert {"jurisdiction", "incident_type"} <= set(r.json())


def test_market_of_another_district_is_400(police, market):
    before = _rows()
    r = police.post(
        "/api/v1/cases/", _body(jurisdiction="shizhong", market=market.pk), format="json"
    )
    # The officer may not lead in 市中区 either; the bad market is reported first.
    assert r.status_code == 400 and "market" in r.json()
    assert _rows() == before


def test_body_that_is_not_an_object_is_400(police):
    before = _rows()
    r = police.post("/api/v1/cases/", ["security_incident"], format="json")
    assert r.status_code == 400
    assert _rows() == before


def test_hrss_officer_may_not_open_an_incident(hrss_officer):
    client = login(hrss_officer)
    before = _rows()
    r = client.post("/api/v1/cases/", _body(), format="json")
    assert r.status_code == 403, r.content
    assert "detail" in r.json()
    assert _rows() == before


def test_police_of_another_district_may_not_open_here(org):
    other = member("police.officer.shizhong", "police", "shizhong", "officer")
    client = login(other)
    before = _rows()
    r = client.post("/api/v1/cases/", _body(), format="json")
    assert r.status_code == 403
    assert _rows() == before


def test_anonymous_is_refused(anon, org):
    before = _rows()
    r = anon.post("/api/v1/cases/", _body(), format="json")
    assert r.status_code in (401, 403)
    assert _rows() == before


def test_opened_incident_is_walked_over_the_api(police):
    case_id = police.post("/api/v1/cases/", _body(), format="json").json()["id"]
    url = f"/api/v1/cases/{case_id}/transitions"
    r = police.post(f"{url}/dispatch/", {"comment": "出警"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "dispatched"
    before = _rows()
    r = police.post(f"{url}/decide/", {"decision": "no_penalty"}, format="json")
    assert r.status_code == 409
    assert _rows() == before
    r = police.post(f"{url}/arrive/", {}, format="json")
    assert r.status_code == 400 and "scene" in r.json()
    assert _rows() == before
