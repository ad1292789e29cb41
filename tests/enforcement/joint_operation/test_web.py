"""Joint operations over the API and on the pages: opening (POST /api/v1/cases/ and
/cases/new/), the report tasks in the unit queues (GET /api/v1/tasks/queue/), claiming and
reporting, linking cases, and the operation's panel on the case page."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from casework.models import AuditEvent, Case
from enforcement.joint_operation.models import OperationLink, OperationUnit
from tests.factories import member
from tests.openapi_answers import assert_answer_matches, published_schema

from ..inspection.walk import make_market
from .test_helpers import (  # noqa: F401  (fixtures)
    PARTICIPANTS,
    REPORT,
    open_data,
    report,
    team_fixture,
    unit,
    walk_to,
)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- API -----------------------------------------------------------------------------------


def test_open_over_the_api(team):
    r = api(team.supervisor).post("/api/v1/cases/", open_data(), format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["kind"] == "joint_operation" and body["status"] == "planned"
    assert body["details"]["units"] == [unit(d) for d in PARTICIPANTS]
    assert "start" in body["available_transitions"]


@pytest.mark.parametrize(
    "over, field",
    [
        ({"units": [424242]}, "units"),
        ({"units": []}, "units"),
        ({"markets": [424242]}, "markets"),
        ({"starts_on": "2026-12-10", "ends_on": "2026-12-01"}, "ends_on"),
    ],
)
def test_bad_opening_over_the_api_is_a_400_naming_the_field(team, over, field):
    before = Case.objects.count(), AuditEvent.objects.count()
    r = api(team.supervisor).post("/api/v1/cases/", open_data(**over), format="json")
    assert r.status_code == 400
    assert field in r.json()
    assert (Case.objects.count(), AuditEvent.objects.count()) == before


def test_an_officer_opening_over_the_api_is_a_403(team):
    r = api(team.officer).post("/api/v1/cases/", open_data(), format="json")
    assert r.status_code == 403
    assert not Case.objects.filter(kind="joint_operation").exists()


def test_queue_claim_and_report_over_the_api(team):
    case = walk_to("in_progress", team)
    police = team.reporters["police"]
    queue = api(police).get("/api/v1/tasks/queue/").json()
    assert queue["count"] == 1
    row = queue["results"][0]
    assert row["id"] == case.pk and row["task"]["unit"] == unit("police")
    task_id = OperationUnit.objects.get(case=case, unit_id=unit("police")).task_id
    assert row["task"]["id"] == task_id

    r = api(police).post(
        f"/api/v1/cases/{case.pk}/operation/units/{unit('police')}/claim/", {}, format="json"
    )
    assert r.status_code == 200, r.json()
    assert api(police).get("/api/v1/tasks/queue/").json()["count"] == 0
    inbox = api(police).get("/api/v1/tasks/inbox/").json()
    assert [x["id"] for x in inbox["results"]] == [case.pk]

    r = api(police).post(
        f"/api/v1/cases/{case.pk}/operation/units/{unit('police')}/report/",
        {**REPORT, "markets_inspected": -3},
        format="json",
    )
    assert r.status_code == 400 and "markets_inspected" in r.json()
    r = api(police).post(
        f"/api/v1/cases/{case.pk}/operation/units/{unit('police')}/report/",
        {**REPORT, "version": 1},
        format="json",
    )
    assert r.status_code == 409
    version = Case.objects.get(pk=case.pk).version
    r = api(police).post(
        f"/api/v1/cases/{case.pk}/operation/units/{unit('police')}/report/",
        {**REPORT, "version": version},
        format="json",
    )
    assert r.status_code == 200, r.json()
    data = r.json()
    police_row = next(u for u in data["units"] if u["unit"]["id"] == unit("police"))
    assert police_row["status"] == "reported" and police_row["results"]["stalls_cleared"] == 5
    assert data["status"] == "in_progress" and data["totals"]["stalls_cleared"] == 5
    assert api(police).get("/api/v1/tasks/inbox/").json()["count"] == 0
    # The answer is what the schema says, with a unit reported and others pending.
    assert {u["status"] for u in data["units"]} == {"reported", "pending"}
    schema = published_schema()
    route = "/api/v1/cases/{id}/operation/units/{unit_id}/report/"
    assert_answer_matches(schema, route, "post", 200, data)
    read = api(police).get(f"/api/v1/cases/{case.pk}/operation/")
    assert_answer_matches(schema, "/api/v1/cases/{id}/operation/", "get", 200, read.json())


def test_the_api_answers_404_403_and_409_like_everywhere(team, other_district_officer):
    case = walk_to("in_progress", team)
    url = f"/api/v1/cases/{case.pk}/operation/units/{unit('police')}/report/"
    assert api(other_district_officer).post(url, REPORT, format="json").status_code == 404
    assert api(other_district_officer).get(f"/api/v1/cases/{case.pk}/operation/").status_code == 404
    assert api(team.reporters["market"]).post(url, REPORT, format="json").status_code == 403
    bad_unit = f"/api/v1/cases/{case.pk}/operation/units/{unit('drc')}/report/"
    r = api(team.reporters["police"]).post(bad_unit, REPORT, format="json")
    assert r.status_code == 400 and "unit" in r.json()
    assert api(team.reporters["police"]).post(url, REPORT, format="json").status_code == 200
    assert api(team.reporters["police"]).post(url, REPORT, format="json").status_code == 409
    # Not an operation: 404.
    other = walk_to("planned", team)
    incident = api(team.reporters["police"]).post(
        "/api/v1/cases/",
        {
            "kind": "security_incident",
            "jurisdiction": "xuecheng",
            "incident_type": "fraud",
            "description": "诈骗",
        },
        format="json",
    )
    assert incident.status_code == 201
    r = api(team.reporters["police"]).get(f"/api/v1/cases/{incident.json()['id']}/operation/")
    assert r.status_code == 404
    assert api(team.supervisor).get(f"/api/v1/cases/{other.pk}/operation/").status_code == 200


def test_link_over_the_api_and_the_transitions_over_the_generic_route(team):
    case = walk_to("in_progress", team)
    police = team.reporters["police"]
    opened = (
        api(police)
        .post(
            "/api/v1/cases/",
            {
                "kind": "security_incident",
                "jurisdiction": "xuecheng",
                "incident_type": "provoking_trouble",
                "description": "行动中查获寻衅滋事",
            },
            format="json",
        )
        .json()
    )
    r = api(police).post(
        f"/api/v1/cases/{case.pk}/operation/links/", {"case": opened["number"]}, format="json"
    )
    assert r.status_code == 201, r.json()
    assert [c["number"] for c in r.json()["cases"]] == [opened["number"]]
    r = api(police).post(
        f"/api/v1/cases/{case.pk}/operation/links/", {"case": "nope"}, format="json"
    )
    assert r.status_code == 400 and "case" in r.json()
    assert OperationLink.objects.filter(operation=case).count() == 1

    for dept in PARTICIPANTS:
        report(case, team.reporters[dept], dept)
    r = api(team.officer).post(
        f"/api/v1/cases/{case.pk}/transitions/submit_summary/", {"summary": ""}, format="json"
    )
    assert r.status_code == 400 and "summary" in r.json()
    r = api(team.officer).post(
        f"/api/v1/cases/{case.pk}/transitions/submit_summary/",
        {"summary": "行动结束"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["status"] == "closure_pending"
    r = api(team.supervisor).post(
        f"/api/v1/cases/{case.pk}/transitions/complete_reporting/", {}, format="json"
    )
    assert r.status_code == 404
    r = api(team.supervisor).post(
        f"/api/v1/cases/{case.pk}/transitions/approve_closure/", {}, format="json"
    )
    assert r.status_code == 200 and r.json()["status"] == "closed"
    # The city viewer of the lead department sees the closed operation, its totals included.
    viewer = member("hrss.viewer.city", "hrss", "city", "viewer")
    data = api(viewer).get(f"/api/v1/cases/{case.pk}/operation/").json()
    assert data["status"] == "closed" and data["totals"]["cases"] == 1
    assert data["cases"] == []  # a police incident: counted, not shown to 人社
    assert data["summary"]["text"] == "行动结束" and data["summary"]["totals"]["cases"] == 1
    route = "/api/v1/cases/{id}/operation/"
    assert_answer_matches(published_schema(), route, "get", 200, data)


# --- pages ---------------------------------------------------------------------------------


def test_the_new_case_page_offers_units_and_markets_as_tick_boxes(team):
    market = make_market()
    r = page(team.supervisor).get("/cases/new/?kind=joint_operation")
    assert r.status_code == 200
    html = r.content.decode()
    for name in ("title", "starts_on", "ends_on", "units", "markets", "description"):
        assert f'name="{name}"' in html, name
    assert f'type="checkbox" name="units" value="{unit("police")}"' in html
    assert "薛城区公安局" in html
    assert f'type="checkbox" name="markets" value="{market.pk}"' in html


def _page_post(client, **over):
    data = {
        "kind": "joint_operation",
        "jurisdiction": "xuecheng",
        "title": "夜间零工市场联合整治",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-03",
        "units": [str(unit(d)) for d in PARTICIPANTS],
        "description": "夜间联合整治占道等活。",
    }
    data.update(over)
    return client.post("/cases/new/", data)


def test_opening_on_the_page(team):
    client = page(team.supervisor)
    r = _page_post(client)
    case = Case.objects.get(kind="joint_operation")
    assert r.status_code == 302 and r["Location"] == f"/cases/{case.pk}/"
    html = client.get(r["Location"]).content.decode()
    assert "夜间零工市场联合整治" in html and "薛城区住房和城乡建设局" in html
    assert 'id="operation"' in html and "启动行动" in html


def test_page_errors_are_shown_next_to_the_fields(team):
    client = page(team.supervisor)
    r = _page_post(client, ends_on="2026-11-01")
    assert r.status_code == 400
    assert "结束日期不能早于开始日期" in r.content.decode()
    r = _page_post(client, units=[])
    assert r.status_code == 400
    assert '<fieldset id="open-units" aria-invalid="true"' in r.content.decode()
    assert not Case.objects.filter(kind="joint_operation").exists()


def test_a_participant_reports_on_the_case_page(team):
    case = walk_to("in_progress", team)
    police = team.reporters["police"]
    client = page(police)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'id="operation-report-{unit("police")}"' in html
    assert f'id="operation-report-{unit("market")}"' not in html
    queue = client.get("/queue/").content.decode()
    assert case.number in queue

    url = f"/operations/{case.pk}/units/{unit('police')}/report/"
    bad = client.post(url, {**REPORT, "markets_inspected": "-1", "version": case.version})
    assert bad.status_code == 400
    assert "operation-report" in bad.content.decode()
    assert OperationUnit.objects.get(case=case, unit_id=unit("police")).status == "pending"

    r = client.post(url, {**REPORT, "cases": "", "version": Case.objects.get(pk=case.pk).version})
    assert r.status_code == 302
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "已报送 1 / 3 个参与单位" in html
    assert case.number not in client.get("/queue/").content.decode()


def test_claim_and_link_on_the_page(team):
    case = walk_to("in_progress", team)
    market = team.reporters["market"]
    client = page(market)
    r = client.post(f"/operations/{case.pk}/units/{unit('market')}/claim/", {})
    assert r.status_code == 302
    assert OperationUnit.objects.get(case=case, unit_id=unit("market")).task.owner == market
    assert case.number in client.get("/").content.decode()  # the officer's inbox
    r = client.post(f"/operations/{case.pk}/links/", {"case": "xuecheng-ZA-2099-0001"})
    assert r.status_code == 400 and "未找到案件" in r.content.decode()
    # Other districts get a 404 for every form.
    stranger = page(member("market.officer.shizhong", "market", "shizhong", "officer"))
    assert stranger.post(f"/operations/{case.pk}/units/{unit('market')}/claim/").status_code == 404
    assert stranger.get(f"/cases/{case.pk}/").status_code == 404


def test_the_lead_closes_on_the_page(team):
    case = walk_to("reporting_done", team)
    officer = page(team.officer)
    r = officer.post(
        f"/cases/{case.pk}/transitions/submit_summary/",
        {"summary": "三个单位完成任务。", "version": case.version},
    )
    assert r.status_code == 302
    sup = page(team.supervisor)
    assert case.number in sup.get("/approvals/").content.decode()
    r = sup.post(
        f"/cases/{case.pk}/transitions/approve_closure/",
        {"version": Case.objects.get(pk=case.pk).version},
    )
    assert r.status_code == 302
    html = sup.get(f"/cases/{case.pk}/").content.decode()
    assert "已结案" in html and "三个单位完成任务。" in html


def test_the_planned_operation_is_started_on_the_page(team):
    case = walk_to("planned", team)
    sup = page(team.supervisor)
    assert case.number in sup.get("/approvals/").content.decode()
    r = sup.post(f"/cases/{case.pk}/transitions/start/", {"version": case.version})
    assert r.status_code == 302
    assert Case.objects.get(pk=case.pk).status == "in_progress"


def test_a_linked_case_page_points_back_to_the_operation_for_those_who_see_it(team):
    case = walk_to("in_progress", team)
    police = team.reporters["police"]
    incident = (
        api(police)
        .post(
            "/api/v1/cases/",
            {
                "kind": "security_incident",
                "jurisdiction": "xuecheng",
                "incident_type": "assault",
                "description": "行动中发生殴打他人",
            },
            format="json",
        )
        .json()
    )
    report(case, police, "police", cases=[incident["number"]])
    html = page(police).get(f"/cases/{incident['id']}/").content.decode()
    assert 'id="operation-backlink"' in html and f'href="/cases/{case.pk}/"' in html
    # The city's police viewer sees the incident but not the 人社-led operation: no pointer.
    city_police = member("police.viewer.city", "police", "city", "viewer")
    html = page(city_police).get(f"/cases/{incident['id']}/").content.decode()
    assert incident["number"] in html and 'id="operation-backlink"' not in html
    # The operation's own page has no pointer to itself.
    assert 'id="operation-backlink"' not in page(police).get(f"/cases/{case.pk}/").content.decode()


def test_a_count_beyond_any_operation_is_refused_on_the_api_and_the_page(team):
    case = walk_to("in_progress", team)
    police = team.reporters["police"]
    route = f"/api/v1/cases/{case.pk}/operation/units/{unit('police')}/report/"
    r = api(police).post(route, {**REPORT, "persons_educated": 10**12}, format="json")
    assert r.status_code == 400 and list(r.json()) == ["persons_educated"], r.json()
    assert OperationUnit.objects.get(case=case, unit_id=unit("police")).status == "pending"
    # The largest count is accepted, and the form tells the browser the limit.
    html = page(police).get(f"/cases/{case.pk}/").content.decode()
    assert 'max="100000"' in html
    r = api(police).post(route, {**REPORT, "persons_educated": 100_000}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["totals"]["persons_educated"] == 100_000
