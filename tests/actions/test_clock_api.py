import pytest
from rest_framework.test import APIClient

from casework.actions import case_transition
from casework.models import AuditEvent, LegalClock

from ..clock_specs import start_pausable


@pytest.fixture
def investigating(wage_case, hrss_officer):
    case = case_transition(actor=hrss_officer, case_id=wage_case.pk, name="accept", data={})
    start_pausable(case)
    return case


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_pause_and_resume_over_api(investigating, hrss_officer):
    clock = LegalClock.objects.get(case=investigating, code="review")
    client = _client(hrss_officer)
    url = f"/api/v1/cases/{investigating.pk}/clocks/{clock.code}/"
    r = client.post(url + "pause/", {"reason": "appraisal", "note": "鉴定"}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "paused"
    r = client.post(url + "resume/", {}, format="json")
    assert r.status_code == 200
    assert r.json()["status"] == "running"


def test_bad_reason_is_400_naming_field(investigating, hrss_officer):
    clock = LegalClock.objects.get(case=investigating, code="review")
    before = AuditEvent.objects.count()
    r = _client(hrss_officer).post(
        f"/api/v1/cases/{investigating.pk}/clocks/{clock.code}/pause/",
        {"reason": "nap"},
        format="json",
    )
    assert r.status_code == 400
    assert "reason" in r.json()
    assert AuditEvent.objects.count() == before


def test_invisible_case_is_404_and_stale_version_409(
    investigating, hrss_officer, other_district_officer
):
    clock = LegalClock.objects.get(case=investigating, code="review")
    url = f"/api/v1/cases/{investigating.pk}/clocks/{clock.code}/pause/"
    assert (
        _client(other_district_officer).post(url, {"reason": "testing"}, format="json").status_code
        == 404
    )
    r = _client(hrss_officer).post(url, {"reason": "testing", "version": 1}, format="json")
    assert r.status_code == 409


def test_the_detail_names_each_clock_by_its_code_and_its_pause_reasons(investigating, hrss_officer):
    clocks = _client(hrss_officer).get(f"/api/v1/cases/{investigating.pk}/").json()["clocks"]
    by_code = {c["code"]: c for c in clocks}
    assert by_code["review"]["pause_reasons"] == [
        "appraisal",
        "testing",
        "hearing",
        "public_notice",
    ]
    assert by_code["investigation"]["pause_reasons"] == []
    assert by_code["investigation"]["owner"] == "hrss"
    assert by_code["investigation"]["extensions_left"] == 1


def test_pausing_the_investigation_clock_is_400_citing_article_17(investigating, hrss_officer):
    before = AuditEvent.objects.count()
    r = _client(hrss_officer).post(
        f"/api/v1/cases/{investigating.pk}/clocks/investigation/pause/",
        {"reason": "appraisal"},
        format="json",
    )
    assert r.status_code == 400
    assert "第十七条" in str(r.json()["reason"])
    assert AuditEvent.objects.count() == before


def test_an_unknown_clock_code_is_404(investigating, hrss_officer):
    r = _client(hrss_officer).post(
        f"/api/v1/cases/{investigating.pk}/clocks/nap/pause/", {"reason": "testing"}, format="json"
    )
    assert r.status_code == 404
