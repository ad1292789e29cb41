"""`GET /api/v1/stats/`: every figure equal to the count recomputed case by case from the
seeded demo world (tests/stats/expected.py), scoped to what the caller may see."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.models import Case
from permissions.models import Jurisdiction
from tests.factories import open_wage_case

from . import expected

pytestmark = pytest.mark.django_db


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def stats(client: Client, **params) -> dict:
    response = client.get("/api/v1/stats/", params)
    assert response.status_code == 200, response.content
    return response.json()


def assert_same(bucket: dict, f: Counter, money: dict) -> None:
    for key in (
        "received",
        "open",
        "on_time",
        "overdue",
        "closed",
        "resolved",
        "workers_helped",
        "backlog_open",
        "backlog_overdue",
    ):
        assert bucket[key] == f[key], key
    assert (bucket["response"]["due"], bucket["response"]["timely"]) == (
        f["response_due"],
        f["response_timely"],
    )
    assert (bucket["resolution"]["closed"], bucket["resolution"]["resolved"]) == (
        f["closed"],
        f["resolved"],
    )
    assert (bucket["satisfaction"]["asked"], bucket["satisfaction"]["satisfied"]) == (
        f["asked"],
        f["satisfied"],
    )
    if f["closed"]:
        assert bucket["resolution"]["rate"] == round(f["resolved"] / f["closed"], 4)
    else:
        assert bucket["resolution"]["rate"] is None
    assert Decimal(bucket["wages_owed"]) == money.get("owed", Decimal("0"))
    assert Decimal(bucket["wages_recovered"]) == money.get("recovered", Decimal("0"))
    assert Decimal(bucket["wages_paid"]) == money.get("paid", Decimal("0"))


def district_of(path: str):
    """The key of a case's jurisdiction under the city: its district, or the city's own."""
    parts = path.strip("/").split("/")
    return lambda c: (
        c.jurisdiction_path.strip("/").split("/")[len(parts)]
        if c.jurisdiction_path != path
        else parts[-1]
    )


def periods(today: date) -> list[str]:
    quarter = (today.month - 1) // 3 + 1
    first = (today - timedelta(days=90)).isoformat()
    return [
        str(today.year),
        f"{today.year}-Q{quarter}",
        today.strftime("%Y-%m"),
        f"{first}..{today.isoformat()}",
    ]


def check_report(user, report: dict, today: date) -> dict:
    first, last = (
        date.fromisoformat(report["period"]["first"]),
        date.fromisoformat(report["period"]["last"]),
    )
    place = Jurisdiction.objects.get(code=report["jurisdiction"]["code"])
    total = expected.count(user, place.path, first, last, today)
    f, money = total["figures"]["all"], total["money"]["all"]
    assert_same(report["totals"], f, money)

    areas = expected.count(user, place.path, first, last, today, key=district_of(place.path))
    assert {r["code"] for r in report["by_jurisdiction"]} == set(areas["figures"])
    for row in report["by_jurisdiction"]:
        assert_same(row, areas["figures"][row["code"]], areas["money"][row["code"]])

    units = expected.count(user, place.path, first, last, today, key=lambda c: c.lead_unit_id)
    assert {r["unit"] for r in report["by_unit"]} == set(units["figures"])
    for row in report["by_unit"]:
        assert_same(row, units["figures"][row["unit"]], units["money"][row["unit"]])

    kinds = expected.count(user, place.path, first, last, today, key=lambda c: c.kind)
    assert {r["kind"] for r in report["by_kind"]} == set(kinds["figures"])
    for row in report["by_kind"]:
        assert_same(row, kinds["figures"][row["kind"]], kinds["money"][row["kind"]])

    statuses = expected.count(
        user, place.path, first, last, today, key=lambda c: (c.kind, c.status)
    )
    received = {k: v["received"] for k, v in statuses["figures"].items() if v["received"]}
    assert {(r["kind"], r["status"]): r["count"] for r in report["by_status"]} == received
    assert sum(p["received"] for p in report["by_period"]) == f["received"]
    assert sum(p["closed"] for p in report["by_period"]) == f["closed"]
    markets = expected.markets(place.path)
    assert {r["status"]: r["count"] for r in report["markets"] if r["count"]} == dict(markets)
    return f


def test_city_viewer_figures_equal_the_counts_from_the_rows(seeded):
    viewer = get_user_model().objects.get(username="hrss.viewer.city")
    client = client_for(viewer.username)
    today = date.fromisoformat(stats(client)["today"])
    seen = Counter()
    for period in periods(today):
        report = stats(client, period=period)
        assert report["jurisdiction"]["code"] == "city"
        f = check_report(viewer, report, today)
        seen.update(+f)
    # The world exercises every figure, so no comparison above was over nothing.
    for key in (
        "received",
        "open",
        "overdue",
        "on_time",
        "closed",
        "resolved",
        "workers_helped",
        "backlog_open",
        "backlog_overdue",
        "response_due",
        "response_timely",
        "asked",
        "satisfied",
    ):
        assert seen[key] > 0, key
    year = stats(client, period=str(today.year))
    assert (
        Decimal(year["totals"]["wages_paid"]) > 0 and Decimal(year["totals"]["wages_recovered"]) > 0
    )
    # The city's districts, each with its own numbers.
    assert {"xuecheng", "shizhong", "tengzhou"} <= {r["code"] for r in year["by_jurisdiction"]}


def test_district_officer_gets_its_district_only(seeded):
    officer = get_user_model().objects.get(username="hrss.officer.xuecheng")
    client = client_for(officer.username)
    report = stats(client, period=str(date.today().year))
    assert report["jurisdiction"]["code"] == "xuecheng"
    assert report["jurisdiction"]["parent"] is None  # the city is out of its reach
    f = check_report(officer, report, date.fromisoformat(report["today"]))
    assert f["received"] > 0
    assert [r["code"] for r in report["by_jurisdiction"]] == ["xuecheng"]
    unit_places = set(
        Case.objects.filter(lead_unit_id__in=[r["unit"] for r in report["by_unit"]]).values_list(
            "jurisdiction__code", flat=True
        )
    )
    assert unit_places == {"xuecheng"}
    # Another district's numbers, or the city's, are not there to ask for.
    for code in ("shizhong", "city", "tengzhou"):
        response = client.get("/api/v1/stats/", {"jurisdiction": code})
        assert response.status_code == 404, code
        assert "jurisdiction" in response.json()
    # The police of the same district count their own cases, not the labour bureau's.
    police = get_user_model().objects.get(username="police.officer.xuecheng")
    theirs = stats(client_for(police.username), period=str(date.today().year))
    check_report(police, theirs, date.fromisoformat(theirs["today"]))
    assert {r["kind"] for r in theirs["by_kind"]} != {r["kind"] for r in report["by_kind"]}


def test_drill_down_links_list_the_cases_behind_each_number(seeded):
    client = client_for("hrss.viewer.city")
    report = stats(client, period=str(date.today().year))

    def listed(url: str) -> int:
        response = client.get(url)
        assert response.status_code == 200
        return response.context["page"].paginator.count

    rows = report["by_jurisdiction"] + report["by_unit"] + [report["totals"]]
    assert any(r["backlog_overdue"] for r in rows)
    for row in rows:
        assert listed(row["cases"]) == row["received"]
        assert listed(row["open_cases"]) == row["backlog_open"]
        assert listed(row["overdue_cases"]) == row["backlog_overdue"]
    for row in report["by_status"] + report["by_kind"]:
        assert listed(row["cases"]) == row.get("count", row.get("received"))
    # A district leads to its own dashboard.
    district = next(r for r in report["by_jurisdiction"] if r["code"] == "xuecheng")
    assert client.get(district["dashboard"]).status_code == 200


@pytest.mark.parametrize(
    "params, field",
    [
        ({"period": "2026-13"}, "period"),
        ({"period": "2026-00"}, "period"),
        ({"period": "2026-Q5"}, "period"),
        ({"period": "1999"}, "period"),
        ({"period": "2026-02-30"}, "period"),
        ({"period": "2026-03-01..2026-01-01"}, "period"),
        ({"period": "2024-01-01..2026-01-01"}, "period"),
        ({"period": "last month"}, "period"),
        ({"period": "2026-11-05..x"}, "period"),
        ({"jurisdiction": "atlantis"}, "jurisdiction"),
        ({"jurisdiction": "x" * 500}, "jurisdiction"),
    ],
)
def test_bad_parameters_are_400_naming_the_field(city_viewer, client, params, field):
    client.force_login(city_viewer)
    response = client.get("/api/v1/stats/", params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_out_of_reach_and_strangers(org, client, other_district_officer):
    client.force_login(other_district_officer)
    assert client.get("/api/v1/stats/", {"jurisdiction": "xuecheng"}).status_code == 404
    assert client.get("/api/v1/stats/", {"jurisdiction": "city"}).status_code == 404
    assert stats(client, jurisdiction="shizhong")["jurisdiction"]["code"] == "shizhong"
    nobody = get_user_model().objects.create_user("nobody", password="pw-nobody-123")
    client.force_login(nobody)
    assert client.get("/api/v1/stats/").status_code == 404
    client.logout()
    assert client.get("/api/v1/stats/").status_code in (401, 403)


def test_the_number_of_statements_does_not_grow_with_the_cases(org, city_viewer, client):
    client.force_login(city_viewer)
    open_wage_case()

    def statements() -> int:
        with CaptureQueriesContext(connection) as ctx:
            stats(client)
        return len(ctx.captured_queries)

    few = statements()
    for i, place in enumerate(["xuecheng", "shizhong", "tengzhou", "yicheng"] * 5):
        open_wage_case(jurisdiction=place, credit_code=None, employer=f"用人单位{i}")
    assert stats(client)["totals"]["received"] == 21
    assert statements() == few


# Digits of other scripts that Python's \d and int() accept: full-width, mathematical bold,
# Arabic-Indic, superscript; alone or mixed with ASCII digits.
FOREIGN_DIGITS = [
    "２０２６",
    "𝟐𝟎𝟐𝟔",
    "٢٠٢٦-١١",
    "２０２６-１１-０５",
    "2026-１１",
    "2026-Q４",
    "2026-10-01..2026-1２-31",
    "2026-1²",
]


@pytest.mark.parametrize("period", FOREIGN_DIGITS)
def test_periods_take_ascii_digits_only(city_viewer, client, period):
    client.force_login(city_viewer)
    response = client.get("/api/v1/stats/", {"period": period})
    assert response.status_code == 400
    assert response.json() == {"period": ["统计期间请用半角数字0-9书写，如 2026-11。"]}
    # The monthly report and the drill-down filters read periods the same way.
    response = client.get("/api/v1/stats/report.pdf", {"period": period})
    assert response.status_code == 400
    assert list(response.json()) == ["period"]
    response = client.get("/api/v1/cases/", {"late": period})
    assert response.status_code == 400
    assert list(response.json()) == ["late"]


def test_the_series_lists_every_step_of_the_period_up_to_today(city_viewer, client):
    # A chart on a category axis spaces its points evenly: every day (or month) is listed,
    # the empty ones at zero, so that two busy days five days apart are not drawn as
    # neighbours. Days still to come are not listed.
    client.force_login(city_viewer)
    today = timezone.localdate()
    earlier = open_wage_case(credit_code=None, employer="五天前劳务公司")
    Case.objects.filter(pk=earlier.pk).update(submitted_at=timezone.now() - timedelta(days=5))
    open_wage_case(credit_code=None, employer="今天劳务公司")

    first = today - timedelta(days=9)
    report = stats(client, period=f"{first}..{today + timedelta(days=3)}")
    assert report["period"]["step"] == "day"
    days = [first + timedelta(days=n) for n in range(10)]
    assert [p["period"] for p in report["by_period"]] == [d.isoformat() for d in days]
    received = {p["period"]: p["received"] for p in report["by_period"] if p["received"]}
    assert received == {(today - timedelta(days=5)).isoformat(): 1, today.isoformat(): 1}

    report = stats(client, period=str(today.year))
    assert report["period"]["step"] == "month"
    months = [date(today.year, m, 1).isoformat() for m in range(1, today.month + 1)]
    assert [p["period"] for p in report["by_period"]] == months
    this_year = sum(d.year == today.year for d in (today - timedelta(days=5), today))
    assert sum(p["received"] for p in report["by_period"]) == this_year

    # A past month without a case: every day at zero; a year to come: nothing yet.
    past = stats(client, period=f"{today.year - 3}-02")["by_period"]
    assert len(past) == (29 if (today.year - 3) % 4 == 0 else 28)
    assert all(p["received"] == p["closed"] == 0 for p in past)
    assert stats(client, period=str(today.year + 1))["by_period"] == []
