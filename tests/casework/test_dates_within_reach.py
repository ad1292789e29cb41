"""Dates an officer sets for the case's future (deadlines, appointments, an operation's
days) lie within two years of today: a date beyond is refused on its own field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework import serializers

from casework.payloads import within_reach, years_from
from disputes.discrimination.payloads import OrderCorrectionPayload
from disputes.labour_dispute.payloads import AgreementPayload
from disputes.wage_arrears.payloads import OrderPaymentPayload
from enforcement.inspection.payloads import InspectionOpenSerializer, RectificationPayload
from enforcement.joint_operation.payloads import OperationOpenSerializer
from enforcement.rectification.payloads import NoticePayload
from enforcement.site_checks import ReinspectionPayload

# (payload, field): every field that takes a date ahead of today.
AHEAD = [
    (OrderPaymentPayload, "due_date"),
    (OrderCorrectionPayload, "due_date"),
    (AgreementPayload, "performance_due"),
    (InspectionOpenSerializer, "scheduled_for"),
    (RectificationPayload, "deadline"),
    (NoticePayload, "deadline"),
    (ReinspectionPayload, "scheduled_for"),
    (OperationOpenSerializer, "starts_on"),
    (OperationOpenSerializer, "ends_on"),
]


def field_check(payload, name: str, value: str):
    """The field's own validation, as `is_valid()` runs it for that field."""
    ser = payload(context={})
    parsed = ser.fields[name].run_validation(value)
    return getattr(ser, f"validate_{name}")(parsed)


@pytest.mark.parametrize(("payload", "name"), AHEAD)
def test_a_date_ahead_is_taken_within_two_years_and_refused_beyond(payload, name):
    today = timezone.localdate()
    near = today + timedelta(days=30)
    assert field_check(payload, name, near.isoformat()) == near
    last = years_from(today, 2)
    assert field_check(payload, name, last.isoformat()) == last
    for far in (last + timedelta(days=1), date.max):
        with pytest.raises(serializers.ValidationError) as refused:
            field_check(payload, name, far.isoformat())
        assert last.isoformat() in str(refused.value.detail[0])


def test_an_operation_may_not_start_more_than_two_years_back():
    today = timezone.localdate()
    earliest = years_from(today, -2)
    assert field_check(OperationOpenSerializer, "starts_on", earliest.isoformat()) == earliest
    with pytest.raises(serializers.ValidationError):
        field_check(OperationOpenSerializer, "starts_on", "0001-01-01")


def test_29_february_two_years_on_is_28_february():
    assert years_from(date(2028, 2, 29), 2) == date(2030, 2, 28)
    assert years_from(date(2028, 2, 29), -2) == date(2026, 2, 28)
    assert years_from(date(2027, 3, 1), 2) == date(2029, 3, 1)


def test_within_reach_returns_the_date():
    today = timezone.localdate()
    assert within_reach(today) == today
