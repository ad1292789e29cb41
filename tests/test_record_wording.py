"""Timeline texts are records that end up in documents (the closure report's 办理经过, the
dossier): they name people by their name, write dates as documents do (2026年12月15日) and
money with a thousands separator (5,000.50), never login names or ISO dates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.actions import case_assign
from casework.models import Document, TimelineEntry
from tests.disputes import walk as wage
from tests.disputes.tables import LABOUR
from tests.documents.pdf import pdf_text
from tests.enforcement.inspection import walk as inspection
from tests.enforcement.rectification import walk as rectification
from tests.enforcement.security_incident.walk import Actors as InspectionActors
from tests.factories import member


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _day(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _text(case, verb: str) -> str:
    return TimelineEntry.objects.filter(case=case, verb=verb).latest("id").text


@pytest.fixture
def wage_actors(hrss_officer, hrss_supervisor, police_officer) -> wage.Actors:
    return wage.Actors(officer=hrss_officer, supervisor=hrss_supervisor, police=police_officer)


@pytest.fixture
def housing(org, market_officer) -> rectification.Actors:
    return rectification.Actors(
        officer=member("housing.officer.xuecheng", "housing", "xuecheng", "officer"),
        supervisor=member("housing.supervisor.xuecheng", "housing", "xuecheng", "supervisor"),
        market_officer=market_officer,
        market_supervisor=member("market.supervisor.xuecheng", "market", "xuecheng", "supervisor"),
    )


def test_an_assignment_names_the_person_and_falls_back_to_the_username(
    wage_case, hrss_supervisor, hrss_officer, hrss_officer2
):
    hrss_officer.first_name = "王明"
    hrss_officer.save()
    case_assign(actor=hrss_supervisor, case_id=wage_case.pk, assignee=hrss_officer)
    assert _text(wage_case, "assigned") == "分派给 王明"
    case_assign(actor=hrss_supervisor, case_id=wage_case.pk, assignee=hrss_officer2)
    # No name on record: the username is all there is to name them by.
    assert _text(wage_case, "reassigned") == f"分派给 {hrss_officer2.username}"


def test_payments_and_their_corrections_are_written_as_documents_write_them(wage_case, wage_actors):
    for name in wage.path_to("ordered"):
        wage.fire(wage_case.pk, name, wage_actors)
    today = timezone.localdate()
    wage.fire(
        wage_case.pk,
        "record_payment",
        wage_actors,
        {"amount": "4500.50", "paid_on": today.isoformat()},
    )
    assert _text(wage_case, "record_payment").startswith("记录工资支付 4,500.50 元（张三）")
    payment = wage_case.payments.get()
    wage.fire(
        wage_case.pk, "correct_payment", wage_actors, {"payment": payment.pk, "reason": "录错"}
    )
    assert f"（原记录 {_day(today)} 张三 4,500.50 元）" in _text(wage_case, "correct_payment")


def test_a_mediation_agreement_amount_has_its_separator(actors_labour):
    case = LABOUR.open(amount="12000")
    LABOUR.walk_to(case, "mediating", actors_labour)
    LABOUR.fire(
        case.pk, "record_agreement", actors_labour, {"terms": "分期支付", "amount": "12000"}
    )
    assert _text(case, "record_agreement").startswith("达成调解协议（协议金额 12,000.00 元）")


@pytest.fixture
def actors_labour(wage_actors) -> wage.Actors:
    return wage_actors


def test_a_rectification_writes_its_dates_in_chinese_and_its_closure_report_reads_them(housing):
    case = rectification.open_rectification(housing.officer, rectification.make_market())
    rectification.walk_to(case, "reinspection", housing)
    today = timezone.localdate()
    deadline = today + timedelta(days=10)
    scheduled = today + timedelta(days=11)
    notice = _text(case, "issue_notice")
    assert notice == f"下达整改通知书，整改期限至{_day(deadline)}"
    assert _text(case, "schedule_reinspection") == f"安排复查：{_day(scheduled)}"
    for name in ["confirm_rectified", "propose_closure", "approve_closure"]:
        rectification.fire(case.pk, name, housing, rectification.payload(name))
    report = Document.objects.get(case=case, name="closure_report")
    with report.file.open("rb") as fh:
        body = pdf_text(fh.read())
    assert f"整改期限至{_day(deadline)}" in body and f"安排复查：{_day(scheduled)}" in body
    assert deadline.isoformat() not in body and scheduled.isoformat() not in body


@pytest.fixture
def rectification_not_rectified(housing):
    case = rectification.open_rectification(housing.officer, rectification.make_market())
    return rectification.walk_to(case, "not_rectified", housing)


def test_a_penalty_filing_states_its_decision_date_in_chinese(housing, rectification_not_rectified):
    case = rectification_not_rectified
    rectification.fire(case.pk, "file_penalty", housing)
    due = case.clocks.get(code="penalty_decision").due_date
    assert _text(case, "file_penalty") == (
        f"立案查处（薛建立〔2026〕2号），应于{_day(due)}前作出处罚决定"
    )


def test_market_supervision_extension_states_the_new_date_in_chinese(
    housing, rectification_not_rectified
):
    case = rectification_not_rectified
    for name in ["refer_to_market", "market_extend"]:
        rectification.fire(case.pk, name, housing)
    due = case.clocks.get(code="market_filing").due_date
    assert _text(case, "market_extend").endswith(f"届满日{_day(due)}")


def test_an_inspection_order_states_its_deadline_in_chinese(hrss_officer, hrss_supervisor):
    actors = InspectionActors(officer=hrss_officer, supervisor=hrss_supervisor, parent=None)
    case = inspection.open_inspection(actors.officer, inspection.make_market())
    inspection.walk_to(case, "rectification_required", actors)
    deadline = timezone.localdate() + timedelta(days=10)
    assert _text(case, "require_rectification") == f"责令限期整改，期限至{_day(deadline)}"
