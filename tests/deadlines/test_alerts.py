"""What each alert writes (notifications, timeline, audit), to whom, and only once; the
transfer answer date; and the `check_deadlines` command."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from casework import clocks
from casework.actions.deadlines import check_deadlines, clock_state, raise_clock_alert
from casework.actions.transfer import case_transfer_accept, case_transfer_propose
from casework.audit import verify_chain
from casework.models import (
    AlertLevel,
    AuditEvent,
    Case,
    ClockAlert,
    LegalClock,
    Notification,
    TimelineEntry,
)
from permissions.selectors import unit_for

from .conftest import at, start_clock

pytestmark = pytest.mark.django_db


def recipients(type_: str) -> set[str]:
    return set(Notification.objects.filter(type=type_).values_list("user__username", flat=True))


@pytest.fixture
def everyone(lead_supervisor, parent_supervisor, sibling_supervisor, market_city_supervisor):
    return None


def test_each_alert_is_raised_once_even_when_the_watch_runs_again(case, everyone):
    start_clock(case, start=date(2025, 3, 3), days=5)
    days = [date(2025, 3, 7), date(2025, 3, 11), date(2025, 3, 17)]
    first, again = [], []
    for d in days:
        first.append(check_deadlines(now=at(d)))
        again.append(check_deadlines(now=at(d)))
    assert [c[AlertLevel.WARNING] for c in first] == [1, 0, 0]
    assert [c[AlertLevel.OVERDUE] for c in first] == [0, 1, 0]
    assert [c[AlertLevel.ESCALATED_PARENT] for c in first] == [0, 0, 1]
    for c in again:
        assert c[AlertLevel.WARNING] == c[AlertLevel.OVERDUE] == 0
        assert c[AlertLevel.ESCALATED_PARENT] == c["rearmed"] == 0
    counts = (
        ClockAlert.objects.count(),
        Notification.objects.filter(type__startswith="deadline.").count(),
        TimelineEntry.objects.filter(verb__startswith="deadline_").count(),
        AuditEvent.objects.filter(verb__startswith="casework.deadline.").count(),
    )
    assert counts == (3, 1 + 2 + 2, 3, 3)
    for d in (date(2025, 3, 18), date(2025, 4, 30)):
        later = check_deadlines(now=at(d))
        assert later[AlertLevel.WARNING] == later[AlertLevel.OVERDUE] == 0
        assert later[AlertLevel.ESCALATED_PARENT] == 0
    assert (
        ClockAlert.objects.count(),
        Notification.objects.filter(type__startswith="deadline.").count(),
        TimelineEntry.objects.filter(verb__startswith="deadline_").count(),
        AuditEvent.objects.filter(verb__startswith="casework.deadline.").count(),
    ) == counts
    assert verify_chain().ok


def test_recipients_of_each_level(case, officer, everyone):
    start_clock(case, start=date(2025, 3, 3), days=5)
    for d in (date(2025, 3, 7), date(2025, 3, 11), date(2025, 3, 17)):
        check_deadlines(now=at(d))
    assert recipients("deadline.warning") == {officer.username}
    warning = Notification.objects.get(type="deadline.warning")
    # Warned on Fri 7 Mar, due Mon 10 Mar: one working day left, as the case page says.
    assert warning.text == (
        f"案件 {case.number} 的调查处理期限将于 2025年3月10日 届满（剩余1个工作日），请抓紧办理"
    )
    assert recipients("deadline.overdue") == {"hrss.supervisor.xuecheng", officer.username}
    # The parent unit (same department, city) is asked to supervise; the lead unit's
    # supervisors are told it went up. Not the sibling district, not another department.
    assert recipients("deadline.escalated") == {
        "hrss.supervisor.city",
        "hrss.supervisor.xuecheng",
    }
    note = Notification.objects.get(
        type="deadline.escalated", user__username="hrss.supervisor.city"
    )
    assert note.case_id == case.pk
    assert case.number in note.text
    assert "督办" in note.text
    assert note.sent_at is None


def test_alerts_write_the_due_date_as_documents_write_it(case, everyone):
    # The timeline is printed in the closure report and the dossier: no ISO dates there.
    start_clock(case, start=date(2025, 3, 3), days=5)
    for d in (date(2025, 3, 7), date(2025, 3, 11)):
        check_deadlines(now=at(d))
    texts = [
        *TimelineEntry.objects.filter(case=case, verb__startswith="deadline_").values_list(
            "text", flat=True
        ),
        *Notification.objects.filter(type__startswith="deadline.").values_list("text", flat=True),
    ]
    assert len(texts) >= 4
    assert all("2025-03-10" not in t for t in texts), texts
    overdue = TimelineEntry.objects.get(case=case, verb="deadline_overdue")
    assert "届满日 2025年3月10日" in overdue.text


def test_warning_goes_to_the_lead_supervisors_when_nobody_is_assigned(case, everyone):
    Case.objects.filter(pk=case.pk).update(assignee=None)
    start_clock(case, start=date(2025, 3, 3), days=5)
    check_deadlines(now=at(date(2025, 3, 7)))
    assert recipients("deadline.warning") == {"hrss.supervisor.xuecheng"}


def test_timeline_entry_is_internal_and_audit_names_the_clock(case, everyone):
    clock = start_clock(case, start=date(2025, 3, 3), days=5)
    check_deadlines(now=at(date(2025, 3, 11)))
    entry = TimelineEntry.objects.get(case=case, verb="deadline_overdue")
    assert entry.public_text == ""
    assert entry.actor is None
    assert "超期" in entry.text
    assert entry.payload["clock"] == clock.pk
    event = AuditEvent.objects.get(verb="casework.deadline.overdue")
    assert event.case_id == case.pk
    assert event.object_type == "casework.clockalert"
    assert event.payload["clock"] == clock.code
    assert event.payload["due_date"] == "2025-03-10"
    assert event.payload["recipients"] == 2
    alert = ClockAlert.objects.get(clock=clock)
    assert (alert.level, alert.due_date, alert.recipients) == ("overdue", date(2025, 3, 10), 2)
    assert alert.unit == unit_for("hrss", "xuecheng")


def test_city_level_case_has_no_parent_to_escalate_to(org, parent_supervisor):
    from tests.factories import open_wage_case

    city_case = open_wage_case(jurisdiction="city")
    clock = start_clock(city_case, start=date(2025, 3, 3), days=5)
    check_deadlines(now=at(date(2025, 3, 31)))
    levels = set(ClockAlert.objects.filter(clock=clock).values_list("level", flat=True))
    assert levels == {AlertLevel.OVERDUE}
    assert recipients("deadline.overdue") == {"hrss.supervisor.city"}


def test_closed_case_is_not_watched(case):
    clock = start_clock(case, start=date(2025, 3, 3), days=5)
    from django.utils import timezone

    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now())
    counts = check_deadlines(now=at(date(2025, 3, 31)))
    assert counts["clocks"] == 0
    assert not ClockAlert.objects.filter(clock=clock).exists()


def test_unanswered_transfer_alerts_the_receiving_supervisors_once(
    case, lead_supervisor, sibling_supervisor
):
    transfer = case_transfer_propose(
        actor=lead_supervisor,
        case_id=case.pk,
        to_unit_id=unit_for("hrss", "shizhong").pk,
        kind="reassign_jurisdiction",
        reason="用人单位注册地在市中区",
    )
    Notification.objects.all().delete()
    # On the answer date itself nothing is late yet.
    assert check_deadlines(now=at(transfer.due_on))[AlertLevel.TRANSFER_OVERDUE] == 0
    late = at(transfer.due_on + timedelta(days=1))
    assert check_deadlines(now=late)[AlertLevel.TRANSFER_OVERDUE] == 1
    assert check_deadlines(now=late)[AlertLevel.TRANSFER_OVERDUE] == 0
    assert recipients("transfer.overdue") == {"hrss.supervisor.shizhong"}
    alert = ClockAlert.objects.get(level=AlertLevel.TRANSFER_OVERDUE)
    assert (alert.transfer_id, alert.clock_id, alert.case_id) == (transfer.pk, None, case.pk)
    entry = TimelineEntry.objects.get(case=case, verb="transfer_answer_overdue")
    due = transfer.due_on
    assert f"（{due.year}年{due.month}月{due.day}日）" in entry.text
    assert due.isoformat() not in entry.text and entry.payload["due_on"] == due.isoformat()
    assert due.isoformat() not in Notification.objects.get(type="transfer.overdue").text
    assert AuditEvent.objects.filter(verb="casework.transfer.answer_overdue").count() == 1


def test_answered_transfer_is_not_alerted(case, lead_supervisor, sibling_supervisor):
    transfer = case_transfer_propose(
        actor=lead_supervisor,
        case_id=case.pk,
        to_unit_id=unit_for("hrss", "shizhong").pk,
        kind="reassign_jurisdiction",
        reason="用人单位注册地在市中区",
    )
    case_transfer_accept(actor=sibling_supervisor, case_id=case.pk, transfer_id=transfer.pk)
    counts = check_deadlines(now=at(transfer.due_on + timedelta(days=5)))
    assert counts[AlertLevel.TRANSFER_OVERDUE] == 0


def test_command_prints_the_counts(case, everyone):
    start_clock(case, start=date(2025, 3, 3), days=5)
    out = StringIO()
    call_command("check_deadlines", "--date", "2025-03-11", stdout=out)
    assert out.getvalue().strip() == (
        "checked 1 clocks: warning=0 overdue=1 escalated_parent=0 transfer_overdue=0 rearmed=0"
    )
    out = StringIO()
    call_command("check_deadlines", "--date", "2025-03-11", stdout=out)
    assert "overdue=0" in out.getvalue()


def test_command_rejects_a_bad_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("check_deadlines", "--date", "11/03/2025", stdout=StringIO())


def test_command_without_date_checks_today(case):
    out = StringIO()
    call_command("check_deadlines", stdout=out)
    assert out.getvalue().startswith("checked 0 clocks: warning=0")


def test_a_second_raise_from_a_stale_read_hits_the_constraint_and_writes_nothing(case, everyone):
    # What a concurrent run sees: it read the clock before the first run committed its alert.
    clock = start_clock(case, start=date(2025, 3, 3), days=5)
    stale = LegalClock.objects.select_related("case__lead_unit", "case__assignee").get(pk=clock.pk)
    state = clock_state(stale, date(2025, 3, 11))
    first = raise_clock_alert(stale, AlertLevel.OVERDUE, state=state, now=at(date(2025, 3, 11)))
    assert first is not None
    before = (
        Notification.objects.count(),
        TimelineEntry.objects.count(),
        AuditEvent.objects.count(),
    )
    second = raise_clock_alert(stale, AlertLevel.OVERDUE, state=state, now=at(date(2025, 3, 11)))
    assert second is None
    assert before == (
        Notification.objects.count(),
        TimelineEntry.objects.count(),
        AuditEvent.objects.count(),
    )
    assert ClockAlert.objects.filter(clock=clock).count() == 1


def test_a_clock_paused_after_it_was_read_is_not_alerted(case, everyone):
    clock = start_clock(case, start=date(2025, 3, 3), days=5)
    stale = LegalClock.objects.select_related("case__lead_unit", "case__assignee").get(pk=clock.pk)
    clocks.pause(case, clock.code, reason="hearing", on=date(2025, 3, 10))
    state = clock_state(stale, date(2025, 3, 11))
    assert (
        raise_clock_alert(stale, AlertLevel.OVERDUE, state=state, now=at(date(2025, 3, 11))) is None
    )
    assert not ClockAlert.objects.exists()


def test_the_complainant_does_not_see_the_alerts(case, everyone):
    from rest_framework.test import APIClient

    start_clock(case, start=date(2025, 3, 3), days=5)
    check_deadlines(now=at(date(2025, 3, 17)))
    assert TimelineEntry.objects.filter(case=case, verb__startswith="deadline_").count() == 2
    response = APIClient().get(
        f"/api/v1/public/complaints/{case.tracking_number}/", {"access_code": case.access_code}
    )
    assert response.status_code == 200
    events = " ".join(h["event"] for h in response.json()["history"])
    assert "督办" not in events and "超期" not in events
    assert response.json()["history"]


def test_a_quiet_run_costs_the_same_queries_for_many_clocks(case, everyone):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Clocks far from their thresholds: nothing to raise, only reads.
    start_clock(case, start=date(2025, 3, 3), days=60)
    check_deadlines(now=at(date(2025, 3, 5)))
    with CaptureQueriesContext(connection) as one:
        check_deadlines(now=at(date(2025, 3, 5)))
    for i in range(10):
        start_clock(case, start=date(2025, 3, 3), days=60, code=f"extra{i}")
    with CaptureQueriesContext(connection) as eleven:
        counts = check_deadlines(now=at(date(2025, 3, 5)))
    assert counts["clocks"] == 11
    assert len(eleven.captured_queries) == len(one.captured_queries)
