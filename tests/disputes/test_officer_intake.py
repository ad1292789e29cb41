"""A complaint the unit received in person, by letter or by phone, recorded by its officer
(登记) through `POST /api/v1/cases/` and the new-case page: the public complaint's body plus
the day it was received, against which the two years of 劳动保障监察条例 第二十条 are held."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from casework import workdays
from casework.actions import check_access_code
from casework.models import AuditEvent, Case, LegalClock, TimelineEntry
from tests.api.conftest import complaint_payload, login
from tests.factories import VALID_ID, VALID_PHONE

OCCURRED = date(2021, 3, 1)


def record(client, **overrides):
    return client.post("/api/v1/cases/", complaint_payload(**overrides), format="json")


def test_an_officer_records_a_complaint_received_by_letter(org, hrss_officer):
    # Received within the two years, typed in long after: in time.
    received = OCCURRED + timedelta(days=700)
    r = record(
        login(hrss_officer),
        occurred_on=OCCURRED.isoformat(),
        received_on=received.isoformat(),
    )
    assert r.status_code == 201, r.content
    body = r.json()
    case = Case.objects.get(pk=body["id"])
    assert case.kind == "wage_arrears" and case.status == "submitted"
    assert case.lead_unit.jurisdiction.code == "xuecheng"
    assert case.lead_unit.department.code == "hrss"
    assert case.details["received_on"] == received.isoformat()
    assert body["details"]["time_bar"]["barred"] is False
    assert body["details"]["time_bar"]["received_on"] == received.isoformat()
    # The complainant's code, shown this once, opens the public status.
    assert len(body["access_code"]) == 8 and check_access_code(case, body["access_code"])
    opened = AuditEvent.objects.get(case=case, verb="disputes.wage_arrears.opened")
    assert opened.actor_id == hrss_officer.pk and opened.payload["public"] is False
    assert TimelineEntry.objects.get(case=case, verb="opened").actor_id == hrss_officer.pk
    # The detail never shows the code again.
    assert "access_code" not in login(hrss_officer).get(f"/api/v1/cases/{case.pk}/").json()


def test_the_acceptance_days_run_from_the_day_received(org, hrss_officer):
    # 接到投诉之日起5个工作日: a letter received eight days ago and typed in today has its
    # acceptance due five working days after the day it arrived, whatever day it is now.
    received = timezone.localdate() - timedelta(days=8)
    r = record(
        login(hrss_officer),
        occurred_on=(received - timedelta(days=30)).isoformat(),
        received_on=received.isoformat(),
    )
    assert r.status_code == 201, r.content
    clock = LegalClock.objects.get(case_id=r.json()["id"], code="acceptance")
    assert clock.start_date == received
    assert clock.due_date == workdays.add_working_days(received, 5)
    assert clock.due_date < timezone.localdate()


def test_received_today_about_2021_it_is_barred(org, hrss_officer):
    r = record(
        login(hrss_officer),
        kind="discrimination",
        amount_owed="0",
        occurred_on=OCCURRED.isoformat(),
    )
    assert r.status_code == 201, r.content
    bar = r.json()["details"]["time_bar"]
    assert bar["barred"] is True and bar["received_on"] == timezone.localdate().isoformat()
    assert "accept" not in r.json()["available_transitions"]


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"received_on": "2999-01-01"}, "received_on"),
        ({"received_on": "2020-01-01", "occurred_on": "2021-01-01"}, "received_on"),
        (
            {
                "occurred_on": "2021-01-01",
                "received_on": "2022-01-01",
                "violation_ended_on": "2023-01-01",
            },
            "violation_ended_on",
        ),
        ({"received_on": "last week"}, "received_on"),
        ({"complainant": {"name": "李四"}}, "complainant"),
        ({"kind": "discrimination", "amount_owed": "500"}, "amount_owed"),
        ({"jurisdiction": "atlantis"}, "jurisdiction"),
    ],
)
def test_bad_input_is_400_naming_the_field(org, hrss_officer, overrides, field):
    client = login(hrss_officer)
    before = (Case.objects.count(), AuditEvent.objects.count())
    r = record(client, **overrides)
    assert r.status_code == 400 and field in r.json(), r.json()
    assert (Case.objects.count(), AuditEvent.objects.count()) == before


def test_only_the_units_that_lead_the_kind_there_record_it(
    org, market_officer, other_district_officer, city_viewer
):
    for user in (market_officer, other_district_officer, city_viewer):
        client = login(user)
        before = Case.objects.count()
        r = record(client)
        assert r.status_code == 403, (user.username, r.content)
        assert Case.objects.count() == before


# --- the new-case page ---------------------------------------------------------------------


def test_the_page_offers_the_complaint_kinds_to_hrss(org, hrss_officer):
    client = Client()
    client.force_login(hrss_officer)
    html = client.get("/cases/new/").content.decode()
    assert "?kind=wage_arrears" in html and "?kind=discrimination" in html
    # A mediation application made at the counter (劳动争议调解仲裁法 第十二条) too.
    assert "?kind=labour_dispute" in html
    form = client.get("/cases/new/?kind=wage_arrears").content.decode()
    for name in (
        "complainant.name",
        "employer.name",
        "amount_owed",
        "received_on",
        "violation_ended_on",
    ):
        assert f'name="{name}"' in form, name
    discrimination = client.get("/cases/new/?kind=discrimination").content.decode()
    assert 'name="amount_owed"' not in discrimination and 'name="received_on"' in discrimination
    mediation = client.get("/cases/new/?kind=labour_dispute").content.decode()
    assert 'name="received_on"' in mediation and 'name="amount_owed"' in mediation
    assert 'name="workers_count"' not in mediation and 'name="violation_ended_on"' not in mediation


def test_the_page_records_it_and_shows_the_code_once(org, hrss_officer):
    client = Client()
    client.force_login(hrss_officer)
    data = {
        "kind": "wage_arrears",
        "jurisdiction": "xuecheng",
        "complainant.name": "李四",
        "complainant.phone": VALID_PHONE,
        "complainant.id_number": VALID_ID,
        "employer.name": "枣庄某装修队",
        "workers_count": "2",
        "amount_owed": "9000",
        "occurred_on": OCCURRED.isoformat(),
        "violation_continuing": "true",
        "description": "来访反映：2021年起工钱一直拖欠至今。",
        "received_on": timezone.localdate().isoformat(),
    }
    r = client.post("/cases/new/", data)
    case = Case.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/cases/{case.pk}/"
    page = client.get(r["Location"]).content.decode()
    assert case.tracking_number in page and "查询码" in page
    # Still going on: not barred.
    assert case.details["time_bar"]["barred"] is False and case.details["violation_continuing"]
    again = client.get(r["Location"]).content.decode()
    assert "查询码" not in again

    r = client.post("/cases/new/", {**data, "received_on": "2999-01-01", "description": ""})
    assert r.status_code == 400
    html = r.content.decode()
    assert "收到日期不能晚于今天" in html and html.count('aria-invalid="true"') == 2
    assert Case.objects.count() == 1


def test_a_mediator_records_an_application_made_at_the_counter(org, hrss_officer):
    # 劳动争议调解仲裁法 第十二条: an oral application is written down by the mediation
    # organisation; its 15 days (第十四条) run from the day it was received, not typed in.
    received = timezone.localdate() - timedelta(days=4)
    r = record(
        login(hrss_officer),
        kind="labour_dispute",
        amount_owed="3000",
        occurred_on=(received - timedelta(days=10)).isoformat(),
        received_on=received.isoformat(),
    )
    assert r.status_code == 201, r.content
    case = Case.objects.get(pk=r.json()["id"])
    assert case.kind == "labour_dispute" and case.status == "applied"
    assert case.number.startswith("xuecheng-TJ-")
    assert check_access_code(case, r.json()["access_code"])
    clock = LegalClock.objects.get(case=case, code="mediation")
    assert clock.start_date == received
    assert clock.due_date == workdays.add_days(received, 15, "calendar")
    assert "accept" in r.json()["available_transitions"]


def test_a_counter_application_received_in_the_future_is_refused(org, hrss_officer):
    r = record(
        login(hrss_officer),
        kind="labour_dispute",
        received_on=(timezone.localdate() + timedelta(days=1)).isoformat(),
    )
    assert r.status_code == 400 and "received_on" in r.json()
    assert not Case.objects.filter(kind="labour_dispute").exists()


def test_the_counter_page_names_a_mediations_fields_as_mediation_does(org, hrss_officer):
    client = Client()
    client.force_login(hrss_officer)
    html = client.get("/cases/new/?kind=labour_dispute").content.decode()
    assert "请求金额（元）" in html and "争议发生日期" in html and "收到调解申请日期" in html
    assert "拖欠金额" not in html and "收到投诉日期" not in html


def test_the_counter_page_records_a_mediation_and_hands_the_code_to_the_applicant(
    org, hrss_officer
):
    client = Client()
    client.force_login(hrss_officer)
    received = timezone.localdate() - timedelta(days=2)
    data = {
        "kind": "labour_dispute",
        "jurisdiction": "xuecheng",
        "complainant.name": "王五",
        "complainant.phone": VALID_PHONE,
        "complainant.id_number": VALID_ID,
        "employer.name": "枣庄某物流有限公司",
        "amount_owed": "3,000",
        "occurred_on": (received - timedelta(days=5)).isoformat(),
        "received_on": received.isoformat(),
        "description": "来访口头申请：拖欠11月工资3000元，请求调解。",
    }
    r = client.post("/cases/new/", data, follow=True)
    case = Case.objects.get()
    assert r.redirect_chain[-1][0] == f"/cases/{case.pk}/"
    html = r.content.decode()
    assert "调解申请已登记" in html and "告知申请人" in html and case.tracking_number in html
    assert case.kind == "labour_dispute" and case.details["received_on"] == received.isoformat()
    assert LegalClock.objects.get(case=case, code="mediation").start_date == received
