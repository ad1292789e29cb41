"""The two-year bar of 劳动保障监察条例 第二十条 at intake: the count (from the end of a
continuing violation, 民法典 §201–§203), the flag on the case, list and API, acceptance
refused, and a supervisor's acceptance anyway with its reason on the record."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from casework.actions import available_transitions
from casework.audit import verify_chain
from casework.models import AuditEvent, Case, Document, Notification, TimelineEntry
from disputes.investigated_complaint.time_bar import assess, last_day
from tests.api.conftest import complaint_payload, login
from tests.factories import VALID_ID, VALID_PHONE

from .walk import snapshot

LONG_AGO = date(2021, 3, 1)  # more than two years before any day these tests run on


@pytest.fixture
def anon():
    from rest_framework.test import APIClient

    return APIClient()


def file(anon, **overrides) -> Case:
    r = anon.post("/api/v1/public/complaints/", complaint_payload(**overrides), format="json")
    assert r.status_code == 201, r.content
    return Case.objects.get(tracking_number=r.json()["tracking_number"])


# --- the count -----------------------------------------------------------------------------


def test_two_years_end_on_the_corresponding_day(db):
    assert last_day(date(2023, 6, 10)) == date(2025, 6, 10)  # a Tuesday
    # 29 February has no corresponding day: the month's last day (民法典 第二百零二条), here
    # a Saturday worked in 2026 (春节调休), so it stays.
    assert last_day(date(2024, 2, 29)) == date(2026, 2, 28)
    # A last day on a rest day moves to the next working day (第二百零三条): 2025's
    # 28 June is a Saturday.
    assert last_day(date(2023, 6, 28)) == date(2025, 6, 30)
    # 1 October 2025 is a holiday through 8 October (the seeded 2025 calendar).
    assert last_day(date(2023, 10, 1)) == date(2025, 10, 9)


def test_a_complaint_on_the_last_day_is_in_time(db):
    occurred = date(2023, 6, 10)
    on_time = assess(
        occurred_on=occurred, continuing=False, ended_on=None, received_on=date(2025, 6, 10)
    )
    late = assess(
        occurred_on=occurred, continuing=False, ended_on=None, received_on=date(2025, 6, 11)
    )
    assert on_time["barred"] is False and late["barred"] is True
    assert late["counted_from"] == "2023-06-10" and late["last_day"] == "2025-06-10"
    assert "第二十条" in late["basis"]


def test_a_continuing_violation_counts_from_its_end(db):
    received = date(2025, 6, 11)
    going_on = assess(
        occurred_on=date(2020, 1, 1), continuing=True, ended_on=None, received_on=received
    )
    assert going_on["barred"] is False and going_on["counted_from"] is None
    ended = assess(
        occurred_on=date(2020, 1, 1),
        continuing=True,
        ended_on=date(2024, 1, 31),
        received_on=received,
    )
    assert ended["barred"] is False and ended["counted_from"] == "2024-01-31"
    assert assess(occurred_on=None, continuing=False, ended_on=None, received_on=received) is None


# --- intake through the API ----------------------------------------------------------------


def test_a_complaint_beyond_two_years_is_flagged(anon, org, hrss_supervisor, hrss_officer):
    case = file(anon, occurred_on=LONG_AGO.isoformat())
    bar = case.details["time_bar"]
    assert bar["barred"] is True and bar["counted_from"] == LONG_AGO.isoformat()
    assert bar["received_on"] == timezone.localdate().isoformat()
    assert "《劳动保障监察条例》第二十条" == bar["basis"]
    opened = AuditEvent.objects.get(case=case, verb="disputes.wage_arrears.opened")
    assert opened.payload["time_barred"] is True
    # The supervisors, who alone may accept it anyway, are told at once.
    told = Notification.objects.filter(case=case, type="case.time_barred")
    assert {n.user_id for n in told} == {hrss_supervisor.pk}
    assert "第二十条" in told.first().text

    # The API detail carries the flag with the article.
    body = login(hrss_officer).get(f"/api/v1/cases/{case.pk}/").json()
    assert body["details"]["time_bar"]["barred"] is True
    assert "第二十条" in body["details"]["time_bar"]["basis"]
    assert "accept" not in body["available_transitions"]


def test_a_recent_or_still_continuing_violation_is_not_flagged(anon, org):
    recent = file(anon)
    assert recent.details["time_bar"]["barred"] is False
    going_on = file(anon, occurred_on=LONG_AGO.isoformat(), violation_continuing=True)
    assert going_on.details["violation_continuing"] is True
    assert going_on.details["time_bar"]["barred"] is False
    ended = (timezone.localdate() - timedelta(days=100)).isoformat()
    ended_late = file(anon, occurred_on=LONG_AGO.isoformat(), violation_ended_on=ended)
    assert ended_late.details["time_bar"] == {
        **ended_late.details["time_bar"],
        "barred": False,
        "continuing": True,
        "counted_from": ended,
    }
    assert Notification.objects.filter(type="case.time_barred").count() == 0


def test_a_discrimination_complaint_is_barred_alike(anon, org):
    case = file(anon, kind="discrimination", amount_owed="0", occurred_on=LONG_AGO.isoformat())
    assert case.details["time_bar"]["barred"] is True


def test_mediation_takes_no_part_in_the_bar(anon, org):
    case = file(
        anon,
        kind="labour_dispute",
        occurred_on=LONG_AGO.isoformat(),
        violation_continuing=True,
        violation_ended_on=LONG_AGO.isoformat(),
    )
    assert "time_bar" not in case.details and "violation_ended_on" not in case.details


@pytest.mark.parametrize(
    "overrides",
    [
        {"violation_ended_on": "2999-01-01"},
        {"violation_ended_on": "2020-01-01", "occurred_on": "2021-01-01"},
        {"violation_ended_on": "end of May"},
        {"violation_continuing": "perhaps"},
    ],
)
def test_bad_violation_fields_are_400_naming_them(anon, org, overrides):
    before = Case.objects.count()
    r = anon.post("/api/v1/public/complaints/", complaint_payload(**overrides), format="json")
    assert r.status_code == 400
    field = next(k for k in overrides if k.startswith("violation"))
    assert field in r.json(), r.json()
    assert Case.objects.count() == before


# --- acceptance ----------------------------------------------------------------------------


def test_acceptance_is_refused_citing_the_article(anon, org, hrss_officer, hrss_supervisor):
    case = file(anon, occurred_on=LONG_AGO.isoformat())
    assert available_transitions(hrss_officer, case) == []
    assert available_transitions(hrss_supervisor, case) == ["accept_time_barred", "reject"]
    officer = login(hrss_officer)
    before = snapshot(case)
    r = officer.post(
        f"/api/v1/cases/{case.pk}/transitions/accept/", {"comment": "受理"}, format="json"
    )
    assert r.status_code == 409
    assert "第二十条" in r.json()["detail"] and "审批人" in r.json()["detail"]
    # Nor may the officer take the supervisor's step.
    r = officer.post(
        f"/api/v1/cases/{case.pk}/transitions/accept_time_barred/", {"reason": "x"}, format="json"
    )
    assert r.status_code == 403
    assert snapshot(case) == before


def test_a_supervisor_accepts_it_anyway_with_a_reason(anon, org, hrss_officer, hrss_supervisor):
    case = file(anon, occurred_on=LONG_AGO.isoformat())
    supervisor = login(hrss_supervisor)
    url = f"/api/v1/cases/{case.pk}/transitions/accept_time_barred/"
    before = snapshot(case)
    r = supervisor.post(url, {"comment": "同意"}, format="json")
    assert r.status_code == 400 and "reason" in r.json()
    assert snapshot(case) == before

    reason = "用人单位长期隐匿用工记录，工人此前无法投诉，确需查处"
    r = supervisor.post(url, {"reason": reason}, format="json")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "investigating"
    accepted = body["details"]["time_bar"]["accepted_anyway"]
    assert accepted == {
        "by": hrss_supervisor.username,
        "on": timezone.localdate().isoformat(),
        "reason": reason,
    }
    assert body["details"]["time_bar"]["barred"] is True  # still a fact of the complaint
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.assignee_id is None  # the supervisor does not become the handler
    assert fresh.clocks.get(code="acceptance").status == "stopped"
    assert fresh.clocks.get(code="investigation").status == "running"

    event = AuditEvent.objects.get(case=case, verb="disputes.wage_arrears.accept_time_barred")
    assert event.actor_id == hrss_supervisor.pk and event.payload["reason"] == reason
    assert (event.from_state, event.to_state) == ("submitted", "investigating")
    entry = TimelineEntry.objects.get(case=case, verb="accept_time_barred")
    assert entry.comment == reason and "第二十条" in entry.text
    assert entry.public_text == "已受理，正在调查处理"
    assert Document.objects.filter(case=case, code="acceptance_notice").exists()
    assert verify_chain().ok


def test_a_case_within_the_bar_is_accepted_by_its_officer_only(anon, org, hrss_supervisor):
    case = file(anon)
    r = login(hrss_supervisor).post(
        f"/api/v1/cases/{case.pk}/transitions/accept_time_barred/", {"reason": "x"}, format="json"
    )
    assert r.status_code == 409 and "第二十条" in r.json()["detail"]


# --- the pages -----------------------------------------------------------------------------


def _page_complaint(**overrides) -> dict:
    data = {
        "kind": "wage_arrears",
        "jurisdiction": "xuecheng",
        "complainant.name": "李四",
        "complainant.phone": VALID_PHONE,
        "complainant.id_number": VALID_ID,
        "employer.name": "枣庄某装修队",
        "workers_count": "1",
        "amount_owed": "6000",
        "occurred_on": LONG_AGO.isoformat(),
        "description": "几年前在工地干活的工钱至今没给。",
    }
    data.update(overrides)
    return data


def test_the_public_page_asks_for_the_violations_course(client, org):
    html = client.get("/complaint/").content.decode()
    assert 'name="violation_continuing"' in html and 'name="violation_ended_on"' in html
    mediation = client.get("/complaint/?kind=labour_dispute").content.decode()
    assert 'name="violation_ended_on"' not in mediation


def test_the_public_page_files_a_continuing_violation(client, org):
    ended = (timezone.localdate() - timedelta(days=60)).isoformat()
    r = client.post(
        "/complaint/",
        _page_complaint(violation_continuing="true", violation_ended_on=ended),
    )
    assert r.status_code == 302, r.content.decode()[:500]
    case = Case.objects.get()
    assert case.details["time_bar"]["counted_from"] == ended
    assert case.details["time_bar"]["barred"] is False


def test_the_case_page_and_list_show_the_flag(client, org, hrss_officer, hrss_supervisor):
    r = client.post("/complaint/", _page_complaint())
    assert r.status_code == 302
    barred = Case.objects.get()
    client.post("/complaint/", _page_complaint(occurred_on=timezone.localdate().isoformat()))
    recent = Case.objects.exclude(pk=barred.pk).get()

    officer = Client()
    officer.force_login(hrss_officer)
    page = officer.get(f"/cases/{barred.pk}/").content.decode()
    assert 'id="time-barred"' in page and 'id="time-bar"' in page
    assert "《劳动保障监察条例》第二十条" in page and LONG_AGO.isoformat() in page
    assert 'id="action-accept"' not in page
    assert 'id="time-barred"' not in officer.get(f"/cases/{recent.pk}/").content.decode()

    listing = officer.get("/cases/").content.decode()
    rows = re.findall(r'<tr[^>]*data-case="([^"]+)"[^>]*>(.*?)</tr>', listing, re.S)
    flagged = {number for number, row in rows if "time-barred" in row}
    assert flagged == {barred.number}

    supervisor = Client()
    supervisor.force_login(hrss_supervisor)
    page = supervisor.get(f"/cases/{barred.pk}/").content.decode()
    assert 'id="action-accept_time_barred"' in page
    r = supervisor.post(
        f"/cases/{barred.pk}/transitions/accept_time_barred/",
        {"reason": "证据确凿，确需查处", "version": Case.objects.get(pk=barred.pk).version},
    )
    assert r.status_code == 302
    page = supervisor.get(f"/cases/{barred.pk}/").content.decode()
    assert 'id="time-bar-accepted"' in page and "证据确凿，确需查处" in page
    assert Case.objects.get(pk=barred.pk).status == "investigating"
