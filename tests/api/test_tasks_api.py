"""The task API: inbox, unit queue, approvals, claim and assign over HTTP."""

from __future__ import annotations

import pytest
from drf_spectacular.validation import validate_schema

from casework.actions import case_transition
from casework.models import AuditEvent
from tests.factories import member, open_wage_case

from .conftest import login

ROW_KEYS = {
    "id",
    "number",
    "kind",
    "status",
    "status_display",
    "deadline",
    "priority",
    "lead_unit",
    "assignee",
    "overdue",
    "version",
    "task",
}


def fire(actor, case, name, **data):
    return case_transition(actor=actor, case_id=case.pk, name=name, data=data)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def other_supervisor(org):
    return member("hrss.supervisor.shizhong", "hrss", "shizhong", "supervisor")


def test_queue_rows_say_what_is_expected(wage_case, hrss_officer):
    r = login(hrss_officer).get("/api/v1/tasks/queue/")
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    (row,) = body["results"]
    assert ROW_KEYS <= set(row)
    assert row["id"] == wage_case.pk and row["number"] == wage_case.number
    assert row["status"] == "submitted" and row["status_display"] == "待受理"
    assert row["deadline"] == wage_case.deadline.isoformat()
    assert row["assignee"] is None and row["priority"] == "normal"
    task = row["task"]
    assert task["role"] == "officer" and task["unit"] == wage_case.lead_unit_id
    assert task["expects"] == [{"name": "accept", "label": "受理立案"}]
    assert task["title"] == "受理立案"
    assert task["id"] > 0 and task["since"]


def test_claim_moves_the_case_from_queue_to_inbox(wage_case, hrss_officer):
    client = login(hrss_officer)
    r = client.post(f"/api/v1/cases/{wage_case.pk}/claim/", {}, format="json")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["id"] == wage_case.pk and body["assignee"] == hrss_officer.username
    assert body["version"] == wage_case.version + 1
    assert body["task"]["role"] == "officer"
    assert ids(client.get("/api/v1/tasks/queue/")) == []
    assert ids(client.get("/api/v1/tasks/inbox/")) == [wage_case.pk]
    assert AuditEvent.objects.filter(verb="casework.case.claimed", case=wage_case).count() == 1


def test_claim_with_the_current_version_succeeds_and_a_stale_one_is_409(wage_case, hrss_officer):
    client = login(hrss_officer)
    url = f"/api/v1/cases/{wage_case.pk}/claim/"
    stale = client.post(url, {"version": wage_case.version + 5}, format="json")
    assert stale.status_code == 409 and "detail" in stale.json()
    ok = client.post(url, {"version": wage_case.version}, format="json")
    assert ok.status_code == 200


def test_claim_twice_is_409(wage_case, hrss_officer, hrss_officer2):
    url = f"/api/v1/cases/{wage_case.pk}/claim/"
    assert login(hrss_officer).post(url, {}, format="json").status_code == 200
    r = login(hrss_officer2).post(url, {}, format="json")
    assert r.status_code == 409
    assert ids(login(hrss_officer2).get("/api/v1/tasks/inbox/")) == []


def test_claim_by_a_supervisor_is_403(wage_case, hrss_supervisor):
    r = login(hrss_supervisor).post(f"/api/v1/cases/{wage_case.pk}/claim/", {}, format="json")
    assert r.status_code == 403 and "detail" in r.json()


@pytest.mark.parametrize("case_id", ["invisible", "missing"])
def test_claim_of_a_case_you_cannot_see_is_404(wage_case, other_district_officer, case_id):
    pk = wage_case.pk if case_id == "invisible" else wage_case.pk + 1000
    r = login(other_district_officer).post(f"/api/v1/cases/{pk}/claim/", {}, format="json")
    assert r.status_code == 404
    wage_case.refresh_from_db()
    assert wage_case.assignee_id is None


def test_claim_with_a_bad_version_is_400_naming_it(wage_case, hrss_officer):
    r = login(hrss_officer).post(
        f"/api/v1/cases/{wage_case.pk}/claim/", {"version": "abc"}, format="json"
    )
    assert r.status_code == 400 and "version" in r.json()


