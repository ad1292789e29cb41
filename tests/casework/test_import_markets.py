"""`manage.py import_markets`: CSV and XLSX, Chinese headers and values, all or nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from casework.markets.imports import import_markets
from casework.models import AuditEvent, Market, MarketStatusChange

pytestmark = pytest.mark.django_db

HEADER = [
    "name",
    "kind",
    "status",
    "jurisdiction",
    "address",
    "lon",
    "lat",
    "operator",
    "facilities",
    "opening_hours",
]
ZH_HEADER = ["名称", "类型", "状态", "区划", "地址", "经度", "纬度", "运营方", "设施", "开放时间"]
GOOD_ROWS = [
    [
        "薛城区临山路零工市场",
        "public_welfare",
        "registered",
        "xuecheng",
        "临山路1号",
        "117.27",
        "34.80",
        "薛城区人社局",
        "negotiation,shelter",
        "05:00-11:00",
    ],
    [
        "滕州市善国路零工市场",
        "commercial",
        "rectifying",
        "tengzhou",
        "善国中路",
        "117.17",
        "35.10",
        "",
        "parking",
        "06:00-17:30",
    ],
    ["台儿庄区桥头聚集点", "informal", "banned", "taierzhuang", "", "117.73", "34.56", "", "", ""],
]


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding="utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_csv_with_good_rows_imports_everything(org, tmp_path, capsys):
    path = write_csv(tmp_path / "markets.csv", HEADER, GOOD_ROWS)
    call_command("import_markets", str(path))
    assert "3" in capsys.readouterr().out
    assert Market.objects.count() == 3
    m = Market.objects.get(name="滕州市善国路零工市场")
    assert (m.kind, m.status, m.jurisdiction.code) == ("commercial", "rectifying", "tengzhou")
    assert m.facilities == ["parking"] and str(m.lon) == "117.170000"
    # One history row per new market, one audit event for the whole import.
    assert MarketStatusChange.objects.count() == 3
    event = AuditEvent.objects.get(verb="casework.market.import")
    assert event.payload["created"] == 3


def test_xlsx_with_numbers_as_cells(org, tmp_path):
    rows = [[*r[:5], float(r[5]), float(r[6]), *r[7:]] for r in GOOD_ROWS]
    path = write_xlsx(tmp_path / "markets.xlsx", HEADER, rows)
    result = import_markets(path)
    assert result.ok and result.created == 3
    assert str(Market.objects.get(name="台儿庄区桥头聚集点").lat) == "34.560000"


def test_chinese_headers_and_values(org, tmp_path):
    rows = [
        [
            "峄城区坛山街道零工市场",
            "公益性",
            "已登记",
            "yicheng",
            "坛山路166号",
            "117.59",
            "34.77",
            "",
            "洽谈交易、避风遮雨、人社服务站点",
            "05:00-11:00",
        ],
        [
            "山亭区汉诺路口零工聚集点",
            "自发",
            "已取缔",
            "shanting",
            "",
            "117.46",
            "35.10",
            "",
            "",
            "",
        ],
        ["市中区建设路劳务市场", "经营性", "已关闭", "shizhong", "", "117.55", "34.86", "", "", ""],
        ["高新区复元路零工驿站", "公益性", "整治中", "gaoxin", "", "117.35", "34.82", "", "", ""],
    ]
    path = write_xlsx(tmp_path / "市场.xlsx", ZH_HEADER, rows)
    result = import_markets(path)
    assert result.ok, result.errors
    got = {m.name: (m.kind, m.status) for m in Market.objects.all()}
    assert got == {
        "峄城区坛山街道零工市场": ("public_welfare", "registered"),
        "山亭区汉诺路口零工聚集点": ("informal", "banned"),
        "市中区建设路劳务市场": ("commercial", "closed"),
        "高新区复元路零工驿站": ("public_welfare", "rectifying"),
    }
    assert Market.objects.get(name="峄城区坛山街道零工市场").facilities == [
        "negotiation",
        "shelter",
        "hrss_station",
    ]


def test_gbk_csv_from_chinese_excel(org, tmp_path):
    path = write_csv(tmp_path / "gbk.csv", ZH_HEADER, GOOD_ROWS[:1], encoding="gb18030")
    assert import_markets(path).created == 1


def test_bad_rows_import_nothing_and_report_each_with_line_and_reason(org, tmp_path, capsys):
    rows = [
        GOOD_ROWS[0],
        [*GOOD_ROWS[1][:3], "atlantis", *GOOD_ROWS[1][4:]],  # line 3: jurisdiction
        [*GOOD_ROWS[2][:1], "floating", *GOOD_ROWS[2][2:]],  # line 4: kind
        GOOD_ROWS[0],  # line 5: duplicate of line 2
        ["远方市场", "commercial", "", "xuecheng", "", "120.0", "34.8", "", "sauna", ""],  # 6
    ]
    path = write_csv(tmp_path / "bad.csv", HEADER, rows)
    report = tmp_path / "rejected.csv"
    with pytest.raises(SystemExit) as exit_:
        call_command("import_markets", str(path), "--report", str(report))
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    for line, field in [
        (3, "jurisdiction"),
        (4, "kind"),
        (5, "name"),
        (6, "lon"),
        (6, "facilities"),
    ]:
        assert f"第 {line} 行 {field}" in err, (line, field, err)
    assert "\n第 2 行" not in "\n" + err
    assert not Market.objects.exists()
    assert not MarketStatusChange.objects.exists()
    assert not AuditEvent.objects.exists()
    with open(report, encoding="utf-8-sig") as handle:
        reported = list(csv.DictReader(handle))
    assert [r["line"] for r in reported] == ["3", "4", "5", "6"]
    assert reported[0]["jurisdiction"] == "atlantis"
    assert "atlantis" in reported[0]["reason"]
    assert reported[3]["field"] == "lon; facilities"
    assert "sauna" in reported[3]["reason"]


def test_dry_run_writes_nothing(org, tmp_path, capsys):
    path = write_csv(tmp_path / "markets.csv", HEADER, GOOD_ROWS)
    call_command("import_markets", str(path), "--dry-run")
    assert "3" in capsys.readouterr().out
    assert not Market.objects.exists()


def test_upsert_by_jurisdiction_and_name_is_idempotent(org, tmp_path):
    path = write_csv(tmp_path / "markets.csv", HEADER, GOOD_ROWS)
    first = import_markets(path)
    ids = set(Market.objects.values_list("pk", flat=True))
    again = import_markets(path)
    assert (first.created, again.created, again.updated, again.unchanged) == (3, 0, 0, 3)
    assert set(Market.objects.values_list("pk", flat=True)) == ids
    assert MarketStatusChange.objects.count() == 3
    changed = [list(r) for r in GOOD_ROWS]
    changed[0][2] = "rectifying"
    changed[0][7] = "新运营方"
    import_markets(write_csv(tmp_path / "changed.csv", HEADER, changed))
    m = Market.objects.get(name=GOOD_ROWS[0][0])
    assert (m.status, m.operator) == ("rectifying", "新运营方")
    assert m.status_changes.latest("id").from_status == "registered"
    assert Market.objects.count() == 3


def test_unreadable_files_are_command_errors(org, tmp_path):
    with pytest.raises(CommandError):
        call_command("import_markets", str(tmp_path / "missing.csv"))
    other = tmp_path / "markets.json"
    other.write_text("{}")
    with pytest.raises(CommandError):
        call_command("import_markets", str(other))
    missing_cols = write_csv(tmp_path / "cols.csv", ["name", "kind"], [["x", "informal"]])
    with pytest.raises(CommandError, match="jurisdiction"):
        call_command("import_markets", str(missing_cols))
    assert not Market.objects.exists()
