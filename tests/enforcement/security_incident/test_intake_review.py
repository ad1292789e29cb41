"""受案审查 before 立案 (公安部关于改革完善受案立案制度的意见): 24 hours from the report, kept
as one calendar day; 3 days once the unit's head finds the case complex. The report starts
it, 受案 or 不予受案 ends it; the case page and the API show it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from casework import workdays
from casework.actions import available_transitions, case_transition
from casework.errors import Conflict, NotPermitted
from casework.models import AuditEvent, Case, LegalClock, TimelineEntry
from tests.api.conftest import login
from tests.disputes.walk import snapshot

from .walk import fire, payload, walk_to


def _review(case) -> LegalClock:
    return LegalClock.objects.get(case=case, code="intake_review")


def test_the_report_starts_the_review_clock(incident):
    clock = _review(incident)
    today = timezone.localdate()
    assert (clock.start_date, clock.day_unit, clock.days) == (today, "calendar", 1)
    assert clock.due_date == workdays.add_days(today, 1, "calendar")
    assert "受案审查期限原则上不超过24小时" in clock.legal_basis
    assert clock.owner == "police" and clock.exclusions == []
    assert [e["days"] for e in clock.extensions_allowed] == [2]
    assert clock.status == "running"
    assert Case.objects.get(pk=incident.pk).deadline == clock.due_date


@pytest.mark.parametrize("state", ["reported", "dispatched", "on_scene"])
def test_the_head_extends_it_to_three_days_once(state, incident, actors):
    case = walk_to(incident, state, actors)
    start = _review(case).start_date
    # The officer does not decide that a case is complex; the unit's head does.
    assert "extend_review" not in available_transitions(actors.officer, case)
    before = snapshot(case)
    with pytest.raises(NotPermitted):
        case_transition(
            actor=actors.officer,
            case_id=case.pk,
            name="extend_review",
            data=payload("extend_review"),
        )
    assert snapshot(case) == before

    fired = fire(case.pk, "extend_review", actors)

    assert fired.status == state
    clock = _review(case)
    assert clock.extended and clock.extensions_granted == 1
    assert clock.due_date == workdays.add_days(start, 3, "calendar")
    assert Case.objects.get(pk=case.pk).deadline == clock.due_date
    assert clock.extensions.get().approver == "办案部门负责人认定为疑难复杂案件"
    event = AuditEvent.objects.filter(verb="enforcement.security_incident.extend_review").get()
    assert event.payload["new_due_date"] == clock.due_date.isoformat()
    entry = TimelineEntry.objects.filter(case=case, verb="extend_review").get()
    assert f"{clock.due_date.year}年{clock.due_date.month}月{clock.due_date.day}日" in entry.text
    # Three days are the most the rule allows.
    case = Case.objects.get(pk=case.pk)
    before = snapshot(case)
    assert "extend_review" not in available_transitions(actors.supervisor, case)
    with pytest.raises(Conflict) as exc:
        fire(case.pk, "extend_review", actors)
    assert "3日" in str(exc.value)
    assert snapshot(case) == before


def test_case_opening_stops_it_and_starts_the_handling_clock(incident, actors):
    case = walk_to(incident, "case_opened", actors)
    assert _review(case).status == "stopped"
    handling = LegalClock.objects.get(case=case, code="handling")
    assert handling.status == "running"
    assert Case.objects.get(pk=case.pk).deadline == handling.due_date
    assert "extend_review" not in available_transitions(actors.supervisor, case)


def test_not_accepting_the_case_stops_it(incident, actors):
    case = walk_to(incident, "closure_pending", actors)
    assert case.details["no_case_reason"]
    assert _review(case).status == "stopped"
    assert not LegalClock.objects.filter(case=case).exclude(status="stopped").exists()
    assert Case.objects.get(pk=case.pk).deadline is None


def test_the_case_page_and_the_api_show_it(client, incident, actors):
    clock = _review(incident)
    client.force_login(actors.officer)
    page = client.get(f"/cases/{incident.pk}/").content.decode()
    assert "受案审查期限" in page
    assert "公通字〔2015〕32号" in page
    assert f'datetime="{clock.due_date:%Y-%m-%d}"' in page
    body = login(actors.supervisor).get(f"/api/v1/cases/{incident.pk}/").json()
    (shown,) = [c for c in body["clocks"] if c["code"] == "intake_review"]
    assert shown["due_date"] == clock.due_date.isoformat()
    assert shown["day_unit"] == "calendar" and shown["owner"] == "police"
    assert shown["extensions_left"] == 1 and shown["pause_reasons"] == []
    assert "24小时" in shown["legal_basis"]
    assert "extend_review" in body["available_transitions"]
