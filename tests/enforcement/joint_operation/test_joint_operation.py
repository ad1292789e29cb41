"""The joint-operation kind (docs/domain.md §7): opening, the per-unit report tasks (viewflow
Split/Join), every transition from its legal sources and refused from all others, who sees
and who acts, linking the cases opened during the operation, the summary and the closure."""

from __future__ import annotations

from datetime import timedelta
from itertools import permutations

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from casework.actions import available_transitions, case_open_internal
from casework.audit import verify_chain
from casework.documents.dossier_audit import audit_rows
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted, UnknownTransition
from casework.models import (
    AuditEvent,
    Case,
    CaseParticipant,
    CaseSequence,
    LegalClock,
    Notification,
    TimelineEntry,
)
from casework.selectors import (
    approvals_for,
    case_get_for_user,
    case_list_for_user,
    inbox_for,
    queue_for,
)
from enforcement.joint_operation.actions import operation_claim, operation_link, operation_report
from enforcement.joint_operation.flows import OperationFlow
from enforcement.joint_operation.models import OperationLink, OperationProcess, OperationUnit
from enforcement.joint_operation.selectors import linked_cases_for, operation_of
from tests.disputes.walk import snapshot
from tests.factories import member, open_wage_case

from ..inspection.walk import make_market
from ..matrix import assert_fires, assert_refused
from .test_helpers import (  # noqa: F401  (fixtures)
    PARTICIPANTS,
    PAYLOADS,
    REPORT,
    STATES,
    TRANSITIONS,
    fire,
    open_data,
    open_operation,
    report,
    team_fixture,
    unit,
    walk_to,
)

LEGAL = [(name, src) for name, (sources, _t, _r) in TRANSITIONS.items() for src in sources]
ILLEGAL = [
    (name, state)
    for name, (sources, _t, _r) in TRANSITIONS.items()
    for state in STATES
    if state not in sources
]


def _writes() -> tuple:
    return (
        Case.objects.count(),
        AuditEvent.objects.count(),
        CaseParticipant.objects.count(),
        OperationUnit.objects.count(),
        list(CaseSequence.objects.values_list("last", flat=True)),
    )


def _report_tasks(case) -> list[Task]:
    return list(
        Task.objects.filter(
            process__operationprocess__case_id=case.pk, flow_task=OperationFlow.report
        ).order_by("pk")
    )


# --- opening -----------------------------------------------------------------------------


def test_a_supervisor_opens_an_operation_with_units_of_several_departments(team):
    market = make_market()
    police_sup = member("police.supervisor.xuecheng", "police", "xuecheng", "supervisor")
    case = open_operation(team.supervisor, markets=[market.pk])

    assert case.kind == "joint_operation" and case.status == "planned"
    assert case.number.startswith("xuecheng-LX-")
    assert case.lead_unit_id == unit("hrss")
    assert case.details["units"] == [unit(d) for d in PARTICIPANTS]
    assert case.details["markets"] == [market.pk]
    assert case.details["title"] == "零工市场周边秩序集中整治"
    assert set(
        CaseParticipant.objects.filter(case=case, reason="joint_operation").values_list(
            "unit_id", flat=True
        )
    ) == {unit(d) for d in PARTICIPANTS}
    assert set(OperationUnit.objects.filter(case=case).values_list("status", flat=True)) == {
        "pending"
    }
    clock = LegalClock.objects.get(case=case, code="operation")
    assert clock.due_date == timezone.localdate() + timedelta(days=10)
    # Until it starts there are no report tasks; the start is the lead supervisors' move.
    assert _report_tasks(case) == []
    assert list(approvals_for(team.supervisor)) == [case]
    assert AuditEvent.objects.filter(case=case, verb="enforcement.joint_operation.opened").exists()
    # The participating units' supervisors hear of the plan.
    assert Notification.objects.filter(user=police_sup, case=case).exists()


