"""Money that adds up (docs/payments.md), through the one action: a sum above what is owed
is refused unless its reason is stated; a wrong payment is reversed by a correcting entry,
once and never beyond the original; payments are credited to the workers named; and the
corrections net out of the case, the statistics, the employer's totals, the export and the
closure report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from casework.actions import available_transitions, case_transition
from casework.audit import verify_chain
from casework.errors import Conflict, InvalidInput, NotPermitted
from casework.exports.rows import export_rows, headers
from casework.models import (
    AuditEvent,
    Case,
    CaseParty,
    Notification,
    PartyRole,
    Payment,
    Person,
    TimelineEntry,
)
from casework.payments import money_summary, net_paid
from disputes.dishonesty.selectors import employer_wage_totals

from ..walk import fire, snapshot
from .money_support import order, ordered_case, pay, today, two_worker_case


def _errors(exc) -> dict:
    return {k: [str(m) for m in v] for k, v in exc.value.errors.items()}


# --- over-payment --------------------------------------------------------------------------


def test_a_payment_above_what_is_owed_is_refused_without_a_reason(org, actors):
    case = ordered_case(actors, owed="18600")
    before = snapshot(case)
    with pytest.raises(InvalidInput) as exc:
        pay(case.pk, actors, "99999")
    errors = _errors(exc)
    assert set(errors) == {"amount", "excess_reason"}
    assert "99,999.00" in errors["amount"][0] and "18,600.00" in errors["amount"][0]
    assert snapshot(case) == before

    # The reason "other" needs its text.
    with pytest.raises(InvalidInput) as exc:
        pay(case.pk, actors, "99999", excess_reason="other")
    assert set(_errors(exc)) == {"excess_note"}
    with pytest.raises(InvalidInput) as exc:
        pay(case.pk, actors, "99999", excess_reason="bonus")
    assert set(_errors(exc)) == {"excess_reason"}
    assert snapshot(case) == before


def test_a_payment_above_what_is_owed_is_recorded_with_its_reason_and_told_to_the_supervisor(
    org, actors
):
    case = ordered_case(actors, owed="18600")
    last_note = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0
    case = pay(case.pk, actors, "20000", excess_reason="compensation", excess_note="逾期加付")
    payment = Payment.objects.get(case=case)
    assert payment.amount == Decimal("20000") and payment.excess_reason == "compensation"
    assert payment.excess_note == "逾期加付"
    assert case.amount_recovered == Decimal("20000.00")
    entry = TimelineEntry.objects.filter(case=case, verb="record_payment").get()
    assert "超出尚欠金额" in entry.text and "劳动合同法" in entry.text
    event = AuditEvent.objects.filter(case=case).latest("id")
    assert event.payload["excess_reason"] == "compensation"
    assert event.payload["payment"] == payment.pk
    told = Notification.objects.filter(id__gt=last_note, type="payment.excess")
    assert [n.user_id for n in told] == [actors.supervisor.pk]
    assert "20,000.00" in told[0].text
    summary = money_summary(Case.objects.get(pk=case.pk))
    assert summary.still_owed == Decimal("0.00") and summary.excess == [payment]


def test_within_what_is_owed_a_reason_is_not_recorded(org, actors):
    case = ordered_case(actors, owed="18600")
    pay(case.pk, actors, "18600", excess_reason="other_workers")
    assert Payment.objects.get(case=case).excess_reason == ""
    # Nothing is left: the next yuan is above what is owed.
    with pytest.raises(InvalidInput) as exc:
        pay(case.pk, actors, "0.01")
    assert "0.00" in _errors(exc)["amount"][0]


def test_what_is_still_owed_counts_against_the_order_once_there_is_one(org, actors):
    # Claimed 18,600, the inspector ordered 15,000: the order is what is owed now.
    case = ordered_case(actors, owed="18600", ordered="15000")
    assert Case.objects.get(pk=case.pk).amount_ordered == Decimal("15000.00")
    with pytest.raises(InvalidInput):
        pay(case.pk, actors, "15000.01")
    pay(case.pk, actors, "15000")
    summary = money_summary(Case.objects.get(pk=case.pk))
    assert (summary.owed, summary.ordered, summary.paid, summary.still_owed) == (
        Decimal("18600.00"),
        Decimal("15000.00"),
        Decimal("15000.00"),
        Decimal("0.00"),
    )


def test_an_order_above_the_claim_needs_its_reason(org, actors, wage_case):
    fire(wage_case.pk, "accept", actors)
    before = snapshot(wage_case)
    with pytest.raises(InvalidInput) as exc:
        order(wage_case.pk, actors, "50000")
    assert set(_errors(exc)) == {"amount", "excess_reason"}
    assert "5,000.00" in _errors(exc)["amount"][0]
    assert snapshot(wage_case) == before
    case = order(wage_case.pk, actors, "7500", excess_reason="compensation")
    assert case.amount_ordered == Decimal("7500")
    assert case.details["payment_order"]["excess_reason"] == "compensation"
    assert Notification.objects.filter(case=case, type="payment.excess").exists()


def test_a_closure_stating_more_than_was_owed_needs_its_reason(org, actors):
    case = ordered_case(actors, owed="18600")
    pay(case.pk, actors, "10000")
    with pytest.raises(InvalidInput) as exc:
        fire(case.pk, "propose_closure", actors, {"summary": "已支付", "amount_recovered": "50000"})
    assert set(_errors(exc)) == {"amount_recovered", "excess_reason"}
    # Less than the payments recorded is refused as before; between them and what is owed
    # (money paid outside the records) needs no reason.
    with pytest.raises(InvalidInput) as exc:
        fire(case.pk, "propose_closure", actors, {"summary": "已支付", "amount_recovered": "9999"})
    assert set(_errors(exc)) == {"amount_recovered"}
    case = fire(
        case.pk,
        "propose_closure",
        actors,
        {
            "summary": "已支付",
            "amount_recovered": "20000",
            "excess_reason": "other",
            "excess_note": "另付加班费",
        },
    )
    assert case.amount_recovered == Decimal("20000")
    assert case.details["closure_excess"] == {"excess_reason": "other", "excess_note": "另付加班费"}


@pytest.mark.parametrize(
    "amount",
    ["0", "-1", "0.001", "1000000000.01", "1e30", "NaN", "Infinity", "abc", "", None, [], {}],
)
def test_absurd_amounts_are_refused_on_the_field(org, actors, amount):
    case = ordered_case(actors)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as exc:
        fire(
            case.pk,
            "record_payment",
            actors,
            {"amount": amount, "paid_on": today(), "excess_reason": "other", "excess_note": "x"},
        )
    assert "amount" in exc.value.errors
    assert snapshot(case) == before


# --- crediting to the named workers --------------------------------------------------------


def test_payments_are_credited_to_the_named_worker_and_held_to_their_claim(org, actors):
    case, zhang, li = two_worker_case(actors)
    pay(case.pk, actors, "1500", worker=li.pk)
    assert Payment.objects.get(case=case).party_id == li.pk
    # 李四 is owed 2,000: 600 more is beyond his claim though the case still owes 3,500.
    with pytest.raises(InvalidInput) as exc:
        pay(case.pk, actors, "600", worker=li.pk)
    assert "李四" in _errors(exc)["amount"][0]
    pay(case.pk, actors, "600", worker=li.pk, excess_reason="other_workers")
    # Unnamed, a payment goes to the complainant.
    case = pay(case.pk, actors, "1000")
    paid = {
        party.pk: sum(p.amount for p in Payment.objects.filter(party=party))
        for party in (zhang, li)
    }
    assert paid == {zhang.pk: Decimal("1000"), li.pk: Decimal("2100")}
    assert case.amount_recovered == Decimal("3100.00")


@pytest.mark.parametrize("worker", ["other_case", "respondent", 2**63, -1, "x"])
def test_a_worker_not_on_the_case_is_refused(org, actors, worker):
    case, _zhang, _li = two_worker_case(actors)
    if worker == "other_case":
        other = ordered_case(actors)
        worker = CaseParty.objects.get(case=other).pk
    elif worker == "respondent":
        person = Person.objects.create(name="王老板")
        worker = CaseParty.objects.create(case=case, person=person, role=PartyRole.RESPONDENT).pk
    before = snapshot(case)
    with pytest.raises(InvalidInput) as exc:
        pay(case.pk, actors, "100", worker=worker)
    assert set(exc.value.errors) == {"worker"}
    assert snapshot(case) == before


# --- corrections ---------------------------------------------------------------------------


def test_a_correction_reverses_the_payment_by_a_new_entry(org, actors):
    case = ordered_case(actors)
    case = pay(case.pk, actors, "9999")
    original = Payment.objects.get(case=case)
    version = Case.objects.get(pk=case.pk).version
    last_event = AuditEvent.objects.latest("id").id

    case = fire(
        case.pk,
        "correct_payment",
        actors,
        {"payment": original.pk, "reason": "多录了一个9，实付999元"},
        version=version,
    )

    correction = Payment.objects.get(corrects=original)
    assert correction.amount == Decimal("-9999.00") and correction.party_id == original.party_id
    assert correction.paid_on == original.paid_on and correction.reason == "多录了一个9，实付999元"
    assert correction.recorded_by_id == actors.officer.pk
    assert Payment.objects.get(pk=original.pk).amount == Decimal("9999")  # never edited
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == "ordered" and fresh.version == version + 1
    assert fresh.amount_recovered == Decimal("0.00") and net_paid(fresh) == Decimal("0.00")
    (event,) = AuditEvent.objects.filter(id__gt=last_event)
    assert event.verb == "disputes.wage_arrears.correct_payment"
    assert event.payload["payment"] == original.pk
    assert event.payload["correction"] == correction.pk
    assert event.payload["amount_recovered"] == "0.00"
    entry = TimelineEntry.objects.filter(case=case).latest("id")
    assert entry.verb == "correct_payment" and "冲销 9,999.00 元" in entry.text
    assert entry.comment == "多录了一个9，实付999元"
    assert verify_chain().ok
    # The right amount is then recorded as a payment of its own.
    case = pay(case.pk, actors, "999")
    assert Case.objects.get(pk=case.pk).amount_recovered == Decimal("999.00")


def test_a_partial_correction_and_its_limits(org, actors):
    case = ordered_case(actors)
    pay(case.pk, actors, "2000")
    original = Payment.objects.get(case=case)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as exc:
        fire(
            case.pk,
            "correct_payment",
            actors,
            {"payment": original.pk, "amount": "2000.01", "reason": "多记"},
        )
    assert set(_errors(exc)) == {"amount"} and "2,000.00" in _errors(exc)["amount"][0]
    with pytest.raises(InvalidInput) as exc:
        fire(case.pk, "correct_payment", actors, {"payment": original.pk})
    assert set(_errors(exc)) == {"reason"}
    assert snapshot(case) == before

    fire(
        case.pk,
        "correct_payment",
        actors,
        {"payment": original.pk, "amount": "500", "reason": "多记"},
    )
    assert Case.objects.get(pk=case.pk).amount_recovered == Decimal("1500.00")
    correction = Payment.objects.get(corrects=original)

    # Not twice, and a correction is not corrected (while another payment is correctable).
    pay(case.pk, actors, "100")
    other = Payment.objects.filter(case=case).latest("id")
    before = snapshot(case)
    for target, message in ((original.pk, "已更正过"), (correction.pk, "不能再更正")):
        with pytest.raises(InvalidInput) as exc:
            fire(case.pk, "correct_payment", actors, {"payment": target, "reason": "再改"})
        assert set(_errors(exc)) == {"payment"} and message in _errors(exc)["payment"][0]
    assert snapshot(case) == before
    fire(case.pk, "correct_payment", actors, {"payment": other.pk, "reason": "重复"})
    case = Case.objects.get(pk=case.pk)
    # Nothing left to correct: the step is not offered, and firing it is a conflict.
    assert "correct_payment" not in available_transitions(actors.officer, case)
    with pytest.raises(Conflict):
        fire(case.pk, "correct_payment", actors, {"payment": original.pk, "reason": "再改"})


@pytest.mark.parametrize("which", ["other_case", "missing", "huge", "text"])
def test_a_payment_of_another_case_cannot_be_corrected(org, actors, which):
    case = ordered_case(actors)
    pay(case.pk, actors, "100")
    other = ordered_case(actors)
    pay(other.pk, actors, "100")
    target = {
        "other_case": Payment.objects.get(case=other).pk,
        "missing": Payment.objects.latest("id").pk + 100,
        "huge": 2**64,
        "text": "abc",
    }[which]
    before = snapshot(case), snapshot(other)
    with pytest.raises(InvalidInput) as exc:
        fire(case.pk, "correct_payment", actors, {"payment": target, "reason": "错"})
    assert set(exc.value.errors) == {"payment"}
    assert (snapshot(case), snapshot(other)) == before


def test_correction_is_the_officers_and_only_while_the_case_is_worked(
    org, actors, hrss_officer2, hrss_supervisor
):
    case = ordered_case(actors)
    pay(case.pk, actors, "100")
    payment = Payment.objects.get(case=case)
    data = {"payment": payment.pk, "reason": "错"}
    for who in (hrss_officer2, hrss_supervisor):
        assert "correct_payment" not in available_transitions(who, case)
        with pytest.raises(NotPermitted):
            case_transition(actor=who, case_id=case.pk, name="correct_payment", data=data)
    fire(case.pk, "propose_closure", actors, {"summary": "已付", "amount_recovered": "100"})
    with pytest.raises(Conflict):
        fire(case.pk, "correct_payment", actors, data)
    # Returned for rework, the officer corrects it while investigating again.
    fire(case.pk, "return_for_rework", actors)
    case = fire(case.pk, "correct_payment", actors, data)
    assert case.status == "investigating" and case.amount_recovered == Decimal("0.00")


def test_payment_rows_are_never_edited_or_deleted(org, actors):
    case = ordered_case(actors)
    pay(case.pk, actors, "100")
    payment = Payment.objects.get(case=case)
    payment.amount = Decimal("1")
    with pytest.raises(PermissionError):
        payment.save()
    with pytest.raises(PermissionError):
        payment.delete()
    # The database holds the sign rule too: a correction is negative, a payment positive.
    for bad in (
        {"amount": Decimal("5"), "corrects": payment, "reason": "x"},
        {"amount": Decimal("-5")},
        {"amount": Decimal("-5"), "corrects": payment, "reason": ""},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Payment.objects.create(
                case=case,
                party=payment.party,
                paid_on=payment.paid_on,
                recorded_by=actors.officer,
                **bad,
            )
    assert Payment.objects.filter(case=case).count() == 1


# --- the sums net out everywhere -----------------------------------------------------------


def test_a_corrected_typo_nets_out_of_every_sum(org, actors, city_viewer):
    case = ordered_case(actors, owed="18600")
    pay(case.pk, actors, "18000")
    pay(case.pk, actors, "600", excess_reason="other", excess_note="误录")
    typo = Payment.objects.filter(case=case).latest("id")
    fire(case.pk, "correct_payment", actors, {"payment": typo.pk, "reason": "重复录入"})
    pay(case.pk, actors, "600")
    case = Case.objects.select_related("employer").get(pk=case.pk)

    assert case.amount_recovered == Decimal("18600.00") == net_paid(case)
    summary = money_summary(case)
    assert (summary.paid, summary.still_owed, summary.payments, summary.corrections) == (
        Decimal("18600.00"),
        Decimal("0.00"),
        3,
        1,
    )
    # The statistics: wages paid and recovered in the year.
    client = Client()
    client.force_login(city_viewer)
    year = date.today().year
    totals = client.get("/api/v1/stats/", {"period": str(year)}).json()["totals"]
    assert Decimal(str(totals["wages_paid"])) == Decimal("18600")
    assert Decimal(str(totals["wages_recovered"])) == Decimal("18600")
    # The employer's totals across units.
    totals = employer_wage_totals(case.employer)
    assert totals.recovered == Decimal("18600.00") and totals.owed == Decimal("18600.00")
    # The export row.
    (exported,) = export_rows(Case.objects.filter(pk=case.pk), set())
    row = dict(zip(headers(), exported.values, strict=True))
    assert Decimal(str(row["已追回金额（元）"])) == Decimal("18600.00")


def test_the_closure_report_and_the_dossier_state_the_net_sums(org, actors, settings, tmp_path):
    from rest_framework.test import APIClient

    from casework.models import Document
    from tests.documents.pdf import pdf_text

    settings.MEDIA_ROOT = str(tmp_path)
    case = ordered_case(actors, owed="18600")
    pay(case.pk, actors, "99999", excess_reason="other", excess_note="误录")
    typo = Payment.objects.get(case=case)
    fire(case.pk, "correct_payment", actors, {"payment": typo.pk, "reason": "多录数位"})
    pay(case.pk, actors, "18600")
    fire(case.pk, "propose_closure", actors, {"summary": "已足额支付", "amount_recovered": "18600"})
    fire(case.pk, "approve_closure", actors)
    report = Document.objects.get(case=case, name="closure_report")
    with report.file.open("rb") as fh:
        text = "".join(pdf_text(fh.read()).split())
    assert "已追回18,600.00元" in text
    order = Document.objects.get(case=case, name="payment_order").number
    assert f"支付18,600.00元（{order}）。记录的工资支付合计18,600.00元（已扣除更正1笔）" in text
    client = APIClient()
    client.force_authenticate(actors.supervisor)
    r = client.post(f"/api/v1/cases/{case.pk}/documents/dossier/")
    assert r.status_code == 201, r.content
    with Document.objects.get(case=case, name="dossier").file.open("rb") as fh:
        dossier = "".join(pdf_text(fh.read()).split())
    assert "已支付（元，扣除更正）18,600.00" in dossier
    assert "更正工资支付记录：冲销99,999.00元" in dossier
