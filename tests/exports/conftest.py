"""What the export tests share: a handful of cases in two districts, one of them handled by
the xuecheng officer, and reading an export back."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from openpyxl import load_workbook

from casework.actions import case_assign
from casework.models import Case
from tests.factories import open_wage_case


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # Throttle histories (the token endpoint's among them) live in the cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cases(org, hrss_officer, hrss_supervisor):
    """Four xuecheng cases (one overdue, one handled by `hrss_officer`) and two shizhong ones."""
    xuecheng = [
        open_wage_case(employer=f"薛城用人单位{i}", credit_code="", amount=str(1000 + i))
        for i in range(4)
    ]
    shizhong = [
        open_wage_case(jurisdiction="shizhong", employer=f"市中用人单位{i}", credit_code="")
        for i in range(2)
    ]
    Case.objects.filter(pk=xuecheng[0].pk).update(deadline=timezone.localdate() - timedelta(days=2))
    case_assign(actor=hrss_supervisor, case_id=xuecheng[1].pk, assignee=hrss_officer)
    return {"xuecheng": xuecheng, "shizhong": shizhong, "handled": xuecheng[1]}


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "CSV must start with the UTF-8 BOM"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(content: bytes) -> list[list]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    sheet = book.worksheets[0]
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def read_export(fmt: str, content: bytes) -> list[list]:
    return read_csv(content) if fmt == "csv" else read_xlsx(content)
