"""The duplicates, links and merge API, and the public lookups of a merged complaint."""

from __future__ import annotations

from drf_spectacular.validation import validate_schema

from casework.actions import case_assign
from casework.kinds import MERGED
from casework.models import AuditEvent, Case, CaseAlias, CaseLink
from tests.api.conftest import login

from .conftest import days_later, open_complaint


def _public(client, tracking: str, code: str):
    return client.get(f"/api/v1/public/complaints/{tracking}/", {"access_code": code})


def test_duplicates_endpoint(wage_case, hrss_officer, other_district_officer):
    other = days_later(open_complaint(), wage_case, 30)
    days_later(open_complaint(name="王五", id_number=""), wage_case, 91)
    r = login(hrss_officer).get(f"/api/v1/cases/{wage_case.pk}/duplicates/")
    assert r.status_code == 200, r.content
    (row,) = r.json()
    assert row["case"]["id"] == other.pk
    assert row["case"]["number"] == other.number
    assert row["case"]["status"] == "submitted"
    assert row["reasons"] == ["employer"]
    assert row["reasons_display"] == ["同一用人单位"]
    assert row["days_apart"] == 30
    assert row["mergeable"] is True
    r = login(other_district_officer).get(f"/api/v1/cases/{wage_case.pk}/duplicates/")
    assert r.status_code == 404


