"""The lead housing unit's own penalty procedure on a market left unrectified: 立案
(`file_penalty`) starts the 90 days of 行政处罚法 §60, the decision stops them; a referral to
market supervision or a ban ends them; the case page and the API show the clock."""

from __future__ import annotations

import pytest
from django.utils import timezone

from casework import workdays
from casework.actions import available_transitions, case_transition
from casework.errors import Conflict, NotPermitted
from casework.models import LegalClock, TimelineEntry
from tests.api.conftest import login
from tests.disputes.walk import snapshot

from .walk import fire, payload


def _clock(case) -> LegalClock:
    return LegalClock.objects.get(case=case, code="penalty_decision")


def test_filing_starts_the_ninety_days_and_the_decision_stops_them(unrectified, actors):
    case = unrectified
    today = timezone.localdate()

    case = fire(case.pk, "file_penalty", actors)

    assert case.status == "not_rectified"
    clock = _clock(case)
    assert (clock.start_date, clock.days, clock.day_unit) == (today, 90, "calendar")
    assert clock.due_date == workdays.add_days(today, 90, "calendar")
    assert "《行政处罚法》第六十条" in clock.legal_basis
    assert clock.owner == "housing" and clock.exclusions == [] and clock.extensions_allowed == []
    assert case.details["penalty_filing"]["filing_number"] == "薛建立〔2026〕2号"
    entry = TimelineEntry.objects.filter(case=case, verb="file_penalty").get()
    assert f"{clock.due_date.year}年{clock.due_date.month}月{clock.due_date.day}日" in entry.text
    assert "file_penalty" not in available_transitions(actors.officer, case)

    case = fire(case.pk, "impose_penalty", actors)

    assert case.status == "penalty"
    assert _clock(case).status == "stopped"
    assert case.details["penalty"]["by"] == "lead"


def test_no_decision_before_filing(unrectified, actors):
    before = snapshot(unrectified)
    assert "impose_penalty" not in available_transitions(actors.officer, unrectified)
    with pytest.raises(Conflict) as exc:
        fire(unrectified.pk, "impose_penalty", actors)
    assert "尚未立案" in str(exc.value)
    assert snapshot(unrectified) == before


def test_only_the_lead_files(unrectified, actors):
    before = snapshot(unrectified)
    with pytest.raises(NotPermitted):
        case_transition(
            actor=actors.market_officer,
            case_id=unrectified.pk,
            name="file_penalty",
            data=payload("file_penalty"),
        )
    assert snapshot(unrectified) == before


def test_filing_twice_is_refused(unrectified, actors):
    case = fire(unrectified.pk, "file_penalty", actors)
    before = snapshot(case)
    with pytest.raises(Conflict):
        fire(case.pk, "file_penalty", actors)
    assert snapshot(case) == before


def test_referral_to_market_supervision_ends_the_lead_procedure(unrectified, actors):
    fire(unrectified.pk, "file_penalty", actors)
    case = fire(unrectified.pk, "refer_to_market", actors)
    assert _clock(case).status == "stopped"
    assert "处罚程序随之终结" in TimelineEntry.objects.filter(case=case).last().text
    assert "impose_penalty" not in available_transitions(actors.officer, case)
    assert set(
        LegalClock.objects.filter(case=case, status="running").values_list("code", flat=True)
    ) == {"market_filing"}


def test_no_filing_once_referred(unrectified, actors):
    case = fire(unrectified.pk, "refer_to_market", actors)
    before = snapshot(case)
    with pytest.raises(Conflict):
        fire(case.pk, "file_penalty", actors)
    assert snapshot(case) == before


def test_a_ban_ends_it(unrectified, actors):
    fire(unrectified.pk, "file_penalty", actors)
    case = fire(unrectified.pk, "ban", actors)
    assert case.status == "banned"
    assert _clock(case).status == "stopped"
    assert (
        TimelineEntry.objects.filter(case=case)
        .last()
        .text.endswith("（本单位已立案的处罚程序随之终结）")
    )


def test_the_case_page_and_the_api_show_it(client, unrectified, actors):
    case = fire(unrectified.pk, "file_penalty", actors)
    clock = _clock(case)
    client.force_login(actors.officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "行政处罚决定期限" in page
    assert "应当自行政处罚案件立案之日起九十日内作出行政处罚决定" in page
    assert f'datetime="{clock.due_date:%Y-%m-%d}"' in page
    assert 'id="action-impose_penalty"' in page
    body = login(actors.supervisor).get(f"/api/v1/cases/{case.pk}/").json()
    (shown,) = [c for c in body["clocks"] if c["code"] == "penalty_decision"]
    assert shown["due_date"] == clock.due_date.isoformat() and shown["status"] == "running"
    assert shown["owner"] == "housing" and shown["extensions_left"] == 0
