"""The transfer and bulk-reassignment API."""

from __future__ import annotations

import pytest
from drf_spectacular.validation import validate_schema

from casework.actions import case_assign
from casework.models import AuditEvent, Case, ReassignmentJob
from permissions.selectors import unit_for
from tests.api.conftest import login
from tests.factories import open_wage_case


@pytest.fixture(autouse=True)
def _fresh_throttles():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def propose(client, case, unit, **extra):
    body = {"to_unit": unit.pk, "kind": "reassign_jurisdiction", "reason": "用人单位在市中区"}
    body.update(extra)
    return client.post(f"/api/v1/cases/{case.pk}/transfers/", body, format="json")


def test_propose_accept_over_the_api(
    wage_case, hrss_supervisor, shizhong_supervisor, shizhong_unit, shizhong_officer
):
    sender, receiver = login(hrss_supervisor), login(shizhong_supervisor)
    assert receiver.get(f"/api/v1/cases/{wage_case.pk}/").status_code == 404

    r = propose(sender, wage_case, shizhong_unit, version=wage_case.version)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "pending"
    assert body["kind_display"] == "转办"
    assert body["to_unit"] == {"id": shizhong_unit.pk, "name": shizhong_unit.name}
    assert body["proposed_by"] == "hrss.supervisor.xuecheng"
    assert body["due_on"]

    assert receiver.get(f"/api/v1/cases/{wage_case.pk}/").status_code == 200
    listed = receiver.get(f"/api/v1/cases/{wage_case.pk}/transfers/")
    assert [t["id"] for t in listed.json()] == [body["id"]]

    r = receiver.post(
        f"/api/v1/cases/{wage_case.pk}/transfers/{body['id']}/accept/",
        {"reason": "同意接收"},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "accepted"
    assert r.json()["decided_by"] == "hrss.supervisor.shizhong"
    case = Case.objects.get(pk=wage_case.pk)
    assert case.lead_unit == shizhong_unit
    queue = login(shizhong_officer).get("/api/v1/tasks/queue/")
    assert wage_case.pk in [row["id"] for row in queue.json()["results"]]
    # The old unit still reads the case.
    assert sender.get(f"/api/v1/cases/{wage_case.pk}/").status_code == 200


def test_return_over_the_api(wage_case, hrss_supervisor, shizhong_supervisor, shizhong_unit):
    tid = propose(login(hrss_supervisor), wage_case, shizhong_unit).json()["id"]
    receiver = login(shizhong_supervisor)
    url = f"/api/v1/cases/{wage_case.pk}/transfers/{tid}/return/"
    r = receiver.post(url, {}, format="json")
    assert r.status_code == 400
    assert "reason" in r.json()
    r = receiver.post(url, {"reason": "不属于本辖区"}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "returned"
    assert r.json()["decision_reason"] == "不属于本辖区"
    # Having answered, the receiver no longer sees the case, let alone acts on it.
    assert receiver.get(f"/api/v1/cases/{wage_case.pk}/").status_code == 404
    assert receiver.post(url, {"reason": "再次"}, format="json").status_code == 404


def test_errors_name_the_field(wage_case, hrss_supervisor, org):
    client = login(hrss_supervisor)
    r = propose(client, wage_case, unit_for("market", "xuecheng"), kind="refer")
    assert r.status_code == 400
    assert list(r.json()) == ["to_unit"]
    r = propose(client, wage_case, unit_for("hrss", "shizhong"), kind="move")
    assert r.status_code == 400
    assert "kind" in r.json()
    r = client.post(
        f"/api/v1/cases/{wage_case.pk}/transfers/", {"to_unit": "x", "kind": "refer"}, format="json"
    )
    assert r.status_code == 400
    assert {"to_unit", "reason"} <= set(r.json())
    r = client.post(
        f"/api/v1/cases/{wage_case.pk}/transfers/",
        {"to_unit": 999999, "kind": "refer", "reason": "x"},
        format="json",
    )
    assert r.status_code == 400
    assert list(r.json()) == ["to_unit"]
    assert not AuditEvent.objects.filter(verb__startswith="casework.case.transfer").exists()


def test_403_404_409(
    wage_case, hrss_officer, hrss_supervisor, other_district_officer, shizhong_unit, org
):
    assert propose(login(hrss_officer), wage_case, shizhong_unit).status_code == 403
    assert propose(login(other_district_officer), wage_case, shizhong_unit).status_code == 404
    assert (
        login(other_district_officer).get(f"/api/v1/cases/{wage_case.pk}/transfers/").status_code
        == 404
    )
    client = login(hrss_supervisor)
    assert (
        propose(client, wage_case, shizhong_unit, version=wage_case.version + 3).status_code == 409
    )
    first = propose(client, wage_case, shizhong_unit)
    assert first.status_code == 201
    r = propose(client, wage_case, unit_for("hrss", "yicheng"))
    assert r.status_code == 409
    assert "detail" in r.json()
    # The sender cannot answer its own proposal.
    r = client.post(
        f"/api/v1/cases/{wage_case.pk}/transfers/{first.json()['id']}/accept/", {}, format="json"
    )
    assert r.status_code == 403
    final = open_wage_case()
    Case.objects.filter(pk=final.pk).update(status="closed")
    assert propose(client, final, shizhong_unit).status_code == 409


def test_bulk_reassignment_waits_when_asked(
    hrss_supervisor, hrss_officer, hrss_officer2, xuecheng_unit
):
    cases = [open_wage_case() for _ in range(2)]
    for case in cases:
        case_assign(actor=hrss_supervisor, case_id=case.pk, assignee=hrss_officer)
    client = login(hrss_supervisor)
    r = client.post(
        "/api/v1/reassignments/?wait=true",
        {"from_user": hrss_officer.username, "unit": xuecheng_unit.pk},
        format="json",
    )
    assert r.status_code == 202, r.content
    job = r.json()
    assert (job["total"], job["done"], job["failed"], job["status"]) == (2, 2, 0, "finished")
    assert job["from_user"] == hrss_officer.username
    assert set(
        Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("assignee", flat=True)
    ) == {hrss_officer2.pk}
    r = client.get(f"/api/v1/reassignments/{job['id']}/")
    assert r.status_code == 200
    assert r.json()["done"] == 2
    assert login(hrss_officer).get(f"/api/v1/reassignments/{job['id']}/").status_code == 404


def test_bulk_reassignment_errors(hrss_supervisor, hrss_officer, hrss_officer2, xuecheng_unit):
    client = login(hrss_supervisor)
    url = "/api/v1/reassignments/?wait=true"
    r = client.post(url, {"from_user": "nobody", "unit": xuecheng_unit.pk}, format="json")
    assert r.status_code == 400
    assert list(r.json()) == ["from_user"]
    r = client.post(
        url,
        {"from_user": hrss_officer.username, "unit": xuecheng_unit.pk, "to_user": "nobody"},
        format="json",
    )
    assert r.status_code == 400
    assert list(r.json()) == ["to_user"]
    r = client.post(url, {"from_user": hrss_officer.username, "unit": 999999}, format="json")
    assert r.status_code == 400
    assert list(r.json()) == ["unit"]
    r = login(hrss_officer2).post(
        url, {"from_user": hrss_officer.username, "unit": xuecheng_unit.pk}, format="json"
    )
    assert r.status_code == 403
    r = client.post(url, {"unit": "x"}, format="json")
    assert r.status_code == 400
    assert {"from_user", "unit"} <= set(r.json())
    assert not ReassignmentJob.objects.exists()


def test_schema_stays_valid(hrss_supervisor):
    r = login(hrss_supervisor).get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert r.status_code == 200
    schema = r.json()
    validate_schema(schema)
    assert "/api/v1/cases/{id}/transfers/" in schema["paths"] or any(
        "transfers" in p for p in schema["paths"]
    )
    assert any("reassignments" in p for p in schema["paths"])
