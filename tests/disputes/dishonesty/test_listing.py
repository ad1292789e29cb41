"""The dishonesty-list procedure: propose → serve → statement → decide → repair, from every
state; the trigger (an order to pay left unpaid past its deadline) and the statement period
counted from service."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from casework.errors import CaseworkError
from casework.models import (
    AuditEvent,
    CalendarDay,
    Case,
    Document,
    Employer,
    Notification,
    TimelineEntry,
)
from casework.workdays import add_working_days, invalidate, is_working_day
from disputes.dishonesty.actions import (
    add_months,
    listing_decide,
    listing_propose,
    listing_record_service,
    listing_record_statement,
    listing_repair,
    statement_period_end,
)
from disputes.dishonesty.models import DishonestyListing, ListingStatus
from tests.documents.pdf import pdf_text
from tests.factories import open_wage_case

from ..listing_support import closed_case, ordered_case, rows
from ..walk import walk_to

PROPOSE = {"ground": "amount", "reason": "拖欠三万元经责令仍拒不支付"}
DECIDE = {"decision": "list", "reason": "陈述申辩理由不成立"}


def refused(status: int, field: str | None, action, case, **kw):
    """The action raises `status` naming `field`, and writes nothing; returns the error."""
    before = rows(case)
    with pytest.raises(CaseworkError) as exc:
        action(**kw)
    assert exc.value.status_code == status, exc.value.errors
    if field:
        assert field in exc.value.errors
    assert rows(case) == before
    return exc.value


def backdate(listing, days: int) -> DishonestyListing:
    """The listing as if every step so far had been taken `days` calendar days earlier."""
    delta = timedelta(days=days)
    fields = {"notice_on": listing.notice_on - delta}
    for name in ("served_on", "statement_due", "statement_received_on", "decided_on", "expires_on"):
        value = getattr(listing, name)
        if value is not None:
            fields[name] = value - delta
    DishonestyListing.objects.filter(pk=listing.pk).update(**fields)
    return DishonestyListing.objects.get(pk=listing.pk)


def served_so_that_the_period_ends_today() -> date:
    """A service day whose statement period's last day is today (today made a working day
    first when it is a rest day)."""
    today = timezone.localdate()
    if not is_working_day(today):
        CalendarDay.objects.update_or_create(
            date=today, defaults={"kind": "workday", "name": "测试调休"}
        )
        invalidate()
    day = today - timedelta(days=1)
    while statement_period_end(day) != today:
        day -= timedelta(days=1)
    return day


@pytest.fixture
def case(actors):
    return closed_case(actors, amount="30000")


@pytest.fixture
def proposed(case, hrss_officer):
    return listing_propose(actor=hrss_officer, case_id=case.pk, data=PROPOSE)


@pytest.fixture
def served(proposed, hrss_officer):
    """Proposed and served 30 days ago: the statement period is over."""
    listing = backdate(proposed, 30)
    return listing_record_service(
        actor=hrss_officer, listing_id=listing.pk, data={"served_on": listing.notice_on.isoformat()}
    )


@pytest.fixture
def decided(served, hrss_supervisor):
    return listing_decide(actor=hrss_supervisor, listing_id=served.pk, data=DECIDE)


# --- the trigger: an order to pay left unpaid past its deadline (第五条) ---------------------


def test_propose_issues_the_notice_and_waits_for_its_service(case, hrss_officer, hrss_supervisor):
    audit, timeline = AuditEvent.objects.count(), TimelineEntry.objects.filter(case=case).count()
    listing = listing_propose(actor=hrss_officer, case_id=case.pk, data=PROPOSE)
    today = timezone.localdate()
    assert listing.status == ListingStatus.NOTICE_ISSUED
    assert listing.notice_on == today
    # No statement period before the notice is served.
    assert listing.served_on is None and listing.statement_due is None
    assert listing.order_due_on == today - timedelta(days=3)
    assert str(listing.order_amount) == "30000.00" and str(listing.order_paid) == "0.00"
    assert AuditEvent.objects.count() == audit + 1
    event = AuditEvent.objects.latest("id")
    assert event.verb == "listing.proposed"
    assert event.payload["order_due_on"] == listing.order_due_on.isoformat()
    assert TimelineEntry.objects.filter(case=case).count() == timeline + 1
    assert Notification.objects.filter(user=hrss_supervisor, type="listing.proposed").exists()
    assert not Employer.objects.get(pk=case.employer_id).dishonest


def test_listing_is_refused_without_a_payment_order(actors, hrss_officer):
    case = walk_to(open_wage_case(amount="30000"), "investigating", actors)
    error = refused(
        409, None, listing_propose, case, actor=hrss_officer, case_id=case.pk, data=PROPOSE
    )
    assert "第五条" in error.message and "限期支付" in error.message


def test_listing_is_refused_before_the_orders_deadline_has_passed(actors, hrss_officer):
    case = ordered_case(actors, overdue_days=0)  # due today
    error = refused(
        409, None, listing_propose, case, actor=hrss_officer, case_id=case.pk, data=PROPOSE
    )
    assert timezone.localdate().isoformat() in error.message


def test_listing_is_refused_when_the_order_was_paid_in_full_by_its_deadline(actors, hrss_officer):
    case = ordered_case(actors, amount="30000", paid="30000", overdue_days=10)
    refused(409, None, listing_propose, case, actor=hrss_officer, case_id=case.pk, data=PROPOSE)


def test_listing_is_accepted_on_an_order_unpaid_past_its_deadline(actors, hrss_officer):
    # Still `ordered` (not closed) and part-paid: the order was not paid in full by its day.
    case = ordered_case(actors, amount="30000", paid="10000", overdue_days=1)
    assert case.status == "ordered"
    listing = listing_propose(actor=hrss_officer, case_id=case.pk, data=PROPOSE)
    assert listing.status == ListingStatus.NOTICE_ISSUED
    assert str(listing.order_paid) == "10000.00"


def test_a_payment_after_the_deadline_does_not_undo_the_default(actors, hrss_officer):
    case = ordered_case(actors, amount="30000", overdue_days=2)
    # A payment dated after the deadline: the order was still not paid by its day.
    from ..walk import fire

    fire(
        case.pk,
        "record_payment",
        actors,
        {"amount": "30000", "paid_on": timezone.localdate().isoformat()},
    )
    listing = listing_propose(actor=hrss_officer, case_id=case.pk, data=PROPOSE)
    assert str(listing.order_paid) == "0.00"


def test_propose_on_the_amount_ground_needs_the_crime_threshold(actors, hrss_officer):
    small = closed_case(actors, amount="3000")
    refused(
        400, "ground", listing_propose, small, actor=hrss_officer, case_id=small.pk, data=PROPOSE
    )
    listing = listing_propose(
        actor=hrss_officer,
        case_id=small.pk,
        data={"ground": "incident", "reason": "工人聚集堵路，造成严重不良社会影响"},
    )
    assert listing.ground == "incident"


@pytest.mark.parametrize(
    "data,field",
    [
        ({}, "ground"),
        ({"ground": "bogus", "reason": "x"}, "ground"),
        ({"ground": "amount"}, "reason"),
        ({"ground": "amount", "reason": "   "}, "reason"),
        ({"ground": "amount", "reason": 12}, "reason"),
        ({"ground": "amount", "reason": "长" * 2001}, "reason"),
        ({**PROPOSE, "served_on": "昨天"}, "served_on"),
        ({**PROPOSE, "served_on": "2000-01-01"}, "served_on"),  # before the notice
        ({**PROPOSE, "served_on": "2999-01-01"}, "served_on"),  # in the future
    ],
)
def test_propose_bad_input_is_400_naming_the_field(case, hrss_officer, data, field):
    refused(400, field, listing_propose, case, actor=hrss_officer, case_id=case.pk, data=data)


def test_propose_roles(
    case, hrss_supervisor, hrss_clerk, police_officer, other_district_officer, city_viewer
):
    for user in (hrss_supervisor, hrss_clerk, police_officer):
        status = 404 if user is police_officer else 403
        refused(status, None, listing_propose, case, actor=user, case_id=case.pk, data=PROPOSE)
    refused(
        404,
        None,
        listing_propose,
        case,
        actor=other_district_officer,
        case_id=case.pk,
        data=PROPOSE,
    )
    refused(403, None, listing_propose, case, actor=city_viewer, case_id=case.pk, data=PROPOSE)
    refused(404, None, listing_propose, case, actor=city_viewer, case_id=999999, data=PROPOSE)


def test_only_one_active_listing_per_employer(proposed, actors, hrss_officer):
    second = closed_case(actors, amount="40000")
    assert second.employer_id == proposed.employer_id
    refused(409, None, listing_propose, second, actor=hrss_officer, case_id=second.pk, data=PROPOSE)


# --- the statement period, from service ----------------------------------------------------


def test_service_starts_the_five_working_day_period(proposed, case, hrss_officer, hrss_supervisor):
    listing = backdate(proposed, 30)
    served_on = timezone.localdate() - timedelta(days=1)
    listing = listing_record_service(
        actor=hrss_officer,
        listing_id=listing.pk,
        data={"served_on": served_on.isoformat(), "comment": "直接送达，法定代表人签收"},
    )
    # From the service, not from the notice 30 days before it.
    assert listing.served_on == served_on
    assert listing.statement_due == add_working_days(served_on, 5)
    assert listing.statement_due >= timezone.localdate()
    event = AuditEvent.objects.latest("id")
    assert event.verb == "listing.served"
    assert event.payload["statement_due"] == listing.statement_due.isoformat()
    assert Notification.objects.filter(user=hrss_supervisor, type="listing.served").exists()
    assert "listing.served" in TimelineEntry.objects.filter(case=case).values_list(
        "verb", flat=True
    )
    # Once only.
    refused(
        409,
        None,
        listing_record_service,
        case,
        actor=hrss_officer,
        listing_id=listing.pk,
        data={"served_on": served_on.isoformat()},
    )


def test_the_statement_period_crosses_the_national_day_holiday(proposed, case, hrss_officer):
    # 2025: 28 September (Sunday) and 11 October (Saturday) worked, 1–8 October off
    # (国办发明电〔2024〕12号), as the seeded calendar says.
    for d, kind in [("2025-09-28", "workday"), ("2025-10-11", "workday")] + [
        (f"2025-10-0{n}", "holiday") for n in range(1, 9)
    ]:
        CalendarDay.objects.update_or_create(
            date=date.fromisoformat(d), defaults={"kind": kind, "name": "国庆节"}
        )
    invalidate()
    DishonestyListing.objects.filter(pk=proposed.pk).update(notice_on=date(2025, 9, 25))
    listing = listing_record_service(
        actor=hrss_officer, listing_id=proposed.pk, data={"served_on": "2025-09-26"}
    )
    # Served Friday 26 September; day 1 is Sunday 28 (worked), 29, 30, then 9 and 10 October.
    assert listing.statement_due == date(2025, 10, 10)

    # A statement received on the last day is in time, though recorded long after.
    listing = listing_record_statement(
        actor=hrss_officer,
        listing_id=listing.pk,
        data={"statement": "已筹措资金", "received_on": "2025-10-10"},
    )
    assert listing.statement_received_on == date(2025, 10, 10)


def test_a_statement_received_after_the_last_day_is_refused(proposed, case, hrss_officer):
    DishonestyListing.objects.filter(pk=proposed.pk).update(notice_on=date(2025, 9, 25))
    listing = listing_record_service(
        actor=hrss_officer, listing_id=proposed.pk, data={"served_on": "2025-09-26"}
    )
    late = (listing.statement_due + timedelta(days=1)).isoformat()
    error = refused(
        409,
        None,
        listing_record_statement,
        case,
        actor=hrss_officer,
        listing_id=listing.pk,
        data={"statement": "迟到的申辩", "received_on": late},
    )
    assert listing.statement_due.isoformat() in error.message


def test_a_statement_on_the_last_day_is_accepted_and_the_decision_waits(
    proposed, case, hrss_officer, hrss_supervisor
):
    served_on = served_so_that_the_period_ends_today()
    DishonestyListing.objects.filter(pk=proposed.pk).update(notice_on=served_on)
    listing = listing_record_service(
        actor=hrss_officer, listing_id=proposed.pk, data={"served_on": served_on.isoformat()}
    )
    assert listing.statement_due == timezone.localdate()
    # The decision is refused on the period's last day, statement or not.
    refused(
        409, None, listing_decide, case, actor=hrss_supervisor, listing_id=listing.pk, data=DECIDE
    )
    listing = listing_record_statement(
        actor=hrss_officer, listing_id=listing.pk, data={"statement": "请求从轻"}
    )
    assert listing.statement_received_on == timezone.localdate()
    error = refused(
        409, None, listing_decide, case, actor=hrss_supervisor, listing_id=listing.pk, data=DECIDE
    )
    assert listing.statement_due.isoformat() in error.message
    # The day after, it may be taken.
    backdate(listing, 1)
    listing = listing_decide(actor=hrss_supervisor, listing_id=listing.pk, data=DECIDE)
    assert listing.status == ListingStatus.DECIDED


def test_nothing_runs_before_the_notice_is_served(proposed, case, hrss_officer, hrss_supervisor):
    listing = backdate(proposed, 60)
    refused(
        409,
        None,
        listing_record_statement,
        case,
        actor=hrss_officer,
        listing_id=listing.pk,
        data={"statement": "x"},
    )
    refused(
        409, None, listing_decide, case, actor=hrss_supervisor, listing_id=listing.pk, data=DECIDE
    )


@pytest.mark.parametrize("served_on", [None, "", "26/09/2025", "2999-01-01", "2000-01-01"], ids=str)
def test_service_bad_input_is_400(proposed, case, hrss_officer, served_on):
    data = {} if served_on is None else {"served_on": served_on}
    refused(
        400,
        "served_on",
        listing_record_service,
        case,
        actor=hrss_officer,
        listing_id=proposed.pk,
        data=data,
    )


def test_service_and_statement_are_the_officers(
    proposed, case, hrss_supervisor, other_district_officer
):
    today = timezone.localdate().isoformat()
    refused(
        403,
        None,
        listing_record_service,
        case,
        actor=hrss_supervisor,
        listing_id=proposed.pk,
        data={"served_on": today},
    )
    refused(
        404,
        None,
        listing_record_service,
        case,
        actor=other_district_officer,
        listing_id=proposed.pk,
        data={"served_on": today},
    )


def test_statement_is_recorded_once_by_an_officer(served, case, hrss_officer, hrss_supervisor):
    data = {"statement": "已筹措资金，请求暂缓列入", "received_on": served.served_on.isoformat()}
    refused(
        403,
        None,
        listing_record_statement,
        case,
        actor=hrss_supervisor,
        listing_id=served.pk,
        data=data,
    )
    refused(
        400,
        "statement",
        listing_record_statement,
        case,
        actor=hrss_officer,
        listing_id=served.pk,
        data={},
    )
    refused(
        400,
        "received_on",
        listing_record_statement,
        case,
        actor=hrss_officer,
        listing_id=served.pk,
        data={**data, "received_on": (served.served_on - timedelta(days=1)).isoformat()},
    )
    listing = listing_record_statement(actor=hrss_officer, listing_id=served.pk, data=data)
    assert listing.statement == data["statement"] and listing.statement_at is not None
    assert listing.status == ListingStatus.NOTICE_ISSUED
    refused(
        409,
        None,
        listing_record_statement,
        case,
        actor=hrss_officer,
        listing_id=served.pk,
        data=data,
    )


def test_decide_is_refused_during_the_period(proposed, case, hrss_officer, hrss_supervisor):
    listing = listing_record_service(
        actor=hrss_officer,
        listing_id=proposed.pk,
        data={"served_on": timezone.localdate().isoformat()},
    )
    listing_record_statement(actor=hrss_officer, listing_id=listing.pk, data={"statement": "x"})
    refused(
        409, None, listing_decide, case, actor=hrss_supervisor, listing_id=listing.pk, data=DECIDE
    )


def test_decide_after_the_period_lists_for_three_years(served, case, hrss_officer, hrss_supervisor):
    listing = served
    refused(403, None, listing_decide, case, actor=hrss_officer, listing_id=listing.pk, data=DECIDE)
    refused(
        400,
        "decision",
        listing_decide,
        case,
        actor=hrss_supervisor,
        listing_id=listing.pk,
        data={"reason": "x"},
    )
    refused(
        400,
        "reason",
        listing_decide,
        case,
        actor=hrss_supervisor,
        listing_id=listing.pk,
        data={"decision": "list"},
    )
    listing = listing_decide(actor=hrss_supervisor, listing_id=listing.pk, data=DECIDE)
    today = timezone.localdate()
    assert listing.status == ListingStatus.DECIDED
    assert listing.decided_on == today
    assert listing.expires_on == add_months(today, 36)
    assert listing.expires_on.year == today.year + 3
    assert Employer.objects.get(pk=case.employer_id).dishonest
    assert Notification.objects.filter(user=hrss_officer, type="listing.decided").exists()
    assert AuditEvent.objects.latest("id").to_state == "decided"
    refused(
        409, None, listing_decide, case, actor=hrss_supervisor, listing_id=listing.pk, data=DECIDE
    )
    refused(
        409,
        None,
        listing_record_statement,
        case,
        actor=hrss_officer,
        listing_id=listing.pk,
        data={"statement": "x"},
    )


def test_decide_not_to_list(served, case, hrss_officer, hrss_supervisor):
    listing = listing_decide(
        actor=hrss_supervisor,
        listing_id=served.pk,
        data={"decision": "not_list", "reason": "已改正"},
    )
    assert listing.status == ListingStatus.NOT_LISTED and listing.expires_on is None
    assert not Employer.objects.get(pk=case.employer_id).dishonest
    for action, data in ((listing_decide, DECIDE), (listing_repair, {"reason": "x"})):
        refused(409, None, action, case, actor=hrss_supervisor, listing_id=listing.pk, data=data)
    # A closed procedure leaves room for a new one, served at once.
    today = timezone.localdate()
    again = listing_propose(
        actor=hrss_officer, case_id=case.pk, data={**PROPOSE, "served_on": today.isoformat()}
    )
    assert again.status == ListingStatus.NOTICE_ISSUED
    assert again.served_on == today and again.statement_due == add_working_days(today, 5)


# --- credit repair -------------------------------------------------------------------------


def test_repair_before_or_without_a_decision_is_409(proposed, case, hrss_supervisor):
    refused(
        409,
        None,
        listing_repair,
        case,
        actor=hrss_supervisor,
        listing_id=proposed.pk,
        data={"reason": "已支付"},
    )


def test_early_repair_needs_payment_commitment_and_six_months(
    decided, case, hrss_officer, hrss_supervisor
):
    today = timezone.localdate()
    early = {"reason": "已足额支付并承诺", "wages_paid": True, "commitment": True}
    kw = {"actor": hrss_supervisor, "listing_id": decided.pk}
    refused(403, None, listing_repair, case, actor=hrss_officer, listing_id=decided.pk, data=early)
    refused(400, "reason", listing_repair, case, **kw, data={})
    refused(400, "wages_paid", listing_repair, case, **kw, data={"reason": "x"})
    refused(400, "commitment", listing_repair, case, **kw, data={"reason": "x", "wages_paid": True})
    refused(400, "corrected_on", listing_repair, case, **kw, data=early)
    refused(400, "corrected_on", listing_repair, case, **kw, data={**early, "corrected_on": "昨天"})
    tomorrow = (today + timedelta(days=1)).isoformat()
    refused(
        400, "corrected_on", listing_repair, case, **kw, data={**early, "corrected_on": tomorrow}
    )
    refused(400, "wages_paid", listing_repair, case, **kw, data={**early, "wages_paid": "maybe"})
    # Listed today and corrected today: six months have not passed.
    refused(
        409, None, listing_repair, case, **kw, data={**early, "corrected_on": today.isoformat()}
    )

    listing = backdate(decided, 200)
    corrected = (today - timedelta(days=190)).isoformat()
    listing = listing_repair(**kw, data={**early, "corrected_on": corrected})
    assert listing.status == ListingStatus.REMOVED and listing.removal_basis == "early_repair"
    assert not Employer.objects.get(pk=case.employer_id).dishonest
    assert AuditEvent.objects.latest("id").verb == "listing.removed"
    refused(409, None, listing_repair, case, **kw, data={**early, "corrected_on": corrected})


def test_on_the_terms_last_day_only_an_early_repair_removes(decided, case, hrss_supervisor):
    # The term runs through its last day (民法典 第二百零二条).
    listing = decided
    days = (listing.expires_on - timezone.localdate()).days
    listing = backdate(listing, days)
    assert listing.expires_on == timezone.localdate()
    refused(
        400,
        "wages_paid",
        listing_repair,
        case,
        actor=hrss_supervisor,
        listing_id=listing.pk,
        data={"reason": "期满移出"},
    )


def test_removal_after_the_three_year_term(decided, case, hrss_supervisor):
    listing = backdate(decided, 3 * 366)
    assert listing.expires_on < timezone.localdate()
    listing = listing_repair(
        actor=hrss_supervisor, listing_id=listing.pk, data={"reason": "期满移出"}
    )
    assert listing.status == ListingStatus.EXPIRED
    assert listing.removal_basis == "term_expired"
    assert not Employer.objects.get(pk=case.employer_id).dishonest


def test_add_months_clamps_to_the_month_end():
    assert add_months(date(2024, 2, 29), 36) == date(2027, 2, 28)
    assert add_months(date(2024, 2, 29), 48) == date(2028, 2, 29)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 6) == date(2026, 7, 15)
    assert add_months(date(2025, 10, 31), 4) == date(2026, 2, 28)


# --- the case page's panel -----------------------------------------------------------------


def test_the_panel_walks_the_procedure(case, hrss_officer, hrss_supervisor):
    officer, supervisor = Client(), Client()
    officer.force_login(hrss_officer)
    supervisor.force_login(hrss_supervisor)
    url = f"/cases/{case.pk}/"
    page = officer.get(url).content.decode()
    assert 'data-code="list_dishonest"' in page and 'id="action-listing-propose"' in page
    assert 'id="action-listing-propose"' not in supervisor.get(url).content.decode()

    r = officer.post(f"/cases/{case.pk}/dishonesty/", {"ground": "amount", "reason": ""})
    assert r.status_code == 302 and DishonestyListing.objects.count() == 0
    officer.post(f"/cases/{case.pk}/dishonesty/", PROPOSE)
    listing = DishonestyListing.objects.get()
    page = officer.get(url).content.decode()
    assert f'id="listing-{listing.pk}"' in page and "serve/" in page and "statement/" not in page

    listing = backdate(listing, 30)
    officer.post(f"/dishonesty/{listing.pk}/serve/", {"served_on": listing.notice_on.isoformat()})
    listing.refresh_from_db()
    assert listing.statement_due == add_working_days(listing.notice_on, 5)
    page = officer.get(url).content.decode()
    assert listing.statement_due.isoformat() in page and "statement/" in page
    assert "decide/" in supervisor.get(url).content.decode()

    officer.post(f"/dishonesty/{listing.pk}/statement/", {"statement": "请求从轻"})
    assert DishonestyListing.objects.get().statement == ""  # received today: too late
    officer.post(
        f"/dishonesty/{listing.pk}/statement/",
        {"statement": "请求从轻", "received_on": listing.statement_due.isoformat()},
    )
    assert DishonestyListing.objects.get().statement == "请求从轻"
    supervisor.post(f"/dishonesty/{listing.pk}/decide/", DECIDE)
    assert Case.objects.get(pk=case.pk).employer.dishonest
    page = supervisor.get(url).content.decode()
    assert 'id="employer-dishonest"' in page and "repair/" in page
    assert Client().post(f"/dishonesty/{listing.pk}/repair/", {"reason": "x"}).status_code == 302


def test_the_panel_forms_hide_invisible_listings(proposed, other_district_officer):
    client = Client()
    client.force_login(other_district_officer)
    r = client.post(f"/dishonesty/{proposed.pk}/serve/", {"served_on": "2026-01-01"})
    assert r.status_code == 404
    assert DishonestyListing.objects.get(pk=proposed.pk).served_on is None


def test_the_statement_period_follows_a_new_holiday(
    proposed, hrss_officer, django_capture_on_commit_callbacks
):
    """A holiday declared inside an open statement period moves its last day by one
    working day, as it moves the clocks."""
    served_on = timezone.localdate()
    listing = listing_record_service(
        actor=hrss_officer, listing_id=proposed.pk, data={"served_on": served_on.isoformat()}
    )
    before = listing.statement_due
    inside = add_working_days(served_on, 2)
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=inside, kind="holiday", name="临时假日")
    listing.refresh_from_db()
    assert listing.statement_due == add_working_days(served_on, 5) > before


def test_the_dossier_names_the_listing_steps_and_their_states(decided, hrss_officer):
    # The source case's dossier prints each step of the listing in words, and the states
    # it left the listing in by the listing's own names, never their codes.
    client = Client()
    client.force_login(hrss_officer)
    r = client.post(f"/api/v1/cases/{decided.case_id}/documents/dossier/")
    assert r.status_code == 201, r.content
    with Document.objects.get(case_id=decided.case_id, name="dossier").file.open("rb") as fh:
        text = pdf_text(fh.read())
    for phrase in ("拟列入失信名单（发出告知）", "送达拟列入告知书", "作出列入决定"):
        assert phrase in text, phrase
    assert "已列入失信名单" in text
    for code in ("listing.", "notice_issued", "→decided"):
        assert code not in text, code
