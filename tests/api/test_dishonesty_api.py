"""API of the employer registry totals and the dishonesty-list procedure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.models import Case, Employer
from casework.workdays import add_working_days
from disputes.dishonesty.models import DishonestyListing
from tests.disputes.listing_support import closed_case, rows
from tests.disputes.walk import Actors, walk_to
from tests.factories import VALID_CREDIT_CODE, open_wage_case
from tests.openapi_answers import assert_answer_matches, published_schema

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
    assert listing["status"] == "notice_issued"
    # The statement period waits for the service of the notice.
    assert listing["served_on"] is None and listing["statement_due"] is None
    assert listing["order_due_on"] and listing["order_amount"] == "30000.00"
    assert listing["order_paid"] == "0.00"
    step = f"/api/v1/dishonesty/{listing['id']}/"
    decide = {"decision": "list", "reason": "理由不成立"}

    assert supervisor.post(step + "decide/", decide, format="json").status_code == 409
    r = officer.post(step + "statement/", {"statement": "困难"}, format="json")
    assert r.status_code == 409

    served_on = timezone.localdate() - timedelta(days=1)
    DishonestyListing.objects.filter(pk=listing["id"]).update(notice_on=served_on)
    r = officer.post(step + "serve/", {"served_on": served_on.isoformat()}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["statement_due"] == add_working_days(served_on, 5).isoformat()

    r = officer.post(step + "statement/", {"statement": "困难"}, format="json")
    assert r.status_code == 200 and r.json()["statement"] == "困难"
    assert r.json()["statement_received_on"] == timezone.localdate().isoformat()
    # A statement does not shorten the period: the decision waits for its end.
    r = supervisor.post(step + "decide/", decide, format="json")
    assert r.status_code == 409 and "detail" in r.json()

    DishonestyListing.objects.filter(pk=listing["id"]).update(
        served_on=served_on - timedelta(days=30),
        statement_due=add_working_days(served_on - timedelta(days=30), 5),
    )
    r = supervisor.post(step + "decide/", decide, format="json")
    assert r.status_code == 200 and r.json()["status"] == "decided"
    assert Employer.objects.get(pk=case.employer_id).dishonest
    r = login(city_viewer).get(f"/api/v1/employers/{case.employer_id}/")
    assert r.json()["dishonest"] is True

    r = supervisor.post(step + "repair/", {"reason": "已支付"}, format="json")
    assert r.status_code == 400 and "wages_paid" in r.json()


def test_propose_without_an_unpaid_order_is_409(actors, hrss_officer):
    case = walk_to(open_wage_case(amount="30000"), "investigating", actors)
    officer = login(hrss_officer)
    before = rows(case)
    r = officer.post(f"/api/v1/cases/{case.pk}/dishonesty/", PROPOSE, format="json")
    assert r.status_code == 409 and "第五条" in r.json()["detail"]
    assert rows(case) == before


def test_serve_bad_input_is_400_naming_the_field(case, hrss_officer):
    listing = (
        login(hrss_officer)
        .post(f"/api/v1/cases/{case.pk}/dishonesty/", PROPOSE, format="json")
        .json()
    )
    officer = login(hrss_officer)
    before = rows(case)
    for body in ({}, {"served_on": "yesterday"}, {"served_on": "2999-01-01"}, ["x"]):
        r = officer.post(f"/api/v1/dishonesty/{listing['id']}/serve/", body, format="json")
        assert r.status_code == 400 and "served_on" in r.json(), body
    assert rows(case) == before


def test_errors_write_nothing(case, hrss_officer, hrss_supervisor, other_district_officer):
    url = f"/api/v1/cases/{case.pk}/dishonesty/"
    # Logging in is audited: the clients first, then the rows to compare.
    officer, supervisor = login(hrss_officer), login(hrss_supervisor)
    other = login(other_district_officer)
    before = rows(case)
    r = officer.post(url, {"ground": "amount"}, format="json")
    assert r.status_code == 400 and "reason" in r.json()
    r = officer.post(url, ["not", "an", "object"], format="json")
    assert r.status_code == 400 and "ground" in r.json()
    assert supervisor.post(url, PROPOSE, format="json").status_code == 403
    assert other.post(url, PROPOSE, format="json").status_code == 404
    r = officer.post("/api/v1/cases/999999/dishonesty/", PROPOSE, format="json")
    assert r.status_code == 404
    assert rows(case) == before

    listing = officer.post(url, PROPOSE, format="json").json()
    before = rows(case)
    step = f"/api/v1/dishonesty/{listing['id']}/"
    assert other.post(step + "statement/", {"statement": "x"}, format="json").status_code == 404
    assert (
        supervisor.post(step + "statement/", {"statement": "x"}, format="json").status_code == 403
    )
    r = officer.post(step + "statement/", {"statement": ""}, format="json")
    assert r.status_code == 400 and "statement" in r.json()
    assert officer.post(step + "bogus/", {}, format="json").status_code == 404
    assert officer.post("/api/v1/dishonesty/999999/decide/", {}, format="json").status_code == 404
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


def _schema(anon) -> dict:
    return anon.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def _ref(content: dict) -> str:
    return content["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]


STEP_BODIES = {
    # path under /api/v1/, its request schema, its required fields, a valid body
    "cases/{case_id}/dishonesty/": ("ListingProposeRequest", {"ground", "reason"}, PROPOSE),
    "dishonesty/{listing_id}/serve/": ("ListingServeRequest", {"served_on"}, {}),
    "dishonesty/{listing_id}/statement/": ("ListingStatementRequest", {"statement"}, {}),
    "dishonesty/{listing_id}/decide/": ("ListingDecideRequest", {"decision", "reason"}, {}),
    "dishonesty/{listing_id}/repair/": ("ListingRepairRequest", {"reason"}, {}),
}


def test_each_body_and_answer_of_the_procedure_is_a_named_schema(anon, db):
    schema = _schema(anon)
    components = schema["components"]["schemas"]
    for path, (name, required, _body) in STEP_BODIES.items():
        operation = schema["paths"]["/api/v1/" + path]["post"]
        assert _ref(operation["requestBody"]["content"]) == name, path
        assert set(components[name]["required"]) == required, path
        answer = operation["responses"]["201" if path.startswith("cases/") else "200"]
        assert _ref(answer["content"]) == "Listing", path
    # Each step says what it takes, in words of its own (not a class's docstring).
    described = [schema["paths"]["/api/v1/" + p]["post"]["description"] for p in STEP_BODIES]
    assert all(described) and len(set(described)) == len(described)
    listed = schema["paths"]["/api/v1/dishonesty/"]["get"]["responses"]["200"]["content"]
    assert listed["application/json"]["schema"]["items"]["$ref"].endswith("/Listing")
    employer = schema["paths"]["/api/v1/employers/{employer_id}/"]["get"]["responses"]["200"]
    assert _ref(employer["content"]) == "Employer"
    assert components["ListingDecideRequest"]["properties"]["decision"]["$ref"]
    assert "/api/v1/dishonesty/{listing_id}/{step}/" not in schema["paths"]


def test_the_schemas_required_fields_are_what_the_actions_demand(
    anon, case, hrss_officer, hrss_supervisor
):
    """Each field the schema calls required, left out of an otherwise valid body, is the 400
    that names it; so the described bodies cannot drift from what the actions check."""
    components = _schema(anon)["components"]["schemas"]
    officer, supervisor = login(hrss_officer), login(hrss_supervisor)
    listing = officer.post(f"/api/v1/cases/{case.pk}/dishonesty/", PROPOSE, format="json")
    assert listing.status_code == 201, listing.content
    listing = listing.json()
    valid = {
        "served_on": timezone.localdate().isoformat(),
        "statement": "已筹款",
        "decision": "list",
        "reason": "理由",
        **PROPOSE,
    }
    before = rows(case)
    for path, (name, required, _body) in STEP_BODIES.items():
        client = supervisor if path.endswith(("decide/", "repair/")) else officer
        url = "/api/v1/" + path.format(case_id=case.pk, listing_id=listing["id"])
        fields = set(components[name]["properties"])
        for field in required:
            body = {k: v for k, v in valid.items() if k in fields and k != field}
            r = client.post(url, body, format="json")
            assert r.status_code == 400, (path, field, r.content)
            assert field in r.json(), (path, field, r.json())
    assert rows(case) == before


def test_the_answers_have_the_listings_fields(anon, case, hrss_officer):
    listing_fields = set(_schema(anon)["components"]["schemas"]["Listing"]["properties"])
    officer = login(hrss_officer)
    created = officer.post(f"/api/v1/cases/{case.pk}/dishonesty/", PROPOSE, format="json").json()
    assert set(created) == listing_fields
    assert created["statement_at"] is None and created["removal_basis"] == ""
    listed = officer.get("/api/v1/dishonesty/").json()
    assert [set(x) for x in listed] == [listing_fields]
    schema = published_schema()
    assert_answer_matches(schema, "/api/v1/cases/{case_id}/dishonesty/", "post", 201, created)
    assert_answer_matches(schema, "/api/v1/dishonesty/", "get", 200, listed)
    employer = login(hrss_officer).get(f"/api/v1/employers/{case.employer_id}/").json()
    assert_answer_matches(schema, "/api/v1/employers/{employer_id}/", "get", 200, employer)
