"""Loading a year's holiday notice — by command or in the admin — replaces its days all at
once, makes its deadlines exact, and tells each handler whose deadline moved, once."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from casework import clocks
from casework.kinds import ClockSpec
from casework.models import CalendarDay, Case, HolidayNotice, LegalClock, Notification

D = date.fromisoformat

SIXTY_WORKING = ClockSpec(
    code="test_sixty", title="六十个工作日", legal_basis="测试", day_unit="working", days=60
)
# A made-up 2027 notice: 除夕 to 初七 off, Saturday 20 February worked, 元旦 off.
NOTICE_2027 = (
    "date,kind,name\n2027-01-01,holiday,元旦\n"
    + "".join(f"2027-02-{d:02d},holiday,春节\n" for d in range(5, 12))
    + "2027-02-20,workday,春节调休\n"
)
TITLE = "国务院办公厅关于2027年部分节假日安排的通知"


@pytest.fixture
def handled_clock(wage_case, hrss_officer):
    Case.objects.filter(pk=wage_case.pk).update(assignee=hrss_officer)
    clock = clocks.start(wage_case, SIXTY_WORKING, D("2026-12-21"))
    assert clock.due_date == D("2027-03-18")  # 2027's statutory days, provisional
    return clock


def moved_notifications(user):
    return list(Notification.objects.filter(user=user, type="deadline.moved"))


def test_the_command_loads_the_notice_and_tells_the_handler(
    tmp_path, handled_clock, hrss_officer, django_capture_on_commit_callbacks
):
    path = tmp_path / "2027.csv"
    path.write_text(NOTICE_2027, encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "load_holidays",
            str(path),
            "--year=2027",
            f"--title={TITLE}",
            "--number=国办发明电〔2026〕1号",
            "--issued-on=2026-11-20",
        )
    notice = HolidayNotice.objects.get(year=2027)
    assert notice.number == "国办发明电〔2026〕1号" and notice.issued_on == D("2026-11-20")
    assert CalendarDay.objects.filter(date__year=2027).count() == 9
    # Weekdays off before the due date: 1-1, 2-5, 2-8..2-11; Saturday 2-20 worked: 03-22.
    assert LegalClock.objects.get(pk=handled_clock.pk).due_date == D("2027-03-22")
    (told,) = moved_notifications(hrss_officer)
    assert "2027-03-22" in told.text and "2027-03-18" in told.text
    assert told.case_id == handled_clock.case_id

    # Loading the same notice again moves nothing and tells no one.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_holidays", str(path), "--year=2027", f"--title={TITLE}")
    assert len(moved_notifications(hrss_officer)) == 1
    assert HolidayNotice.objects.get(year=2027).number == ""


@pytest.mark.parametrize(
    "text,message",
    [
        ("date,kind\n2027-02-05,holiday\n2028-01-01,holiday\n", "第3行 date"),
        ("date,kind\n2027-02-05,holiday\n2027-02-05,holiday\n", "重复"),
        ("date,kind\n2027-02-05,holiday\n2027-02-06,day-off\n", "第3行 kind"),
        ("date,kind\n2027-02-30,holiday\n", "第2行 date"),
        ("when,what\n2027-02-05,holiday\n", "表头"),
        ("date,kind\n", "没有日期"),
    ],
)
def test_a_bad_file_writes_nothing_and_names_the_row(tmp_path, handled_clock, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("load_holidays", str(path), "--year=2027", f"--title={TITLE}")
    assert not HolidayNotice.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


@pytest.mark.parametrize(
    "args,message",
    [
        (["--year=1999", f"--title={TITLE}"], "--year"),
        (["--year=2027", f"--title={TITLE}", "--issued-on=yesterday"], "--issued-on"),
        (["--year=2027", "--title= "], "--title"),
    ],
)
def test_bad_arguments_are_refused(tmp_path, db, args, message):
    path = tmp_path / "2027.csv"
    path.write_text(NOTICE_2027, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("load_holidays", str(path), *args)
    assert not HolidayNotice.objects.filter(year__in=[1999, 2027]).exists()


def test_the_admin_loads_a_notice_with_its_days(
    admin_client, handled_clock, hrss_officer, django_capture_on_commit_callbacks
):
    url = "/admin/casework/holidaynotice/add/"
    bad = SimpleUploadedFile("2027.csv", b"date,kind\n2027-02-05,rest\n", "text/csv")
    r = admin_client.post(url, {"year": 2027, "title": TITLE, "days_file": bad})
    assert r.status_code == 200 and "第2行 kind" in r.content.decode()
    assert not HolidayNotice.objects.filter(year=2027).exists()

    upload = SimpleUploadedFile("2027.csv", NOTICE_2027.encode(), "text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        r = admin_client.post(url, {"year": 2027, "title": TITLE, "days_file": upload})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert HolidayNotice.objects.filter(year=2027).exists()
    assert CalendarDay.objects.filter(date__year=2027).count() == 9
    assert LegalClock.objects.get(pk=handled_clock.pk).due_date == D("2027-03-22")
    assert len(moved_notifications(hrss_officer)) == 1
