"""The officers' market routes: list with open-case counts, detail, create, update, status."""

from __future__ import annotations

import pytest

from casework.models import AuditEvent, Market, MarketStatusChange
from tests.factories import member
from tests.market_support import make_market, market_with_cases
from tests.openapi_answers import assert_answer_matches, published_schema

from .conftest import login

GOOD = {
    "name": "薛城区新城零工驿站",
    "kind": "public_welfare",
    "jurisdiction": "xuecheng",
    "lon": "117.27",
    "lat": "34.80",
    "facilities": ["shelter"],
}


def test_login_required(org, anon):
    assert anon.get("/api/v1/markets/").status_code in (401, 403)
    assert anon.post("/api/v1/markets/", GOOD, format="json").status_code in (401, 403)


def test_list_counts_only_open_cases_the_caller_may_see(org, hrss_officer, other_district_officer):
    mc = market_with_cases()
    rows = {r["id"]: r for r in login(hrss_officer).get("/api/v1/markets/").json()}
    # 薛城区人社局 sees its open wage case only: not the police case, the closed one or
    # 市中区's.
    assert rows[mc.market.pk]["open_cases"] == 1
    assert rows[mc.quiet.pk]["open_cases"] == 0
    assert rows[mc.market.pk]["url"] == f"/markets/{mc.market.pk}/"
    theirs = {r["id"]: r for r in login(other_district_officer).get("/api/v1/markets/").json()}
    assert theirs[mc.market.pk]["open_cases"] == 1  # 市中区's own case


def test_list_filters(org, hrss_officer):
    mc = market_with_cases()
    make_market("滕州市善国路零工市场", "tengzhou", kind="commercial")
    client = login(hrss_officer)

    def names(**params):
        return {r["name"] for r in client.get("/api/v1/markets/", params).json()}

    assert names(status="rectifying") == {mc.quiet.name}
    assert names(kind="commercial") == {"滕州市善国路零工市场"}
    assert names(jurisdiction="tengzhou") == {"滕州市善国路零工市场"}
    assert len(names(jurisdiction="city")) == 3
    assert len(names(status="nonsense")) == 3  # unknown values are ignored


def test_detail_lists_visible_cases_of_every_department(org, police_officer, hrss_officer):
    mc = market_with_cases()
    body = login(hrss_officer).get(f"/api/v1/markets/{mc.market.pk}/").json()
    assert {c["id"] for c in body["cases"]} == {mc.wage.pk, mc.closed.pk}
    assert body["open_cases"] == 1 and body["can_edit"] is True
    police = login(member("police.supervisor.city", "police", "city", "supervisor"))
    body = police.get(f"/api/v1/markets/{mc.market.pk}/").json()
    assert {c["id"] for c in body["cases"]} == {mc.incident.pk}
    assert body["can_edit"] is False
    assert body["cases"][0]["department"] == "police"
    assert_answer_matches(published_schema(), "/api/v1/markets/{market_id}/", "get", 200, body)


def test_detail_of_unknown_market_is_404(org, hrss_officer):
    client = login(hrss_officer)
    assert client.get("/api/v1/markets/999999/").status_code == 404
    assert client.patch("/api/v1/markets/999999/", {"name": "x"}, format="json").status_code == 404


