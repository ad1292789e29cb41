"""CaseFlow: the viewflow tasks follow every action, and the lists read them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

import casework.actions.assignment as assignment_actions
import casework.actions.transitions as transition_actions
from casework import workflow
from casework.actions import case_assign, case_claim, case_transition
from casework.errors import Conflict
from casework.flows import CaseFlow, next_step
from casework.models import Case, CaseProcess
from casework.selectors import approvals_for, inbox_for, queue_for
from permissions.models import Unit
from permissions.selectors import forget_org
from tests.factories import member, open_wage_case

# A payment order's due date: a month on.
DUE = (timezone.localdate() + timedelta(days=30)).isoformat()


def steps(case: Case) -> list[Task]:
    return list(
        Task.objects.filter(process__caseprocess__case=case, flow_task=CaseFlow.step).order_by("id")
    )


def open_task(case: Case) -> Task:
    (task,) = [t for t in steps(case) if t.status in (STATUS.NEW, STATUS.ASSIGNED)]
    return task


def fire(actor, case, name, **data):
    # Through the module, so that a test can wrap the action (see `sync_queries`).
    return transition_actions.case_transition(actor=actor, case_id=case.pk, name=name, data=data)


def close_request(officer, case):
    return fire(officer, case, "propose_closure", summary="已全额支付", amount_recovered="5000")


def test_intake_puts_a_step_in_the_lead_units_queue(wage_case, hrss_officer, hrss_clerk):
    process = CaseProcess.objects.get(case=wage_case)
    assert process.flow_class is CaseFlow
    assert process.status == PROCESS.NEW and process.running
    assert process.unit == Unit.objects.get(department__code="hrss", jurisdiction__code="xuecheng")
    assert (process.role, process.state) == ("officer", "submitted")
    task = open_task(wage_case)
    assert task.status == STATUS.NEW and task.owner is None
    assert task.data["expects"] == ["accept"]
    assert task.owner_permission == "casework.claim_case"
    assert task.owner_permission_obj_pk == str(wage_case.pk)
    assert list(queue_for(hrss_officer)) == [wage_case]
    assert list(queue_for(hrss_clerk)) == [wage_case]
    assert list(inbox_for(hrss_officer)) == []


def test_claim_moves_the_step_to_the_officers_inbox(wage_case, hrss_officer, hrss_officer2):
    case_claim(actor=hrss_officer, case_id=wage_case.pk)
    task = open_task(wage_case)
    assert task.status == STATUS.ASSIGNED and task.owner == hrss_officer
    assert task.assigned is not None
    assert list(inbox_for(hrss_officer)) == [wage_case]
    assert list(queue_for(hrss_officer)) == list(queue_for(hrss_officer2)) == []
    assert list(inbox_for(hrss_officer2)) == []
    # The claimed step is the same task: claiming is not a step of the case.
    assert len(steps(wage_case)) == 1


def test_a_claimed_case_cannot_be_claimed_again(wage_case, hrss_officer, hrss_officer2):
    case_claim(actor=hrss_officer, case_id=wage_case.pk)
    with pytest.raises(Conflict):
        case_claim(actor=hrss_officer2, case_id=wage_case.pk)
    assert open_task(wage_case).owner == hrss_officer


def test_accept_keeps_the_case_with_its_assignee(wage_case, hrss_officer):
    case_claim(actor=hrss_officer, case_id=wage_case.pk)
    fire(hrss_officer, wage_case, "accept")
    first, second = steps(wage_case)
    assert first.status == STATUS.DONE and first.owner == hrss_officer
    assert first.data["outcome"] == "investigating"
    assert first.data["by"] == hrss_officer.username
    assert second.status == STATUS.ASSIGNED and second.owner == hrss_officer
    assert set(second.data["expects"]) == {
        "request_extension",
        "order_payment",
        "propose_transfer",
        "propose_closure",
    }
    # The flow's `route` gateway stands between two steps.
    (route,) = second.previous.all()
    assert route.flow_task == CaseFlow.route and route.status == STATUS.DONE
    assert list(route.previous.all()) == [first]
    assert list(inbox_for(hrss_officer)) == [wage_case]


def test_accepting_from_the_queue_makes_the_officer_the_owner(
    wage_case, hrss_officer, hrss_officer2
):
    fire(hrss_officer2, wage_case, "accept")
    first, second = steps(wage_case)
    assert first.owner == hrss_officer2  # whoever took the queue step holds it
    assert second.owner == hrss_officer2
    assert list(inbox_for(hrss_officer2)) == [wage_case]
    assert list(inbox_for(hrss_officer)) == list(queue_for(hrss_officer)) == []


def test_a_transition_that_keeps_the_state_keeps_the_step(wage_case, hrss_officer):
    fire(hrss_officer, wage_case, "accept")
    fire(hrss_officer, wage_case, "order_payment", due_date=DUE, amount="5000")
    before = open_task(wage_case)
    fire(hrss_officer, wage_case, "record_payment", amount="1000", paid_on="2026-01-05")
    assert open_task(wage_case) == before
    assert before.data["state"] == "ordered"


def test_propose_closure_puts_a_supervisor_step_in_approvals(
    wage_case, hrss_officer, hrss_supervisor
):
    fire(hrss_officer, wage_case, "accept")
    close_request(hrss_officer, wage_case)
    task = open_task(wage_case)
    assert task.status == STATUS.NEW and task.owner is None
    assert task.owner_permission == "casework.transition:approve_closure"
    assert CaseProcess.objects.get(case=wage_case).role == "supervisor"
    assert list(approvals_for(hrss_supervisor)) == [wage_case]
    assert list(inbox_for(hrss_officer)) == []
    assert list(queue_for(hrss_officer)) == list(queue_for(hrss_supervisor)) == []
    assert list(approvals_for(hrss_officer)) == []


def test_approve_closure_ends_the_flow(wage_case, hrss_officer, hrss_supervisor):
    fire(hrss_officer, wage_case, "accept")
    close_request(hrss_officer, wage_case)
    fire(hrss_supervisor, wage_case, "approve_closure")
    process = CaseProcess.objects.get(case=wage_case)
    assert process.status == PROCESS.DONE and process.finished is not None
    assert not process.running and process.state == "closed"
    assert not Task.objects.filter(process=process, status__in=workflow.OPEN).exists()
    decision = steps(wage_case)[-1]
    assert decision.owner == hrss_supervisor and decision.data["outcome"] == "closed"
    end = Task.objects.get(process=process, flow_task=CaseFlow.end)
    (route,) = end.previous.all()
    assert end.status == STATUS.DONE and route.flow_task == CaseFlow.route
    assert list(route.previous.all()) == [decision]
    assert list(approvals_for(hrss_supervisor)) == []
    assert list(inbox_for(hrss_officer)) == []


def test_rework_returns_the_step_to_the_assignee(wage_case, hrss_officer, hrss_supervisor):
    fire(hrss_officer, wage_case, "accept")
    close_request(hrss_officer, wage_case)
    fire(hrss_supervisor, wage_case, "return_for_rework", reason="证据不足")
    assert open_task(wage_case).owner == hrss_officer
    assert list(inbox_for(hrss_officer)) == [wage_case]
    assert list(approvals_for(hrss_supervisor)) == []


def test_reject_from_the_queue_ends_the_flow(wage_case, hrss_supervisor, hrss_officer):
    fire(hrss_supervisor, wage_case, "reject", reason="不属于劳动保障监察范围")
    process = CaseProcess.objects.get(case=wage_case)
    assert process.status == PROCESS.DONE
    assert steps(wage_case)[0].owner == hrss_supervisor
    assert list(queue_for(hrss_officer)) == []


def test_reassign_moves_the_inbox(wage_case, hrss_officer, hrss_officer2, hrss_supervisor):
    fire(hrss_officer, wage_case, "accept")
    case_assign(actor=hrss_supervisor, case_id=wage_case.pk, assignee=hrss_officer2)
    task = open_task(wage_case)
    assert task.owner == hrss_officer2 and task.status == STATUS.ASSIGNED
    assert list(inbox_for(hrss_officer2)) == [wage_case]
    assert list(inbox_for(hrss_officer)) == []


def test_assigning_a_queued_case_moves_it_out_of_the_queue(wage_case, hrss_clerk, hrss_officer2):
    case_assign(actor=hrss_clerk, case_id=wage_case.pk, assignee=hrss_officer2)
    assert list(queue_for(hrss_clerk)) == []
    assert list(inbox_for(hrss_officer2)) == [wage_case]


def test_reassigning_during_approval_reaches_the_new_officer_after_it(
    wage_case, hrss_officer, hrss_officer2, hrss_supervisor
):
    fire(hrss_officer, wage_case, "accept")
    close_request(hrss_officer, wage_case)
    case_assign(actor=hrss_supervisor, case_id=wage_case.pk, assignee=hrss_officer2)
    assert open_task(wage_case).owner is None  # still the supervisor's decision
    assert list(approvals_for(hrss_supervisor)) == [wage_case]
    fire(hrss_supervisor, wage_case, "return_for_rework", reason="补充证据")
    assert open_task(wage_case).owner == hrss_officer2


def test_transfer_hands_the_step_to_the_police_unit_queue(
    wage_case, hrss_officer, hrss_supervisor, police_officer
):
    fire(hrss_officer, wage_case, "accept")
    fire(hrss_supervisor, wage_case, "transfer_to_police", reason="涉嫌拒不支付劳动报酬罪")
    police = Unit.objects.get(department__code="police", jurisdiction__code="xuecheng")
    assert CaseProcess.objects.get(case=wage_case).unit == police
    assert set(open_task(wage_case).data["expects"]) == {"police_accept", "police_return"}
    assert list(queue_for(police_officer)) == [wage_case]
    assert list(inbox_for(hrss_officer)) == list(queue_for(hrss_officer)) == []
    fire(police_officer, wage_case, "police_accept")
    assert list(queue_for(police_officer)) == []
    assert list(approvals_for(hrss_supervisor)) == [wage_case]


def test_other_units_see_none_of_the_steps(
    wage_case,
    hrss_officer,
    hrss_supervisor,
    other_district_officer,
    police_officer,
    market_officer,
    city_viewer,
):
    other_supervisor = member("hrss.supervisor.shizhong", "hrss", "shizhong", "supervisor")
    outsiders = [other_district_officer, police_officer, market_officer, city_viewer]
    for user in [*outsiders, other_supervisor]:
        assert list(queue_for(user)) == []
    fire(hrss_officer, wage_case, "accept")
    for user in outsiders:
        assert list(inbox_for(user)) == []
    close_request(hrss_officer, wage_case)
    assert list(approvals_for(other_supervisor)) == []
    assert list(approvals_for(city_viewer)) == []
    assert list(approvals_for(hrss_supervisor)) == [wage_case]


def test_an_officer_who_leaves_the_unit_loses_the_inbox_row(wage_case, hrss_officer):
    fire(hrss_officer, wage_case, "accept")
    hrss_officer.memberships.update(active=False)
    forget_org(hrss_officer)  # a new request reads the memberships afresh
    assert list(inbox_for(hrss_officer)) == []


def test_a_reopened_case_starts_a_new_round(wage_case, hrss_officer, hrss_supervisor):
    fire(hrss_officer, wage_case, "accept")
    close_request(hrss_officer, wage_case)
    fire(hrss_supervisor, wage_case, "approve_closure")
    fire(hrss_officer, wage_case, "record_feedback", satisfied=False, comment="只付了一半")
    # The unsatisfied answer opens the round (the supervisor's decision); reopening goes on
    # in it.
    assert CaseProcess.objects.filter(case=wage_case, running=True).count() == 1
    fire(hrss_supervisor, wage_case, "reopen", reason="回访不满意")
    first, second = CaseProcess.objects.filter(case=wage_case).order_by("id")
    assert first.status == PROCESS.DONE and second.status == PROCESS.NEW and second.running
    assert open_task(wage_case).process_id == second.pk
    assert open_task(wage_case).owner == hrss_officer
    assert list(inbox_for(hrss_officer)) == [wage_case]


def test_a_failed_action_leaves_the_step_untouched(wage_case, hrss_officer):
    before = open_task(wage_case)
    with pytest.raises(Conflict):
        case_transition(
            actor=hrss_officer, case_id=wage_case.pk, name="accept", data={}, version=99
        )
    assert steps(wage_case) == [before]
    assert open_task(wage_case).status == STATUS.NEW


def test_lists_put_the_nearest_deadline_and_urgent_cases_first(org, hrss_officer):
    normal = open_wage_case()
    collective = open_wage_case(workers=12)  # 群体性欠薪: priority high, same deadline
    assert collective.priority == "high"
    assert list(queue_for(hrss_officer)) == [collective, normal]


def test_next_step_names_whose_move_it_is(wage_case, hrss_officer):
    step = next_step(wage_case)
    assert (step.role, step.side, step.owner_id) == ("officer", "lead", None)
    case = fire(hrss_officer, wage_case, "accept")
    assert next_step(case).owner_id == hrss_officer.pk


# The tables of the workflow: viewflow's processes and tasks and the case's process row.
FLOW_TABLES = ("viewflow_", "casework_caseprocess")


@pytest.fixture
def sync_queries(monkeypatch) -> list[int]:
    """Counts the statements on the flow's tables of each action that calls `sync_tasks` (the
    real function). The whole action is captured: inside a write batch, the flow's writes
    are sent with a later statement of the same action."""
    counts: list[int] = []

    def counting(action):
        def wrapped(*args, **kwargs):
            with CaptureQueriesContext(connection) as ctx:
                result = action(*args, **kwargs)
            counts.append(sum(1 for q in ctx.captured_queries if _on_flow_tables(q["sql"])))
            return result

        return wrapped

    monkeypatch.setattr(
        transition_actions, "case_transition", counting(transition_actions.case_transition)
    )
    monkeypatch.setattr(assignment_actions, "case_claim", counting(assignment_actions.case_claim))
    return counts


def _on_flow_tables(sql: str) -> bool:
    # The table a statement reads or writes first: SELECT ... FROM x, INSERT INTO x, UPDATE x.
    words = sql.replace('"', "").split()
    upper = [w.upper() for w in words]
    if upper[0] == "SELECT":
        table = words[upper.index("FROM") + 1]
    elif upper[0] == "INSERT":  # INSERT [OR IGNORE] INTO x
        table = words[upper.index("INTO") + 1]
    elif upper[0] == "UPDATE":
        table = words[1]
    else:
        return False
    return table.startswith(FLOW_TABLES)


def test_queries_the_flow_adds_per_transition(
    wage_case, hrss_officer, hrss_supervisor, sync_queries
):
    # The process is serialised by the case row lock the action holds: no statement of its
    # own, on either database.
    # Claim: find the open step, give it an owner.
    assignment_actions.case_claim(actor=hrss_officer, case_id=wage_case.pk)
    # A step taken: find it, finish it, pass the route gateway (its task and link), open the
    # next step, link it, record its unit/role.
    fire(hrss_officer, wage_case, "accept")
    fire(hrss_officer, wage_case, "order_payment", due_date=DUE, amount="5000")
    # Same state, same owner: only the look-up.
    fire(hrss_officer, wage_case, "record_payment", amount="5000", paid_on="2026-01-05")
    close_request(hrss_officer, wage_case)
    # The closing step ends the round: find the open step, finish it, mark the process
    # (running no more), pass the route gateway, write the end task and its link, count
    # the process's open tasks, finish the two process rows.
    fire(hrss_supervisor, wage_case, "approve_closure")
    assert sync_queries == [2, 8, 8, 1, 8, 12]


def test_unsatisfied_feedback_puts_the_decision_in_the_approvals(
    wage_case, hrss_officer, hrss_supervisor
):
    """A closed case owes a decision when the worker is unsatisfied: a new round opens with
    a step for the supervisors, answered by reopening or by keeping the case closed."""
    fire(hrss_officer, wage_case, "accept")
    close_request(hrss_officer, wage_case)
    fire(hrss_supervisor, wage_case, "approve_closure")
    assert list(approvals_for(hrss_supervisor)) == []

    fire(hrss_officer, wage_case, "record_feedback", satisfied=True)
    assert list(approvals_for(hrss_supervisor)) == []
    assert not CaseProcess.objects.filter(case=wage_case, running=True).exists()

    fire(hrss_officer, wage_case, "record_feedback", satisfied=False, comment="还差两千")
    rows = list(approvals_for(hrss_supervisor))
    assert [row.pk for row in rows] == [wage_case.pk]
    task = open_task(wage_case)
    assert sorted(task.data["expects"]) == ["keep_closed", "reopen"]
    assert CaseProcess.objects.filter(case=wage_case).count() == 2

    fire(hrss_supervisor, wage_case, "keep_closed", reason="已核实付清")
    assert list(approvals_for(hrss_supervisor)) == []
    assert not CaseProcess.objects.filter(case=wage_case, running=True).exists()
    task.refresh_from_db()
    assert task.status == STATUS.DONE and task.owner == hrss_supervisor


def test_reopening_from_the_decision_step_hands_the_case_back_to_the_officer(
    wage_case, hrss_officer, hrss_supervisor
):
    fire(hrss_officer, wage_case, "accept")
    close_request(hrss_officer, wage_case)
    fire(hrss_supervisor, wage_case, "approve_closure")
    fire(hrss_officer, wage_case, "record_feedback", satisfied=False, comment="仍未付清")
    fire(hrss_supervisor, wage_case, "reopen", reason="回访不满意，重新调查")
    assert list(approvals_for(hrss_supervisor)) == []
    assert [row.pk for row in inbox_for(hrss_officer)] == [wage_case.pk]
    assert open_task(wage_case).data["state"] == "investigating"
