"""The dates documents state are Beijing dates: a complaint filed at 02:52 on 8 December in
Beijing (18:52 UTC on the 7th) was filed on the 8th; and the day a complaint was received,
where an officer recorded one, is the day the acceptance notice answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from casework.documents.layout import chinese_date
from casework.models import Case, Document, TimelineEntry
from tests.api.conftest import complaint_payload, login
from tests.disputes.walk import fire

from .conftest import WAGE_STEPS
from .pdf import pdf_text

# 2025-03-02 02:30 in Beijing; still 1 March in UTC.
EARLY = datetime(2025, 3, 1, 18, 30, tzinfo=UTC)


def _text(case, name: str) -> str:
    with Document.objects.get(case=case, name=name).file.open("rb") as fh:
        return pdf_text(fh.read())


def test_the_acceptance_notice_states_the_local_date_of_the_complaint(wage_case, actors):
    Case.objects.filter(pk=wage_case.pk).update(submitted_at=EARLY)
    fire(wage_case.pk, "accept", actors)
    text = _text(wage_case, "acceptance_notice")
    assert "你于2025年3月2日提交" in text, text


def test_the_rejection_notice_states_the_local_date_of_the_complaint(wage_case, actors):
    Case.objects.filter(pk=wage_case.pk).update(submitted_at=EARLY)
    fire(wage_case.pk, "reject", actors)
    assert "你于2025年3月2日提交" in _text(wage_case, "rejection_notice")


def test_the_acceptance_notice_states_the_day_the_complaint_was_received(org, hrss_officer, actors):
    received = timezone.localdate() - timedelta(days=6)
    r = login(hrss_officer).post(
        "/api/v1/cases/", complaint_payload(received_on=received.isoformat()), format="json"
    )
    assert r.status_code == 201, r.content
    case_id = r.json()["id"]
    fire(case_id, "accept", actors)
    text = _text(Case.objects.get(pk=case_id), "acceptance_notice")
    assert f"你于{chinese_date(received)}提交" in text, text


def test_the_closure_report_writes_local_dates(wage_case, actors):
    Case.objects.filter(pk=wage_case.pk).update(submitted_at=EARLY)
    for name in WAGE_STEPS[:-1]:
        fire(wage_case.pk, name, actors)
    TimelineEntry.objects.filter(case=wage_case).update(at=EARLY)
    fire(wage_case.pk, "approve_closure", actors)
    text = _text(wage_case, "closure_report")
    assert "立案（登记）时间：2025年3月2日" in text
    assert "2025年3月2日，受理立案" in text
    assert "2025年3月1日" not in text