def test_assign_and_reassign_move_the_inbox(wage_case, hrss_officer, hrss_officer2, hrss_clerk):
    clerk = login(hrss_clerk)
    url = f"/api/v1/cases/{wage_case.pk}/assign/"
    r = clerk.post(url, {"assignee": hrss_officer.username}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["assignee"] == hrss_officer.username
    assert ids(login(hrss_officer).get("/api/v1/tasks/inbox/")) == [wage_case.pk]
    assert ids(clerk.get("/api/v1/tasks/queue/")) == []
    r = clerk.post(
        url, {"assignee": hrss_officer2.username, "version": r.json()["version"]}, format="json"
    )
    assert r.status_code == 200
    assert ids(login(hrss_officer).get("/api/v1/tasks/inbox/")) == []
    assert ids(login(hrss_officer2).get("/api/v1/tasks/inbox/")) == [wage_case.pk]


@pytest.mark.parametrize(
    "body",
    [{}, {"assignee": ""}, {"assignee": "nobody.at.all"}, {"assignee": "police.officer.xuecheng"}],
)
def test_a_bad_assignee_is_400_naming_the_field(wage_case, hrss_supervisor, police_officer, body):
    r = login(hrss_supervisor).post(f"/api/v1/cases/{wage_case.pk}/assign/", body, format="json")
    assert r.status_code == 400
    assert "assignee" in r.json()
    wage_case.refresh_from_db()
    assert wage_case.assignee_id is None


def test_assign_by_an_officer_is_403(wage_case, hrss_officer, hrss_officer2):
    r = login(hrss_officer).post(
        f"/api/v1/cases/{wage_case.pk}/assign/", {"assignee": hrss_officer2.username}, format="json"
    )
    assert r.status_code == 403


def test_assign_of_an_invisible_case_is_404_even_with_a_bad_name(wage_case, other_supervisor):
    client = login(other_supervisor)
    url = f"/api/v1/cases/{wage_case.pk}/assign/"
    assert client.post(url, {"assignee": "nobody.at.all"}, format="json").status_code == 404
    assert client.post(url, {"assignee": "hrss.officer.shizhong"}, format="json").status_code == 404


def test_assign_of_a_closed_case_is_409(wage_case, hrss_officer, hrss_supervisor, hrss_officer2):
    fire(hrss_officer, wage_case, "accept")
    fire(hrss_officer, wage_case, "propose_closure", summary="已支付", amount_recovered="5000")
    fire(hrss_supervisor, wage_case, "approve_closure")
    r = login(hrss_supervisor).post(
        f"/api/v1/cases/{wage_case.pk}/assign/", {"assignee": hrss_officer2.username}, format="json"
    )
    assert r.status_code == 409
    assert r.json()["detail"]


def test_approvals_list_the_supervisors_decisions(wage_case, hrss_officer, hrss_supervisor):
    fire(hrss_officer, wage_case, "accept")
    fire(hrss_officer, wage_case, "propose_closure", summary="已支付", amount_recovered="5000")
    r = login(hrss_supervisor).get("/api/v1/tasks/approvals/")
    assert ids(r) == [wage_case.pk]
    task = r.json()["results"][0]["task"]
    assert task["role"] == "supervisor" and task["role_display"] == "审批人"
    assert [e["name"] for e in task["expects"]] == ["approve_closure", "return_for_rework"]
    assert ids(login(hrss_officer).get("/api/v1/tasks/inbox/")) == []


def test_other_units_see_no_tasks(
    wage_case, hrss_officer, other_district_officer, police_officer, city_viewer, other_supervisor
):
    fire(hrss_officer, wage_case, "accept")
    fire(hrss_officer, wage_case, "propose_closure", summary="已支付", amount_recovered="5000")
    open_wage_case()  # a new complaint in the xuecheng queue
    for user in (other_district_officer, police_officer, city_viewer, other_supervisor):
        client = login(user)
        for name in ("inbox", "queue", "approvals"):
            assert ids(client.get(f"/api/v1/tasks/{name}/")) == [], (user, name)


def test_lists_are_paginated_like_the_case_list(org, hrss_officer):
    cases = [open_wage_case() for _ in range(3)]
    r = login(hrss_officer).get("/api/v1/tasks/queue/", {"page_size": 2})
    body = r.json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    rest = login(hrss_officer).get(body["next"]).json()
    assert [row["id"] for row in body["results"] + rest["results"]] == [c.pk for c in cases]


def test_task_routes_need_a_login(anon, wage_case):
    for url in ("/api/v1/tasks/inbox/", "/api/v1/tasks/queue/", "/api/v1/tasks/approvals/"):
        assert anon.get(url).status_code in (401, 403)
    r = anon.post(f"/api/v1/cases/{wage_case.pk}/claim/", {}, format="json")
    assert r.status_code in (401, 403)


def test_task_routes_are_in_the_schema(anon, db):
    r = anon.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = r.json()
    validate_schema(schema)
    paths = schema["paths"]
    for name in ("inbox", "queue", "approvals"):
        op = paths[f"/api/v1/tasks/{name}/"]["get"]
        ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        page = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert {"count", "next", "previous", "results"} <= set(page["properties"])
    claim = paths["/api/v1/cases/{id}/claim/"]["post"]
    assign = paths["/api/v1/cases/{id}/assign/"]["post"]
    for op in (claim, assign):
        assert {"200", "400", "403", "404", "409"} <= set(op["responses"])
    body = assign["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert "assignee" in schema["components"]["schemas"][body.rsplit("/", 1)[1]]["required"]
    row = schema["components"]["schemas"]["TaskCase"]["properties"]
    assert row["task"]["nullable"] is True
