"""When the deadline watch warns, raises 督办 and escalates: measured in each clock's own
unit, against the 2025 holiday calendar (National Day week and its adjusted Saturdays)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from casework import clocks
from casework.actions.deadlines import (
    check_deadlines,
    elapsed_units,
    period_units,
    warning_threshold,
)
from casework.models import AlertLevel, ClockAlert, Notification

from .conftest import at, start_clock

pytestmark = pytest.mark.django_db


def levels(clock) -> set[str]:
    return set(ClockAlert.objects.filter(clock=clock).values_list("level", flat=True))


def run_until(first: date, last: date) -> dict[date, set[str]]:
    """Run the watch once a day from `first` to `last`; what each day newly raised."""
    raised: dict[date, set[str]] = {}
    day = first
    while day <= last:
        before = set(ClockAlert.objects.values_list("pk", flat=True))
        check_deadlines(now=at(day))
        raised[day] = set(ClockAlert.objects.exclude(pk__in=before).values_list("level", flat=True))
        day += timedelta(days=1)
    return raised


def test_warning_threshold_is_80_percent_rounded_up():
    assert [warning_threshold(p) for p in (1, 3, 5, 10, 60, 90)] == [1, 3, 4, 8, 48, 72]


def test_working_day_clock_across_national_day_warns_on_the_eighth_working_day(case):
    # Working days after Fri 26 Sep 2025: Sun 28 Sep (adjusted working day), 29, 30 Sep,
    # then 1–8 Oct are holidays, then 9, 10, Sat 11 Oct (adjusted), 13, 14, 15, 16 Oct.
    clock = start_clock(case, start=date(2025, 9, 26), days=10)
    assert clock.due_date == date(2025, 10, 16)
    assert elapsed_units(clock, date(2025, 10, 8)) == 3
    assert elapsed_units(clock, date(2025, 10, 11)) == 6
    raised = run_until(date(2025, 9, 27), date(2025, 10, 16))
    warned_on = [d for d, lv in raised.items() if AlertLevel.WARNING in lv]
    # 80 % of 10 working days is the 8th: Tue 14 Oct — not during the holiday, not before.
    assert warned_on == [date(2025, 10, 14)]
    assert not any(AlertLevel.OVERDUE in lv for lv in raised.values())


def test_short_working_day_clock_does_not_count_the_holiday_week(case):
    # 5 working days from Fri 26 Sep: 28, 29, 30 Sep, 9, 10 Oct. 80 % = the 4th: 9 Oct.
    clock = start_clock(case, start=date(2025, 9, 26), days=5)
    assert clock.due_date == date(2025, 10, 10)
    check_deadlines(now=at(date(2025, 10, 8)))
    assert levels(clock) == set()
    check_deadlines(now=at(date(2025, 10, 9)))
    assert levels(clock) == {AlertLevel.WARNING}


def test_adjusted_saturday_counts_as_a_working_day(case):
    # From Thu 9 Oct: 10 Oct, Sat 11 Oct (adjusted working day), 13, 14, 15 Oct. The 4th
    # working day is Tue 14 Oct only because Saturday the 11th is a working day.
    clock = start_clock(case, start=date(2025, 10, 9), days=5)
    assert clock.due_date == date(2025, 10, 15)
    check_deadlines(now=at(date(2025, 10, 13)))
    assert levels(clock) == set()
    check_deadlines(now=at(date(2025, 10, 14)))
    assert levels(clock) == {AlertLevel.WARNING}


def test_calendar_day_clock_counts_every_day(case):
    # 10 calendar days from Mon 3 Mar 2025: due Thu 13 Mar; 80 % = day 8 = Tue 11 Mar.
    clock = start_clock(case, start=date(2025, 3, 3), days=10, unit="calendar")
    assert clock.due_date == date(2025, 3, 13)
    raised = run_until(date(2025, 3, 4), date(2025, 3, 14))
    assert [d for d, lv in raised.items() if lv] == [date(2025, 3, 11), date(2025, 3, 14)]
    assert raised[date(2025, 3, 11)] == {AlertLevel.WARNING}
    assert raised[date(2025, 3, 14)] == {AlertLevel.OVERDUE}


def test_calendar_clock_ending_in_the_holiday_rolls_over_and_is_not_overdue_before(case):
    # 3 calendar days from Mon 29 Sep end on 2 Oct, a holiday: the period ends on the next
    # working day, Thu 9 Oct (民法典 §203). Overdue from 10 Oct, not during the holiday.
    clock = start_clock(case, start=date(2025, 9, 29), days=3, unit="calendar")
    assert clock.due_date == date(2025, 10, 9)
    raised = run_until(date(2025, 9, 30), date(2025, 10, 10))
    assert [d for d, lv in raised.items() if AlertLevel.WARNING in lv] == [date(2025, 10, 2)]
    assert [d for d, lv in raised.items() if AlertLevel.OVERDUE in lv] == [date(2025, 10, 10)]


def test_paused_clock_is_not_alerted_and_the_pause_is_excluded(case):
    # 10 working days from Mon 3 Mar 2025: due Mon 17 Mar, 80 % on Thu 13 Mar — but the
    # clock is paused from Mon 10 Mar to Mon 17 Mar (5 working days excluded).
    clock = start_clock(case, start=date(2025, 3, 3), days=10)
    clocks.pause(case, clock.code, reason="appraisal", on=date(2025, 3, 10))
    for day in (date(2025, 3, 13), date(2025, 3, 14), date(2025, 3, 18), date(2025, 3, 25)):
        counts = check_deadlines(now=at(day))
        assert counts["clocks"] == 0
    assert levels(clock) == set()
    clock = clocks.resume(case, clock.code, on=date(2025, 3, 17))
    assert clock.excluded_units == 5
    assert clock.due_date == date(2025, 3, 24)
    # Used after the pause: 3–7 Mar (4: 4,5,6,7), 10–14 Mar excluded, then 17, 18, 19 Mar.
    check_deadlines(now=at(date(2025, 3, 19)))
    assert levels(clock) == set()
    # The 8th working day not paused is Thu 20 Mar.
    check_deadlines(now=at(date(2025, 3, 20)))
    assert levels(clock) == {AlertLevel.WARNING}


def test_overdue_the_day_after_the_due_date_and_parent_escalation_after_5_working_days(case):
    # 5 working days from Mon 3 Mar: due Mon 10 Mar. Overdue from Tue 11 Mar; the 5th
    # working day overdue is Mon 17 Mar (the weekend does not count).
    clock = start_clock(case, start=date(2025, 3, 3), days=5)
    assert clock.due_date == date(2025, 3, 10)
    raised = run_until(date(2025, 3, 4), date(2025, 3, 18))
    assert [d for d, lv in raised.items() if AlertLevel.WARNING in lv] == [date(2025, 3, 7)]
    assert [d for d, lv in raised.items() if AlertLevel.OVERDUE in lv] == [date(2025, 3, 11)]
    assert [d for d, lv in raised.items() if AlertLevel.ESCALATED_PARENT in lv] == [
        date(2025, 3, 17)
    ]
    alert = ClockAlert.objects.get(clock=clock, level=AlertLevel.ESCALATED_PARENT)
    assert alert.unit.jurisdiction.code == "city"
    assert alert.unit.department.code == "hrss"


def test_escalation_counts_working_days_across_a_holiday(case):
    # Due Tue 30 Sep 2025; overdue working days: 9, 10, 11 (Sat, adjusted), 13, 14 Oct.
    clock = start_clock(case, start=date(2025, 9, 26), days=3)
    assert clock.due_date == date(2025, 9, 30)
    check_deadlines(now=at(date(2025, 10, 13)))
    assert levels(clock) == {AlertLevel.OVERDUE}
    check_deadlines(now=at(date(2025, 10, 14)))
    assert AlertLevel.ESCALATED_PARENT in levels(clock)


def test_a_clock_found_already_overdue_gets_the_overdue_alert_not_a_stale_warning(case):
    clock = start_clock(case, start=date(2025, 3, 3), days=5)
    counts = check_deadlines(now=at(date(2025, 3, 12)))
    assert counts[AlertLevel.WARNING] == 0
    assert counts[AlertLevel.OVERDUE] == 1
    assert levels(clock) == {AlertLevel.OVERDUE}


def test_stopped_clock_is_never_alerted(case):
    clock = start_clock(case, start=date(2025, 3, 3), days=5)
    clocks.stop(case, clock.code)
    counts = check_deadlines(now=at(date(2025, 4, 30)))
    assert counts["clocks"] == 0
    assert levels(clock) == set()


def test_extension_re_arms_the_warning_for_the_new_deadline(case, officer):
    # 10 working days + 5 on extension from Mon 3 Mar 2025.
    clock = start_clock(case, start=date(2025, 3, 3), days=10, extension=5)
    check_deadlines(now=at(date(2025, 3, 13)))  # the 8th working day
    assert levels(clock) == {AlertLevel.WARNING}
    clock = clocks.extend(case, clock.code)
    assert period_units(clock) == 15
    assert clock.due_date == date(2025, 3, 24)
    # 8 of 15 working days used: the warning no longer holds and is re-armed …
    counts = check_deadlines(now=at(date(2025, 3, 13)))
    assert counts["rearmed"] == 1
    assert levels(clock) == set()
    # … and fires again at 80 % of the new period: the 12th working day, Wed 19 Mar.
    check_deadlines(now=at(date(2025, 3, 18)))
    assert levels(clock) == set()
    check_deadlines(now=at(date(2025, 3, 19)))
    assert levels(clock) == {AlertLevel.WARNING}
    warnings = Notification.objects.filter(user=officer, type="deadline.warning")
    assert warnings.count() == 2


def test_a_small_move_of_the_deadline_inside_the_warning_zone_does_not_warn_twice(case, officer):
    clock = start_clock(case, start=date(2025, 3, 3), days=10)
    check_deadlines(now=at(date(2025, 3, 13)))
    # A calendar edit moves the due date one working day later; still past 80 %.
    clock.due_date = date(2025, 3, 18)
    clock.save(update_fields=["due_date"])
    counts = check_deadlines(now=at(date(2025, 3, 14)))
    assert counts["rearmed"] == 0
    assert counts[AlertLevel.WARNING] == 0
    assert Notification.objects.filter(user=officer, type="deadline.warning").count() == 1


def test_extension_granted_while_overdue_clears_the_overdue_badge(case):
    clock = start_clock(case, start=date(2025, 3, 3), days=5, extension=10)
    check_deadlines(now=at(date(2025, 3, 11)))
    assert levels(clock) == {AlertLevel.OVERDUE}
    clocks.extend(case, clock.code)
    counts = check_deadlines(now=at(date(2025, 3, 11)))
    assert counts["rearmed"] == 1
    # 6 of 15 working days used: neither overdue nor in the warning zone.
    assert levels(clock) == set()
