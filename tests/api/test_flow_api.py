"""The contract end to end over HTTP: a worker files, officers handle, the worker follows."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from casework.models import AuditEvent, Case
from permissions.selectors import unit_for

from .conftest import complaint_payload, login


def test_public_complaint_to_closure(
    anon, market, hrss_officer, hrss_officer2, hrss_supervisor, city_viewer
):
    # A worker files a complaint without logging in.
    r = anon.post("/api/v1/public/complaints/", complaint_payload(market=market.pk), format="json")
    assert r.status_code == 201, r.content
    receipt = r.json()
    assert set(receipt) == {"tracking_number", "access_code"}
    tracking, code = receipt["tracking_number"], receipt["access_code"]
    case = Case.objects.get(tracking_number=tracking)
    assert case.market == market and case.status == "submitted"

    # ... and follows it with the access code; a wrong code is indistinguishable from none.
    status_url = f"/api/v1/public/complaints/{tracking}/"
    r = anon.get(status_url, {"access_code": code})
    assert r.status_code == 200
    body = r.json()
    # The contract's fields, unchanged; added fields (docs/api.md) may sit beside them.
    assert set(body) >= {"tracking_number", "status", "status_display", "deadline", "history"}
    assert body["status"] == "submitted" and body["status_display"] == "待受理"
    assert body["deadline"] == case.deadline.isoformat()
    assert [h["event"] for h in body["history"]] == ["投诉已提交，等待受理"]
    wrong = anon.get(status_url, {"access_code": "00000000" if code != "00000000" else "1"})
    missing = anon.get(status_url)
    unknown = anon.get("/api/v1/public/complaints/GCNOSUCHCASE/", {"access_code": code})
    assert wrong.status_code == missing.status_code == unknown.status_code == 404
    assert wrong.json() == missing.json() == unknown.json()

    # The officer logs in with a token and finds it by every search key.
    officer = login(hrss_officer)
    unit = unit_for("hrss", "xuecheng")
    for params in [
        {},
        {"kind": "wage_arrears"},
        {"status": "submitted"},
        {"jurisdiction": "xuecheng"},
        {"unit": unit.pk},
        {"q": case.number},
        {"q": tracking.lower()},
        {"q": "李四"},
        {"q": "恒达建筑"},
        {"q": "拖欠工资"},
    ]:
        r = officer.get("/api/v1/cases/", params)
        assert r.status_code == 200, (params, r.content)
        assert [row["id"] for row in r.json()["results"]] == [case.pk], params
    for params in [{"status": "closed"}, {"assignee": "me"}, {"overdue": "true"}, {"q": "王五"}]:
        assert officer.get("/api/v1/cases/", params).json()["count"] == 0, params

    r = officer.get("/api/v1/cases/")
    page = r.json()
    assert set(page) == {"count", "next", "previous", "results"}
    row = page["results"][0]
    for key in ("id", "number", "kind", "status", "lead_unit", "assignee", "deadline"):
        assert key in row
    assert row["lead_unit"] == {"id": unit.pk, "name": unit.name}
    assert row["assignee"] is None and row["overdue"] is False and row["priority"] == "normal"

    detail_url = f"/api/v1/cases/{case.pk}/"
    r = officer.get(detail_url)
    detail = r.json()
    assert detail["available_transitions"] == ["accept"]
    assert detail["version"] == 1
    assert detail["url"] == f"http://testserver/cases/{case.pk}/"
    assert detail["market"]["id"] == market.pk
    assert detail["employer"]["credit_code"] == "91350100M000100Y43"
    assert (
        detail["clocks"][0]["title"] == "受理期限" and detail["clocks"][0]["day_unit"] == "working"
    )

    # Accept, order payment, record it, propose closure.
    r = officer.post(
        f"{detail_url}transitions/accept/", {"comment": "材料齐全", "version": 1}, format="json"
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "investigating" and r.json()["assignee"] == hrss_officer.username
    assert r.json()["version"] == 2
    assert officer.get("/api/v1/cases/", {"assignee": "me"}).json()["count"] == 1

    due = (timezone.localdate() + timedelta(days=15)).isoformat()
    r = officer.post(
        f"{detail_url}transitions/order_payment/",
        {"due_date": due, "amount": "12800.50"},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "ordered"

    r = officer.post(
        f"{detail_url}transitions/record_payment/",
        {"amount": "12800.50", "paid_on": timezone.localdate().isoformat()},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["amount_recovered"] == "12800.50"
    assert [p["amount"] for p in r.json()["payments"]] == ["12800.50"]

    r = officer.post(
        f"{detail_url}transitions/propose_closure/",
        {"summary": "用人单位已足额支付", "amount_recovered": "12800.50", "version": 4},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "closure_pending"
    assert r.json()["available_transitions"] == []

    # A city viewer sees it but may not decide; the supervisor approves.
    viewer = login(city_viewer)
    r = viewer.post(f"{detail_url}transitions/approve_closure/", {}, format="json")
    assert r.status_code == 403
    supervisor = login(hrss_supervisor)
    r = supervisor.get(detail_url)
    assert r.json()["available_transitions"] == ["approve_closure", "return_for_rework"]
    r = supervisor.post(
        f"{detail_url}transitions/approve_closure/", {"comment": "同意结案"}, format="json"
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "closed"

    # The worker sees the case closed, with the public steps only.
    body = anon.get(status_url, {"access_code": code}).json()
    assert body["status"] == "closed" and body["status_display"] == "已结案"
    assert body["deadline"] is None
    assert [h["event"] for h in body["history"]] == [
        "投诉已提交，等待受理",
        "已受理，正在调查处理",
        "已责令用人单位限期支付",
        "用人单位已支付部分或全部工资",
        "已结案",
    ]
    assert all(h["at"] for h in body["history"])

    # The officers' timeline has every step, internal ones included.
    r = officer.get(f"{detail_url}timeline/")
    verbs = [e["verb"] for e in r.json()]
    assert verbs == [
        "opened",
        "accept",
        "order_payment",
        "record_payment",
        "propose_closure",
        "approve_closure",
    ]
    accept = r.json()[1]
    assert accept["actor"] == hrss_officer.username and accept["comment"] == "材料齐全"
    assert r.json()[0]["actor"] is None

    verbs = set(AuditEvent.objects.filter(case=case).values_list("verb", flat=True))
    assert {"disputes.wage_arrears.accept", "disputes.wage_arrears.approve_closure"} <= verbs


def test_public_markets_feed_the_complaint_form(anon, market):
    r = anon.get("/api/v1/public/markets/")
    assert r.status_code == 200
    fc = r.json()
    assert fc["type"] == "FeatureCollection"
    (feature,) = fc["features"]
    assert feature["type"] == "Feature" and feature["id"] == market.pk
    assert feature["geometry"] == {"type": "Point", "coordinates": [117.263, 34.795]}
    props = feature["properties"]
    assert props["name"] == market.name
    assert props["kind"] == "public_welfare" and props["status"] == "registered"
    assert props["jurisdiction"] == "xuecheng"
    r = anon.post(
        "/api/v1/public/complaints/",
        complaint_payload(market=feature["id"]),
        format="json",
    )
    assert r.status_code == 201
