"""The answers of the contract's routes are what the published schema says they are, so a
client generated from the schema reads them: checked on real answers of a case in several
states, masked and unmasked, with payments, a document and a room message."""

from __future__ import annotations

from casework.actions import case_transition
from tests.factories import open_wage_case
from tests.openapi_answers import assert_answer_matches, published_schema

from .conftest import complaint_payload, login


def test_the_case_routes_answer_as_the_schema_says(
    org, anon, hrss_officer, hrss_supervisor, city_viewer
):
    schema = published_schema()
    case = open_wage_case(workers=2)
    officer = login(hrss_officer)

    fired = officer.post(
        f"/api/v1/cases/{case.pk}/transitions/accept/", {"comment": "受理"}, format="json"
    )
    assert fired.status_code == 200, fired.content
    transition = "/api/v1/cases/{id}/transitions/{name}/"
    assert_answer_matches(schema, transition, "post", 200, fired.json())

    ordered = officer.post(
        f"/api/v1/cases/{case.pk}/transitions/order_payment/",
        {"due_date": "2027-01-15", "amount": "5000.00"},
        format="json",
    )
    assert ordered.status_code == 200, ordered.content
    party = ordered.json()["parties"][0]["id"]
    paid = officer.post(
        f"/api/v1/cases/{case.pk}/transitions/record_payment/",
        {"amount": "1200.50", "paid_on": "2026-12-01", "party": party},
        format="json",
    )
    assert paid.status_code == 200, paid.content
    detail = paid.json()
    assert detail["payments"] and detail["clocks"] and detail["parties"][0]["masked"] is False
    assert_answer_matches(schema, transition, "post", 200, detail)

    # The same case as the handling officer, as a leader (masked) and in the list.
    unmasked = officer.get(f"/api/v1/cases/{case.pk}/").json()
    assert_answer_matches(schema, "/api/v1/cases/{id}/", "get", 200, unmasked)
    masked = login(city_viewer).get(f"/api/v1/cases/{case.pk}/").json()
    assert masked["parties"][0]["masked"] is True
    assert_answer_matches(schema, "/api/v1/cases/{id}/", "get", 200, masked)
    listed = officer.get("/api/v1/cases/").json()
    assert listed["count"] >= 1
    assert_answer_matches(schema, "/api/v1/cases/", "get", 200, listed)

    timeline = officer.get(f"/api/v1/cases/{case.pk}/timeline/").json()
    assert len(timeline) >= 3
    assert_answer_matches(schema, "/api/v1/cases/{id}/timeline/", "get", 200, timeline)
    documents = officer.get(f"/api/v1/cases/{case.pk}/documents/").json()
    assert documents
    assert_answer_matches(schema, "/api/v1/cases/{id}/documents/", "get", 200, documents)

    posted = officer.post(f"/api/v1/cases/{case.pk}/room/messages/", {"text": "请协助"})
    assert posted.status_code == 201, posted.content
    room = officer.get(f"/api/v1/cases/{case.pk}/room/messages/").json()
    assert_answer_matches(schema, "/api/v1/cases/{id}/room/messages/", "get", 200, room)

    notes = login(hrss_supervisor).get("/api/v1/notifications/").json()
    assert_answer_matches(schema, "/api/v1/notifications/", "get", 200, notes)

    viewer = login(city_viewer)
    for period in ("", "2026"):  # by day (this month), by month
        stats = viewer.get("/api/v1/stats/", {"period": period} if period else {}).json()
        assert stats["by_kind"] and stats["by_unit"] and stats["by_jurisdiction"]
        assert stats["by_status"] and stats["by_period"] and stats["markets"]
        assert stats["totals"]["received"] >= 1
        assert_answer_matches(schema, "/api/v1/stats/", "get", 200, stats)

    deadline = officer.get("/api/v1/calendar/deadline/?start=2026-09-30&days=5&unit=working")
    assert deadline.status_code == 200
    assert_answer_matches(schema, "/api/v1/calendar/deadline/", "get", 200, deadline.json())


def test_the_public_routes_answer_as_the_schema_says(org, anon):
    schema = published_schema()
    filed = anon.post("/api/v1/public/complaints/", complaint_payload(), format="json")
    assert filed.status_code == 201, filed.content
    assert_answer_matches(schema, "/api/v1/public/complaints/", "post", 201, filed.json())
    body = filed.json()
    status = anon.get(
        f"/api/v1/public/complaints/{body['tracking_number']}/",
        {"access_code": body["access_code"]},
    )
    assert status.status_code == 200
    route = "/api/v1/public/complaints/{tracking_number}/"
    assert_answer_matches(schema, route, "get", 200, status.json())
    markets = anon.get("/api/v1/public/markets/").json()
    assert_answer_matches(schema, "/api/v1/public/markets/", "get", 200, markets)


def test_errors_naming_a_field_of_the_body_are_in_the_schema(org, hrss_officer):
    """A link or merge whose other case is not there is a 404 naming the body's field, not
    the bare `detail` of a case that is not there; both shapes are in the schema."""
    schema = published_schema()
    case = case_transition(actor=hrss_officer, case_id=open_wage_case().pk, name="accept", data={})
    client = login(hrss_officer)
    answers = [
        (
            "/api/v1/cases/{id}/links/",
            "post",
            client.post(
                f"/api/v1/cases/{case.pk}/links/",
                {"case": 2**31 - 2, "reason": "同一用人单位"},
                format="json",
            ),
            "case",
        ),
        (
            "/api/v1/cases/{id}/merge/",
            "post",
            client.post(f"/api/v1/cases/{case.pk}/merge/", {"into": 2**31 - 2}, format="json"),
            "into",
        ),
        (
            "/api/v1/cases/{id}/links/{link_id}/",
            "delete",
            client.delete(f"/api/v1/cases/{case.pk}/links/{2**31 - 2}/"),
            "link",
        ),
        (
            "/api/v1/cases/{id}/links/",
            "post",
            client.post(
                f"/api/v1/cases/{2**31 - 2}/links/", {"case": case.pk, "reason": "x"}, format="json"
            ),
            "detail",
        ),
    ]
    for route, method, answer, field in answers:
        assert answer.status_code == 404, (route, answer.content)
        assert set(answer.json()) == {field}, (route, answer.json())
        assert_answer_matches(schema, route, method, 404, answer.json())
