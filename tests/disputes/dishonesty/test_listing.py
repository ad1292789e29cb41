"""The dishonesty-list procedure: propose → statement → decide → repair, from every state."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from casework.errors import CaseworkError
from casework.models import AuditEvent, CalendarDay, Case, Employer, Notification, TimelineEntry
from casework.workdays import add_working_days
from disputes.dishonesty.actions import (
    add_months,
    listing_decide,
    listing_propose,
    listing_record_statement,
    listing_repair,
)
from disputes.dishonesty.models import DishonestyListing, ListingStatus
from tests.factories import open_wage_case

from ..listing_support import closed_case, rows

PROPOSE = {"ground": "amount", "reason": "拖欠三万元经责令仍拒不支付"}
DECIDE = {"decision": "list", "reason": "陈述申辩理由不成立"}


def refused(status: int, field: str | None, action, case, **kw):
    """The action raises `status` naming `field`, and writes nothing."""
    before = rows(case)
    with pytest.raises(CaseworkError) as exc:
        action(**kw)
    assert exc.value.status_code == status
    if field:
        assert field in exc.value.errors
    assert rows(case) == before


def backdate(listing, days: int) -> DishonestyListing:
    """The listing as if it had been proposed (and decided) `days` calendar days ago."""
    delta = timedelta(days=days)
    fields = {
        "notice_on": listing.notice_on - delta,
        "statement_due": listing.statement_due - delta,
    }
    if listing.decided_on:
        fields |= {
            "decided_on": listing.decided_on - delta,
            "expires_on": listing.expires_on - delta,
        }
    DishonestyListing.objects.filter(pk=listing.pk).update(**fields)
    return DishonestyListing.objects.get(pk=listing.pk)


@pytest.fixture
def case(actors):
    return closed_case(actors, amount="30000")


@pytest.fixture
def proposed(case, hrss_officer):
    return listing_propose(actor=hrss_officer, case_id=case.pk, data=PROPOSE)


@pytest.fixture
def decided(proposed, hrss_officer, hrss_supervisor):
    listing_record_statement(
        actor=hrss_officer, listing_id=proposed.pk, data={"statement": "资金周转困难"}
    )
    return listing_decide(actor=hrss_supervisor, listing_id=proposed.pk, data=DECIDE)


def test_propose_issues_the_notice_with_a_five_working_day_period(
    case, hrss_officer, hrss_supervisor
):
    audit, timeline = AuditEvent.objects.count(), TimelineEntry.objects.filter(case=case).count()
    listing = listing_propose(actor=hrss_officer, case_id=case.pk, data=PROPOSE)
    today = timezone.localdate()
    assert listing.status == ListingStatus.NOTICE_ISSUED
    assert listing.notice_on == today
    assert listing.statement_due == add_working_days(today, 5)
    assert AuditEvent.objects.count() == audit + 1
    assert AuditEvent.objects.latest("id").verb == "listing.proposed"
    assert TimelineEntry.objects.filter(case=case).count() == timeline + 1
    assert Notification.objects.filter(user=hrss_supervisor, type="listing.proposed").exists()
    assert not Employer.objects.get(pk=case.employer_id).dishonest


def test_the_statement_period_skips_holidays(case, hrss_officer):
    today = timezone.localdate()
    holidays = [today + timedelta(days=n) for n in range(1, 6)]
    for d in holidays:
        CalendarDay.objects.create(date=d, kind="holiday", name="国庆节")
    listing = listing_propose(actor=hrss_officer, case_id=case.pk, data=PROPOSE)
    assert listing.statement_due > holidays[-1]
    assert listing.statement_due == add_working_days(holidays[-1], 5)
    assert listing.statement_due - today >= timedelta(days=10)


def test_propose_needs_a_closed_case_with_a_finding(org, actors, hrss_officer):
    open_case = open_wage_case(amount="30000")
    refused(
        409,
        None,
        listing_propose,
        open_case,
        actor=hrss_officer,
        case_id=open_case.pk,
        data=PROPOSE,
    )


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


def test_statement_is_recorded_once_by_an_officer(proposed, case, hrss_officer, hrss_supervisor):
    data = {"statement": "已筹措资金，请求暂缓列入"}
    refused(
        403,
        None,
        listing_record_statement,
        case,
        actor=hrss_supervisor,
        listing_id=proposed.pk,
        data=data,
    )
    refused(
        400,
        "statement",
        listing_record_statement,
        case,
        actor=hrss_officer,
        listing_id=proposed.pk,
        data={},
    )
    listing = listing_record_statement(actor=hrss_officer, listing_id=proposed.pk, data=data)
    assert listing.statement == data["statement"] and listing.statement_at is not None
    assert listing.status == ListingStatus.NOTICE_ISSUED
    refused(
        409,
        None,
        listing_record_statement,
        case,
        actor=hrss_officer,
        listing_id=proposed.pk,
        data=data,
    )


def test_statement_after_the_period_is_refused(proposed, case, hrss_officer):
    backdate(proposed, 30)
    refused(
        409,
        None,
        listing_record_statement,
        case,
        actor=hrss_officer,
        listing_id=proposed.pk,
        data={"statement": "迟到的申辩"},
    )


def test_decide_is_refused_during_the_period_without_a_statement(proposed, case, hrss_supervisor):
    refused(
        409, None, listing_decide, case, actor=hrss_supervisor, listing_id=proposed.pk, data=DECIDE
    )


def test_decide_after_the_period_lists_for_three_years(
    proposed, case, hrss_officer, hrss_supervisor
):
    listing = backdate(proposed, 30)
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


def test_decide_not_to_list(proposed, case, hrss_officer, hrss_supervisor):
    listing_record_statement(
        actor=hrss_officer, listing_id=proposed.pk, data={"statement": "已全额支付"}
    )
    listing = listing_decide(
        actor=hrss_supervisor,
        listing_id=proposed.pk,
        data={"decision": "not_list", "reason": "已改正"},
    )
    assert listing.status == ListingStatus.NOT_LISTED and listing.expires_on is None
    assert not Employer.objects.get(pk=case.employer_id).dishonest
    for action, data in ((listing_decide, DECIDE), (listing_repair, {"reason": "x"})):
        refused(409, None, action, case, actor=hrss_supervisor, listing_id=listing.pk, data=data)
    # A closed procedure leaves room for a new one.
    again = listing_propose(actor=hrss_officer, case_id=case.pk, data=PROPOSE)
    assert again.status == ListingStatus.NOTICE_ISSUED


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


def test_removal_after_the_three_year_term(decided, case, hrss_supervisor):
    listing = backdate(decided, 3 * 366)
    assert listing.expires_on <= timezone.localdate()
    listing = listing_repair(
        actor=hrss_supervisor, listing_id=listing.pk, data={"reason": "期满移出"}
    )
    assert listing.removal_basis == "term_expired"
    assert not Employer.objects.get(pk=case.employer_id).dishonest


def test_add_months_clamps_to_the_month_end():
    from datetime import date

    assert add_months(date(2024, 2, 29), 36) == date(2027, 2, 28)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 6) == date(2026, 7, 15)


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
    assert f'id="listing-{listing.pk}"' in page and "statement/" in page
    assert "decide/" not in supervisor.get(url).content.decode()

    officer.post(f"/dishonesty/{listing.pk}/statement/", {"statement": "请求从轻"})
    assert "decide/" in supervisor.get(url).content.decode()
    supervisor.post(f"/dishonesty/{listing.pk}/decide/", DECIDE)
    assert Case.objects.get(pk=case.pk).employer.dishonest
    page = supervisor.get(url).content.decode()
    assert 'id="employer-dishonest"' in page and "repair/" in page
    assert Client().post(f"/dishonesty/{listing.pk}/repair/", {"reason": "x"}).status_code == 302


def test_the_panel_forms_hide_invisible_listings(proposed, other_district_officer):
    client = Client()
    client.force_login(other_district_officer)
    r = client.post(f"/dishonesty/{proposed.pk}/statement/", {"statement": "x"})
    assert r.status_code == 404
    assert DishonestyListing.objects.get(pk=proposed.pk).statement == ""