def test_link_and_unlink_over_the_api(wage_case, hrss_officer, city_viewer):
    other = open_complaint()
    client = login(hrss_officer)
    r = client.post(
        f"/api/v1/cases/{wage_case.pk}/links/",
        {"case": other.pk, "reason": "同一工地"},
        format="json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["case"]["id"] == other.pk and body["reason"] == "同一工地"
    assert body["created_by"] == "hrss.officer.xuecheng"
    # Symmetric: listed from the other side too.
    listed = client.get(f"/api/v1/cases/{other.pk}/links/").json()
    assert [(x["id"], x["case"]["id"]) for x in listed] == [(body["id"], wage_case.pk)]

    again = client.post(
        f"/api/v1/cases/{other.pk}/links/", {"case": wage_case.pk, "reason": "x"}, format="json"
    )
    assert again.status_code == 409 and "case" in again.json()

    viewer = login(city_viewer)
    assert viewer.get(f"/api/v1/cases/{wage_case.pk}/links/").status_code == 200
    r = viewer.delete(f"/api/v1/cases/{wage_case.pk}/links/{body['id']}/")
    assert r.status_code == 403
    r = client.delete(f"/api/v1/cases/{other.pk}/links/{body['id']}/")
    assert r.status_code == 204
    assert not CaseLink.objects.exists()
    r = client.delete(f"/api/v1/cases/{other.pk}/links/{body['id']}/")
    assert r.status_code == 404 and "link" in r.json()


def test_link_bad_input_names_the_field(wage_case, hrss_officer, other_district_officer):
    client = login(hrss_officer)
    url = f"/api/v1/cases/{wage_case.pk}/links/"
    r = client.post(url, {"case": wage_case.pk, "reason": "x"}, format="json")
    assert r.status_code == 400 and "case" in r.json()
    r = client.post(url, {"case": "abc", "reason": "x"}, format="json")
    assert r.status_code == 400 and "case" in r.json()
    r = client.post(url, {"case": open_complaint().pk}, format="json")
    assert r.status_code == 400 and "reason" in r.json()
    hidden = open_complaint(jurisdiction="shizhong")
    r = client.post(url, {"case": hidden.pk, "reason": "x"}, format="json")
    assert r.status_code == 404 and "case" in r.json()
    r = login(other_district_officer).post(url, {"case": hidden.pk, "reason": "x"}, format="json")
    assert r.status_code == 404
    assert not CaseLink.objects.exists()


def test_merge_over_the_api_keeps_both_tracking_numbers(
    wage_case, hrss_officer, hrss_supervisor, anon
):
    dup = open_complaint()
    dup_code = dup.access_code
    case_assign(actor=hrss_supervisor, case_id=wage_case.pk, assignee=hrss_officer)
    case_assign(actor=hrss_supervisor, case_id=dup.pk, assignee=hrss_officer)
    dup = Case.objects.get(pk=dup.pk)
    client = login(hrss_officer)
    r = client.post(
        f"/api/v1/cases/{dup.pk}/merge/",
        {"into": wage_case.pk, "version": dup.version, "reason": "重复投诉"},
        format="json",
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["merged"]["id"] == dup.pk and body["merged"]["status"] == MERGED
    assert body["merged"]["status_display"] == "已合并"
    assert body["into"]["id"] == wage_case.pk
    assert body["aliases"] == [dup.number, dup.tracking_number]

    survivor = Case.objects.get(pk=wage_case.pk).as_kind()
    # The merged complainant's number and code show the survivor's status...
    r = _public(anon, dup.tracking_number, dup_code)
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["tracking_number"] == dup.tracking_number
    assert data["status"] == survivor.status
    assert data["status_display"] == survivor.get_status_display()
    assert any("合并办理" in h["event"] for h in data["history"])
    # ...the survivor's own number still works, and the codes are not interchangeable.
    r = _public(anon, wage_case.tracking_number, wage_case.access_code)
    assert r.status_code == 200
    assert r.json()["history"]
    assert not any("合并办理" in h["event"] for h in r.json()["history"])
    assert _public(anon, dup.tracking_number, wage_case.access_code).status_code == 404
    assert _public(anon, wage_case.tracking_number, dup_code).status_code == 404

    # The old number and tracking number find the survivor in the case list.
    for term in (dup.number, dup.tracking_number):
        rows = client.get("/api/v1/cases/", {"q": term}).json()["results"]
        assert wage_case.pk in [row["id"] for row in rows]
    # Merged cases are a status of every kind: the list filters on it, with or without kind.
    for params in ({"status": MERGED}, {"status": MERGED, "kind": "wage_arrears"}):
        r = client.get("/api/v1/cases/", params)
        assert r.status_code == 200, r.content
        assert [row["id"] for row in r.json()["results"]] == [dup.pk]


def test_merge_bad_input_over_the_api(wage_case, hrss_supervisor, other_district_officer):
    dup = open_complaint()
    client = login(hrss_supervisor)
    url = f"/api/v1/cases/{dup.pk}/merge/"
    r = client.post(url, {"into": dup.pk}, format="json")
    assert r.status_code == 400 and "into" in r.json()
    r = client.post(url, {}, format="json")
    assert r.status_code == 400 and "into" in r.json()
    r = client.post(url, {"into": "x"}, format="json")
    assert r.status_code == 400 and "into" in r.json()
    hidden = open_complaint(jurisdiction="shizhong")
    r = client.post(url, {"into": hidden.pk}, format="json")
    assert r.status_code == 404 and "into" in r.json()
    other_kind = open_complaint(kind="discrimination")
    r = client.post(url, {"into": other_kind.pk}, format="json")
    assert r.status_code == 400 and r.json()["into"] == ["只能并入同一类型的案件。"]
    r = client.post(url, {"into": wage_case.pk, "version": dup.version + 5}, format="json")
    assert r.status_code == 409 and "version" in r.json()
    r = login(other_district_officer).post(url, {"into": wage_case.pk}, format="json")
    assert r.status_code == 404
    assert not CaseAlias.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="casework.case.merge").exists()
    assert Case.objects.get(pk=dup.pk).status == "submitted"

    assert client.post(url, {"into": wage_case.pk}, format="json").status_code == 200
    r = client.post(url, {"into": wage_case.pk}, format="json")
    assert r.status_code == 409


def test_openapi_schema_lists_the_routes(anon, db):
    r = anon.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert r.status_code == 200
    schema = r.json()
    validate_schema(schema)
    for route in (
        "/api/v1/cases/{id}/duplicates/",
        "/api/v1/cases/{id}/links/",
        "/api/v1/cases/{id}/links/{link_id}/",
        "/api/v1/cases/{id}/merge/",
    ):
        assert route in schema["paths"], route
