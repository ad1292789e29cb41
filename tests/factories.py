"""Factories and helpers shared by the tests."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import factory
from django.contrib.auth import get_user_model

from casework.actions import EmployerInput, PartyInput, case_open
from permissions.models import Jurisdiction, Membership
from permissions.selectors import unit_for
from permissions.services import ensure_units, load_departments, load_jurisdictions

# Valid identifiers (check digits computed per GB 11643 / GB 32100).
VALID_ID = "11010519491231002X"
VALID_ID_2 = "370403198506120036"
VALID_CREDIT_CODE = "91350100M000100Y43"
VALID_PHONE = "13812345678"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-test-123")


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def load_reference_data() -> None:
    """Departments, jurisdictions and units: a transactional test starts from what the
    previous one's flush left (no departments), so each one loads them again."""
    load_departments(FIXTURES / "departments.csv")
    load_jurisdictions(FIXTURES / "zaozhuang-jurisdictions.csv")
    ensure_units()


def member(username: str, department: str, jurisdiction: str, role: str):
    """A user holding `role` on the unit `department` × `jurisdiction`."""
    user = UserFactory(username=username)
    Membership.objects.get_or_create(user=user, unit=unit_for(department, jurisdiction), role=role)
    return user


def open_wage_case(
    *,
    jurisdiction: str = "xuecheng",
    workers: int = 1,
    amount: str = "5000",
    employer: str = "枣庄某建筑劳务有限公司",
    credit_code: str = VALID_CREDIT_CODE,
    occurred_on=None,
):
    case, code = case_open(
        actor=None,
        kind="wage_arrears",
        jurisdiction=Jurisdiction.objects.get(code=jurisdiction),
        description="工地干活两个月，工资一直未结清。",
        employer=EmployerInput(name=employer, credit_code=credit_code),
        parties=[
            PartyInput(
                name="张三", id_number=VALID_ID, phone=VALID_PHONE, amount_owed=Decimal(amount)
            )
        ],
        workers_count=workers,
        amount_owed=Decimal(amount),
        occurred_on=occurred_on,
    )
    case.access_code = code
    return case
