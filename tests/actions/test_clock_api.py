import pytest
from rest_framework.test import APIClient

from casework.actions import case_transition
from casework.models import AuditEvent, LegalClock


@pytest.fixture
def investigating(wage_case, hrss_officer):
    return case_transition(actor=hrss_officer, case_id=wage_case.pk, name="accept", data={})


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_pause_and_resume_over_api(investigating, hrss_officer):
    clock = LegalClock.objects.get(case=investigating, code="investigation")
    client = _client(hrss_officer)
    url = f"/api/v1/cases/{investigating.pk}/clocks/{clock.pk}/"
    r = client.post(url + "pause/", {"reason": "appraisal", "note": "鉴定"}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "paused"
    r = client.post(url + "resume/", {}, format="json")
    assert r.status_code == 200
    assert r.json()["status"] == "running"


def test_bad_reason_is_400_naming_field(investigating, hrss_officer):
    clock = LegalClock.objects.get(case=investigating, code="investigation")
    before = AuditEvent.objects.count()
    r = _client(hrss_officer).post(
        f"/api/v1/cases/{investigating.pk}/clocks/{clock.pk}/pause/",
        {"reason": "nap"},
        format="json",
    )
    assert r.status_code == 400
    assert "reason" in r.json()
    assert AuditEvent.objects.count() == before


def test_invisible_case_is_404_and_stale_version_409(
    investigating, hrss_officer, other_district_officer
):
    clock = LegalClock.objects.get(case=investigating, code="investigation")
    url = f"/api/v1/cases/{investigating.pk}/clocks/{clock.pk}/pause/"
    assert (
        _client(other_district_officer).post(url, {"reason": "testing"}, format="json").status_code
        == 404
    )
    r = _client(hrss_officer).post(url, {"reason": "testing", "version": 1}, format="json")
    assert r.status_code == 409
