"""Money that adds up through the API (docs/payments.md, docs/api.md): the same rules as the
pages — over-payment refused on its field unless a reason is given, corrections by their
own entries, crediting to the case's workers — and `money` and the payments' new fields on
the case, as the supervisor sees them at the closure approval."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casework.models import Case, Payment
from tests.api.conftest import login

from ..walk import snapshot
from .money_support import ordered_case, today, two_worker_case


def _post(client, case, name: str, body: dict):
    return client.post(f"/api/v1/cases/{case.pk}/transitions/{name}/", body, format="json")


def _payment(client, case, **body):
    return _post(client, case, "record_payment", {"paid_on": today(), **body})


def test_overpayment_refused_then_recorded_with_a_reason_the_supervisor_sees(org, actors):
    officer, supervisor = login(actors.officer), login(actors.supervisor)
    case = ordered_case(actors, owed="18600")
    before = snapshot(case)

    r = _payment(officer, case, amount="99999")
    assert r.status_code == 400
    assert set(r.json()) == {"amount", "excess_reason"}
    assert "18,600.00" in r.json()["amount"][0]
    assert snapshot(case) == before

    # The contract's payload, `amount` and `paid_on` alone, works as before within the debt.
    r = _payment(officer, case, amount="18000.00")
    assert r.status_code == 200, r.content
    r = _payment(
        officer, case, amount="81999", excess_reason="other_workers", excess_note="含12名工友"
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["money"] == {
        "owed": "18600.00",
        "ordered": "18600.00",
        "paid": "99999.00",
        "recovered": "99999.00",
        "still_owed": "0.00",
        "payments": 2,
        "corrections": 0,
        "excess_payments": 1,
    }
    excess = body["payments"][-1]
    assert excess["excess_reason"] == "other_workers" and excess["excess_note"] == "含12名工友"
    assert excess["excess_reason_display"] == "含本案未列明的其他劳动者的工资"
    assert excess["entry"] == "payment" and excess["corrects"] is None

    # At the closure approval the supervisor reads the same figures and the reason.
    r = _post(officer, case, "propose_closure", {"summary": "已支付", "amount_recovered": "99999"})
    assert r.status_code == 200, r.content
    r = supervisor.get(f"/api/v1/cases/{case.pk}/")
    assert r.status_code == 200
    body = r.json()
    assert "approve_closure" in body["available_transitions"]
    assert body["money"]["paid"] == "99999.00" and body["amount_ordered"] == "18600.00"
    assert [p["excess_reason"] for p in body["payments"]] == ["", "other_workers"]
    notes = supervisor.get("/api/v1/notifications/").json()
    rows = notes["results"] if isinstance(notes, dict) else notes
    assert any(n["type"] == "payment.excess" and "81,999.00" in n["text"] for n in rows)


def test_correction_through_the_api(org, actors, hrss_supervisor, other_district_officer):
    officer = login(actors.officer)
    case = ordered_case(actors)
    _payment(officer, case, amount="9999")
    payment = Payment.objects.get(case=case)
    version = Case.objects.get(pk=case.pk).version

    # Stale version, wrong role, invisible case: 409, 403, 404, nothing written.
    supervisor, stranger = login(hrss_supervisor), login(other_district_officer)
    before = snapshot(case)
    body = {"payment": payment.pk, "reason": "多录一位", "version": version - 1}
    assert _post(officer, case, "correct_payment", body).status_code == 409
    body["version"] = version
    assert _post(supervisor, case, "correct_payment", body).status_code == 403
    assert _post(stranger, case, "correct_payment", body).status_code == 404
    assert snapshot(case) == before

    r = _post(officer, case, "correct_payment", {**body, "amount": "9000"})
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["version"] == version + 1
    assert data["money"]["paid"] == "999.00" and data["money"]["corrections"] == 1
    assert data["amount_recovered"] == "999.00"
    first, correction = data["payments"]
    assert first["corrected_by"] == correction["id"] and first["amount"] == "9999.00"
    assert correction["entry"] == "correction" and correction["corrects"] == payment.pk
    assert correction["amount"] == "-9000.00" and correction["reason"] == "多录一位"
    assert Decimal(first["amount"]) + Decimal(correction["amount"]) == Decimal("999")
    timeline = officer.get(f"/api/v1/cases/{case.pk}/timeline/").json()
    assert timeline[-1]["verb"] == "correct_payment" and timeline[-1]["comment"] == "多录一位"

    # Not twice, not a correction, not beyond: 400 naming the field.
    _payment(officer, case, amount="100")
    for bad, field in [
        ({"payment": payment.pk, "reason": "再改"}, "payment"),
        ({"payment": correction["id"], "reason": "再改"}, "payment"),
        ({"payment": Payment.objects.latest("id").pk, "amount": "100.01", "reason": "x"}, "amount"),
        ({"payment": Payment.objects.latest("id").pk, "amount": "-1", "reason": "x"}, "amount"),
        ({"payment": Payment.objects.latest("id").pk, "reason": ""}, "reason"),
        ({"payment": "abc", "reason": "x"}, "payment"),
        ({"payment": 2**70, "reason": "x"}, "payment"),
        ({"payment": [1], "reason": "x"}, "payment"),
    ]:
        before = snapshot(case)
        r = _post(officer, case, "correct_payment", bad)
        assert r.status_code == 400, (bad, r.content)
        assert field in r.json(), (bad, r.json())
        assert snapshot(case) == before


def test_crediting_to_named_workers_through_the_api(org, actors):
    officer = login(actors.officer)
    case, zhang, li = two_worker_case(actors)
    other = ordered_case(actors)
    stranger = other.parties.get().pk
    for worker in (stranger, 0, 2**64, "张三", None):
        r = _payment(officer, case, amount="100", worker=worker)
        assert r.status_code == 400 and "worker" in r.json(), (worker, r.content)
    r = _payment(officer, case, amount="2500", worker=li.pk)
    assert r.status_code == 400 and "李四" in r.json()["amount"][0]
    r = _payment(officer, case, amount="2000", worker=li.pk)
    assert r.status_code == 200
    r = _payment(officer, case, amount="1000")
    assert r.status_code == 200
    credited = {(p["party"], p["worker_name"], p["amount"]) for p in r.json()["payments"]}
    assert credited == {(li.pk, "李四", "2000.00"), (zhang.pk, "张三", "1000.00")}
    assert Payment.objects.filter(case=other).count() == 0


@pytest.mark.parametrize(
    "amount", ["NaN", "Infinity", "-0.01", "0", "1e20", "1000000000.01", "", None, {}, [1]]
)
def test_bad_amounts_are_400_on_the_field(org, actors, amount):
    officer = login(actors.officer)
    case = ordered_case(actors)
    before = snapshot(case)
    r = _payment(officer, case, amount=amount, excess_reason="other", excess_note="x")
    assert r.status_code == 400 and "amount" in r.json(), r.content
    assert snapshot(case) == before


def test_the_schema_names_the_new_fields(org, actors):
    officer = login(actors.officer)
    schema = officer.get("/api/v1/schema/?format=json").json()
    requests = schema["components"]["schemas"]
    assert {"payment", "reason", "amount"} <= set(
        requests["WageArrearsCorrectPaymentRequest"]["properties"]
    )
    assert {"excess_reason", "excess_note"} <= set(
        requests["WageArrearsRecordPaymentRequest"]["properties"]
    )
    assert "money" in requests["CaseDetail"]["properties"]
