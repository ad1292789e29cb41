"""The end of a listing's 3-year term: by itself, the day after its last day (民法典 §202),
the employer's flag cleared, the unit told, the removal audited; idempotent."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.module_loading import import_string

from casework.audit import verify_chain
from casework.models import AuditEvent, Employer, Notification, TimelineEntry
from disputes.dishonesty.actions import (
    listing_decide,
    listing_propose,
    listing_record_service,
    term_last_day,
)
from disputes.dishonesty.expiry import end_expired_listings
from disputes.dishonesty.models import DishonestyListing, ListingStatus
from realtime import scheduler
from tests.factories import member

from ..listing_support import closed_case

DECIDED_ON = date(2024, 2, 29)


@pytest.fixture
def listed(actors, hrss_officer, hrss_supervisor):
    """An employer listed on 29 February 2024 (the listing walked through the actions, then
    moved to that date)."""
    case = closed_case(actors, amount="30000")
    listing = listing_propose(
        actor=hrss_officer, case_id=case.pk, data={"ground": "amount", "reason": "逾期未支付"}
    )
    start = date(2024, 2, 1)
    DishonestyListing.objects.filter(pk=listing.pk).update(notice_on=start)
    listing_record_service(
        actor=hrss_officer, listing_id=listing.pk, data={"served_on": "2024-02-02"}
    )
    listing = listing_decide(
        actor=hrss_supervisor, listing_id=listing.pk, data={"decision": "list", "reason": "不成立"}
    )
    DishonestyListing.objects.filter(pk=listing.pk).update(
        decided_on=DECIDED_ON, expires_on=term_last_day(DECIDED_ON)
    )
    listing.refresh_from_db()
    assert Employer.objects.get(pk=listing.employer_id).dishonest
    return listing


def test_the_term_of_a_listing_made_on_29_february_ends_on_28_february():
    assert term_last_day(date(2024, 2, 29)) == date(2027, 2, 28)
    assert term_last_day(date(2024, 3, 15)) == date(2027, 3, 15)
    assert term_last_day(date(2025, 12, 31)) == date(2028, 12, 31)
    assert term_last_day(date(2025, 2, 28)) == date(2028, 2, 28)  # not 29 February 2028


def test_the_listing_is_in_force_through_its_last_day(listed):
    assert listed.expires_on == date(2027, 2, 28)
    assert end_expired_listings(date(2027, 2, 28)) == 0
    listed.refresh_from_db()
    assert listed.status == ListingStatus.DECIDED
    assert Employer.objects.get(pk=listed.employer_id).dishonest


def test_the_day_after_the_job_ends_it(listed, hrss_officer, hrss_supervisor):
    other_supervisor = member("hrss.supervisor2.xuecheng", "hrss", "xuecheng", "supervisor")
    audit = AuditEvent.objects.count()
    timeline = TimelineEntry.objects.filter(case=listed.case).count()

    assert end_expired_listings(date(2027, 3, 1)) == 1

    listing = DishonestyListing.objects.get(pk=listed.pk)
    assert listing.status == ListingStatus.EXPIRED
    assert listing.removed_on == date(2027, 3, 1)
    assert listing.removal_basis == "term_expired" and listing.removed_by is None
    assert not Employer.objects.get(pk=listing.employer_id).dishonest

    assert AuditEvent.objects.count() == audit + 1
    event = AuditEvent.objects.latest("id")
    assert (event.verb, event.actor_id, event.case_id) == ("listing.expired", None, listed.case_id)
    assert (event.from_state, event.to_state) == ("decided", "expired")
    assert event.payload["term_last_day"] == "2027-02-28"
    assert verify_chain().ok

    entries = TimelineEntry.objects.filter(case=listed.case)
    assert entries.count() == timeline + 1
    assert entries.latest("id").verb == "listing.expired" and entries.latest("id").actor is None

    told = set(
        Notification.objects.filter(type="listing.expired").values_list("user_id", flat=True)
    )
    # The officer who proposed, the supervisor who decided, and the unit's supervisors.
    assert told == {hrss_officer.pk, hrss_supervisor.pk, other_supervisor.pk}
    assert "2027年2月28日" in Notification.objects.filter(type="listing.expired").first().text


def test_the_job_is_idempotent(listed):
    assert end_expired_listings(date(2027, 3, 2)) == 1
    counts = (
        AuditEvent.objects.count(),
        Notification.objects.count(),
        TimelineEntry.objects.count(),
        list(DishonestyListing.objects.values()),
    )
    assert end_expired_listings(date(2027, 3, 2)) == 0
    assert end_expired_listings(date(2030, 1, 1)) == 0
    assert counts == (
        AuditEvent.objects.count(),
        Notification.objects.count(),
        TimelineEntry.objects.count(),
        list(DishonestyListing.objects.values()),
    )


def test_the_job_is_scheduled_and_has_a_command(listed):
    job = scheduler.get("dishonesty_terms")
    assert job is not None
    assert job.dotted_path == "disputes.dishonesty.expiry.end_expired_listings"
    out = StringIO()
    call_command("end_dishonesty_terms", "--date", "2027-03-01", stdout=out)
    assert "ended 1 listing" in out.getvalue()
    assert DishonestyListing.objects.get(pk=listed.pk).status == ListingStatus.EXPIRED
    call_command("end_dishonesty_terms", "--date", "2027-03-01", stdout=out)
    assert "ended 0 listing" in out.getvalue()


def test_the_scheduled_job_runs_as_of_today(listed):
    today = timezone.localdate()
    DishonestyListing.objects.filter(pk=listed.pk).update(expires_on=today)
    job = import_string(scheduler.get("dishonesty_terms").dotted_path)
    assert job() == 0
    DishonestyListing.objects.filter(pk=listed.pk).update(expires_on=today - timedelta(days=1))
    assert job() == 1
    assert DishonestyListing.objects.get(pk=listed.pk).status == ListingStatus.EXPIRED