def test_a_supervisor_of_any_department_may_lead(org):
    police_sup = member("police.supervisor.xuecheng", "police", "xuecheng", "supervisor")
    case = open_operation(police_sup, units=[unit("police"), unit("hrss")])
    assert case.lead_unit_id == unit("police")


def test_an_officer_may_not_open_an_operation_and_nothing_is_written(team):
    before = _writes()
    with pytest.raises(NotPermitted) as exc:
        open_operation(team.officer)
    assert exc.value.status_code == 403
    assert _writes() == before


@pytest.mark.parametrize(
    "over, field",
    [
        ({"units": [999999]}, "units"),
        ({"units": []}, "units"),
        ({"units": "police"}, "units"),
        ({"starts_on": "2026-12-10", "ends_on": "2026-12-09"}, "ends_on"),
        ({"markets": [999999]}, "markets"),
        ({"title": ""}, "title"),
        ({"starts_on": "not a date"}, "starts_on"),
    ],
)
def test_bad_opening_input_is_a_400_naming_the_field(team, over, field):
    before = _writes()
    with pytest.raises(InvalidInput) as exc:
        open_operation(team.supervisor, **over)
    assert exc.value.status_code == 400
    assert field in exc.value.errors
    assert _writes() == before


def test_a_missing_unit_list_is_a_400(team):
    data = open_data()
    del data["units"]
    with pytest.raises(InvalidInput) as exc:
        case_open_internal(actor=team.supervisor, data=data)
    assert "units" in exc.value.errors


def test_units_and_markets_outside_the_jurisdiction_are_refused(team):
    far_market = make_market("shizhong", "市中区零工市场")
    with pytest.raises(InvalidInput) as exc:
        open_operation(
            team.supervisor,
            units=[unit("police"), unit("police", "shizhong")],
            markets=[far_market.pk],
        )
    assert set(exc.value.errors) == {"units", "markets"}
    assert "市中区公安局" in str(exc.value.errors["units"])
    assert not Case.objects.filter(kind="joint_operation").exists()


def test_a_period_ending_on_its_first_day_is_fine(team):
    case = open_operation(team.supervisor, starts_on="2026-12-05", ends_on="2026-12-05")
    assert case.details["ends_on"] == "2026-12-05"


# --- the split: one report task per unit in its queue -------------------------------------


def test_start_splits_one_report_task_per_unit_into_each_units_queue(team):
    case = open_operation(team.supervisor)
    fire(case, "start", team.supervisor)

    tasks = _report_tasks(case)
    assert sorted(t.data["unit"] for t in tasks) == sorted(unit(d) for d in PARTICIPANTS)
    assert all(t.status == STATUS.NEW and t.owner_id is None for t in tasks)
    for dept in PARTICIPANTS:
        row = OperationUnit.objects.get(case=case, unit_id=unit(dept))
        assert row.task.data["unit"] == unit(dept)
        queue = list(queue_for(team.reporters[dept]))
        assert [c.pk for c in queue] == [case.pk]
        assert queue[0].step_unit_id == unit(dept)
        assert queue[0].step_task_id == row.task_id
        # Officers of the unit are told to report.
        assert Notification.objects.filter(
            user=team.reporters[dept], case=case, type="queue.new"
        ).exists()
    # The lead unit's own step (follow up, remind) stays with its officers.
    assert [c.pk for c in queue_for(team.officer)] == [case.pk]
    assert queue_for(team.officer)[0].step_unit_id == unit("hrss")
    # Units not taking part see no task.
    drc = member("drc.officer.xuecheng", "drc", "xuecheng", "officer")
    assert list(queue_for(drc)) == []
    process = OperationProcess.objects.get(case=case)
    assert process.flow_class is OperationFlow and process.status == PROCESS.NEW


