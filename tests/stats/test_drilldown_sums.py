"""The drill-down of the sums: wages owed and recovered, workers helped and wages paid link to
the cases behind them, and the list adds up to the figure (its `totals` on the API, the line
above the list on the page).

The known world of drill_world.py, with payments recorded and one corrected by real
transitions, checks the lists case by case and the sums to the yuan; the demo world checks
that for every row the list's sums equal the statistics' figures."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from casework.models import Case, Payment
from tests.disputes.wage_arrears.money_support import order, pay
from tests.disputes.walk import Actors, fire

from . import drill_world
from .test_drilldown import api_numbers, api_of, client_for, page_numbers, stats

pytestmark = pytest.mark.django_db

# Each summing link of a row → the figures its list adds up to.
SUMS = {
    "wages_cases": ("wages_owed", "wages_recovered"),
    "helped_cases": ("workers_helped",),
    "paid_cases": ("wages_paid",),
}


def api_totals(client, url: str) -> dict:
    response = client.get(api_of(url) + "&page_size=1")
    assert response.status_code == 200, response.content
    return response.json()["totals"]


def page_totals(client, url: str) -> dict[str, str]:
    """The sums the page states, as the API gives them; each shown as the dashboard shows it
    (money with thousands separators: 1,861,000.00)."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    found = re.findall(
        r'<strong data-total="([a-z_]+)" data-value="([^"]*)">([^<]*)</strong>', html
    )
    for name, value, shown in found:
        assert shown == (value if name == "workers_helped" else f"{Decimal(value):,.2f}"), name
    return {name: value for name, value, _shown in found}


@pytest.fixture
def actors(hrss_officer, hrss_supervisor, police_officer) -> Actors:
    return Actors(officer=hrss_officer, supervisor=hrss_supervisor, police=police_officer)


@pytest.fixture
def world(actors, city_viewer) -> dict[str, str]:
    """drill_world's cases (each owed 5,000 yuan by one worker), and on `accepted` an order
    to pay 5,000, payments of 3,000 and 1,000, and the 1,000 reversed as typed in error."""
    numbers = drill_world.build(actors)
    case = Case.objects.get(number=numbers["accepted"])
    order(case.pk, actors, "5000")
    pay(case.pk, actors, "3000")
    pay(case.pk, actors, "1000")
    wrong = Payment.objects.filter(case=case).latest("id")
    fire(case.pk, "correct_payment", actors, {"payment": wrong.pk, "reason": "重复录入"})
    return numbers


def test_the_sums_link_to_the_cases_behind_them_and_add_up(world, city_viewer):
    client = client_for(city_viewer)
    year = str(date.today().year)
    report = stats(client, jurisdiction="xuecheng", period=year)
    totals = report["totals"]
    # Seven wage cases received this year, 5,000 each; two closed resolved with 5,000
    # recovered and one worker each; on `accepted` 3,000 paid and kept, 1,000 paid and
    # reversed.
    assert totals["wages_owed"] == "35000.00"
    assert totals["wages_recovered"] == "13000.00"
    assert totals["wages_paid"] == "3000.00"
    assert totals["workers_helped"] == 2
    lists = {
        "wages_cases": drill_world.LISTS["cases"],
        "helped_cases": drill_world.LISTS["resolved_cases"],
        "paid_cases": {"accepted"},
    }
    rows = [totals, *report["by_jurisdiction"], *report["by_unit"], *report["by_kind"]]
    assert len(rows) == 4
    for row in rows:
        for link, figures in SUMS.items():
            expected = {world[n] for n in lists[link]}
            assert page_numbers(client, row[link]) == expected, link
            assert api_numbers(client, row[link]) == expected, link
            summed = api_totals(client, row[link])
            assert summed == {f: row[f] for f in figures}, link
            assert page_totals(client, row[link]) == {f: str(row[f]) for f in figures}, link

    # The city: the other district's case is owed 5,000 more, and only its row holds it.
    city = stats(client, period=year)
    assert city["totals"]["wages_owed"] == "40000.00"
    assert api_totals(client, city["totals"]["wages_cases"])["wages_owed"] == "40000.00"
    shizhong = next(r for r in city["by_jurisdiction"] if r["code"] == "shizhong")
    assert api_numbers(client, shizhong["wages_cases"]) == {world["elsewhere"]}
    assert api_totals(client, shizhong["paid_cases"]) == {"wages_paid": "0.00"}


def test_the_sums_follow_the_other_filters_of_the_list(world, city_viewer):
    """Narrowed further (here to the open cases), the list adds up what it lists."""
    client = client_for(city_viewer)
    row = stats(client, jurisdiction="xuecheng", period=str(date.today().year))["totals"]
    url = row["wages_cases"] + "&open=on"
    assert api_numbers(client, url) == {
        world[n] for n in ("waiting", "accepted", "accepted_late", "ran_out")
    }
    assert api_totals(client, url) == {"wages_owed": "20000.00", "wages_recovered": "3000.00"}
    # Without a summing filter the list carries no sums.
    plain = client.get(api_of(row["closed_cases"])).json()
    assert "totals" not in plain
    assert 'id="drill-totals"' not in client.get(row["closed_cases"]).content.decode()


def test_a_district_officer_adds_up_only_what_it_may_see(world, other_district_officer):
    client = client_for(other_district_officer)
    year = str(date.today().year)
    url = f"/cases/?within=city&wages={year}"
    assert api_numbers(client, url) == {world["elsewhere"]}
    assert api_totals(client, url) == {"wages_owed": "5000.00", "wages_recovered": "0.00"}
    assert api_totals(client, f"/cases/?paid={year}") == {"wages_paid": "0.00"}


def test_every_sum_of_the_demo_world_equals_the_sum_of_its_list(seeded):
    """For a city viewer and a district officer, every row's sums equal its lists' sums."""
    seen = dict.fromkeys(("wages_owed", "wages_recovered", "wages_paid", "workers_helped"), 0)
    for username in ("hrss.viewer.city", "hrss.officer.xuecheng"):
        client = client_for(get_user_model().objects.get(username=username))
        report = stats(client, period=str(date.today().year))
        rows = [report["totals"], *report["by_jurisdiction"], *report["by_kind"]]
        for row in [*rows, *report["by_unit"]]:
            for link, figures in SUMS.items():
                summed = api_totals(client, row[link])
                assert summed == {f: row[f] for f in figures}, (username, row.get("name"), link)
                for f in figures:
                    seen[f] += Decimal(str(row[f]))
    # No comparison above was over nothing.
    assert all(seen.values()), seen
