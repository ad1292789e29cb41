"""Loading the jurisdiction tree from data files: Zaozhuang, another city, and bad files."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from casework.policies import case_policy
from permissions.errors import OrganisationDataError
from permissions.models import Department, Jurisdiction, Unit
from permissions.services import ensure_units, load_jurisdictions

from ..factories import member, open_wage_case

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ZAOZHUANG = FIXTURES / "zaozhuang-jurisdictions.csv"

JINING = [
    # Children before their parent: the loader resolves the order itself.
    {"code": "rencheng", "name": "任城区", "parent": "jining", "division_code": "370811",
     "lon": "116.5951", "lat": "35.4144"},
    {"code": "yanzhou", "name": "兖州区", "parent": "jining", "division_code": "370812",
     "lon": "116.7837", "lat": "35.5521"},
    {"code": "jining", "name": "济宁市", "parent": "", "division_code": "370800",
     "lon": "116.5872", "lat": "35.4154"},
]  # fmt: skip


def _tree() -> list[tuple]:
    return list(
        Jurisdiction.objects.order_by("code").values_list(
            "code", "name", "parent__code", "path", "depth", "lon", "lat"
        )
    )


def _write_csv(path: Path, header: str, *rows: str) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_load_the_zaozhuang_csv(db):
    created, updated = load_jurisdictions(ZAOZHUANG)
    assert (created, updated) == (8, 0)
    city = Jurisdiction.objects.get(code="city")
    assert (city.name, city.parent, city.path, city.depth) == ("枣庄市", None, "city/", 0)
    xuecheng = Jurisdiction.objects.get(code="xuecheng")
    assert xuecheng.parent == city
    assert (xuecheng.path, xuecheng.depth, xuecheng.division_code) == (
        "city/xuecheng/",
        1,
        "370403",
    )
    assert str(xuecheng.lon) == "117.263100"
    assert set(Jurisdiction.objects.filter(parent=city).values_list("code", flat=True)) == {
        "shizhong", "xuecheng", "yicheng", "taierzhuang", "shanting", "tengzhou", "gaoxin",
    }  # fmt: skip
    # Loading again updates in place.
    before = _tree()
    assert load_jurisdictions(ZAOZHUANG) == (0, 8)
    assert _tree() == before


def test_command_output_and_units(db):
    out = StringIO()
    call_command("load_jurisdictions", str(ZAOZHUANG), stdout=out)
    departments = Department.objects.count()
    assert departments == 7
    assert out.getvalue().strip() == (
        f"jurisdictions: 8 created, 0 updated; units created: {8 * departments}"
    )
    unit = Unit.objects.get(department__code="hrss", jurisdiction__code="xuecheng")
    assert unit.name == "薛城区人力资源和社会保障局"
    assert unit.jurisdiction_path == "city/xuecheng/"
    out = StringIO()
    call_command("load_jurisdictions", str(ZAOZHUANG), stdout=out)
    assert out.getvalue().strip() == "jurisdictions: 0 created, 8 updated; units created: 0"


def test_command_without_units(db):
    out = StringIO()
    call_command("load_jurisdictions", str(ZAOZHUANG), "--no-units", stdout=out)
    assert out.getvalue().strip() == "jurisdictions: 8 created, 0 updated; units created: 0"
    assert not Unit.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_another_city_is_data(fmt, org, tmp_path):
    if fmt == "json":
        path = tmp_path / "jining.json"
        path.write_text(json.dumps(JINING, ensure_ascii=False), encoding="utf-8")
    else:
        header = "code,name,parent,division_code,lon,lat"
        path = _write_csv(
            tmp_path / "jining.csv",
            header,
            *[",".join(r[k] for k in header.split(",")) for r in JINING],
        )
    zaozhuang = _tree()
    out = StringIO()
    call_command("load_jurisdictions", str(path), stdout=out)
    assert out.getvalue().strip() == "jurisdictions: 3 created, 0 updated; units created: 21"
    jining = Jurisdiction.objects.get(code="jining")
    assert (jining.path, jining.depth) == ("jining/", 0)
    assert Jurisdiction.objects.get(code="rencheng").path == "jining/rencheng/"
    assert Jurisdiction.objects.get(code="yanzhou").parent == jining
    # Zaozhuang is untouched.
    assert [row for row in _tree() if row[0] not in {"jining", "rencheng", "yanzhou"}] == zaozhuang

    # The new city works: a complaint there is led by its district's unit, and the
    # leadership of one city does not see the other's cases.
    case = open_wage_case(jurisdiction="rencheng")
    assert case.number.startswith("rencheng-QX-")
    assert case.lead_unit.name == "任城区人力资源和社会保障局"
    jining_viewer = member("hrss.viewer.jining", "hrss", "jining", "viewer")
    zaozhuang_viewer = member("hrss.viewer.city", "hrss", "city", "viewer")
    assert case_policy.can(jining_viewer, "view", case)
    assert not case_policy.can(zaozhuang_viewer, "view", case)
    assert not case_policy.can(jining_viewer, "view", open_wage_case())


# --- bad files: the error names the row, nothing is written ---------------------------------

HEADER = "code,name,parent,division_code,lon,lat"
BAD_FILES = [
    (
        "unknown parent",
        [HEADER, "newtown,新镇,city,,,", "lost,迷失镇,nowhere,,,"],
        "row 3: unknown parent 'nowhere'",
    ),
    (
        "duplicate code",
        [HEADER, "newtown,新镇,city,,,", "newtown,又一个新镇,city,,,"],
        "row 3: duplicate code 'newtown'",
    ),
    (
        "cycle in the file",
        [HEADER, "newtown,新镇,city,,,", "aa,甲,bb,,,", "bb,乙,aa,,,"],
        "row 3: cycle in parents: aa -> bb -> aa",
    ),
    ("own parent", [HEADER, "aa,甲,aa,,,"], "row 2: cycle in parents: aa -> aa"),
    (
        "cycle through the stored tree",
        [HEADER, "newtown,新镇,city,,,", "city,枣庄市,xuecheng,,,"],
        "row 3: cycle in parents: city -> xuecheng -> city",
    ),
    ("missing name column", ["code,parent", "newtown,city"], "missing columns: name"),
    ("missing columns", ["id,title", "1,新镇"], "missing columns: code, name"),
    ("empty name", [HEADER, "newtown,新镇,city,,,", "other,,city,,,"], "row 3: code and name"),
    ("non-numeric lon", [HEADER, "newtown,新镇,city,,abc,34.8"], "row 2: lon is not a number"),
    ("NaN lon", [HEADER, "newtown,新镇,city,,NaN,34.8"], "row 2: lon is out of range"),
    ("infinite lat", [HEADER, "newtown,新镇,city,,117.2,Infinity"], "row 2: lat is out of range"),
    ("lon past 180", [HEADER, "newtown,新镇,city,,1e5,34.8"], "row 2: lon is out of range"),
    ("lat past 90", [HEADER, "newtown,新镇,city,,117.2,91"], "row 2: lat is out of range"),
    ("no rows", [HEADER], "file holds no rows"),
]


@pytest.mark.parametrize(("label", "lines", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_names_the_row_and_writes_nothing(label, lines, message, org, tmp_path):
    path = _write_csv(tmp_path / "bad.csv", *lines)
    before, units = _tree(), Unit.objects.count()
    with pytest.raises(OrganisationDataError) as exc:
        load_jurisdictions(path)
    assert message in str(exc.value)
    assert _tree() == before
    # The command reports the same error, and writes no units either.
    with pytest.raises(CommandError) as exc:
        call_command("load_jurisdictions", str(path), stdout=StringIO())
    assert message in str(exc.value)
    assert _tree() == before
    assert Unit.objects.count() == units


def test_bad_json_files(org, tmp_path):
    before = _tree()
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"code": "newtown", "name": "新镇"}), encoding="utf-8")
    with pytest.raises(OrganisationDataError, match="list of objects"):
        load_jurisdictions(path)
    rows = [{"code": "newtown", "name": "新镇", "parent": "city", "lon": "east"}]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(OrganisationDataError, match="row 2: lon is not a number"):
        load_jurisdictions(path)
    assert _tree() == before


def test_missing_file_is_a_command_error(db, tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        call_command("load_jurisdictions", str(tmp_path / "nope.csv"))


def test_units_are_created_once(org):
    count = Unit.objects.count()
    assert count == Jurisdiction.objects.count() * Department.objects.count()
    assert ensure_units() == 0
    assert Unit.objects.count() == count