def test_claiming_moves_the_task_from_the_unit_queue_to_the_officers_inbox(team):
    case = walk_to("in_progress", team)
    police = team.reporters["police"]
    police2 = member("police.officer2.xuecheng", "police", "xuecheng", "officer")
    operation_claim(actor=police, case_id=case.pk, unit_id=unit("police"))

    assert list(queue_for(police)) == list(queue_for(police2)) == []
    inbox = list(inbox_for(police))
    assert [c.pk for c in inbox] == [case.pk] and inbox[0].step_unit_id == unit("police")
    assert OperationUnit.objects.get(case=case, unit_id=unit("police")).task.owner == police
    assert AuditEvent.objects.filter(
        case=case, verb="enforcement.joint_operation.task_claimed", actor=police
    ).exists()
    # Held: a second claim is a conflict, and another officer of the unit may not report.
    with pytest.raises(Conflict):
        operation_claim(actor=police2, case_id=case.pk, unit_id=unit("police"))
    with pytest.raises(NotPermitted):
        report(case, police2, "police")
    # A supervisor of the unit may still report for it.
    police_sup = member("police.supervisor.xuecheng", "police", "xuecheng", "supervisor")
    report(case, police_sup, "police")
    assert list(inbox_for(police)) == []


def test_only_an_officer_of_the_unit_claims_its_task(team):
    case = walk_to("in_progress", team)
    with pytest.raises(NotPermitted):
        operation_claim(actor=team.reporters["market"], case_id=case.pk, unit_id=unit("police"))
    with pytest.raises(InvalidInput) as exc:
        operation_claim(actor=team.reporters["police"], case_id=case.pk, unit_id=unit("drc"))
    assert "unit" in exc.value.errors


# --- the join: fires after the last report, in any order ----------------------------------


@pytest.mark.parametrize("order", list(permutations(PARTICIPANTS)))
def test_the_join_fires_only_after_the_last_unit_reports(team, order):
    case = walk_to("in_progress", team)
    for i, dept in enumerate(order, start=1):
        before = Case.objects.get(pk=case.pk).version
        report(case, team.reporters[dept], dept, stalls_cleared=i)
        fresh = Case.objects.get(pk=case.pk)
        assert fresh.version == before + 1
        joined = Task.objects.filter(
            process__operationprocess__case_id=case.pk,
            flow_task=OperationFlow.join,
            status=STATUS.DONE,
        ).exists()
        assert list(queue_for(team.reporters[dept])) == []
        if i < len(order):
            assert fresh.status == "in_progress" and not joined
            for other in order[i:]:
                assert [c.pk for c in queue_for(team.reporters[other])] == [case.pk]
        else:
            assert fresh.status == "reporting_done" and joined
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.details["totals"]["stalls_cleared"] == 6
    assert fresh.details["totals"]["persons_educated"] == 90
    assert OperationProcess.objects.get(case=case).status == PROCESS.DONE
    assert [e.verb for e in AuditEvent.objects.filter(case=case).order_by("id")][-2:] == [
        "enforcement.joint_operation.report",
        "enforcement.joint_operation.complete_reporting",
    ]
    last = AuditEvent.objects.filter(case=case).order_by("-id").first()
    assert (last.from_state, last.to_state) == ("in_progress", "reporting_done")
    assert not LegalClock.objects.filter(case=case, code="operation", status="running").exists()
    # The lead's officers now write the summary; they are told so.
    assert [c.pk for c in queue_for(team.officer)] == [case.pk]
    assert queue_for(team.officer)[0].step_data["expects"] == ["submit_summary"]
    assert Notification.objects.filter(
        user=team.officer, case=case, type="operation.reported"
    ).exists()
    assert verify_chain().ok


def test_a_report_is_recorded_with_its_results_and_timeline(team):
    case = walk_to("in_progress", team)
    row = report(case, team.reporters["market"], "market", notices_issued=4)
    row.refresh_from_db()
    assert row.status == "reported" and row.reported_by == team.reporters["market"]
    assert row.results == {
        "markets_inspected": 2,
        "persons_educated": 30,
        "persons_dispersed": 12,
        "stalls_cleared": 5,
        "vehicles_removed": 0,
        "notices_issued": 4,
    }
    assert row.task.status == STATUS.DONE and row.task.owner == team.reporters["market"]
    entry = TimelineEntry.objects.filter(case=case).order_by("-id").first()
    assert entry.verb == "operation_report" and "薛城区市场监督管理局" in entry.text


