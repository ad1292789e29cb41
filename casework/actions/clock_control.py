"""Pausing and resuming a legal clock (中止/恢复计时) with a reason."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import audit, clocks
from casework.actions.locking import lock_case, save_case
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.models import Case, ClockStatus, LegalClock, PauseReason, TimelineEntry
from casework.policies import case_policy


def _locked(actor, case_id: int, clock_id: int, version: int | None) -> tuple[Case, LegalClock]:
    case = lock_case(case_id)
    if case is None or not case_policy.can(actor, "view", case):
        raise CaseNotFound(_("案件不存在。"))
    clock = LegalClock.objects.filter(pk=clock_id, case=case).first()
    if clock is None:
        raise CaseNotFound(_("时限不存在。"))
    if not case_policy.can(actor, "control_clock", case):
        raise NotPermitted(_("只有承办人或主办单位审批人可以中止或恢复计时。"))
    if version is not None and int(version) != case.version:
        raise Conflict(_("案件已被他人更新，请刷新后重试。"))
    return case, clock


def _bump(case: Case) -> None:
    save_case(case)


def clock_pause(
    *, actor, case_id: int, clock_id: int, reason: str, note: str = "", version: int | None = None
) -> LegalClock:
    """Pause a running clock for a statutory reason (鉴定, 检测, 听证, 公告, 等待当事人).

    The paused days are excluded from the period when it resumes. Side effects: one audit
    event and a timeline entry; the case's binding deadline and version are updated.
    """
    if reason not in PauseReason.values:
        raise InvalidInput(_("请选择有效的中止原因。"), field="reason")
    if len(note) > 500:
        raise InvalidInput(_("说明不得超过500字。"), field="note")
    with transaction.atomic(durable=True):
        case, clock = _locked(actor, case_id, clock_id, version)
        if clock.status != ClockStatus.RUNNING:
            raise Conflict(_("该时限当前未在计时，不能中止。"))
        clocks.pause(case, clock.code, reason=reason, note=note)
        _bump(case)
        label = PauseReason(reason).label
        audit.record(
            actor=actor,
            verb="casework.clock.paused",
            case=case,
            obj=clock,
            payload={"clock": clock.code, "reason": reason, "note": note},
        )
        TimelineEntry.objects.create(
            case=case,
            at=timezone.now(),
            actor=actor,
            verb="clock_paused",
            text=_("%(title)s中止计时（%(reason)s）") % {"title": clock.title, "reason": label},
            comment=note,
        )
        clock.refresh_from_db()
    return clock


def clock_resume(*, actor, case_id: int, clock_id: int, version: int | None = None) -> LegalClock:
    """Resume a paused clock; the due date moves by the excluded days (shown on the timeline)."""
    with transaction.atomic(durable=True):
        case, clock = _locked(actor, case_id, clock_id, version)
        if clock.status != ClockStatus.PAUSED:
            raise Conflict(_("该时限未处于中止状态。"))
        before = clock.due_date
        clock = clocks.resume(case, clock.code)
        _bump(case)
        audit.record(
            actor=actor,
            verb="casework.clock.resumed",
            case=case,
            obj=clock,
            payload={
                "clock": clock.code,
                "excluded_units": clock.excluded_units,
                "due_before": before.isoformat(),
                "due_after": clock.due_date.isoformat(),
            },
        )
        TimelineEntry.objects.create(
            case=case,
            at=timezone.now(),
            actor=actor,
            verb="clock_resumed",
            text=_("%(title)s恢复计时，扣除中止期间%(n)s天，届满日调整为%(due)s")
            % {
                "title": clock.title,
                "n": clock.excluded_units,
                "due": clock.due_date.isoformat(),
            },
        )
    return clock
