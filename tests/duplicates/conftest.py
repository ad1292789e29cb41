"""Fixtures of the duplicate, link and merge tests: complaints against one employer."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache

from casework.actions import EmployerInput, PartyInput, case_open
from casework.models import Case
from permissions.models import Jurisdiction
from tests.factories import VALID_CREDIT_CODE, VALID_ID_2, VALID_PHONE

EMPLOYER = "枣庄某建筑劳务有限公司"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def open_complaint(
    *,
    jurisdiction: str = "xuecheng",
    employer: str = EMPLOYER,
    credit_code: str = VALID_CREDIT_CODE,
    name: str = "李四",
    id_number: str = VALID_ID_2,
    amount: str = "3000",
    kind: str = "wage_arrears",
) -> Case:
    """A complaint by another worker than `open_wage_case`'s, against the same employer."""
    case, code = case_open(
        actor=None,
        kind=kind,
        jurisdiction=Jurisdiction.objects.get(code=jurisdiction),
        description="在同一工地干活，工资也没有结清。",
        employer=EmployerInput(name=employer, credit_code=credit_code),
        parties=[
            PartyInput(
                name=name, id_number=id_number, phone=VALID_PHONE, amount_owed=Decimal(amount)
            )
        ],
        amount_owed=Decimal(amount),
    )
    case.access_code = code
    return case


def days_later(case: Case, base: Case, days: int) -> Case:
    """Move `case`'s submission to `days` days after `base`'s."""
    Case.objects.filter(pk=case.pk).update(submitted_at=base.submitted_at + timedelta(days=days))
    return Case.objects.get(pk=case.pk).as_kind()


@pytest.fixture
def anon():
    from rest_framework.test import APIClient

    return APIClient()