@pytest.mark.parametrize(
    "over, field",
    [
        ({"markets_inspected": -1}, "markets_inspected"),
        ({"markets_inspected": 10**30}, "markets_inspected"),
        ({"persons_educated": 100_001}, "persons_educated"),
        ({"notices_issued": 1_000_000_000_000}, "notices_issued"),
        ({"stalls_cleared": "many"}, "stalls_cleared"),
        ({"text": ""}, "text"),
        ({"cases": ["no-such-case"]}, "cases"),
    ],
)
def test_bad_report_input_is_a_400_and_writes_nothing(team, over, field):
    case = walk_to("in_progress", team)
    before = (
        snapshot(case),
        _writes(),
        list(OperationUnit.objects.values_list("status", "task__status")),
    )
    with pytest.raises(InvalidInput) as exc:
        report(case, team.reporters["police"], "police", **over)
    assert field in exc.value.errors
    after = (
        snapshot(case),
        _writes(),
        list(OperationUnit.objects.values_list("status", "task__status")),
    )
    assert after == before


def test_reporting_twice_before_or_after_the_operation_is_a_conflict(team):
    planned = walk_to("planned", team)
    with pytest.raises(Conflict):
        report(planned, team.reporters["police"], "police")
    case = walk_to("in_progress", team)
    report(case, team.reporters["police"], "police")
    with pytest.raises(Conflict):
        report(case, team.reporters["police"], "police")
    with pytest.raises(Conflict):
        operation_report(
            actor=team.reporters["market"],
            case_id=case.pk,
            unit_id=unit("market"),
            data=REPORT,
            version=1,
        )


def test_a_unit_reports_only_for_itself(team):
    case = walk_to("in_progress", team)
    with pytest.raises(NotPermitted):
        report(case, team.reporters["police"], "market")
    # The lead unit does not report for a unit that takes part.
    with pytest.raises(NotPermitted):
        report(case, team.officer, "police")


# --- transitions -------------------------------------------------------------------------


def _actor(team, role: str):
    return team.supervisor if role == "supervisor" else team.officer


@pytest.mark.parametrize("name, source", LEGAL)
def test_transition_fires_from_its_legal_source(team, name, source):
    case = walk_to(source, team)
    _sources, target, role = TRANSITIONS[name]
    actor = _actor(team, role)
    assert_fires(
        case,
        name,
        source,
        target,
        actor,
        f"enforcement.joint_operation.{name}",
        lambda: fire(case, name, actor),
    )


@pytest.mark.parametrize("name, state", ILLEGAL)
def test_transition_is_refused_from_every_other_state(team, name, state):
    case = walk_to(state, team)
    actor = _actor(team, TRANSITIONS[name][2])
    assert_refused(case, name, actor, lambda: fire(case, name, actor))


@pytest.mark.parametrize("state", STATES)
def test_the_join_transition_is_never_fired_by_hand(team, state):
    case = walk_to(state, team)
    with pytest.raises(UnknownTransition):
        fire(case, "complete_reporting", team.supervisor)


def test_remind_is_refused_once_everyone_has_reported_and_nudges_the_others(team):
    case = walk_to("in_progress", team)
    report(case, team.reporters["police"], "police")
    fire(case, "remind_units", team.officer)
    assert Notification.objects.filter(
        user=team.reporters["market"], case=case, type="operation.reminder"
    ).exists()
    assert not Notification.objects.filter(
        user=team.reporters["police"], case=case, type="operation.reminder"
    ).exists()


