"""Every clock of the procedures against the text of its article (docs/legal-basis.md).

The table is written from the statutes, not from the code: period, unit, owning department,
the reasons each article excludes from its period (and so the only ones a pause may give),
the extensions it allows in order, and a start/end worked out by hand from the published
2025 schedule (National Day 10-1..10-8 off; Sunday 9-28 and Saturday 10-11 worked).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from casework import clocks
from casework.actions import clock_pause
from casework.errors import InvalidInput, NotPermitted
from casework.models import CaseParticipant, ClockPause, PauseReason
from disputes.investigated_complaint.steps import ACCEPTANCE, INVESTIGATION
from disputes.labour_dispute.kind import MEDIATION
from disputes.wage_arrears.kind import TRANSFER_ANSWER
from disputes.wage_arrears.supervision import SUPERVISION_REQUEST
from disputes.wage_arrears.transfer_clocks import (
    MATERIALS_HANDOVER,
    RECONSIDERATION_ANSWER,
    RECONSIDERATION_REQUEST,
    TRANSFER_APPROVAL,
    TRANSFER_DELIVERY,
)
from enforcement.rectification.kind import VERIFICATION
from enforcement.rectification.lead_penalty import PENALTY_DECISION
from enforcement.rectification.market_supervision import MARKET_FILING, MARKET_PENALTY
from enforcement.security_incident.kind import HANDLING, INTAKE_REVIEW
from permissions.models import Unit

from ..factories import member

D = date.fromisoformat
MARKET_FILING_EXCLUDES = {"testing", "inspection", "quarantine", "appraisal", "identification"}


@dataclass(frozen=True)
class Row:
    spec: object
    article: str  # what the citation must name
    unit: str
    days: int
    owner: str
    exclusions: set[str]
    extensions: list[int | None]
    start: date
    due: date


LAW = {
    # 若干规定 §18: 5 working days from receipt. Fri 9-26: Sun 9-28 (worked) 1, 9-29 2,
    # 9-30 3, (10-1..10-8 off) 10-9 4, 10-10 5.
    "acceptance": Row(
        ACCEPTANCE, "若干规定》第十八条", "working", 5, "hrss", set(), [], D("2025-09-26"),
        D("2025-10-10"),
    ),
    # 劳动保障监察条例 §17: 60 working days from 立案, +30 once by the bureau head; nothing
    # excluded. Mon 2025-06-02 + 60 working days (端午 5-31..6-2 already past): 8-25.
    "investigation": Row(
        INVESTIGATION, "《劳动保障监察条例》第十七条", "working", 60, "hrss", set(), [30],
        D("2025-06-02"), D("2025-08-25"),
    ),
    # 劳动争议调解仲裁法 §14: 15 days from receipt. 3-1 + 15 = Sun 3-16 → Mon 3-17 (§203).
    "mediation": Row(
        MEDIATION, "《劳动争议调解仲裁法》第十四条", "calendar", 15, "hrss", set(), [],
        D("2025-03-01"), D("2025-03-17"),
    ),
    # 国务院令第310号 §8: 3 days from receiving the transfer. Sun 9-28 + 3 = 10-1, a holiday
    # → the next working day, 10-9.
    "transfer_answer": Row(
        TRANSFER_ANSWER, "移送涉嫌犯罪案件的规定》第八条", "calendar", 3, "police", set(), [],
        D("2025-09-28"), D("2025-10-09"),
    ),
    # The housing bureau's own work rule: 3 working days. Fri 12-26 → 12-31.
    "verification": Row(
        VERIFICATION, "整治工作要求", "working", 3, "housing", set(), [], D("2025-12-26"),
        D("2025-12-31"),
    ),
    # 治安管理处罚法 (2025) §120: 30 days from 立案, +30 twice at most by the higher organ;
    # appraisal and hearing excluded. Tue 5-6 + 30 = Thu 6-5.
    "handling": Row(
        HANDLING, "（2025年修订）第一百二十条", "calendar", 30, "police",
        {"appraisal", "hearing"}, [30, 30], D("2025-05-06"), D("2025-06-05"),
    ),
    # 市场监督管理行政处罚程序规定 §18: 15 working days, +15 by the head; 检测、检验、检疫、
    # 鉴定、权利人辨认或者鉴别 excluded (not 听证). Mon 11-3 → Mon 11-24.
    "market_filing": Row(
        MARKET_FILING, "行政处罚程序规定》第十八条", "working", 15, "market",
        MARKET_FILING_EXCLUDES, [15], D("2025-11-03"), D("2025-11-24"),
    ),
    # §64: 90 days from 立案, +30 by the head, then as long as the leaders' collective
    # decision fixes; 中止、听证、公告 and the §18 list and 责令退还 excluded.
    # 2025-01-02 + 90 = Thu 4-2.
    "market_penalty": Row(
        MARKET_PENALTY, "行政处罚程序规定》第六十四条", "calendar", 90, "market",
        MARKET_FILING_EXCLUDES | {"suspension", "hearing", "public_notice", "order_refund"},
        [30, None], D("2025-01-02"), D("2025-04-02"),
    ),
    # --- clocks of the procedure steps (docs/domain.md, "Clocks added for procedure steps")
    # 公安部关于改革完善受案立案制度的意见: 受案审查 24 hours, 3 days when complex; the
    # whole-day model ends the 24 hours on the next day. Fri 9-26 + 1 = Sat 9-27, a rest day
    # → Sun 9-28, a working day (调休). The complex case's 3 days: +2, by the unit's head.
    "intake_review": Row(
        INTAKE_REVIEW, "改革完善受案立案制度的意见", "calendar", 1, "police", set(), [2],
        D("2025-09-26"), D("2025-09-28"),
    ),
    # 国务院令第310号 §5: the head decides within 3 days of receiving the report. Wed 4-30 +
    # 3 = Sat 5-3, 劳动节 (5-1..5-5 off) → Tue 5-6.
    "transfer_approval": Row(
        TRANSFER_APPROVAL, "移送涉嫌犯罪案件的规定》第五条", "calendar", 3, "hrss", set(), [],
        D("2025-04-30"), D("2025-05-06"),
    ),
    # §5: an approved transfer is made within 24 hours: one day. Fri 12-26 + 1 = Sat 12-27
    # → Mon 12-29.
    "transfer_delivery": Row(
        TRANSFER_DELIVERY, "移送涉嫌犯罪案件的规定》第五条", "calendar", 1, "hrss", set(), [],
        D("2025-12-26"), D("2025-12-29"),
    ),
    # §9: reconsideration may be asked within 3 days of receiving the 不予立案 notice.
    # Mon 6-30 + 3 = Thu 7-3.
    "reconsideration_request": Row(
        RECONSIDERATION_REQUEST, "移送涉嫌犯罪案件的规定》第九条", "calendar", 3, "hrss", set(),
        [], D("2025-06-30"), D("2025-07-03"),
    ),
    # §9: the police decide within 3 days of receiving the request. Wed 2025-12-31 + 3 =
    # Sat 2026-01-03, 元旦 (1-1..1-3 off) → Sun 1-4, a working day (调休).
    "reconsideration_answer": Row(
        RECONSIDERATION_ANSWER, "移送涉嫌犯罪案件的规定》第九条", "calendar", 3, "police",
        set(), [], D("2025-12-31"), D("2026-01-04"),
    ),
    # §9 ¶2: the procuratorate asked within 3 days of receiving the decision on
    # reconsideration. Thu 10-9 + 3 = Sun 10-12 → Mon 10-13.
    "supervision_request": Row(
        SUPERVISION_REQUEST, "移送涉嫌犯罪案件的规定》第九条", "calendar", 3, "hrss", set(),
        [], D("2025-10-09"), D("2025-10-13"),
    ),
    # §12: the materials within 3 days of receiving the 立案 notice. Thu 10-9 + 3 = Sun
    # 10-12 → Mon 10-13.
    "materials_handover": Row(
        MATERIALS_HANDOVER, "移送涉嫌犯罪案件的规定》第十二条", "calendar", 3, "hrss", set(),
        [], D("2025-10-09"), D("2025-10-13"),
    ),
    # 行政处罚法 §60: 90 days from 立案; the article itself allows no extension and excludes
    # nothing. Thu 7-3 + 90 = Wed 10-1, National Day → Thu 10-9.
    "penalty_decision": Row(
        PENALTY_DECISION, "《行政处罚法》第六十条", "calendar", 90, "housing", set(), [],
        D("2025-07-03"), D("2025-10-09"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("code", LAW)
def test_the_clock_declares_its_article(code):
    row, spec = LAW[code], LAW[code].spec
    assert spec.code == code
    assert row.article in str(spec.legal_basis)
    assert (spec.day_unit, spec.days, spec.owner) == (row.unit, row.days, row.owner)
    assert set(spec.exclusions) == row.exclusions
    assert [e.days for e in spec.extensions] == row.extensions
    assert all(str(e.approver) for e in spec.extensions)
    assert str(spec.start_event)


@pytest.mark.parametrize("code", LAW)
def test_start_and_end_as_the_article_counts(wage_case, code):
    row = LAW[code]
    clock = clocks.start(wage_case, row.spec, row.start)
    assert clock.due_date == row.due


@pytest.mark.parametrize("code", LAW)
@pytest.mark.parametrize("reason", PauseReason.values)
def test_a_pause_is_allowed_only_for_a_reason_the_article_excludes(wage_case, code, reason):
    row = LAW[code]
    clocks.start(wage_case, row.spec, row.start)
    if reason in row.exclusions:
        paused = clocks.pause(wage_case, code, reason=reason, on=row.start)
        assert paused.status == "paused"
        assert ClockPause.objects.get(clock=paused).basis in str(row.spec.legal_basis)
    else:
        with pytest.raises(InvalidInput) as exc:
            clocks.pause(wage_case, code, reason=reason, on=row.start)
        assert row.article.split("》")[-1] in str(exc.value.errors["reason"])
        assert not ClockPause.objects.exists()
        assert clocks.running(wage_case, code).status == "running"


@pytest.mark.parametrize("code", LAW)
def test_extensions_stop_at_the_articles_cap(wage_case, code):
    row = LAW[code]
    clock = clocks.start(wage_case, row.spec, row.start)
    added = 0
    for days in row.extensions:
        assert clocks.can_extend(wage_case, code)
        if days is None:
            with pytest.raises(InvalidInput) as exc:
                clocks.extend(wage_case, code)
            assert "days" in exc.value.errors
            clock = clocks.extend(wage_case, code, days=20)
            added += 20
        else:
            with pytest.raises(InvalidInput):
                clocks.extend(wage_case, code, days=days + 1)
            clock = clocks.extend(wage_case, code)
            added += days
        assert clock.extended_days == added
    assert not clocks.can_extend(wage_case, code)
    assert clocks.extend(wage_case, code) is None
    assert clock.due_date == clocks.workdays.add_days(row.start, row.days + added, row.unit)
    assert clock.extensions.count() == len(row.extensions)


def test_only_the_owning_department_may_pause(wage_case, hrss_supervisor):
    """Market supervision's penalty clock on a case another department leads: the lead's
    supervisor is refused, an officer of the participating market unit is not."""
    clocks.start(wage_case, MARKET_PENALTY, D("2025-01-02"))
    with pytest.raises(NotPermitted) as exc:
        clock_pause(actor=hrss_supervisor, case_id=wage_case.pk, code="market_penalty",
                    reason="hearing")  # fmt: skip
    assert "市场监督管理" in str(exc.value)
    market = Unit.objects.get(department__code="market", jurisdiction__code="xuecheng")
    CaseParticipant.objects.create(case=wage_case, unit=market, reason="referral")
    officer = member("market.officer.xuecheng", "market", "xuecheng", "officer")
    paused = clock_pause(
        actor=officer, case_id=wage_case.pk, code="market_penalty", reason="hearing"
    )
    assert paused.status == "paused"
    assert (
        ClockPause.objects.get(clock=paused).basis == "《市场监督管理行政处罚程序规定》第六十四条"
    )
