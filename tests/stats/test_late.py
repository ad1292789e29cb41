"""超时 (`overdue`, `late_cases`) counts the periods the law sets for the lead unit: not the
deadline a payment order sets for the employer, nor a clock another department owns
(docs/statistics.md, "Which clocks make a case late"). The figure, its drill-down list, the
monthly report and the case's own page and API say the same."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from casework import clocks
from casework.models import Case, LegalClock
from casework.stats import measures
from tests.disputes.walk import Actors, fire
from tests.documents.pdf import pdf_text
from tests.factories import open_wage_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors(hrss_officer, hrss_supervisor, police_officer) -> Actors:
    return Actors(officer=hrss_officer, supervisor=hrss_supervisor, police=police_officer)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ran_out(case: Case, code: str, days: int = 1) -> None:
    """The clock's due date `days` ago, as if its time had run out."""
    past = timezone.localdate() - timedelta(days=days)
    assert LegalClock.objects.filter(case=case, code=code).update(due_date=past) == 1
    Case.objects.filter(pk=case.pk).update(deadline=clocks.binding_deadline(case))


def listed(client: Client, url: str) -> set[str]:
    response = client.get("/api/v1" + url + "&page_size=100")
    assert response.status_code == 200, response.content
    return {row["number"] for row in response.json()["results"]}


@pytest.fixture
def world(actors) -> dict[str, Case]:
    made = {
        name: open_wage_case(credit_code=None, employer=f"{name}劳务公司")
        for name in ("ordered", "transferred", "waiting", "accepted_late")
    }
    # Accepted in time, then the employer was ordered to pay and has not paid by the date
    # the order set: the employer is late, not the bureau.
    fire(made["ordered"].pk, "accept", actors)
    fire(made["ordered"].pk, "order_payment", actors)
    ran_out(made["ordered"], "payment_order")
    # Accepted in time, then transferred: the police have not answered within their three
    # days. The police are late, not the labour bureau that leads the case.
    fire(made["transferred"].pk, "accept", actors)
    fire(made["transferred"].pk, "transfer_to_police", actors)
    ran_out(made["transferred"], "transfer_answer")
    # The bureau's own acceptance period: still waiting past it, and accepted after it.
    ran_out(made["waiting"], "acceptance")
    ran_out(made["accepted_late"], "acceptance", days=3)
    fire(made["accepted_late"].pk, "accept", actors)
    return made


def test_only_the_lead_units_own_periods_make_a_case_late(world, city_viewer):
    today = timezone.localdate()
    # The world is what it says: the employer's and the police's clocks are running past
    # their due dates.
    for name, code in (("ordered", "payment_order"), ("transferred", "transfer_answer")):
        clock = LegalClock.objects.get(case=world[name], code=code)
        assert clock.status == "running" and clock.due_date < today, (name, code)

    client = client_for(city_viewer)
    year = str(today.year)
    report = client.get("/api/v1/stats/", {"jurisdiction": "xuecheng", "period": year}).json()
    late = {world["waiting"].number, world["accepted_late"].number}
    on_time = {world["ordered"].number, world["transferred"].number}
    rows = [report["totals"], *report["by_unit"], *report["by_kind"]]
    assert len(rows) == 3
    for row in rows:
        assert (row["overdue"], row["on_time"]) == (2, 2)
        assert listed(client, row["late_cases"]) == late
        assert listed(client, row["on_time_cases"]) == on_time
    # The backlog past its binding deadline is another figure and keeps every clock: the
    # three cases with a clock running late, whoever it binds.
    assert report["totals"]["backlog_overdue"] == 3


def test_the_monthly_report_prints_the_same_late_count(world, city_viewer):
    month = timezone.localdate().strftime("%Y-%m")
    response = client_for(city_viewer).get(
        "/api/v1/stats/report.pdf", {"jurisdiction": "xuecheng", "period": month}
    )
    assert response.status_code == 200
    text = "".join(pdf_text(response.content).split())
    assert "按时办理2件，超时办理2件" in text
    assert "限期支付、限期改正等期限和其他部门的时限不计" in text


def test_the_case_says_why_it_is_counted_late(world, hrss_officer):
    client = client_for(hrss_officer)
    # Accepted three days after the acceptance period ran out: stopped late, and counted.
    case = world["accepted_late"]
    body = client.get(f"/api/v1/cases/{case.pk}/").json()
    acceptance = next(c for c in body["clocks"] if c["code"] == "acceptance")
    assert acceptance["status"] == "stopped" and acceptance["overdue"] is False
    assert acceptance["stopped_on"] == timezone.localdate().isoformat()
    assert acceptance["stopped_late"] is True and acceptance["counts_as_late"] is True
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "逾期结束（超期" in html and "计入超时" in html

    # The employer's overdue payment deadline is overdue, but does not count against the
    # bureau; the page marks nothing as counted late.
    case = world["ordered"]
    body = client.get(f"/api/v1/cases/{case.pk}/").json()
    by_code = {c["code"]: c for c in body["clocks"]}
    assert by_code["payment_order"]["overdue"] is True
    assert by_code["payment_order"]["counts_as_late"] is False
    assert by_code["acceptance"]["stopped_late"] is False
    assert not any(c["counts_as_late"] for c in body["clocks"])
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "计入超时" not in html and "逾期结束" not in html


@pytest.mark.parametrize(
    ("owner", "fixed", "binds"),
    [("hrss", False, True), ("", False, True), ("police", False, False), ("", True, False)],
)
def test_the_query_and_the_case_page_share_one_rule(org, owner, fixed, binds):
    case = open_wage_case(credit_code=None)
    today = timezone.localdate()
    clock = LegalClock.objects.create(
        case=case,
        code="probe",
        title="期限",
        legal_basis="规定",
        day_unit="calendar",
        days=None if fixed else 3,
        start_date=today,
        fixed_due=today if fixed else None,
        due_date=today,
        owner=owner,
    )
    found = LegalClock.objects.filter(measures.binds_lead(), pk=clock.pk).exists()
    assert found is binds
    assert clocks.binds_lead(clock, case.lead_unit.department.code) is binds