def test_summary_carries_the_totals_and_closure_stops_the_process(team):
    case = walk_to("reporting_done", team)
    fire(case, "submit_summary", team.officer)
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.assignee == team.officer
    assert fresh.details["summary"]["text"] == PAYLOADS["submit_summary"]["summary"]
    assert fresh.details["summary"]["totals"]["persons_dispersed"] == 36
    assert [c.pk for c in approvals_for(team.supervisor)] == [case.pk]
    assert Notification.objects.filter(
        user=team.supervisor, case=case, type="approval.requested"
    ).exists()
    fire(case, "return_summary", team.supervisor)
    assert [c.pk for c in inbox_for(team.officer)] == [case.pk]
    fire(case, "submit_summary", team.officer, summary="补充后的总结")
    fire(case, "approve_closure", team.supervisor)
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == "closed" and fresh.closed_at is not None
    assert fresh.details["summary"]["text"] == "补充后的总结"
    for user in (team.supervisor, team.officer, *team.reporters.values()):
        assert list(queue_for(user)) == list(inbox_for(user)) == list(approvals_for(user)) == []


def test_cancelling_a_planned_operation_creates_no_tasks(team):
    case = walk_to("cancelled", team)
    assert case.is_final and case.details["cancellation"]["reason"]
    assert _report_tasks(case) == []
    assert list(approvals_for(team.supervisor)) == []


# --- who sees, who acts --------------------------------------------------------------------


def test_who_sees_the_operation(team, city_viewer, other_district_officer):
    case = walk_to("in_progress", team)
    police_shizhong = member("police.officer.shizhong", "police", "shizhong", "officer")
    drc = member("drc.officer.xuecheng", "drc", "xuecheng", "officer")
    city_police = member("police.viewer.city", "police", "city", "viewer")
    seeing = [team.supervisor, team.officer, city_viewer, *team.reporters.values()]
    for user in seeing:
        assert case_get_for_user(user, case.pk).pk == case.pk
        assert case.pk in case_list_for_user(user).values_list("pk", flat=True)
    # Other districts, departments that do not take part, and other departments' city
    # viewers (the lead is 人社) do not see it.
    for user in (other_district_officer, police_shizhong, drc, city_police):
        with pytest.raises(CaseNotFound):
            case_get_for_user(user, case.pk)
        with pytest.raises(CaseNotFound):
            report(case, user, "police")
        assert not case_list_for_user(user).filter(pk=case.pk).exists()


def test_who_acts(team, city_viewer):
    planned = walk_to("planned", team)
    assert available_transitions(team.supervisor, planned) == ["start", "cancel"]
    assert available_transitions(team.officer, planned) == []
    for user in (city_viewer, *team.reporters.values()):
        assert available_transitions(user, planned) == []
        with pytest.raises(NotPermitted):
            fire(planned, "start", user)
    case = walk_to("in_progress", team)
    assert available_transitions(team.officer, case) == ["remind_units"]
    assert available_transitions(team.reporters["police"], case) == []
    with pytest.raises(NotPermitted):
        report(case, city_viewer, "police")
    with pytest.raises(NotPermitted):
        operation_claim(actor=city_viewer, case_id=case.pk, unit_id=unit("police"))


def test_a_participant_of_another_operation_sees_only_its_own(team):
    mine = walk_to("in_progress", team)
    other = open_operation(team.supervisor, units=[unit("market")])
    police = team.reporters["police"]
    assert case_get_for_user(police, mine.pk)
    with pytest.raises(CaseNotFound):
        case_get_for_user(police, other.pk)


# --- cases opened during the operation -----------------------------------------------------


