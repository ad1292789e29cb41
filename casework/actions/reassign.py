"""Handing over every open case of one officer in one unit (the officer leaves or moves).

Each case is reassigned by `case_assign` in its own durable transaction, so the progress
recorded on the `ReassignmentJob` is real: a case that fails (e.g. it became final or was
moved meanwhile) is listed in the job's errors and does not undo the others.
"""

from __future__ import annotations

import threading

from django.db import close_old_connections
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.errors import CaseworkError, InvalidInput, NotPermitted
from casework.kinds import all_kinds
from casework.models import Case, ReassignmentJob
from casework.models.transfer import JobStatus
from permissions.models import Role
from permissions.selectors import org_of

from .assignment import case_assign, least_loaded_officer


def _final_states() -> set[str]:
    states: set[str] = set()
    for spec in all_kinds():
        states |= set(spec.final_states)
    return states


def open_cases_of(user, unit_id: int):
    return (
        Case.objects.filter(lead_unit_id=unit_id, assignee=user)
        .exclude(status__in=_final_states())
        .order_by("id")
    )


def reassignment_create(
    *, actor, from_user, unit, to_user=None, to_user_given: bool = False
) -> ReassignmentJob:
    """Check the request and record the job (nothing is moved yet). `to_user_given` says a
    target was named, so that an unknown name is an error rather than "balance the load"."""
    if unit is None:
        raise InvalidInput(_("单位不存在。"), field="unit")
    if not org_of(actor).has_role(unit.pk, Role.SUPERVISOR):
        raise NotPermitted(_("只有本单位的审批人可以批量改派案件。"))
    if from_user is None:
        raise InvalidInput(_("承办人不存在。"), field="from_user")
    if to_user is None and to_user_given:
        raise InvalidInput(_("接手人必须是本单位的承办人员。"), field="to_user")
    if to_user is not None:
        if to_user.pk == from_user.pk:
            raise InvalidInput(_("接手人不能是原承办人。"), field="to_user")
        if not to_user.is_active or not org_of(to_user).has_role(unit.pk, Role.OFFICER):
            raise InvalidInput(_("接手人必须是本单位的承办人员。"), field="to_user")
    elif least_loaded_officer(unit.pk, exclude=from_user.pk) is None:
        raise InvalidInput(_("本单位没有其他承办人员可以接手。"), field="to_user")
    return ReassignmentJob.objects.create(
        actor=actor,
        from_user=from_user,
        to_user=to_user,
        unit=unit,
        total=open_cases_of(from_user, unit.pk).count(),
    )


def reassignment_run(job: ReassignmentJob) -> ReassignmentJob:
    """Move the job's cases one by one, saving progress after each case."""
    job.status = JobStatus.RUNNING
    job.started_at = timezone.now()
    ids = list(open_cases_of(job.from_user, job.unit_id).values_list("pk", flat=True))
    job.total = len(ids)
    job.save(update_fields=["status", "started_at", "total"])
    for case_id in ids:
        # Re-evaluated per case, so each case goes to whoever is least loaded now.
        target = job.to_user or least_loaded_officer(job.unit_id, exclude=job.from_user_id)
        try:
            if target is None:
                raise InvalidInput(_("本单位没有其他承办人员可以接手。"), field="to_user")
            case_assign(actor=job.actor, case_id=case_id, assignee=target)
        except CaseworkError as exc:
            job.failed += 1
            number = Case.objects.filter(pk=case_id).values_list("number", flat=True).first()
            job.errors = [*job.errors, {"case": number, "error": exc.message}]
        else:
            job.done += 1
        job.save(update_fields=["done", "failed", "errors"])
    job.status = JobStatus.FINISHED
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at"])
    return job


def cases_reassign_all(*, actor, from_user, unit, to_user=None) -> ReassignmentJob:
    """Reassign every open case of `from_user` in `unit`, now: to `to_user`, or each to the
    least loaded other officer of the unit."""
    job = reassignment_create(actor=actor, from_user=from_user, unit=unit, to_user=to_user)
    return reassignment_run(job)


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        job = ReassignmentJob.objects.select_related("actor", "from_user", "to_user").get(pk=job_id)
        reassignment_run(job)
    except Exception as exc:
        # Whatever broke, the page must not poll a job that claims to run forever.
        ReassignmentJob.objects.filter(pk=job_id).update(
            status=JobStatus.FINISHED,
            finished_at=timezone.now(),
            errors=[{"case": None, "error": str(exc)[:300]}],
        )
        raise
    finally:
        close_old_connections()


def reassignment_start(job: ReassignmentJob) -> threading.Thread:
    """Run the job in a background thread of this process (the page polls its progress)."""
    thread = threading.Thread(
        target=_run_in_thread, args=(job.pk,), name=f"reassign-{job.pk}", daemon=True
    )
    thread.start()
    return thread
