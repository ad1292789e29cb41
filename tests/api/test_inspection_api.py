"""The inspection kind over the API: opening through POST /api/v1/cases/ and walking the
main paths through POST /api/v1/cases/<id>/transitions/<name>/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.models import AuditEvent, Case, CaseSequence, LegalClock, Notification, TimelineEntry
from tests.factories import member

from .conftest import login


def _rows() -> dict[str, int]:
    return {
        "cases": Case.objects.count(),
        "audit": AuditEvent.objects.count(),
        "timeline": TimelineEntry.objects.count(),
        "clocks": LegalClock.objects.count(),
        "notifications": Notification.objects.count(),
        "sequences": sum(CaseSequence.objects.values_list("last", flat=True)),
    }


def _body(market_, **overrides) -> dict:
    body = {
        "kind": "inspection",
        "jurisdiction": "xuecheng",
        "market": market_.pk,
        "description": "对零工驿站开展安全与卫生检查。",
        "mode": "scheduled",
        "scheduled_for": (timezone.localdate() + timedelta(days=2)).isoformat(),
        "checklist": ["shelter", "fire_exit", "drinking_water"],
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def _results(*failing: str) -> list[dict]:
    return [
        {"item": code, "passed": code not in failing, "note": "不合格" if code in failing else ""}
        for code in ("shelter", "fire_exit", "drinking_water")
    ]


@pytest.fixture
def hrss(hrss_officer):
    return login(hrss_officer)


@pytest.mark.parametrize("dept", ["hrss", "health"])
def test_both_lead_departments_open_over_the_api(dept, market):
    client = login(member(f"{dept}.officer.xuecheng", dept, "xuecheng", "officer"))
    r = client.post("/api/v1/cases/", _body(market), format="json")
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["kind"] == "inspection" and data["status"] == "scheduled"
    assert "record_inspection" in data["available_transitions"]
    case = Case.objects.get(pk=data["id"])
    assert case.lead_unit.department.code == dept and case.market_id == market.pk


def test_market_supervision_officer_is_403(market_officer, market):
    client = login(market_officer)
    before = _rows()
    r = client.post("/api/v1/cases/", _body(market), format="json")
    assert r.status_code == 403, r.content
    assert _rows() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"checklist": []}, "checklist"),
        ({"checklist": ["parking", "ghost"]}, "checklist"),
        ({"market": None}, "market"),
        ({"market": 987654}, "market"),
        ({"scheduled_for": "2001-05-01"}, "scheduled_for"),
    ],
)
def test_bad_opening_is_400_naming_the_field(hrss, market, overrides, field):
    before = _rows()
    r = hrss.post("/api/v1/cases/", _body(market, **overrides), format="json")
    assert r.status_code == 400, r.content
    assert field in r.json(), r.json()
    assert _rows() == before


def test_main_path_with_rectification_over_the_api(hrss, hrss_supervisor, market):
    case_id = hrss.post("/api/v1/cases/", _body(market), format="json").json()["id"]
    url = f"/api/v1/cases/{case_id}/transitions"
    today = timezone.localdate()

    before = _rows()
    r = hrss.post(
        f"{url}/record_inspection/",
        {"inspected_on": today.isoformat(), "results": _results()[:2]},
        format="json",
    )
    assert r.status_code == 400 and "results" in r.json()
    assert _rows() == before
    later = (today + timedelta(days=30)).isoformat()
    r = hrss.post(f"{url}/schedule_reinspection/", {"scheduled_for": later}, format="json")
    assert r.status_code == 409
    assert _rows() == before

    r = hrss.post(
        f"{url}/record_inspection/",
        {"inspected_on": today.isoformat(), "results": _results("fire_exit")},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "inspected"
    assert r.json()["available_transitions"] == ["require_rectification"]

    r = hrss.post(
        f"{url}/require_rectification/",
        {"deadline": (today + timedelta(days=7)).isoformat(), "requirements": "清理消防通道"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["status"] == "rectification_required"
    r = hrss.post(
        f"{url}/schedule_reinspection/",
        {"scheduled_for": (today + timedelta(days=8)).isoformat()},
        format="json",
    )
    assert r.status_code == 200 and r.json()["status"] == "reinspection"
    r = hrss.post(
        f"{url}/record_reinspection/",
        {"inspected_on": today.isoformat(), "results": _results()},
        format="json",
    )
    assert r.status_code == 200 and r.json()["status"] == "inspected"

    supervisor = login(hrss_supervisor)
    r = supervisor.post(f"{url}/approve_closure/", {"comment": "同意"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "closed"
    case = Case.objects.get(pk=case_id)
    assert [r["failed"] for r in case.details["rounds"]] == [["fire_exit"], []]


def test_a_deadline_beyond_two_years_is_400_and_the_case_moves_on(hrss, market):
    # A deadline of 9999-12-31 was taken, and the re-inspection five working days after it
    # then failed for good (a date past the last one a date can hold).
    case_id = hrss.post("/api/v1/cases/", _body(market), format="json").json()["id"]
    url = f"/api/v1/cases/{case_id}/transitions"
    today = timezone.localdate()
    r = hrss.post(
        f"{url}/record_inspection/",
        {"inspected_on": today.isoformat(), "results": _results("fire_exit")},
        format="json",
    )
    assert r.status_code == 200, r.content

    before = _rows()
    for far in ("9999-12-31", (today + timedelta(days=2 * 366 + 1)).isoformat()):
        r = hrss.post(
            f"{url}/require_rectification/",
            {"deadline": far, "requirements": "清理消防通道"},
            format="json",
        )
        assert r.status_code == 400, r.content
        assert "两年" in r.json()["deadline"][0]
        assert _rows() == before
    r = hrss.post(
        f"{url}/require_rectification/",
        {"deadline": (today + timedelta(days=700)).isoformat(), "requirements": "清理消防通道"},
        format="json",
    )
    assert r.status_code == 200, r.content
    r = hrss.post(f"{url}/schedule_reinspection/", {"scheduled_for": "9999-12-31"}, format="json")
    assert r.status_code == 400 and "scheduled_for" in r.json()
    r = hrss.post(
        f"{url}/schedule_reinspection/", {"scheduled_for": today.isoformat()}, format="json"
    )
    assert r.status_code == 200 and r.json()["status"] == "reinspection"


def test_all_pass_goes_straight_to_closure_approval(hrss, hrss_supervisor, market):
    case_id = hrss.post("/api/v1/cases/", _body(market, mode="ad_hoc"), format="json").json()["id"]
    url = f"/api/v1/cases/{case_id}/transitions"
    r = hrss.post(
        f"{url}/record_inspection/",
        {"inspected_on": timezone.localdate().isoformat(), "results": _results()},
        format="json",
    )
    assert r.status_code == 200 and r.json()["available_transitions"] == []
    before = _rows()
    r = hrss.post(
        f"{url}/require_rectification/",
        {"deadline": (timezone.localdate() + timedelta(days=30)).isoformat(), "requirements": "无"},
        format="json",
    )
    assert r.status_code == 409
    assert _rows() == before
    r = login(hrss_supervisor).post(f"{url}/approve_closure/", {}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "closed"


def test_other_district_sees_404(hrss, market, other_district_officer):
    case_id = hrss.post("/api/v1/cases/", _body(market), format="json").json()["id"]
    other = login(other_district_officer)
    assert other.get(f"/api/v1/cases/{case_id}/").status_code == 404
    r = other.post(
        f"/api/v1/cases/{case_id}/transitions/record_inspection/",
        {"inspected_on": timezone.localdate().isoformat(), "results": _results()},
        format="json",
    )
    assert r.status_code == 404
    assert Case.objects.get(pk=case_id).status == "scheduled"