def _in(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _incident(officer):
    return case_open_internal(
        actor=officer,
        data={
            "kind": "security_incident",
            "jurisdiction": "xuecheng",
            "incident_type": "provoking_trouble",
            "description": "行动中发现有人寻衅滋事。",
        },
    )


def test_cases_reported_with_the_results_link_back(team):
    case = walk_to("in_progress", team)
    police = team.reporters["police"]
    incident = _incident(police)
    report(case, police, "police", cases=[incident.number])

    link = OperationLink.objects.get(case=incident)
    assert link.operation_id == case.pk and link.unit_id == unit("police")
    assert operation_of(incident).pk == case.pk
    assert [c.pk for c in linked_cases_for(police, case)] == [incident.pk]
    # The lead (人社) may not see a police incident: it is counted, not listed.
    assert linked_cases_for(team.supervisor, case) == []
    assert Case.objects.get(pk=case.pk).details["totals"]["cases"] == 1
    assert TimelineEntry.objects.filter(case=incident, verb="operation_linked").exists()
    assert AuditEvent.objects.filter(
        case=incident, verb="enforcement.joint_operation.linked", actor=police
    ).exists()


def test_the_dossiers_name_the_operations_events(team):
    # The extract of a dossier: the report and the link on the operation, the link on the
    # case found, in words; none of their codes.
    case = walk_to("in_progress", team)
    police = team.reporters["police"]
    incident = _incident(police)
    report(case, police, "police", cases=[incident.number])
    done = {row[2] for row in audit_rows(Case.objects.get(pk=case.pk).as_kind(), 200)}
    assert "报送行动情况" in done
    found = {row[2] for row in audit_rows(Case.objects.get(pk=incident.pk).as_kind(), 200)}
    assert "列为联合执法行动中查处的案件" in found
    codes = [v for v in done | found if v.startswith("enforcement.")]
    assert codes == []


def test_linking_a_visible_case_and_its_refusals(team, hrss_officer2):
    case = walk_to("in_progress", team)
    police = team.reporters["police"]
    incident = _incident(police)
    operation_link(actor=police, case_id=case.pk, data={"case": str(incident.pk)})
    assert operation_of(incident).pk == case.pk
    # Linking the same case again is harmless; an operation, an older case, an invisible or
    # unknown case are refused on `case`.
    operation_link(actor=police, case_id=case.pk, data={"case": incident.number})
    assert OperationLink.objects.filter(case=incident).count() == 1
    other = open_operation(team.supervisor)
    for ref in (str(other.pk), "xuecheng-ZA-2099-9999"):
        with pytest.raises(InvalidInput) as exc:
            operation_link(actor=police, case_id=case.pk, data={"case": ref})
        assert "case" in exc.value.errors
    wage = open_wage_case()
    with pytest.raises(InvalidInput):
        # 人社's wage case is not visible to the police.
        operation_link(actor=police, case_id=case.pk, data={"case": wage.number})
    # A unit that neither leads nor takes part may not link; one that cannot see gets 404.
    with pytest.raises(CaseNotFound):
        operation_link(
            actor=member("drc.officer.xuecheng", "drc", "xuecheng", "officer"),
            case_id=case.pk,
            data={"case": wage.number},
        )
    # Linked to another operation already: refused.
    second = walk_to("in_progress", team)
    with pytest.raises(InvalidInput):
        operation_link(actor=police, case_id=second.pk, data={"case": incident.number})


def test_a_case_registered_before_the_operation_began_is_not_one_opened_during_it(team):
    police = team.reporters["police"]
    older = _incident(police)
    same_day = _incident(police)
    Case.objects.filter(pk=older.pk).update(submitted_at=older.submitted_at - timedelta(days=1))
    # Planned to begin in a week but started today: it began today.
    case = open_operation(team.supervisor, starts_on=_in(7), ends_on=_in(10))
    fire(case, "start", team.supervisor)
    with pytest.raises(InvalidInput) as exc:
        operation_link(actor=police, case_id=case.pk, data={"case": older.number})
    assert "case" in exc.value.errors and "行动开始之前" in str(exc.value.errors["case"])
    operation_link(actor=police, case_id=case.pk, data={"case": same_day.number})
    assert operation_of(same_day).pk == case.pk


def test_links_are_refused_before_the_start_and_after_the_summary(team):
    police = team.reporters["police"]
    for state in ("planned", "closure_pending"):
        case = walk_to(state, team)
        incident = _incident(police)
        with pytest.raises(Conflict):
            operation_link(actor=police, case_id=case.pk, data={"case": incident.number})
