"""Claiming, assigning and reassigning cases (one case, or every case of a user)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework import audit
from casework.actions.locking import lock_case, save_case
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.language import records_language
from casework.models import Case, TimelineEntry
from casework.notify import notify
from casework.policies import case_policy
from casework.workflow import sync_tasks
from permissions.models import Role
from permissions.selectors import org_of


def _locked_visible(actor, case_id: int) -> Case:
    case = lock_case(case_id)
    if case is None or not case_policy.can(actor, "view", case):
        raise CaseNotFound(_("案件不存在。"))
    return case


def _set_assignee(
    case: Case, actor, assignee, verb: str, text, params: dict, version: int | None
) -> Case:
    """Check the version and the state, then write; `text % params` is the timeline entry,
    in the site's language."""
    if version is not None and int(version) != case.version:
        raise Conflict(_("案件已被他人更新，请刷新后重试。"))
    if case.is_final:
        raise Conflict(_("案件已办结，不能再分派。"))
    with records_language():
        return _write_assignee(case, actor, assignee, verb, str(text) % params)


def _write_assignee(case: Case, actor, assignee, verb: str, text: str) -> Case:
    previous = case.assignee
    case.assignee = assignee
    save_case(case, "assignee")
    now = timezone.now()
    audit.record(
        actor=actor,
        verb=f"casework.case.{verb}",
        case=case,
        from_state=case.status,
        to_state=case.status,
        payload={"from": previous.username if previous else None, "to": assignee.username},
    )
    TimelineEntry.objects.create(case=case, at=now, actor=actor, verb=verb, text=text)
    notify(
        [assignee],
        case=case,
        type="case.assigned",
        text=_("案件 %(number)s 已分派给您") % {"number": case.number},
        exclude=actor,
    )
    sync_tasks(case, actor=actor)
    return case


def case_claim(*, actor, case_id: int, version: int | None = None) -> Case:
    """An officer takes an unassigned case of their unit. Audited; the task moves to them."""
    with transaction.atomic(durable=True):
        case = _locked_visible(actor, case_id)
        if case.assignee_id is not None:
            raise Conflict(_("案件已有承办人。"))
        if not case_policy.can(actor, "claim", case):
            raise NotPermitted(_("只有主办单位的承办人可以认领案件。"))
        return _set_assignee(
            case,
            actor,
            actor,
            "claimed",
            _l("认领案件"),
            {},
            version,
        )


def _check_assignee(case: Case, assignee) -> None:
    if assignee is None or not assignee.is_active:
        raise InvalidInput(_("承办人不存在或已停用。"), field="assignee")
    if not org_of(assignee).has_role(case.lead_unit_id, Role.OFFICER):
        raise InvalidInput(_("承办人必须是主办单位的承办人员。"), field="assignee")


def case_assign(*, actor, case_id: int, assignee, version: int | None = None) -> Case:
    """A supervisor or clerk assigns (or reassigns) the case to an officer of the lead unit."""
    with transaction.atomic(durable=True):
        case = _locked_visible(actor, case_id)
        if not case_policy.can(actor, "assign", case):
            raise NotPermitted(_("只有主办单位的审批人或登记分派员可以分派案件。"))
        _check_assignee(case, assignee)
        verb = "reassigned" if case.assignee_id else "assigned"
        return _set_assignee(
            case,
            actor,
            assignee,
            verb,
            _l("分派给 %(name)s"),
            # Records end up in documents: the person's name, not a login name.
            {"name": assignee.get_full_name() or assignee.get_username()},
            version,
        )


def least_loaded_officer(unit_id: int, exclude: int | None = None):
    """The officer of the unit with the fewest open cases (workload-balanced routing),
    other than the user `exclude` (e.g. an officer whose cases are being handed over)."""
    from django.db.models import Count, Q

    final_states = set()
    from casework.kinds import all_kinds

    for spec in all_kinds():
        final_states |= set(spec.final_states)
    User = get_user_model()
    return (
        User.objects.filter(
            memberships__unit_id=unit_id,
            memberships__role=Role.OFFICER,
            memberships__active=True,
            is_active=True,
        )
        .annotate(
            open_cases=Count("assigned_cases", filter=~Q(assigned_cases__status__in=final_states))
        )
        .exclude(pk=exclude)
        .order_by("open_cases", "id")
        .first()
    )
