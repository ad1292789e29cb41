"""`GET /api/v1/cases/export/`: the list the user sees, as CSV and XLSX, masked and audited."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from casework.models import AuditEvent
from tests.api.conftest import login
from tests.factories import VALID_ID, VALID_PHONE

from .conftest import read_export

FORMATS = ["csv", "xlsx"]
HEADERS = ["案件编号", "查询编号", "案件类型", "状态", "优先级", "行政区划", "主办单位", "承办人"]


def api_list(client, **filters) -> list[dict]:
    r = client.get("/api/v1/cases/", {**filters, "page_size": 100})
    assert r.status_code == 200, r.content
    return r.json()["results"]


def export(client, fmt: str, **filters) -> list[list]:
    r = client.get("/api/v1/cases/export/", {**filters, "format": fmt})
    assert r.status_code == 200, r.content
    assert "attachment;" in r["Content-Disposition"]
    assert r["Content-Disposition"].endswith(f'.{fmt}"')
    content = b"".join(r.streaming_content) if r.streaming else r.content
    return read_export(fmt, content)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"overdue": "true"},
        {"q": "薛城用人单位2"},
        {"jurisdiction": "xuecheng", "status": "submitted"},
        {"assignee": "me"},
        {"kind": "wage_arrears"},
    ],
    ids=["all", "overdue", "q", "jurisdiction+status", "assignee", "kind"],
)
def test_export_rows_are_the_api_list(cases, hrss_officer, fmt, filters):
    client = login(hrss_officer)
    listed = api_list(client, **filters)
    assert listed, "a filter that lists nothing proves nothing"
    rows = export(client, fmt, **filters)
    assert rows[0][: len(HEADERS)] == HEADERS
    body = rows[1:]
    assert [r[0] for r in body] == [row["number"] for row in listed]
    for exported, row in zip(body, listed, strict=True):
        assert exported[1] == row["tracking_number"]
        assert exported[2] == row["kind_display"]
        assert exported[3] == row["status_display"]
        assert exported[4] == row["priority_display"]
        assert exported[6] == row["lead_unit"]["name"]
        assert exported[9] == ("是" if row["overdue"] else "否")


@pytest.mark.parametrize("fmt", FORMATS)
def test_personal_information_masked_unless_handled(cases, hrss_officer, fmt):
    client = login(hrss_officer)
    rows = {r[0]: r for r in export(client, fmt)[1:]}
    handled = rows.pop(cases["handled"].number)
    assert handled[16] == "投诉人：张三"
    assert handled[17] == VALID_ID and handled[18] == VALID_PHONE and handled[19] == "否"
    assert len(rows) == 3
    for row in rows.values():
        assert row[16] == "投诉人：张*"
        assert row[17] == "1101**********002X" and row[18] == "138****5678"
        assert row[19] == "是"


@pytest.mark.parametrize("fmt", FORMATS)
def test_another_district_never_appears(cases, hrss_officer, other_district_officer, fmt):
    mine = {c.number for c in cases["xuecheng"]}
    theirs = {c.number for c in cases["shizhong"]}
    assert {r[0] for r in export(login(hrss_officer), fmt)[1:]} == mine
    assert {r[0] for r in export(login(other_district_officer), fmt)[1:]} == theirs
    # Naming the other district's unit or jurisdiction yields nothing of it.
    unit = cases["shizhong"][0].lead_unit_id
    assert export(login(hrss_officer), fmt, unit=unit)[1:] == []
    assert export(login(hrss_officer), fmt, jurisdiction="shizhong")[1:] == []


def test_every_export_is_audited(cases, hrss_officer):
    client = login(hrss_officer)
    export(client, "xlsx", overdue="true")
    event = AuditEvent.objects.filter(verb="casework.cases.exported").get()
    assert event.actor_id == hrss_officer.pk
    assert event.payload["format"] == "xlsx"
    assert event.payload["filters"] == {"overdue": True}
    assert event.payload["rows"] == 1 and event.payload["unmasked"] == 0
    export(client, "csv")
    # The handled case was shown unmasked: one personal-information view, as on the page.
    pii = AuditEvent.objects.filter(verb="casework.pii.viewed", case=cases["handled"]).get()
    assert pii.payload["channel"] == "export"
    assert AuditEvent.objects.filter(verb="casework.cases.exported").count() == 2


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "format"),
        ({"format": "pdf"}, "format"),
        ({"format": "json"}, "format"),
        ({"format": "csv", "kind": "nonsense"}, "kind"),
        ({"format": "csv", "status": "nonsense"}, "status"),
        ({"format": "xlsx", "jurisdiction": "atlantis"}, "jurisdiction"),
        ({"format": "csv", "unit": "abc"}, "unit"),
        ({"format": "csv", "unit": "999999"}, "unit"),
        ({"format": "csv", "assignee": "you"}, "assignee"),
        ({"format": "csv", "overdue": "perhaps"}, "overdue"),
        ({"format": "csv", "q": "x" * 101}, "q"),
    ],
)
def test_bad_params_are_400_naming_the_field(cases, hrss_officer, params, field):
    r = login(hrss_officer).get("/api/v1/cases/export/", params)
    assert r.status_code == 400, r.content
    assert field in r.json()
    assert not AuditEvent.objects.filter(verb="casework.cases.exported").exists()


def test_anonymous_is_refused(cases):
    assert APIClient().get("/api/v1/cases/export/", {"format": "csv"}).status_code in (401, 403)


def test_formula_text_is_not_evaluated(org, hrss_officer, hrss_supervisor):
    from casework.actions import case_assign
    from tests.factories import open_wage_case

    case = open_wage_case(employer='=HYPERLINK("http://x")', credit_code="")
    case_assign(actor=hrss_supervisor, case_id=case.pk, assignee=hrss_officer)
    client = login(hrss_officer)
    assert export(client, "csv")[1][12] == '\'=HYPERLINK("http://x")'
    r = client.get("/api/v1/cases/export/", {"format": "xlsx"})
    from io import BytesIO

    from openpyxl import load_workbook

    cell = load_workbook(BytesIO(r.content)).worksheets[0]["M2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'


def test_query_count_does_not_grow_with_the_rows(org, hrss_officer2):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import open_wage_case

    client = login(hrss_officer2)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            r = client.get("/api/v1/cases/export/", {"format": "xlsx"})
        assert r.status_code == 200
        return len(ctx.captured_queries)

    for i in range(2):
        open_wage_case(employer=f"用人单位{i}", credit_code="")
    few = queries()
    for i in range(2, 10):
        open_wage_case(employer=f"用人单位{i}", credit_code="")
    assert queries() == few


def test_xlsx_amounts_have_two_decimals_and_thousands_separators(org, hrss_officer):
    from io import BytesIO

    from openpyxl import load_workbook

    from tests.factories import open_wage_case

    open_wage_case(amount="1861000", credit_code="")
    r = login(hrss_officer).get("/api/v1/cases/export/", {"format": "xlsx"})
    sheet = load_workbook(BytesIO(r.content)).worksheets[0]
    head = [c.value for c in sheet[1]]
    owed, recovered = (
        sheet[2][head.index("涉及金额（元）")],
        sheet[2][head.index("已追回金额（元）")],
    )
    assert owed.value == 1861000 and owed.number_format == "#,##0.00"
    assert recovered.value == 0 and recovered.number_format == "#,##0.00"
    # The other numbers keep their own format: the workers are a count.
    assert sheet[2][head.index("涉及人数")].number_format == "General"
