"""Fixed-point watch (定点盯守): a supervisor starts it from a rectification case, patrol
visits fall due for the lead unit's officers, officers record them, a supervisor ends it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casework.audit import verify_chain
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.models import AuditEvent, Notification, TimelineEntry
from enforcement.models import MarketWatch, PatrolVisit
from enforcement.rectification.patrols.actions import (
    generate_due_patrols,
    patrol_record,
    watch_end,
    watch_start,
)
from enforcement.rectification.patrols.selectors import patrols_for
from tests.factories import member

from .walk import make_market, open_rectification, photo, walk_to


@pytest.fixture
def market(org):
    return make_market()


@pytest.fixture
def case(actors, market):
    return walk_to(open_rectification(actors.officer, market), "verified", actors)


def test_start_generates_the_first_patrol_for_the_handling_officer(case, actors):
    watch = watch_start(
        actor=actors.supervisor,
        case_id=case.pk,
        data={"interval_days": 1, "instructions": "早高峰"},
    )
    assert watch.active and watch.unit_id == case.lead_unit_id
    assert watch.market_id == case.market_id
    (visit,) = PatrolVisit.objects.filter(watch=watch)
    assert visit.due_on == timezone.localdate() and visit.officer_id == actors.officer.pk
    assert list(patrols_for(actors.officer)) == [visit]
    assert Notification.objects.filter(user=actors.officer, type="patrol.due").exists()
    assert AuditEvent.objects.filter(verb="enforcement.watch.start", case=case).count() == 1
    assert TimelineEntry.objects.filter(case=case, verb="watch_start").exists()
    assert verify_chain().ok


def test_generation_is_idempotent_and_follows_the_interval(case, actors):
    today = timezone.localdate()
    watch = watch_start(actor=actors.supervisor, case_id=case.pk, data={"interval_days": 2})
    assert generate_due_patrols(today) == 0
    assert generate_due_patrols(today + timedelta(days=1)) == 0
    assert generate_due_patrols(today + timedelta(days=5)) == 2  # day 2 and day 4
    assert generate_due_patrols(today + timedelta(days=5)) == 0
    days = list(watch.visits.values_list("due_on", flat=True))
    assert days == [today, today + timedelta(days=2), today + timedelta(days=4)]


def test_patrols_stop_once_the_watch_ends(case, actors):
    today = timezone.localdate()
    watch = watch_start(actor=actors.supervisor, case_id=case.pk, data={})
    assert generate_due_patrols(today + timedelta(days=2)) == 2
    watch_end(actor=actors.supervisor, watch_id=watch.pk, reason="市场已取缔，秩序稳定")
    watch.refresh_from_db()
    assert not watch.active and watch.ended_by_id == actors.supervisor.pk
    # Visits generated ahead of today are dropped; nothing new is generated.
    assert list(watch.visits.values_list("due_on", flat=True)) == [today]
    assert generate_due_patrols(today + timedelta(days=10)) == 0
    assert AuditEvent.objects.filter(verb="enforcement.watch.end", case=case).count() == 1
    with pytest.raises(Conflict):
        watch_end(actor=actors.supervisor, watch_id=watch.pk, reason="再次结束")


def test_officer_records_a_patrol_with_a_photo(case, actors):
    watch = watch_start(actor=actors.supervisor, case_id=case.pk, data={})
    visit = watch.visits.get()
    n_attachments = case.attachments.count()
    done = patrol_record(
        actor=actors.officer,
        visit_id=visit.pk,
        data={"findings": "有零星占道，已劝离", "compliant": False},
        photo=photo("巡查.png"),
    )
    assert done.visited_at is not None and done.officer_id == actors.officer.pk
    assert done.compliant is False and done.photo.content_type == "image/png"
    assert case.attachments.count() == n_attachments + 1
    assert list(patrols_for(actors.officer)) == []
    assert Notification.objects.filter(user=actors.supervisor, type="patrol.finding").exists()
    assert TimelineEntry.objects.filter(case=case, verb="patrol").exists()
    with pytest.raises(Conflict):
        patrol_record(
            actor=actors.officer, visit_id=visit.pk, data={"findings": "再次", "compliant": True}
        )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"findings": "", "compliant": True}, "findings"),
        ({"findings": "正常", "compliant": "maybe"}, "compliant"),
        ({"findings": "正常"}, "compliant"),
    ],
)
def test_bad_patrol_record_is_400_naming_the_field(data, field, case, actors):
    watch = watch_start(actor=actors.supervisor, case_id=case.pk, data={})
    visit = watch.visits.get()
    with pytest.raises(InvalidInput) as exc:
        patrol_record(actor=actors.officer, visit_id=visit.pk, data=data)
    assert field in exc.value.errors
    visit.refresh_from_db()
    assert visit.visited_at is None


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_stored(case, actors):
    watch = watch_start(actor=actors.supervisor, case_id=case.pk, data={})
    visit = watch.visits.get()
    n = case.attachments.count()
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    with pytest.raises(InvalidInput) as exc:
        patrol_record(
            actor=actors.officer,
            visit_id=visit.pk,
            data={"findings": "正常", "compliant": True},
            photo=pdf,
        )
    assert "photo" in exc.value.errors
    assert case.attachments.count() == n
    visit.refresh_from_db()
    assert visit.visited_at is None


def test_only_a_lead_supervisor_starts_and_ends(case, actors, hrss_officer, police_officer):
    for user in (actors.officer, actors.market_officer, hrss_officer):
        with pytest.raises(NotPermitted):
            watch_start(actor=user, case_id=case.pk, data={})
    with pytest.raises(CaseNotFound):
        watch_start(actor=police_officer, case_id=case.pk, data={})
    assert not MarketWatch.objects.exists()
    watch = watch_start(actor=actors.supervisor, case_id=case.pk, data={})
    with pytest.raises(NotPermitted):
        watch_end(actor=actors.officer, watch_id=watch.pk, reason="x")
    with pytest.raises(CaseNotFound):
        watch_end(actor=police_officer, watch_id=watch.pk, reason="x")


def test_participants_see_but_do_not_patrol(case, actors, hrss_officer, police_officer):
    watch = watch_start(actor=actors.supervisor, case_id=case.pk, data={})
    visit = watch.visits.get()
    assert list(patrols_for(actors.market_officer)) == []
    with pytest.raises(NotPermitted):
        patrol_record(
            actor=actors.market_officer, visit_id=visit.pk, data={"findings": "x", "compliant": 1}
        )
    with pytest.raises(CaseNotFound):
        patrol_record(
            actor=police_officer, visit_id=visit.pk, data={"findings": "x", "compliant": True}
        )
    # Any officer of the watching unit may record the unit's visit.
    other = member("housing.officer2.xuecheng", "housing", "xuecheng", "officer")
    patrol_record(actor=other, visit_id=visit.pk, data={"findings": "正常", "compliant": "true"})


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"interval_days": 0}, "interval_days"),
        ({"interval_days": "abc"}, "interval_days"),
        ({"interval_days": 31}, "interval_days"),
        ({"starts_on": "2020-01-01"}, "starts_on"),
        ({"starts_on": "tomorrow"}, "starts_on"),
        ({"instructions": "长" * 501}, "instructions"),
    ],
)
def test_bad_watch_input_is_400_naming_the_field(data, field, case, actors):
    with pytest.raises(InvalidInput) as exc:
        watch_start(actor=actors.supervisor, case_id=case.pk, data=data)
    assert field in exc.value.errors
    assert not MarketWatch.objects.exists()


def test_one_running_watch_per_market(case, actors, market):
    watch_start(actor=actors.supervisor, case_id=case.pk, data={})
    second = open_rectification(actors.officer, market)
    with pytest.raises(Conflict):
        watch_start(actor=actors.supervisor, case_id=second.pk, data={})
    assert MarketWatch.objects.count() == 1


def test_no_watch_on_a_closed_case(actors, market):
    closed = walk_to(open_rectification(actors.officer, market), "closed", actors)
    with pytest.raises(Conflict):
        watch_start(actor=actors.supervisor, case_id=closed.pk, data={})


def test_a_watch_may_outlive_the_case(actors, market):
    case = walk_to(open_rectification(actors.officer, market), "banned", actors)
    watch = watch_start(actor=actors.supervisor, case_id=case.pk, data={})
    from .walk import fire

    fire(case.pk, "propose_closure", actors)
    fire(case.pk, "approve_closure", actors)
    assert generate_due_patrols(timezone.localdate() + timedelta(days=1)) == 1
    assert watch.visits.count() == 2