def test_create_201_and_field_errors_400(org, market_officer):
    client = login(market_officer)
    r = client.post("/api/v1/markets/", GOOD, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "registered" and r.json()["facilities"] == ["shelter"]
    assert len(r.json()["status_history"]) == 1
    assert_answer_matches(published_schema(), "/api/v1/markets/", "post", 201, r.json())
    bad = {**GOOD, "name": "另一个", "jurisdiction": "nowhere", "kind": "x", "facilities": ["spa"]}
    r = client.post("/api/v1/markets/", bad, format="json")
    assert r.status_code == 400
    assert {"jurisdiction", "kind", "facilities"} <= set(r.json())
    r = client.post("/api/v1/markets/", {**GOOD, "name": "远", "lat": "36.5"}, format="json")
    assert r.status_code == 400 and "lon" in r.json()
    assert Market.objects.count() == 1


def test_create_by_outsider_is_403(org, police_officer, other_district_officer):
    assert login(police_officer).post("/api/v1/markets/", GOOD, format="json").status_code == 403
    r = login(other_district_officer).post("/api/v1/markets/", GOOD, format="json")
    assert r.status_code == 403
    assert not Market.objects.exists()


def test_patch_updates_and_records_status_change(org, hrss_clerk, police_officer):
    market = make_market("薛城区临山路零工市场")
    assert (
        login(police_officer)
        .patch(f"/api/v1/markets/{market.pk}/", {"operator": "x"}, format="json")
        .status_code
        == 403
    )
    client = login(hrss_clerk)
    r = client.patch(f"/api/v1/markets/{market.pk}/", {"status": "closed"}, format="json")
    assert r.status_code == 400 and "reason" in r.json()
    r = client.patch(
        f"/api/v1/markets/{market.pk}/",
        {"status": "closed", "reason": "场地到期", "opening_hours": "05:00-10:00"},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "closed" and r.json()["opening_hours"] == "05:00-10:00"
    assert r.json()["status_history"][-1]["reason"] == "场地到期"
    route = "/api/v1/markets/{market_id}/"
    assert_answer_matches(published_schema(), route, "patch", 200, r.json())


def test_status_route(org, market_officer):
    market = make_market("薛城区临山路零工市场")
    client = login(market_officer)
    url = f"/api/v1/markets/{market.pk}/status/"
    r = client.post(url, {"status": "banned", "reason": "无证经营"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "banned"
    route = "/api/v1/markets/{market_id}/status/"
    assert_answer_matches(published_schema(), route, "post", 200, r.json())
    assert (
        client.post(url, {"status": "banned", "reason": "再次"}, format="json").status_code == 409
    )
    assert client.post(url, {"status": "x", "reason": ""}, format="json").status_code == 400
    assert MarketStatusChange.objects.filter(market=market).count() == 1
    assert AuditEvent.objects.filter(verb="casework.market.status").count() == 1


@pytest.mark.parametrize("body", ["[1, 2]", "not json", '{"name": null}'])
def test_garbage_bodies_are_400_never_500(org, market_officer, body):
    r = login(market_officer).post("/api/v1/markets/", body, content_type="application/json")
    assert r.status_code == 400


def test_a_second_market_of_the_same_name_in_a_jurisdiction_is_400(org, market_officer):
    # The spreadsheet import finds a market by (jurisdiction, name): a duplicate would leave
    # it updating either one.
    existing = make_market(GOOD["name"])
    client = login(market_officer)
    r = client.post("/api/v1/markets/", {**GOOD, "name": f" {GOOD['name']} "}, format="json")
    assert r.status_code == 400 and "name" in r.json(), r.content
    assert Market.objects.count() == 1
    other = make_market("薛城区临山路零工市场")
    url = f"/api/v1/markets/{other.pk}/"
    r = client.patch(url, {"name": existing.name}, format="json")
    assert r.status_code == 400 and "name" in r.json(), r.content
    other.refresh_from_db()
    assert other.name == "薛城区临山路零工市场"
    # Its own name, sent back unchanged with another field, is no conflict.
    r = client.patch(url, {"name": other.name, "operator": "临山社区"}, format="json")
    assert r.status_code == 200, r.content
    # The same name in another district is another market.
    tengzhou = {**GOOD, "jurisdiction": "tengzhou", "lon": "117.16", "lat": "35.08"}
    tengzhou_officer = member("market.officer.tengzhou", "market", "tengzhou", "officer")
    assert (
        login(tengzhou_officer).post("/api/v1/markets/", tengzhou, format="json").status_code == 201
    )


@pytest.mark.parametrize(
    "field, value",
    [("operator", ["鲁南公司"]), ("address", {"road": "建设路"}), ("kind", ["informal"])],
)
def test_a_list_or_object_for_a_single_field_is_400(org, market_officer, field, value):
    client = login(market_officer)
    r = client.post("/api/v1/markets/", {**GOOD, field: value}, format="json")
    assert r.status_code == 400 and field in r.json(), r.content
    assert not Market.objects.exists()
    market = make_market("薛城区临山路零工市场")
    r = client.patch(f"/api/v1/markets/{market.pk}/", {field: value}, format="json")
    assert r.status_code == 400 and field in r.json(), r.content
    market.refresh_from_db()
    assert market.operator == "" and market.address == "" and market.kind == "public_welfare"


def test_a_status_reason_longer_than_the_history_keeps_is_400(org, market_officer):
    market = make_market("薛城区临山路零工市场")
    client = login(market_officer)
    long = "场" * 501
    r = client.patch(
        f"/api/v1/markets/{market.pk}/", {"status": "closed", "reason": long}, format="json"
    )
    assert r.status_code == 400 and "reason" in r.json(), r.content
    market.refresh_from_db()
    assert market.status == "registered"
    assert not MarketStatusChange.objects.filter(market=market).exists()
    r = client.post("/api/v1/markets/", {**GOOD, "reason": long}, format="json")
    assert r.status_code == 400 and "reason" in r.json(), r.content
    r = client.patch(
        f"/api/v1/markets/{market.pk}/", {"status": "closed", "reason": "场" * 500}, format="json"
    )
    assert r.status_code == 200, r.content
