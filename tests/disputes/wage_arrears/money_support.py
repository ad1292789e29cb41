"""Helpers of the money tests: a wage case ordered to pay, with one or two workers."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from casework.actions import EmployerInput, PartyInput, case_open
from casework.models import Case, CaseParty, PartyRole
from permissions.models import Jurisdiction
from tests.factories import VALID_CREDIT_CODE, VALID_ID, VALID_ID_2, VALID_PHONE, open_wage_case

from ..walk import fire


def today() -> str:
    return timezone.localdate().isoformat()


def order(case_id: int, actors, amount: str, **extra) -> Case:
    due = (timezone.localdate() + timedelta(days=15)).isoformat()
    return fire(case_id, "order_payment", actors, {"due_date": due, "amount": amount, **extra})


def ordered_case(actors, *, owed: str = "18600", ordered: str | None = None) -> Case:
    """A one-worker case owed `owed`, accepted and ordered to pay `ordered` (default: owed)."""
    case = open_wage_case(amount=owed)
    fire(case.pk, "accept", actors)
    extra = (
        {"excess_reason": "compensation"} if ordered and Decimal(ordered) > Decimal(owed) else {}
    )
    return order(case.pk, actors, ordered or owed, **extra)


def open_two_worker_case(*, credit_code: str = VALID_CREDIT_CODE) -> Case:
    """张三 (complainant, owed 3,000) and 李四 (worker, owed 2,000), just submitted."""
    case, _code = case_open(
        actor=None,
        kind="wage_arrears",
        jurisdiction=Jurisdiction.objects.get(code="xuecheng"),
        description="两名工人被拖欠工资",
        employer=EmployerInput(name="枣庄某劳务公司", credit_code=credit_code),
        parties=[
            PartyInput(
                name="张三",
                role=PartyRole.COMPLAINANT,
                id_number=VALID_ID,
                phone=VALID_PHONE,
                amount_owed=Decimal("3000"),
            ),
            PartyInput(
                name="李四",
                role=PartyRole.WORKER,
                id_number=VALID_ID_2,
                amount_owed=Decimal("2000"),
            ),
        ],
        workers_count=2,
        amount_owed=Decimal("5000"),
    )
    return case


def two_worker_case(actors, *, order_amount: str = "5000") -> tuple[Case, CaseParty, CaseParty]:
    """张三 (complainant, owed 3,000) and 李四 (worker, owed 2,000), ordered to pay."""
    case = open_two_worker_case()
    fire(case.pk, "accept", actors)
    case = order(case.pk, actors, order_amount)
    zhang, li = CaseParty.objects.filter(case=case).order_by("id")
    return case, zhang, li


def pay(case_id: int, actors, amount: str, **extra) -> Case:
    return fire(case_id, "record_payment", actors, {"amount": amount, "paid_on": today(), **extra})
