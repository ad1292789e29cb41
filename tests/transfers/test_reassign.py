"""Bulk reassignment: every open case of an officer goes to other officers of the unit."""

from __future__ import annotations

import pytest

from casework.actions import case_assign
from casework.actions import reassign as reassign_module
from casework.actions.reassign import (
    cases_reassign_all,
    reassignment_create,
    reassignment_run,
)
from casework.errors import InvalidInput, NotPermitted
from casework.models import AuditEvent, Case
from casework.workflow import open_step
from tests.factories import member, open_wage_case


@pytest.fixture
def officer3(org):
    return member("hrss.officer3.xuecheng", "hrss", "xuecheng", "officer")


def cases_of(supervisor, officer, n: int) -> list[Case]:
    cases = []
    for _ in range(n):
        case = open_wage_case()
        case_assign(actor=supervisor, case_id=case.pk, assignee=officer)
        cases.append(case)
    return cases


def test_every_open_case_goes_to_the_named_officer(
    hrss_supervisor, hrss_officer, hrss_officer2, xuecheng_unit
):
    cases = cases_of(hrss_supervisor, hrss_officer, 3)
    closed = cases_of(hrss_supervisor, hrss_officer, 1)[0]
    Case.objects.filter(pk=closed.pk).update(status="closed")

    job = cases_reassign_all(
        actor=hrss_supervisor, from_user=hrss_officer, unit=xuecheng_unit, to_user=hrss_officer2
    )

    assert (job.total, job.done, job.failed, job.status) == (3, 3, 0, "finished")
    assert job.started_at and job.finished_at
    for case in cases:
        case = Case.objects.get(pk=case.pk)
        assert case.assignee == hrss_officer2
        assert open_step(case).owner == hrss_officer2
    assert Case.objects.get(pk=closed.pk).assignee == hrss_officer
    assert (
        AuditEvent.objects.filter(verb="casework.case.reassigned", actor=hrss_supervisor).count()
        == 3
    )


def test_balanced_reassignment_spreads_the_load(
    hrss_supervisor, hrss_officer, hrss_officer2, officer3, xuecheng_unit
):
    cases_of(hrss_supervisor, hrss_officer, 4)
    cases_of(hrss_supervisor, hrss_officer2, 1)

    job = cases_reassign_all(actor=hrss_supervisor, from_user=hrss_officer, unit=xuecheng_unit)

    assert (job.done, job.failed) == (4, 0)
    assert not Case.objects.filter(assignee=hrss_officer).exists()
    # officer3 starts empty and catches up with officer2; then they alternate (ties go to
    # the older account): 1+2 and 0+2 cases.
    assert Case.objects.filter(assignee=hrss_officer2).count() == 3
    assert Case.objects.filter(assignee=officer3).count() == 2


def test_a_failing_case_is_reported_and_does_not_undo_the_others(
    hrss_supervisor, hrss_officer, hrss_officer2, xuecheng_unit, monkeypatch
):
    cases = cases_of(hrss_supervisor, hrss_officer, 3)
    job = reassignment_create(
        actor=hrss_supervisor, from_user=hrss_officer, unit=xuecheng_unit, to_user=hrss_officer2
    )
    assert (job.total, job.status) == (3, "pending")
    # A race: the job lists the officer's open cases, then one of them is closed before the
    # job reaches it.
    listing = reassign_module.open_cases_of

    def listed_then_closed(user, unit_id):
        ids = list(listing(user, unit_id).values_list("pk", flat=True))
        Case.objects.filter(pk=cases[1].pk).update(status="closed")
        return Case.objects.filter(pk__in=ids).order_by("id")

    monkeypatch.setattr(reassign_module, "open_cases_of", listed_then_closed)
    job = reassignment_run(job)

    assert (job.total, job.done, job.failed, job.status) == (3, 2, 1, "finished")
    assert job.errors == [{"case": cases[1].number, "error": "案件已办结，不能再分派。"}]
    assert Case.objects.get(pk=cases[0].pk).assignee == hrss_officer2
    assert Case.objects.get(pk=cases[2].pk).assignee == hrss_officer2
    assert Case.objects.get(pk=cases[1].pk).assignee == hrss_officer


def test_only_a_supervisor_of_the_unit_may_reassign(
    hrss_clerk, hrss_officer, hrss_officer2, other_district_officer, xuecheng_unit
):
    with pytest.raises(NotPermitted):
        reassignment_create(actor=hrss_clerk, from_user=hrss_officer, unit=xuecheng_unit)
    with pytest.raises(NotPermitted):
        reassignment_create(actor=hrss_officer2, from_user=hrss_officer, unit=xuecheng_unit)


def test_bad_targets_name_the_field(
    hrss_supervisor, hrss_officer, other_district_officer, xuecheng_unit
):
    with pytest.raises(InvalidInput) as exc:
        reassignment_create(
            actor=hrss_supervisor,
            from_user=hrss_officer,
            unit=xuecheng_unit,
            to_user=other_district_officer,
        )
    assert list(exc.value.errors) == ["to_user"]
    with pytest.raises(InvalidInput) as exc:
        reassignment_create(
            actor=hrss_supervisor, from_user=hrss_officer, unit=xuecheng_unit, to_user=hrss_officer
        )
    assert list(exc.value.errors) == ["to_user"]
    # Nobody else to take the cases: the only officer is the one leaving.
    with pytest.raises(InvalidInput) as exc:
        reassignment_create(actor=hrss_supervisor, from_user=hrss_officer, unit=xuecheng_unit)
    assert list(exc.value.errors) == ["to_user"]
    with pytest.raises(InvalidInput) as exc:
        reassignment_create(actor=hrss_supervisor, from_user=None, unit=xuecheng_unit)
    assert list(exc.value.errors) == ["from_user"]
