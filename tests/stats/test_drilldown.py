"""The drill-down: every number of `GET /api/v1/stats/` links to the case list of exactly the
cases behind it, on the page (`/cases/?…`) and the API (`/api/v1/cases/?…`, the same query).

A small world whose every case is known (drill_world.py) checks the lists case by case; the
demo world checks that, for every row and figure, the count the statistics report equals the
count of the list its link reaches."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.test import Client

from casework.models import CaseExport, TimelineEntry
from tests.disputes.walk import Actors

from . import drill_world

pytestmark = pytest.mark.django_db

# Each link of a row → the figure it lists. The two satisfaction lists list the cases of
# the answers the figure counts (a case followed up twice is one case, two answers).
LINK_FIGURE = {
    "cases": lambda r: r["received"],
    "received_open_cases": lambda r: r["open"],
    "on_time_cases": lambda r: r["on_time"],
    "late_cases": lambda r: r["overdue"],
    "closed_cases": lambda r: r["resolution"]["closed"],
    "resolved_cases": lambda r: r["resolution"]["resolved"],
    "response_due_cases": lambda r: r["response"]["due"],
    "response_timely_cases": lambda r: r["response"]["timely"],
    "follow_up_cases": lambda r: r["satisfaction"]["asked"],
    "satisfied_cases": lambda r: r["satisfaction"]["satisfied"],
    "open_cases": lambda r: r["backlog_open"],
    "overdue_cases": lambda r: r["backlog_overdue"],
}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def stats(client: Client, **params) -> dict:
    response = client.get("/api/v1/stats/", params)
    assert response.status_code == 200, response.content
    return response.json()


def page_numbers(client: Client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.context["page"].paginator.count <= 25, "one page is enough here"
    return set(re.findall(r'data-case="([^"]+)"', response.content.decode()))


def api_of(url: str) -> str:
    assert url.startswith("/cases/?"), url
    return "/api/v1" + url


def api_numbers(client: Client, url: str) -> set[str]:
    response = client.get(api_of(url) + "&page_size=100")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["next"] is None
    return {row["number"] for row in body["results"]}


@pytest.fixture
def actors(hrss_officer, hrss_supervisor, police_officer) -> Actors:
    return Actors(officer=hrss_officer, supervisor=hrss_supervisor, police=police_officer)


@pytest.fixture
def world(actors, city_viewer) -> dict[str, str]:
    return drill_world.build(actors)


def test_each_link_lists_exactly_the_cases_behind_its_figure(world, city_viewer):
    client = client_for(city_viewer)
    year = str(date.today().year)
    report = stats(client, jurisdiction="xuecheng", period=year)
    totals = report["totals"]
    for key, value in drill_world.FIGURES.items():
        if isinstance(value, dict):
            assert {k: totals[key][k] for k in value} == value, key
        else:
            assert totals[key] == value, key
    # The district's own row, its unit and the kind hold the same cases as the totals.
    rows = [totals, *report["by_jurisdiction"], *report["by_unit"], *report["by_kind"]]
    assert len(rows) == 4
    for row in rows:
        for link, names in drill_world.LISTS.items():
            expected = {world[n] for n in names}
            assert page_numbers(client, row[link]) == expected, link
            assert api_numbers(client, row[link]) == expected, link
            # The case asked twice is two answers, one of them satisfied: three answers
            # behind the two cases followed up, two satisfied answers behind two cases.
            repeated = 1 if link == "follow_up_cases" else 0
            assert LINK_FIGURE[link](row) == len(expected) + repeated, link

    # The city: the other district's case is in its lists, in that district's row alone.
    city = stats(client, period=year)
    for link, names in drill_world.LISTS.items():
        names = names | ({"elsewhere"} if link in drill_world.ELSEWHERE else set())
        assert api_numbers(client, city["totals"][link]) == {world[n] for n in names}, link
    shizhong = next(r for r in city["by_jurisdiction"] if r["code"] == "shizhong")
    assert api_numbers(client, shizhong["late_cases"]) == {world["elsewhere"]}
    assert api_numbers(client, shizhong["closed_cases"]) == set()
    assert shizhong["overdue"] == 1 and shizhong["closed"] == 0


def test_the_page_names_the_filters_and_says_it_lists_cases_not_answers(world, city_viewer):
    client = client_for(city_viewer)
    row = stats(client, jurisdiction="xuecheng", period=str(date.today().year))["totals"]
    html = client.get(row["follow_up_cases"]).content.decode()
    note = re.search(r'<p class="drill-note" id="drill-note">(.*?)</p>', html).group(1)
    assert "辖区（含下级） 薛城区" in note and f"已回访（回访期间） {date.today().year}" in note
    assert "同一案件在期间内多次回访只列一次" in html
    for link, label in [
        ("late_cases", "超时（受理期间）"),
        ("on_time_cases", "按时（受理期间）"),
        ("closed_cases", "办结期间"),
        ("resolved_cases", "已解决（办结期间）"),
        ("response_due_cases", "应响应（时限起算期间）"),
        ("response_timely_cases", "按时响应（时限起算期间）"),
        ("satisfied_cases", "回访满意（回访期间）"),
    ]:
        html = client.get(row[link]).content.decode()
        assert f"{label} {date.today().year}" in html, link
        assert "多次回访只列一次" not in html or link == "satisfied_cases"
    # The filters stay across a search: they are the form's hidden fields.
    html = client.get(row["late_cases"]).content.decode()
    assert f'type="hidden" name="late" value="{date.today().year}"' in html


def test_a_district_officer_sees_its_own_cases_only(world, hrss_officer, other_district_officer):
    year = str(date.today().year)
    mine = stats(client_for(hrss_officer), period=year)["totals"]
    assert api_numbers(client_for(hrss_officer), mine["late_cases"]) == {
        world["accepted_late"],
        world["ran_out"],
    }
    # The same link in another district's hands lists what that district may see.
    theirs = client_for(other_district_officer)
    assert api_numbers(theirs, mine["late_cases"]) == set()
    assert api_numbers(theirs, mine["late_cases"].replace("within=xuecheng", "within=city")) == {
        world["elsewhere"]
    }


@pytest.mark.parametrize("username", ["hrss.viewer.city", "hrss.officer.xuecheng"])
def test_every_figure_of_the_demo_world_equals_the_count_of_its_list(seeded, username):
    """For every row and figure of the year: the statistics' count equals the count of the
    list its link reaches, on the page and through the API."""
    viewer = get_user_model().objects.get(username=username)
    client = client_for(viewer)
    report = stats(client, period=str(date.today().year))
    # In the demo world no case is followed up twice in a year, so answers and cases match
    # (the known world above has one that is).
    twice = (
        TimelineEntry.objects.filter(verb="record_feedback", at__year=date.today().year)
        .values("case")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not twice.exists()

    def listed(url: str) -> int:
        page = client.get(url)
        assert page.status_code == 200, url
        api = client.get(api_of(url) + "&page_size=1")
        assert api.status_code == 200, api.content
        assert api.json()["count"] == page.context["page"].paginator.count, url
        return api.json()["count"]

    seen = dict.fromkeys(LINK_FIGURE, 0)
    rows = [report["totals"], *report["by_jurisdiction"], *report["by_kind"], *report["by_unit"]]
    for row in rows:
        for link, figure in LINK_FIGURE.items():
            assert listed(row[link]) == figure(row), (row.get("name") or row.get("kind"), link)
            seen[link] += figure(row)
    # No comparison above was over nothing.
    assert all(seen.values()), seen


BAD = ["2026-13", "1999", "2026-Q5", "2026-02-30", "2026-03-01..2026-01-01", "last month"]


@pytest.mark.parametrize("value", BAD)
def test_a_bad_period_is_refused_naming_its_filter(hrss_officer, value):
    _refused(hrss_officer, "period", value)


@pytest.mark.parametrize(
    "name",
    [
        "late",
        "on_time",
        "closed",
        "resolved",
        "response_due",
        "response_timely",
        "follow_up",
        "satisfied",
        "wages",
        "helped",
        "paid",
    ],
)
def test_each_figure_filter_refuses_a_bad_period(hrss_officer, name):
    _refused(hrss_officer, name, "2026-13")
    _refused(hrss_officer, name, "x" * 31)


@pytest.mark.parametrize(("name", "value"), [("within", "atlantis"), ("unit", "999999")])
def test_an_unknown_place_or_unit_is_refused(hrss_officer, name, value):
    _refused(hrss_officer, name, value)


def _refused(user, name: str, value: str) -> None:
    client = client_for(user)
    page = client.get("/cases/", {name: value})
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="filter-errors"' in html and f"<code>{name}</code>" in html
    assert "data-case=" not in html and 'id="export-csv"' not in html
    api = client.get("/api/v1/cases/", {name: value})
    assert api.status_code == 400 and list(api.json()) == [name], api.content
    export = client.get("/cases/export/", {name: value, "format": "csv"})
    assert export.status_code == 400 and f"（{name}）" in export.content.decode()
    api_export = client.get("/api/v1/cases/export/", {name: value, "format": "csv"})
    assert api_export.status_code == 400 and list(api_export.json()) == [name]


def test_a_drill_down_list_exports_in_the_background(world, city_viewer, settings, tmp_path):
    """The filters a background export stores are plain text: a period is its text."""
    settings.EXPORT_BACKGROUND_ROWS = 1
    settings.MEDIA_ROOT = str(tmp_path)
    client = client_for(city_viewer)
    row = stats(client, jurisdiction="xuecheng", period=str(date.today().year))["totals"]
    response = client.get("/cases/export/?" + row["closed_cases"].split("?", 1)[1] + "&format=csv")
    assert response.status_code == 302
    job = CaseExport.objects.get()
    assert job.filters == {"within": "xuecheng", "closed": str(date.today().year)}
    assert job.total == 3
