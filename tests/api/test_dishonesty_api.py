"""API of the employer registry totals and the dishonesty-list procedure."""

from __future__ import annotations

import pytest

from casework.models import Case, Employer
from disputes.dishonesty.models import DishonestyListing
from tests.disputes.listing_support import closed_case, rows
from tests.disputes.walk import Actors
from tests.factories import VALID_CREDIT_CODE, open_wage_case

from .conftest import login

PROPOSE = {"ground": "amount", "reason": "拖欠三万元经责令仍拒不支付"}


@pytest.fixture
def actors(hrss_officer, hrss_supervisor, police_officer) -> Actors:
    return Actors(officer=hrss_officer, supervisor=hrss_supervisor, police=police_officer)


@pytest.fixture
def case(actors):
    return closed_case(actors, amount="30000")


def test_employer_detail_is_registry_data_for_hrss(org, other_district_officer, market_officer):
    a = open_wage_case(jurisdiction="xuecheng", amount="5000", workers=3)
    open_wage_case(jurisdiction="shizhong", amount="8000", workers=2)
    employer = Case.objects.get(pk=a.pk).employer
    r = login(other_district_officer).get(f"/api/v1/employers/{employer.pk}/")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["name"] == employer.name and body["credit_code"] == VALID_CREDIT_CODE
    assert body["dishonest"] is False
    assert body["totals"]["owed"] == "13000.00"
    assert body["totals"]["workers"] == 5 and body["totals"]["open_cases"] == 2
    assert a.number not in r.content.decode()
    assert login(market_officer).get(f"/api/v1/employers/{employer.pk}/").status_code == 403
    r = login(other_district_officer).get("/api/v1/employers/999999/")
    assert r.status_code == 404 and "detail" in r.json()


def test_the_procedure_through_the_api(case, hrss_officer, hrss_supervisor, city_viewer):
    officer, supervisor = login(hrss_officer), login(hrss_supervisor)
    r = officer.post(f"/api/v1/cases/{case.pk}/dishonesty/", PROPOSE, format="json")
    assert r.status_code == 201, r.content
    listing = r.json()
    assert listing["status"] == "notice_issued" and listing["statement_due"]

    r = supervisor.post(
        f"/api/v1/dishonesty/{listing['id']}/decide/",
        {"decision": "list", "reason": "理由不成立"},
        format="json",
    )
    assert r.status_code == 409

    r = officer.post(
        f"/api/v1/dishonesty/{listing['id']}/statement/", {"statement": "困难"}, format="json"
    )
    assert r.status_code == 200 and r.json()["statement"] == "困难"
    r = supervisor.post(
        f"/api/v1/dishonesty/{listing['id']}/decide/",
        {"decision": "list", "reason": "理由不成立"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["status"] == "decided"
    assert Employer.objects.get(pk=case.employer_id).dishonest
    r = login(city_viewer).get(f"/api/v1/employers/{case.employer_id}/")
    assert r.json()["dishonest"] is True

    r = supervisor.post(
        f"/api/v1/dishonesty/{listing['id']}/repair/", {"reason": "已支付"}, format="json"
    )
    assert r.status_code == 400 and "wages_paid" in r.json()


def test_errors_write_nothing(case, hrss_officer, hrss_supervisor, other_district_officer):
    url = f"/api/v1/cases/{case.pk}/dishonesty/"
    before = rows(case)
    r = login(hrss_officer).post(url, {"ground": "amount"}, format="json")
    assert r.status_code == 400 and "reason" in r.json()
    r = login(hrss_officer).post(url, ["not", "an", "object"], format="json")
    assert r.status_code == 400 and "ground" in r.json()
    assert login(hrss_supervisor).post(url, PROPOSE, format="json").status_code == 403
    assert login(other_district_officer).post(url, PROPOSE, format="json").status_code == 404
    r = login(hrss_officer).post("/api/v1/cases/999999/dishonesty/", PROPOSE, format="json")
    assert r.status_code == 404
    assert rows(case) == before

    listing = login(hrss_officer).post(url, PROPOSE, format="json").json()
    before = rows(case)
    step = f"/api/v1/dishonesty/{listing['id']}/"
    assert (
        login(other_district_officer)
        .post(step + "statement/", {"statement": "x"}, format="json")
        .status_code
        == 404
    )
    assert (
        login(hrss_supervisor)
        .post(step + "statement/", {"statement": "x"}, format="json")
        .status_code
        == 403
    )
    r = login(hrss_officer).post(step + "statement/", {"statement": ""}, format="json")
    assert r.status_code == 400 and "statement" in r.json()
    assert login(hrss_officer).post(step + "bogus/", {}, format="json").status_code == 404
    assert (
        login(hrss_officer).post("/api/v1/dishonesty/999999/decide/", {}, format="json").status_code
        == 404
    )
    assert rows(case) == before


def test_list_is_scoped_to_the_hrss_jurisdiction(
    case, hrss_officer, other_district_officer, city_viewer, police_officer
):
    listing = (
        login(hrss_officer)
        .post(f"/api/v1/cases/{case.pk}/dishonesty/", PROPOSE, format="json")
        .json()
    )
    ids = [x["id"] for x in login(hrss_officer).get("/api/v1/dishonesty/").json()]
    assert ids == [listing["id"]]
    assert [
        x["id"] for x in login(city_viewer).get("/api/v1/dishonesty/?status=notice_issued").json()
    ] == [listing["id"]]
    assert login(city_viewer).get("/api/v1/dishonesty/?status=decided").json() == []
    assert login(other_district_officer).get("/api/v1/dishonesty/").json() == []
    assert login(police_officer).get("/api/v1/dishonesty/").json() == []
    assert DishonestyListing.objects.count() == 1
