"""Pausing and resuming a legal clock (中止/恢复计时), only as its own article allows."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import audit, clocks
from casework.actions.locking import lock_case, save_case
from casework.documents import day_text
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.language import records_language
from casework.models import Case, ClockStatus, LegalClock, PauseReason, TimelineEntry
from casework.policies import case_policy
from permissions.models import Department

NOTE_MAX = 500


def _locked(actor, case_id: int, code: str, version: int | None) -> tuple[Case, LegalClock]:
    case = lock_case(case_id)
    if case is None or not case_policy.can(actor, "view", case):
        raise CaseNotFound(_("案件不存在。"))
    clock = (
        LegalClock.objects.filter(case=case, code=code)
        .exclude(status=ClockStatus.STOPPED)
        .order_by("-id")
        .first()
    ) or LegalClock.objects.filter(case=case, code=code).order_by("-id").first()
    if clock is None:
        raise CaseNotFound(_("时限不存在。"))
    if not case_policy.can(actor, f"control_clock:{clock.owner}", case):
        if clock.owner:
            name = Department.objects.filter(code=clock.owner).values_list("name", flat=True)
            raise NotPermitted(
                _("%(title)s由%(dept)s计算，只有其承办人或审批人可以中止或恢复计时。")
                % {"title": clock.title, "dept": name.first() or clock.owner}
            )
        raise NotPermitted(_("只有承办人或主办单位审批人可以中止或恢复计时。"))
    if version is not None and int(version) != case.version:
        raise Conflict(_("案件已被他人更新，请刷新后重试。"))
    return case, clock


def clock_pause(
    *, actor, case_id: int, code: str, reason: str, note: str = "", version: int | None = None
) -> LegalClock:
    """Pause a running clock for a reason its article excludes from the period.

    A reason the article does not list, or a clock whose article excludes nothing, is
    refused (InvalidInput on `reason`, citing the article); so is a user of another
    department than the clock's owner (NotPermitted). The paused days are excluded from the
    period when it resumes. Side effects: one audit event and a timeline entry; the case's
    version is bumped.
    """
    if reason not in PauseReason.values:
        raise InvalidInput(_("请选择有效的中止原因。"), field="reason")
    if len(note) > NOTE_MAX:
        raise InvalidInput(_("说明不得超过500字。"), field="note")
    with transaction.atomic(durable=True):
        case, clock = _locked(actor, case_id, code, version)
        if clock.status != ClockStatus.RUNNING:
            raise Conflict(_("该时限当前未在计时，不能中止。"))
        clocks.pause(case, clock.code, reason=reason, note=note)
        with records_language():
            save_case(case)
            label = PauseReason(reason).label
            audit.record(
                actor=actor,
                verb="casework.clock.paused",
                case=case,
                obj=clock,
                payload={
                    "clock": clock.code,
                    "reason": reason,
                    "note": note,
                    "basis": clock.article,
                },
            )
            TimelineEntry.objects.create(
                case=case,
                at=timezone.now(),
                actor=actor,
                verb="clock_paused",
                text=_("%(title)s中止计时（%(reason)s，依据%(article)s）")
                % {"title": clock.title, "reason": label, "article": clock.article},
                comment=note,
            )
            clock.refresh_from_db()
    return clock


def clock_resume(*, actor, case_id: int, code: str, version: int | None = None) -> LegalClock:
    """Resume a paused clock; the due date moves by the excluded days (shown on the timeline)."""
    with transaction.atomic(durable=True):
        case, clock = _locked(actor, case_id, code, version)
        if clock.status != ClockStatus.PAUSED:
            raise Conflict(_("该时限未处于中止状态。"))
        before = clock.due_date
        clock = clocks.resume(case, clock.code)
        with records_language():
            save_case(case)
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
                    "due": day_text(clock.due_date),
                },
            )
    return clock
