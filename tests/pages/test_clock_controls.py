"""Pausing and resuming a legal clock from the case page."""

import pytest

from casework.actions import case_transition
from casework.models import AuditEvent, ClockPause, LegalClock

from ..clock_specs import start_pausable


@pytest.fixture
def investigating(wage_case, hrss_officer):
    case = case_transition(actor=hrss_officer, case_id=wage_case.pk, name="accept", data={})
    start_pausable(case)
    return case


def _url(case, clock, op):
    return f"/cases/{case.pk}/clocks/{clock.code}/{op}/"


def test_handler_sees_controls_and_pauses_then_resumes(client, investigating, hrss_officer):
    clock = LegalClock.objects.get(case=investigating, code="review")
    client.force_login(hrss_officer)
    page = client.get(f"/cases/{investigating.pk}/").content.decode()
    assert _url(investigating, clock, "pause") in page
    r = client.post(
        _url(investigating, clock, "pause"),
        {"reason": "appraisal", "note": "工资数额鉴定", "version": 2},
    )
    assert r.status_code == 302
    clock.refresh_from_db()
    assert clock.status == "paused"
    assert ClockPause.objects.get(clock=clock).note == "工资数额鉴定"
    page = client.get(f"/cases/{investigating.pk}/").content.decode()
    assert _url(investigating, clock, "resume") in page
    r = client.post(_url(investigating, clock, "resume"), {"version": 3})
    assert r.status_code == 302
    clock.refresh_from_db()
    assert clock.status == "running"


def test_bad_reason_is_400_and_writes_nothing(client, investigating, hrss_officer):
    clock = LegalClock.objects.get(case=investigating, code="review")
    client.force_login(hrss_officer)
    before = AuditEvent.objects.count()
    r = client.post(_url(investigating, clock, "pause"), {"reason": "lunch"})
    assert r.status_code == 400
    assert "中止原因" in r.content.decode()
    assert AuditEvent.objects.count() == before
    assert not ClockPause.objects.exists()


def test_stale_version_is_409(client, investigating, hrss_officer):
    clock = LegalClock.objects.get(case=investigating, code="review")
    client.force_login(hrss_officer)
    r = client.post(_url(investigating, clock, "pause"), {"reason": "testing", "version": 1})
    assert r.status_code == 409


def test_other_officer_has_no_controls_and_is_refused(client, investigating, hrss_officer2):
    clock = LegalClock.objects.get(case=investigating, code="review")
    client.force_login(hrss_officer2)
    page = client.get(f"/cases/{investigating.pk}/").content.decode()
    assert _url(investigating, clock, "pause") not in page
    assert (
        client.post(_url(investigating, clock, "pause"), {"reason": "testing"}).status_code == 403
    )


def test_invisible_case_is_404(client, investigating, other_district_officer):
    clock = LegalClock.objects.get(case=investigating, code="review")
    client.force_login(other_district_officer)
    assert (
        client.post(_url(investigating, clock, "pause"), {"reason": "testing"}).status_code == 404
    )


def test_a_clock_that_cannot_be_paused_has_no_controls_and_says_so(
    client, investigating, hrss_officer
):
    clock = LegalClock.objects.get(case=investigating, code="investigation")
    client.force_login(hrss_officer)
    page = client.get(f"/cases/{investigating.pk}/").content.decode()
    assert _url(investigating, clock, "pause") not in page
    assert "依法不得中止计时" in page
    r = client.post(_url(investigating, clock, "pause"), {"reason": "appraisal"})
    assert r.status_code == 400
    assert "第十七条" in r.content.decode()
    assert not ClockPause.objects.exists()
