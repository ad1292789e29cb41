"""Money typed by people is plain digits with at most two decimals: "1e5" (which DRF's
DecimalField reads as 100,000 and which made a one-worker complaint collective) is refused
on its field, on the public complaint and on the officers' payloads alike."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework import serializers

from casework.actions import case_transition
from casework.models import Case
from casework.payloads import MONEY_INVALID, MoneyField
from tests.factories import open_wage_case

from .conftest import complaint_payload, login

pytestmark = pytest.mark.django_db

REFUSED = ["1e5", "1E5", "1e+5", "-5", "+5", "1.234", "1,00", "NaN", "Infinity", "1.", ".5", "一千"]


class _Amount(serializers.Serializer):
    amount = MoneyField(min_value=Decimal("0"))


@pytest.mark.parametrize("typed", REFUSED + [True, 1e-7, [1], {"a": 1}])
def test_money_field_refuses_what_is_not_plain_digits(typed):
    s = _Amount(data={"amount": typed})
    assert not s.is_valid()
    assert s.errors["amount"] == [str(MONEY_INVALID)]


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("8600", "8600.00"),
        ("8600.5", "8600.50"),
        ("8,600.50", "8600.50"),
        ("1,000,000", "1000000.00"),
        ("８６００．５０", "8600.50"),
        (" 8600 ", "8600.00"),
        (8600, "8600.00"),
        (8600.5, "8600.50"),
    ],
)
def test_money_field_reads_plain_sums(typed, amount):
    s = _Amount(data={"amount": typed})
    assert s.is_valid(), s.errors
    assert s.validated_data["amount"] == Decimal(amount)


@pytest.mark.parametrize("typed", ["1e5", "1E5", "100000e0"])
def test_exponent_on_the_public_complaint_is_refused(anon, org, typed):
    r = anon.post(
        "/api/v1/public/complaints/",
        complaint_payload(amount_owed=typed, workers_count=1),
        format="json",
    )
    assert r.status_code == 400
    assert list(r.json()) == ["amount_owed"]
    assert not Case.objects.exists()


def test_a_thousands_separator_is_read(anon, org):
    r = anon.post(
        "/api/v1/public/complaints/", complaint_payload(amount_owed="8,600.50"), format="json"
    )
    assert r.status_code == 201, r.content
    assert Case.objects.get().amount_owed == Decimal("8600.50")


def test_exponent_on_an_officers_payment_order_is_refused(org, hrss_officer):
    case = open_wage_case()
    case_transition(actor=hrss_officer, case_id=case.pk, name="accept", data={"comment": "受理"})
    r = login(hrss_officer).post(
        f"/api/v1/cases/{case.pk}/transitions/order_payment/",
        {"due_date": case.submitted_at.date().isoformat(), "amount": "1e5", "comment": ""},
        format="json",
    )
    assert r.status_code == 400
    assert r.json()["amount"] == [str(MONEY_INVALID)]
    case.refresh_from_db()
    assert case.status == "investigating" and case.amount_ordered is None
