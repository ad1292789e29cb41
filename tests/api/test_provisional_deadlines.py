"""A deadline that counts a year without its loaded holiday notice is marked provisional
(暂定) in the API and on the case page, and is no longer once the notice is loaded."""

from __future__ import annotations

from datetime import date

from django.test import Client

from casework import clocks, workdays
from casework.actions import case_transition
from casework.kinds import ClockSpec
from casework.models import HolidayNotice
from tests.factories import open_wage_case

from .conftest import login

SIXTY_WORKING = ClockSpec(
    code="test_sixty", title="六十个工作日", legal_basis="测试", day_unit="working", days=60
)
SHORT = ClockSpec(
    code="test_short", title="五个工作日", legal_basis="测试", day_unit="working", days=5
)


def test_provisional_in_the_api_and_on_the_page(org, hrss_officer):
    case = case_transition(actor=hrss_officer, case_id=open_wage_case().pk, name="accept")
    clocks.start(case, SIXTY_WORKING, date(2026, 12, 21))  # due 2027-03-18
    clocks.start(case, SHORT, date(2026, 3, 2))  # within 2026, whose notice is loaded
    page = Client()
    page.force_login(hrss_officer)

    def shown():
        body = login(hrss_officer).get(f"/api/v1/cases/{case.pk}/").json()
        return {c["code"]: c["provisional"] for c in body["clocks"]}

    by_code = shown()
    assert by_code["test_sixty"] is True and by_code["test_short"] is False
    html = page.get(f"/cases/{case.pk}/").content.decode()
    assert html.count('class="tag provisional"') == sum(by_code.values()) >= 1

    HolidayNotice.objects.create(year=2027, title="国务院办公厅关于2027年部分节假日安排的通知")
    workdays.invalidate()
    by_code = shown()
    assert by_code["test_sixty"] is False and by_code["test_short"] is False
    html = page.get(f"/cases/{case.pk}/").content.decode()
    assert html.count('class="tag provisional"') == sum(by_code.values())


def test_provisional_deadlines_in_the_list(org, hrss_officer):
    from casework.models import Case

    late, early = open_wage_case(), open_wage_case()
    Case.objects.filter(pk=late.pk).update(deadline=date(2027, 3, 18))
    Case.objects.filter(pk=early.pk).update(deadline=date(2026, 12, 30))
    rows = login(hrss_officer).get("/api/v1/cases/").json()["results"]
    flags = {r["id"]: r["deadline_provisional"] for r in rows}
    assert flags[late.pk] is True and flags[early.pk] is False
    page = Client()
    page.force_login(hrss_officer)
    html = page.get("/cases/").content.decode()
    assert html.count('class="tag provisional"') == 1
