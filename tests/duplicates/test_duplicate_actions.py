"""Duplicate suggestions, links and merges through the actions (docs/domain.md, "Merge / link")."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.actions import case_assign, case_transition
from casework.actions.duplicates import (
    case_link,
    case_merge,
    case_unlink,
    duplicate_suggestions,
    links_for,
    merge_targets,
)
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.kinds import MERGED
from casework.models import (
    AuditEvent,
    Case,
    CaseAlias,
    CaseLink,
    ClockStatus,
    LegalClock,
    Market,
    MarketKind,
    Notification,
    TimelineEntry,
)
from casework.selectors import case_by_tracking, case_list_for_user
from casework.workflow import open_step
from permissions.models import Jurisdiction, Membership
from permissions.selectors import unit_for
from tests.factories import member, open_wage_case

from .conftest import days_later, open_complaint


def _suggested(user, case) -> list[int]:
    return [s.case.pk for s in duplicate_suggestions(user, case)]


def _snapshot(*cases) -> tuple:
    """Everything a refused merge or link must leave untouched."""
    rows = tuple(
        Case.objects.filter(pk=c.pk).values_list("status", "version", "workers_count").get()
        for c in cases
    )
    return (
        rows,
        AuditEvent.objects.count(),
        TimelineEntry.objects.count(),
        CaseAlias.objects.count(),
        CaseLink.objects.count(),
        sum(c.parties.count() for c in cases),
    )


# --- suggestions ------------------------------------------------------------------------


def test_same_credit_code_within_90_days_is_suggested_both_ways(wage_case, hrss_officer):
    other = days_later(open_complaint(), wage_case, 90)
    assert _suggested(hrss_officer, wage_case) == [other.pk]
    assert _suggested(hrss_officer, other) == [wage_case.pk]
    (s,) = duplicate_suggestions(hrss_officer, wage_case)
    assert s.reasons == ["employer"]
    assert s.reason_labels == ["同一用人单位"]
    assert s.days_apart == 90
    assert s.mergeable is True


def test_complaints_filed_minutes_apart_are_0_days_apart_and_the_closest_come_first(
    wage_case, hrss_officer
):
    def filed(minutes: int, name: str) -> Case:
        case = open_complaint(name=name, id_number="")
        submitted = wage_case.submitted_at + timedelta(minutes=minutes)
        Case.objects.filter(pk=case.pk).update(submitted_at=submitted)
        return case

    hours_before = filed(-300, "王五")
    minutes_before = filed(-10, "赵六")
    a_day_after = filed(24 * 60 + 5, "钱七")
    rows = duplicate_suggestions(hrss_officer, wage_case)
    assert [s.case.pk for s in rows] == [minutes_before.pk, hours_before.pk, a_day_after.pk]
    assert [s.days_apart for s in rows] == [0, 0, 1]
    (back,) = [
        s for s in duplicate_suggestions(hrss_officer, minutes_before) if s.case == wage_case
    ]
    assert back.days_apart == 0


def test_91_days_apart_is_not_suggested(wage_case, hrss_officer):
    days_later(open_complaint(), wage_case, 91)
    before = days_later(open_complaint(name="王五", id_number=""), wage_case, -91)
    assert _suggested(hrss_officer, wage_case) == []
    assert _suggested(hrss_officer, before) == []


def test_another_employer_is_not_suggested(wage_case, hrss_officer):
    open_complaint(employer="枣庄另一家餐饮有限公司", credit_code="")
    assert _suggested(hrss_officer, wage_case) == []


def test_employer_name_counts_when_a_code_is_missing(org, hrss_officer):
    first = open_complaint(employer="薛城区老王烧烤店", credit_code="")
    second = open_complaint(employer="薛城区老王烧烤店", credit_code="", name="王五", id_number="")
    assert _suggested(hrss_officer, first) == [second.pk]
    # A complaint naming the employer without its code matches the coded complaints too.
    coded = open_wage_case()
    nameless_code = open_complaint(credit_code="", name="王五", id_number="")
    assert _suggested(hrss_officer, coded) == [nameless_code.pk]


def test_same_market_is_suggested(org, hrss_officer):
    market = Market.objects.create(
        name="薛城区临山路零工市场",
        kind=MarketKind.INFORMAL,
        jurisdiction=Jurisdiction.objects.get(code="xuecheng"),
        lon=Decimal("117.26"),
        lat=Decimal("34.79"),
    )
    a = open_complaint(employer="甲公司", credit_code="")
    b = open_complaint(employer="乙公司", credit_code="", name="王五", id_number="")
    Case.objects.filter(pk__in=[a.pk, b.pk]).update(market=market)
    a = Case.objects.get(pk=a.pk)
    (s,) = duplicate_suggestions(hrss_officer, a)
    assert s.case.pk == b.pk and s.reasons == ["market"]


def test_invisible_cases_are_never_suggested(wage_case, hrss_officer, city_viewer):
    elsewhere = open_complaint(jurisdiction="shizhong")
    assert _suggested(hrss_officer, wage_case) == []
    # The city viewer sees both districts, and so is shown the other district's complaint.
    assert _suggested(city_viewer, wage_case) == [elsewhere.pk]


def test_merged_and_linked_cases_are_not_suggested_again(wage_case, hrss_supervisor):
    linked = open_complaint()
    merged = open_complaint(name="王五", id_number="")
    case_link(actor=hrss_supervisor, case_id=wage_case.pk, other_id=linked.pk, reason="同一工地")
    case_merge(actor=hrss_supervisor, case_id=merged.pk, into_id=wage_case.pk)
    assert _suggested(hrss_supervisor, wage_case) == []
    assert _suggested(hrss_supervisor, Case.objects.get(pk=merged.pk)) == []


# --- links ------------------------------------------------------------------------------


def test_link_is_symmetric_audited_and_on_both_timelines(wage_case, hrss_officer):
    other = open_complaint()
    link = case_link(
        actor=hrss_officer, case_id=other.pk, other_id=wage_case.pk, reason="同一工地同一包工头"
    )
    assert (link.case_a_id, link.case_b_id) == tuple(sorted((wage_case.pk, other.pk)))
    assert [o.pk for _l, o in links_for(hrss_officer, wage_case)] == [other.pk]
    assert [o.pk for _l, o in links_for(hrss_officer, other)] == [wage_case.pk]
    for case, that in ((wage_case, other), (other, wage_case)):
        event = AuditEvent.objects.get(case=case, verb="casework.case.linked")
        assert event.payload["other"] == that.pk
        assert event.payload["reason"] == "同一工地同一包工头"
        entry = TimelineEntry.objects.get(case=case, verb="linked")
        assert that.number in entry.text and entry.public_text == ""

    with pytest.raises(Conflict) as exc:
        case_link(actor=hrss_officer, case_id=wage_case.pk, other_id=other.pk, reason="再关联")
    assert "case" in exc.value.errors

    case_unlink(actor=hrss_officer, case_id=wage_case.pk, link_id=link.pk)
    assert not CaseLink.objects.exists()
    assert links_for(hrss_officer, other) == []
    assert AuditEvent.objects.filter(verb="casework.case.unlinked").count() == 2
    assert TimelineEntry.objects.filter(verb="unlinked").count() == 2


@pytest.mark.parametrize(
    ("other", "reason", "error", "field"),
    [
        ("self", "同一事项", InvalidInput, "case"),
        (None, "同一事项", InvalidInput, "case"),
        ("abc", "同一事项", InvalidInput, "case"),
        ("other", "", InvalidInput, "reason"),
        ("other", "很" * 501, InvalidInput, "reason"),
        ("missing", "同一事项", CaseNotFound, "case"),
        ("invisible", "同一事项", CaseNotFound, "case"),
    ],
)
def test_bad_links_write_nothing(wage_case, hrss_officer, other, reason, error, field):
    targets = {
        "self": wage_case.pk,
        "other": open_complaint().pk,
        "missing": 999999,
        "invisible": open_complaint(jurisdiction="shizhong").pk,
        None: None,
        "abc": "abc",
    }
    before = _snapshot(wage_case)
    with pytest.raises(error) as exc:
        case_link(actor=hrss_officer, case_id=wage_case.pk, other_id=targets[other], reason=reason)
    assert field in exc.value.errors
    assert _snapshot(wage_case) == before


def test_only_handlers_link(wage_case, hrss_officer, hrss_officer2, hrss_supervisor, city_viewer):
    other = open_complaint()
    case_assign(actor=hrss_supervisor, case_id=wage_case.pk, assignee=hrss_officer)
    for outsider in (hrss_officer2, city_viewer):
        with pytest.raises(NotPermitted):
            case_link(actor=outsider, case_id=wage_case.pk, other_id=other.pk, reason="同一工地")
    link = case_link(actor=hrss_officer, case_id=wage_case.pk, other_id=other.pk, reason="同一工地")
    with pytest.raises(NotPermitted):
        case_unlink(actor=city_viewer, case_id=wage_case.pk, link_id=link.pk)
    # The supervisor of the lead unit handles every case of the unit.
    case_unlink(actor=hrss_supervisor, case_id=wage_case.pk, link_id=link.pk)


def test_other_district_gets_404(wage_case, other_district_officer, hrss_officer):
    other = open_complaint()
    with pytest.raises(CaseNotFound):
        case_link(actor=other_district_officer, case_id=wage_case.pk, other_id=other.pk, reason="x")
    link = case_link(actor=hrss_officer, case_id=wage_case.pk, other_id=other.pk, reason="同一")
    with pytest.raises(CaseNotFound):
        case_unlink(actor=other_district_officer, case_id=wage_case.pk, link_id=link.pk)
    with pytest.raises(CaseNotFound) as exc:
        case_unlink(actor=hrss_officer, case_id=wage_case.pk, link_id=link.pk + 1000)
    assert "link" in exc.value.errors


def test_links_to_invisible_cases_are_not_shown(org, city_viewer, hrss_officer):
    here = open_wage_case()
    there = open_complaint(jurisdiction="shizhong")
    # The city supervisor (an ancestor unit) handles neither; a task-force style member
    # of both units links them.
    both = member("hrss.supervisor.both", "hrss", "xuecheng", "supervisor")
    Membership.objects.create(user=both, unit=unit_for("hrss", "shizhong"), role="supervisor")
    case_link(actor=both, case_id=here.pk, other_id=there.pk, reason="同一用人单位跨区用工")
    assert links_for(hrss_officer, here) == []
    assert [o.pk for _l, o in links_for(city_viewer, here)] == [there.pk]


# --- merge ------------------------------------------------------------------------------


def test_merge_moves_the_complaint_onto_the_survivor(wage_case, hrss_officer, hrss_supervisor):
    dup = open_complaint(amount="3000")
    case_assign(actor=hrss_supervisor, case_id=dup.pk, assignee=hrss_officer)
    dup = Case.objects.get(pk=dup.pk)
    assert LegalClock.objects.filter(case=dup).exclude(status=ClockStatus.STOPPED).exists()

    survivor = case_merge(
        actor=hrss_supervisor,
        case_id=dup.pk,
        into_id=wage_case.pk,
        version=dup.version,
        reason="同一用人单位同一工地",
    )
    assert survivor.pk == wage_case.pk
    merged = Case.objects.get(pk=dup.pk)
    survivor = Case.objects.get(pk=wage_case.pk)
    assert merged.status == MERGED
    assert merged.get_status_display() == "已合并"
    assert merged.is_final and merged.closed_at is not None and merged.deadline is None
    assert merged.version == dup.version + 1
    assert not LegalClock.objects.filter(case=merged).exclude(status=ClockStatus.STOPPED).exists()
    # Nobody is asked to act on it any more; the survivor still waits for its officer.
    assert open_step(merged) is None
    assert open_step(wage_case) is not None
    # The survivor takes over the other worker and their claim.
    assert sorted(survivor.parties.values_list("person__name", flat=True)) == ["张三", "李四"]
    assert survivor.workers_count == 2
    assert survivor.amount_owed == Decimal("8000")
    assert survivor.version == wage_case.version + 1
    # The old numbers are aliases of the survivor.
    alias = CaseAlias.objects.get()
    assert (alias.case_id, alias.merged_case_id) == (survivor.pk, merged.pk)
    assert (alias.number, alias.tracking_number) == (merged.number, merged.tracking_number)
    # Audited and on both timelines; only the merged one's entry is public.
    assert AuditEvent.objects.get(verb="casework.case.merged").case_id == merged.pk
    received = AuditEvent.objects.get(verb="casework.case.merge_received")
    assert received.case_id == survivor.pk
    assert received.payload["merged_tracking_number"] == merged.tracking_number
    entry = TimelineEntry.objects.get(case=merged, verb="merged")
    assert survivor.number in entry.text and "合并办理" in entry.public_text
    entry = TimelineEntry.objects.get(case=survivor, verb="merge_received")
    assert merged.number in entry.text and entry.public_text == ""
    # The merged case's officer hears of it; the actor does not.
    assert Notification.objects.filter(user=hrss_officer, type="case.merged").count() == 1
    assert not Notification.objects.filter(user=hrss_supervisor, type="case.merged").exists()


def test_merge_does_not_count_the_same_worker_twice(wage_case, hrss_supervisor):
    same_worker = open_wage_case()  # 张三 again, same ID number
    survivor = case_merge(actor=hrss_supervisor, case_id=same_worker.pk, into_id=wage_case.pk)
    survivor = Case.objects.get(pk=survivor.pk)
    assert survivor.parties.count() == 1
    assert (survivor.workers_count, survivor.amount_owed) == (1, Decimal("5000"))


def test_merged_tracking_number_leads_to_the_survivor(wage_case, hrss_supervisor):
    dup = open_complaint()
    case_merge(actor=hrss_supervisor, case_id=dup.pk, into_id=wage_case.pk)
    found = case_by_tracking(dup.tracking_number.lower())
    assert found.pk == wage_case.pk
    assert found.tracking_number == dup.tracking_number
    assert case_by_tracking(wage_case.tracking_number).pk == wage_case.pk


def test_old_number_finds_the_survivor_in_the_list(wage_case, hrss_officer, hrss_supervisor):
    dup = open_complaint()
    case_merge(actor=hrss_supervisor, case_id=dup.pk, into_id=wage_case.pk)
    for term in (dup.number, dup.tracking_number):
        found = set(
            case_list_for_user(hrss_officer, filters={"q": term}).values_list("pk", flat=True)
        )
        assert wage_case.pk in found


def test_merge_chain_keeps_one_hop(org, hrss_supervisor):
    a, b, c = open_wage_case(), open_complaint(), open_complaint(name="王五", id_number="")
    case_merge(actor=hrss_supervisor, case_id=a.pk, into_id=b.pk)
    case_merge(actor=hrss_supervisor, case_id=b.pk, into_id=c.pk)
    assert set(CaseAlias.objects.values_list("case_id", flat=True)) == {c.pk}
    assert case_by_tracking(a.tracking_number).pk == c.pk
    assert case_by_tracking(b.tracking_number).pk == c.pk


def _rejected(case, supervisor) -> Case:
    return case_transition(
        actor=supervisor, case_id=case.pk, name="reject", data={"reason": "不属于受理范围"}
    )


@pytest.mark.parametrize(
    ("target", "error", "field"),
    [
        ("self", InvalidInput, "into"),
        ("none", InvalidInput, "into"),
        ("missing", CaseNotFound, "into"),
        ("invisible", CaseNotFound, "into"),
        ("other_kind", InvalidInput, "into"),
        ("closed", Conflict, "into"),
        ("merged", Conflict, "into"),
    ],
)
def test_bad_merge_targets_write_nothing(wage_case, hrss_supervisor, target, error, field):
    dup = open_complaint()
    if target == "closed":
        into = _rejected(open_complaint(name="王五", id_number=""), hrss_supervisor).pk
    elif target == "merged":
        gone = open_complaint(name="王五", id_number="")
        case_merge(actor=hrss_supervisor, case_id=gone.pk, into_id=wage_case.pk)
        into = gone.pk
    else:
        into = {
            "self": dup.pk,
            "none": None,
            "missing": 999999,
            "invisible": open_complaint(jurisdiction="shizhong").pk,
            "other_kind": open_complaint(kind="discrimination").pk,
        }[target]
    before = _snapshot(dup, wage_case)
    with pytest.raises(error) as exc:
        case_merge(actor=hrss_supervisor, case_id=dup.pk, into_id=into)
    assert field in exc.value.errors
    assert _snapshot(dup, wage_case) == before


def test_merging_a_merged_or_closed_case_is_409(wage_case, hrss_supervisor):
    dup = open_complaint()
    case_merge(actor=hrss_supervisor, case_id=dup.pk, into_id=wage_case.pk)
    other = open_complaint(name="王五", id_number="")
    with pytest.raises(Conflict):
        case_merge(actor=hrss_supervisor, case_id=dup.pk, into_id=other.pk)
    closed = _rejected(open_complaint(name="赵六", id_number=""), hrss_supervisor)
    before = _snapshot(closed, other)
    with pytest.raises(Conflict):
        case_merge(actor=hrss_supervisor, case_id=closed.pk, into_id=other.pk)
    assert _snapshot(closed, other) == before


def test_another_lead_unit_is_refused(org):
    both = member("hrss.supervisor.both", "hrss", "xuecheng", "supervisor")
    Membership.objects.create(user=both, unit=unit_for("hrss", "shizhong"), role="supervisor")
    here, there = open_wage_case(), open_complaint(jurisdiction="shizhong")
    before = _snapshot(here, there)
    with pytest.raises(InvalidInput) as exc:
        case_merge(actor=both, case_id=here.pk, into_id=there.pk)
    assert exc.value.errors["into"] == ["只能并入同一主办单位的案件。"]
    assert _snapshot(here, there) == before


def test_stale_version_is_409_and_writes_nothing(wage_case, hrss_supervisor):
    dup = open_complaint()
    before = _snapshot(dup, wage_case)
    with pytest.raises(Conflict) as exc:
        case_merge(
            actor=hrss_supervisor, case_id=dup.pk, into_id=wage_case.pk, version=dup.version - 1
        )
    assert "version" in exc.value.errors
    assert _snapshot(dup, wage_case) == before


def test_only_handlers_of_both_cases_merge(
    wage_case, hrss_officer, hrss_officer2, hrss_supervisor, city_viewer, other_district_officer
):
    dup = open_complaint()
    case_assign(actor=hrss_supervisor, case_id=wage_case.pk, assignee=hrss_officer2)
    case_assign(actor=hrss_supervisor, case_id=dup.pk, assignee=hrss_officer)
    before = _snapshot(dup, wage_case)
    # hrss_officer handles dup but not the survivor; officer2 the reverse; the viewer neither.
    for actor in (hrss_officer, hrss_officer2, city_viewer):
        with pytest.raises(NotPermitted):
            case_merge(actor=actor, case_id=dup.pk, into_id=wage_case.pk)
    with pytest.raises(CaseNotFound):
        case_merge(actor=other_district_officer, case_id=dup.pk, into_id=wage_case.pk)
    assert _snapshot(dup, wage_case) == before
    assert merge_targets(hrss_officer, Case.objects.get(pk=dup.pk)) == []
    assert [c.pk for c in merge_targets(hrss_supervisor, Case.objects.get(pk=dup.pk))] == [
        wage_case.pk
    ]


def test_merge_locks_both_rows_of_only_the_case_table(wage_case, hrss_supervisor):
    """PostgreSQL refuses FOR UPDATE on the nullable side of an outer join: the lock names
    the case table only (`of=("self",)`), and takes the rows in id order."""
    dup = open_complaint()
    with CaptureQueriesContext(connection) as ctx:
        case_merge(actor=hrss_supervisor, case_id=dup.pk, into_id=wage_case.pk)
    locks = [q["sql"] for q in ctx.captured_queries if "casework_case" in q["sql"]]
    first = locks[0]
    assert "LEFT OUTER JOIN" in first and "ORDER BY" in first
    if connection.features.has_select_for_update:
        assert 'FOR UPDATE OF "casework_case"' in first
    else:
        assert "FOR UPDATE" not in first
    assert Case.objects.get(pk=dup.pk).status == MERGED


def test_employer_totals_count_merged_claims_once(wage_case, hrss_supervisor):
    from disputes.dishonesty.selectors import employer_wage_totals

    dup = open_complaint(amount="3000")
    before = employer_wage_totals(wage_case.employer)
    assert (before.owed, before.workers, before.open_cases) == (Decimal("8000"), 2, 2)
    case_merge(actor=hrss_supervisor, case_id=dup.pk, into_id=wage_case.pk)
    after = employer_wage_totals(wage_case.employer)
    assert (after.owed, after.workers, after.open_cases) == (Decimal("8000"), 2, 1)
