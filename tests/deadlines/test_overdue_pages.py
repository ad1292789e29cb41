"""The alerts where people look: a badge next to each clock on the case page, the
supervisor's overdue list (`/overdue/`) and its API — scoped, so nothing invisible leaks."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from rest_framework.test import APIClient

from casework.actions.deadlines import check_deadlines
from casework.models import Case
from tests.factories import open_wage_case

from .conftest import at, start_clock

pytestmark = pytest.mark.django_db


def page(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def api(user, url: str) -> dict:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def overdue_case(case):
    """Xuecheng's case: due Mon 17 Mar 2025."""
    start_clock(case, start=date(2025, 3, 10), days=5)
    return case


@pytest.fixture
def other_district_case(org):
    """A shizhong case due Mon 10 Mar 2025: the xuecheng supervisor must never see it."""
    c = open_wage_case(jurisdiction="shizhong", employer="枣庄市中某劳务公司")
    start_clock(c, start=date(2025, 3, 3), days=5)
    return c


@pytest.fixture
def watched(overdue_case, other_district_case):
    """The watch runs on Tue 18 Mar: xuecheng's clock is 1 working day overdue (督办 to its
    own supervisors), shizhong's 6 (escalated to the city)."""
    check_deadlines(now=at(date(2025, 3, 18)))
    return overdue_case, other_district_case


def test_case_page_shows_the_badge_next_to_the_clock(watched, overdue_case, officer):
    html = page(officer, f"/cases/{overdue_case.pk}/")
    assert 'data-alert="overdue"' in html
    assert ">超期</span>" in html


def test_case_page_shows_the_warning_badge_then_the_escalation(case, officer):
    start_clock(case, start=date(2025, 3, 3), days=5)
    assert "clock-alert" not in page(officer, f"/cases/{case.pk}/")
    check_deadlines(now=at(date(2025, 3, 7)))
    assert ">预警</span>" in page(officer, f"/cases/{case.pk}/")
    check_deadlines(now=at(date(2025, 3, 11)))
    check_deadlines(now=at(date(2025, 3, 17)))
    html = page(officer, f"/cases/{case.pk}/")
    # The most serious active alert only.
    assert html.count("clock-alert") == 1
    assert ">已督办</span>" in html


def test_overdue_list_of_the_lead_supervisor(
    watched, overdue_case, other_district_case, lead_supervisor
):
    html = page(lead_supervisor, "/overdue/")
    assert overdue_case.number in html
    assert other_district_case.number not in html
    assert 'data-level="overdue"' in html
    assert 'aria-current="page"' in html and 'href="/overdue/"' in html


def test_parent_supervisor_sees_only_escalations_of_the_units_below(
    watched, overdue_case, other_district_case, parent_supervisor
):
    html = page(parent_supervisor, "/overdue/")
    # Shizhong's case was escalated (5 working days overdue); xuecheng's is only overdue:
    # its own supervisors handle it for now.
    assert other_district_case.number in html
    assert overdue_case.number not in html
    assert 'data-level="escalated_parent"' in html


def test_other_units_supervisors_see_nothing(
    watched, overdue_case, other_district_case, sibling_supervisor, market_city_supervisor
):
    html = page(sibling_supervisor, "/overdue/")
    # The sibling district leads shizhong's case, so it lists it — never xuecheng's.
    assert overdue_case.number not in html
    assert other_district_case.number in html
    # Its own case, escalated above it, is listed with the escalation badge.
    assert 'data-level="escalated_parent"' in html
    html = page(market_city_supervisor, "/overdue/")
    assert overdue_case.number not in html
    assert other_district_case.number not in html
    assert "暂无超期案件" in html


def test_a_case_the_supervisor_may_no_longer_see_is_not_listed(
    watched, overdue_case, lead_supervisor
):
    # The case moved to shizhong after the alert: xuecheng is no longer its lead nor a
    # participant, so neither its page nor the list shows it.
    from permissions.selectors import unit_for

    shizhong = unit_for("hrss", "shizhong")
    Case.objects.filter(pk=overdue_case.pk).update(
        lead_unit=shizhong,
        jurisdiction=shizhong.jurisdiction,
        jurisdiction_path=shizhong.jurisdiction_path,
    )
    html = page(lead_supervisor, "/overdue/")
    assert overdue_case.number not in html


def test_officers_get_no_list_and_no_nav_link(watched, overdue_case, officer):
    html = page(officer, "/overdue/")
    assert "仅向审批人提供" in html
    assert overdue_case.number not in html
    assert 'href="/overdue/"' not in page(officer, "/")


def test_overdue_api_lists_the_same_rows(
    watched, overdue_case, other_district_case, lead_supervisor
):
    data = api(lead_supervisor, "/api/v1/cases/overdue/")
    assert data["count"] == 1
    row = data["results"][0]
    assert row["case"]["number"] == overdue_case.number
    assert row["level"] == "overdue"
    assert row["level_display"] == "超期"
    assert row["due_date"] == "2025-03-17"
    assert row["clock"]["code"] == "investigation"
    assert row["transfer"] is None
    assert row["overdue_working_days"] >= 1
    assert row["case"]["assignee"] == "hrss.officer.xuecheng"


def test_overdue_api_for_the_parent_and_for_an_officer(
    watched, overdue_case, other_district_case, parent_supervisor, officer
):
    data = api(parent_supervisor, "/api/v1/cases/overdue/")
    assert [r["case"]["number"] for r in data["results"]] == [other_district_case.number]
    assert data["results"][0]["level"] == "escalated_parent"
    assert api(officer, "/api/v1/cases/overdue/") == {"count": 0, "results": []}


def test_overdue_api_needs_a_login(watched, overdue_case):
    assert APIClient().get("/api/v1/cases/overdue/").status_code in (401, 403)


def test_the_existing_overdue_filter_still_works(watched, overdue_case, officer):
    # The case's binding deadline is kept on the row by the clock actions; set it the way
    # they do for this hand-started clock.
    from casework.clocks import binding_deadline

    Case.objects.filter(pk=overdue_case.pk).update(deadline=binding_deadline(overdue_case))
    data = api(officer, "/api/v1/cases/?overdue=true")
    assert [r["number"] for r in data["results"]] == [overdue_case.number]
    assert data["results"][0]["overdue"] is True
