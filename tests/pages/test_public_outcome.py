"""The complainant's status page and public API tell them their money, which deadline runs
and whether it is provisional, the result in plain words and why a complaint was refused."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from casework import workdays
from casework.models import Case, HolidayNotice, LegalClock
from tests.disputes.walk import Actors, fire
from tests.factories import open_wage_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def actors(hrss_officer, hrss_supervisor, police_officer) -> Actors:
    return Actors(officer=hrss_officer, supervisor=hrss_supervisor, police=police_officer)


def _page(client, case, code) -> str:
    r = client.post("/track/", {"tracking_number": case.tracking_number, "access_code": code})
    assert r.status_code == 200
    return r.content.decode()


def _api(case, code) -> dict:
    r = APIClient().get(f"/api/v1/public/complaints/{case.tracking_number}/", {"access_code": code})
    assert r.status_code == 200
    return r.json()


def test_partly_paid_closed_case_shows_money_and_what_is_left(client, org, actors):
    case = open_wage_case(amount="8600")
    code = case.access_code
    today = timezone.localdate().isoformat()
    fire(case.pk, "accept", actors)
    fire(case.pk, "order_payment", actors, {"due_date": today, "amount": "8600.00"})
    fire(case.pk, "record_payment", actors, {"amount": "5000.00", "paid_on": today})
    fire(case.pk, "propose_closure", actors, {"summary": "部分支付", "amount_recovered": "5000"})
    fire(case.pk, "approve_closure", actors)
    html = _page(client, case, code)
    assert 'id="public-money"' in html
    for shown in ("8,600.00", "5,000.00", "3,600.00"):
        assert shown in html, shown
    assert "仍欠 3,600.00 元未支付" in html and "申请仲裁" in html
    body = _api(case, code)
    assert body["money"] == {
        "owed": "8600.00",
        "ordered": "8600.00",
        "paid": "5000.00",
        "still_owed": "3600.00",
    }
    assert "3,600.00" in body["outcome"] and "仲裁" in body["next_steps"]
    assert body["rejection_reason"] == "" and body["deadline_label"] == ""
    # The fields the contract names are unchanged.
    assert body["status"] == "closed" and body["deadline"] is None and body["history"]
    # Nothing personal of anyone: no names, no officer's wording.
    assert "张三" not in html and "部分支付" not in html


def test_rejection_shows_the_reason_the_notice_gives(client, org, actors):
    case = open_wage_case()
    code = case.access_code
    fire(case.pk, "reject", actors, {"reason": "该欠薪发生在外省，不属于本机关管辖"})
    html = _page(client, case, code)
    assert "不予受理" in html and "该欠薪发生在外省，不属于本机关管辖" in html
    assert "行政复议" in html
    body = _api(case, code)
    assert body["rejection_reason"] == "该欠薪发生在外省，不属于本机关管辖"
    assert body["outcome"].startswith("您的投诉不予受理")


def test_the_deadline_says_which_it_is(client, org, actors):
    case = open_wage_case()
    code = case.access_code
    assert "受理期限" in _page(client, case, code)
    assert _api(case, code)["deadline_label"] == "受理期限"
    fire(case.pk, "accept", actors)
    assert "调查处理期限" in _page(client, case, code)
    assert _api(case, code)["deadline_label"] == "调查处理期限"
    due = timezone.localdate().isoformat()
    fire(case.pk, "order_payment", actors, {"due_date": due, "amount": "5000.00"})
    assert "限期支付期限" in _page(client, case, code)
    body = _api(case, code)
    assert body["deadline_label"] == "限期支付期限" and body["deadline"] == due
    assert body["outcome"] == "" and body["money"]["ordered"] == "5000.00"


def test_a_provisional_deadline_is_marked(client, org):
    workdays.invalidate()
    case = open_wage_case()
    code = case.access_code
    clock = LegalClock.objects.get(case=case, code="acceptance")
    year = max(HolidayNotice.objects.values_list("year", flat=True), default=2026) + 1
    far = date(year, 3, 1)
    LegalClock.objects.filter(pk=clock.pk).update(due_date=far)
    Case.objects.filter(pk=case.pk).update(deadline=far)
    workdays.invalidate()
    assert "暂定" in _page(client, case, code)
    assert _api(case, code)["deadline_provisional"] is True
    HolidayNotice.objects.create(year=year, title=f"{year}年部分节假日安排的通知")
    workdays.invalidate()
    assert "暂定" not in _page(client, case, code)
    assert _api(case, code)["deadline_provisional"] is False


def _file_mediation() -> tuple[Case, str]:
    from tests.api.conftest import complaint_payload

    body = complaint_payload(kind="labour_dispute", amount_owed="6000")
    r = APIClient().post("/api/v1/public/complaints/", body, format="json")
    assert r.status_code == 201, r.content
    return Case.objects.get(tracking_number=r.json()["tracking_number"]), r.json()["access_code"]


def test_a_mediation_is_told_as_an_application_not_a_complaint(client, org, actors):
    case, code = _file_mediation()
    assert _api(case, code)["history"][0]["event"] == "调解申请已提交，等待受理"
    assert "投诉已提交" not in _page(client, case, code)


@pytest.mark.parametrize(
    ("steps", "outcome", "next_step"),
    [
        (
            [
                ("accept", {}),
                ("start_mediation", {}),
                ("record_agreement", {"terms": "被申请人支付加班费", "amount": "6000"}),
            ],
            "已达成调解协议",
            "支付令",
        ),
        ([("accept", {}), ("record_failure", {"reason": "被申请人拒绝调解"})], "调解不成", "仲裁"),
        ([("withdraw", {"reason": "申请人撤回"})], "调解申请已撤回", "重新申请调解"),
    ],
)
def test_a_finished_mediation_says_its_outcome_and_the_way_on(
    client, org, actors, steps, outcome, next_step
):
    from casework.actions import case_transition

    case, code = _file_mediation()
    for name, data in steps:
        case_transition(actor=actors.officer, case_id=case.pk, name=name, data=data)
    body = _api(case, code)
    assert body["outcome"].startswith(outcome) and "您的投诉" not in body["outcome"]
    assert next_step in body["next_steps"]
    html = _page(client, case, code)
    assert outcome in html and next_step in html


def test_a_mediation_past_its_fifteen_days_tells_the_applicant_of_arbitration(client, org, actors):
    # 劳动争议调解仲裁法 第十四条: no agreement within 15 days of the application, and the
    # applicant may go to arbitration while the mediation is still open.
    case, code = _file_mediation()
    assert _api(case, code)["next_steps"] == ""
    start = timezone.localdate() - timedelta(days=20)
    LegalClock.objects.filter(case=case, code="mediation").update(
        start_date=start, due_date=workdays.add_days(start, 15, "calendar")
    )
    body = _api(case, code)
    assert body["outcome"] == "" and "申请仲裁" in body["next_steps"]
    outcome = re.search(
        r'<div class="outcome" id="public-outcome">.*?</div>', _page(client, case, code), re.S
    )
    assert outcome and "向劳动人事争议仲裁委员会申请仲裁" in outcome.group(0)
