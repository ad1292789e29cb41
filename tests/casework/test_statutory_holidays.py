"""Years without a loaded State Council notice count the statutory holidays of
《全国年节及纪念日放假办法》 (2024 revision), computed from the lunar calendar, and their
deadlines are provisional (暂定) until the notice is loaded.

Expected dates are worked out by hand from the 办法 and the 2027 calendar (春节 6 February,
清明 5 April, 端午 9 June, 中秋 15 September), not from the code.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from casework import clocks, workdays
from casework.actions.calendar_notice import NOTIFICATION_TYPE, remind_missing_notice
from casework.holidays import statutory_holidays
from casework.kinds import ClockSpec
from casework.models import CalendarDay, HolidayNotice, LegalClock, Notification
from casework.presenters import clocks_for

D = date.fromisoformat

SIXTY_WORKING = ClockSpec(
    code="test_sixty", title="六十个工作日", legal_basis="测试", day_unit="working", days=60
)


def test_the_2027_statutory_days():
    assert sorted(statutory_holidays(2027)) == [
        D("2027-01-01"),  # 元旦
        D("2027-02-05"),  # 除夕
        D("2027-02-06"),
        D("2027-02-07"),
        D("2027-02-08"),  # 正月初三
        D("2027-04-05"),  # 清明
        D("2027-05-01"),
        D("2027-05-02"),
        D("2027-06-09"),  # 端午
        D("2027-09-15"),  # 中秋
        D("2027-10-01"),
        D("2027-10-02"),
        D("2027-10-03"),
    ]
    assert statutory_holidays(2027)[D("2027-02-05")] == "春节"


def test_before_2025_the_2013_rules_hold():
    # 2024: 春节 three days from 正月初一 (10 February), 劳动节 one day.
    days = statutory_holidays(2024)
    assert D("2024-02-09") not in days and D("2024-02-12") in days
    assert D("2024-05-01") in days and D("2024-05-02") not in days
    assert len(days) == 11


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_computed_days_are_days_off_in_each_published_notice(db, year):
    published = set(
        CalendarDay.objects.filter(date__year=year, kind="holiday").values_list("date", flat=True)
    )
    computed = set(statutory_holidays(year))
    assert len(computed) == 13
    assert computed <= published


def test_sixty_working_days_from_2026_12_21_count_2027s_holidays(db):
    # The plain week would give 2027-03-15; 1 January, 5 February (除夕) and 8 February
    # (初三) are weekdays off.
    assert workdays.add_working_days(D("2026-12-21"), 60) == D("2027-03-18")
    assert not workdays.is_working_day(D("2027-02-05"))
    assert workdays.is_working_day(D("2027-02-09"))


def test_published_years_are_not_provisional_later_ones_are(db):
    assert not workdays.is_provisional(D("2025-03-01"), D("2026-12-31"))
    assert workdays.is_provisional(D("2026-12-21"), D("2027-03-18"))
    assert workdays.is_provisional(D("2027-05-01"))
    assert not workdays.is_provisional()


def test_loading_the_notice_makes_the_year_exact_and_recomputes_open_clocks(
    wage_case, django_capture_on_commit_callbacks
):
    clock = clocks.start(wage_case, SIXTY_WORKING, D("2026-12-21"))
    assert clock.due_date == D("2027-03-18")
    (view,) = [v for v in clocks_for(wage_case) if v.clock.pk == clock.pk]
    assert view.provisional

    # The days of a notice (made up for the test): 除夕 to 初七 off, Saturday 20 February a
    # working day. Weekdays off before the due date: 1-1, 2-5, 2-8 to 2-11 (6 against the
    # plain week's 03-15), one working Saturday: 5 more working days, 3-16 to 3-19 and 3-22.
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=D("2027-01-01"), kind="holiday", name="元旦")
        for day in range(5, 12):
            CalendarDay.objects.create(date=date(2027, 2, day), kind="holiday", name="春节")
        CalendarDay.objects.create(date=D("2027-02-20"), kind="workday", name="春节调休")
    assert LegalClock.objects.get(pk=clock.pk).due_date == D("2027-03-22")
    # Entered days count at once, but without its notice the year is still provisional.
    assert workdays.is_provisional(D("2027-03-22"))

    with django_capture_on_commit_callbacks(execute=True):
        HolidayNotice.objects.create(
            year=2027, title="国务院办公厅关于2027年部分节假日安排的通知（测试）"
        )
    assert LegalClock.objects.get(pk=clock.pk).due_date == D("2027-03-22")
    (view,) = [v for v in clocks_for(wage_case) if v.clock.pk == clock.pk]
    assert not view.provisional
    # With the notice loaded, only its days count: 清明 (Monday 5 April) is not one of them.
    assert workdays.is_working_day(D("2027-04-05"))


def test_administrators_are_reminded_from_november_when_next_years_notice_is_missing(db):
    User.objects.create_superuser("root", password="x")
    clerk = User.objects.create_user("calendar.clerk", password="x", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="add_holidaynotice"))
    User.objects.create_user("plain.staff", password="x", is_staff=True)

    def reminded():
        return set(
            Notification.objects.filter(type=NOTIFICATION_TYPE).values_list(
                "user__username", flat=True
            )
        )

    assert remind_missing_notice(D("2026-10-31")) == 0
    # 2027's notice is missing on 2026-12-06 (the seeded notices are 2025's and 2026's).
    assert remind_missing_notice(D("2026-12-06")) == 2
    assert reminded() == {"root", "calendar.clerk"}
    assert "2027" in Notification.objects.filter(type=NOTIFICATION_TYPE).first().text
    # Once a day (the reminder's date is the day it was written).
    today = timezone.localdate(
        Notification.objects.filter(type=NOTIFICATION_TYPE).first().created_at
    )
    assert remind_missing_notice(today) == 0
    HolidayNotice.objects.create(year=2027, title="国务院办公厅关于2027年部分节假日安排的通知")
    assert remind_missing_notice(D("2026-12-07")) == 0
