"""The deadline watch: warnings at 80 % of a legal clock, 督办 when it is overdue, and
escalation to the parent unit when it is still overdue after 5 working days.

`check_deadlines` is run by `manage.py check_deadlines` and by the periodic scheduler (every
few minutes). It is idempotent and safe to run concurrently: each alert is a `ClockAlert` row
under a unique (clock, level) constraint, inserted in a savepoint; the run that inserts it
notifies, the others hit the constraint and do nothing. See docs/deadlines.md for the rules
(how time is measured, recipients, re-arming after a deadline moves).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import audit, workdays
from casework.documents import day_text
from casework.language import records_language
from casework.models import (
    AlertLevel,
    CaseTransfer,
    ClockAlert,
    ClockStatus,
    LegalClock,
    TimelineEntry,
)
from casework.models.alerts import SEVERITY
from casework.models.transfer import TransferStatus
from casework.notify import notify
from permissions.models import Role, Unit
from permissions.selectors import members_with_role

# Share of a clock's period after which the officer is warned (docs/domain.md, "Deadline watch").
WARNING_NUMERATOR, WARNING_DENOMINATOR = 4, 5
# Working days a clock may stay overdue before the parent unit is asked to supervise.
ESCALATE_AFTER_WORKING_DAYS = 5

NOTIFICATION_TYPES = {
    AlertLevel.WARNING: "deadline.warning",
    AlertLevel.OVERDUE: "deadline.overdue",
    AlertLevel.ESCALATED_PARENT: "deadline.escalated",
    AlertLevel.TRANSFER_OVERDUE: "transfer.overdue",
}
AUDIT_VERBS = {
    AlertLevel.WARNING: "casework.deadline.warning",
    AlertLevel.OVERDUE: "casework.deadline.overdue",
    AlertLevel.ESCALATED_PARENT: "casework.deadline.escalated",
    AlertLevel.TRANSFER_OVERDUE: "casework.transfer.answer_overdue",
}
CLOCK_LEVELS = (AlertLevel.WARNING, AlertLevel.OVERDUE, AlertLevel.ESCALATED_PARENT)


def period_units(clock: LegalClock) -> int:
    """The clock's period in its own unit: the statutory days plus the granted extensions
    (a decision's fixed deadline counts its calendar days). Paused time is not part of it."""
    if clock.fixed_due is not None:
        return max((clock.fixed_due - clock.start_date).days, 0)
    return (clock.days or 0) + clock.extended_days


def warning_threshold(period: int) -> int:
    """The day of the period (1-based, in the clock's unit) on which 80 % is reached."""
    return -(-period * WARNING_NUMERATOR // WARNING_DENOMINATOR)


def elapsed_units(clock: LegalClock, today: date) -> int:
    """Units of the period used up by the end of `today`: the days of the clock's unit after
    the start day, minus the paused days (counted exactly as `clocks.compute_due` excludes
    them, so that on the due date the elapsed time equals the period)."""
    end = today + timedelta(days=1)
    used = workdays.count_days(clock.start_date + timedelta(days=1), end, clock.day_unit)
    for pause in clock.pauses.all():
        pause_end = min(pause.ended_on or end, end)
        used -= workdays.count_days(pause.started_on, pause_end, clock.day_unit)
    return max(used, 0)


def overdue_working_days(due: date, today: date) -> int:
    """Working days after the due date up to and including today (0 when not overdue).
    Counted in working days whatever the clock's unit: the escalation rule says so."""
    if today <= due:
        return 0
    return workdays.count_days(due + timedelta(days=1), today + timedelta(days=1), "working")


@dataclass(frozen=True)
class ClockState:
    """Which thresholds a running clock has reached on a given day."""

    period: int
    elapsed: int
    # As the case page shows it: days of the clock's unit after today up to the due date.
    days_left: int
    overdue_days: int
    warning: bool
    overdue: bool
    escalate: bool

    def holds(self, level: str) -> bool:
        return {
            AlertLevel.WARNING: self.warning,
            AlertLevel.OVERDUE: self.overdue,
            AlertLevel.ESCALATED_PARENT: self.escalate,
        }[level]


def clock_state(clock: LegalClock, today: date) -> ClockState:
    period = period_units(clock)
    elapsed = elapsed_units(clock, today)
    overdue = today > clock.due_date
    late = overdue_working_days(clock.due_date, today)
    return ClockState(
        period=period,
        elapsed=elapsed,
        days_left=workdays.days_left(today, clock.due_date, clock.day_unit),
        overdue_days=late,
        warning=overdue or (period > 0 and elapsed >= warning_threshold(period)),
        overdue=overdue,
        escalate=late >= ESCALATE_AFTER_WORKING_DAYS,
    )


def _supervisors(unit_id: int | None) -> list:
    if unit_id is None:
        return []
    return list(members_with_role(unit_id, Role.SUPERVISOR))


def _clock_recipients(clock: LegalClock, level: str) -> tuple[list, Unit | None]:
    """Who is told, and the unit asked to act.

    Warning: the handling officer (the lead unit's supervisors when nobody is assigned yet).
    Overdue (督办): the lead unit's supervisors and the handling officer. Escalation: the
    parent unit's supervisors, and the lead unit's supervisors so they know it went up.
    """
    case = clock.case
    lead = case.lead_unit
    assignee = [case.assignee] if case.assignee_id and case.assignee.is_active else []
    if level == AlertLevel.WARNING:
        return (assignee or _supervisors(lead.pk)), lead
    if level == AlertLevel.OVERDUE:
        return _supervisors(lead.pk) + assignee, lead
    parent = lead.parent_unit
    return _supervisors(parent.pk if parent else None) + _supervisors(lead.pk), parent


def _clock_texts(clock: LegalClock, level: str, state: ClockState, unit: Unit | None) -> dict:
    case = clock.case
    args = {
        "number": case.number,
        "clock": clock.title,
        # Written as documents write a date (2025年3月10日): the closure report and the
        # dossier print the timeline, and the notices are records too (architecture.md).
        "due": day_text(clock.due_date),
        "left": max(state.days_left, 0),
        "unit_label": clock.get_day_unit_display(),
        "n": state.overdue_days,
        "unit": unit.name if unit else "",
        "lead": case.lead_unit.name,
    }
    if level == AlertLevel.WARNING:
        return {
            "notify": _(
                "案件 %(number)s 的%(clock)s将于 %(due)s 届满（剩余%(left)s个%(unit_label)s），"
                "请抓紧办理"
            )
            % args,
            "timeline": _("%(clock)s已用时80%%，将于 %(due)s 届满，已预警") % args,
        }
    if level == AlertLevel.OVERDUE:
        return {
            "notify": _("案件 %(number)s 的%(clock)s已于 %(due)s 届满，现已超期，请督办") % args,
            "timeline": _("%(clock)s已超期（届满日 %(due)s），已提请%(unit)s审批人督办") % args,
        }
    return {
        "notify": _(
            "案件 %(number)s（%(lead)s）的%(clock)s超期已满%(n)s个工作日仍未办结，提请%(unit)s督办"
        )
        % args,
        "timeline": _("%(clock)s超期%(n)s个工作日，已提请%(unit)s督办") % args,
    }


def _insert(alert: ClockAlert) -> bool:
    """Insert the alert row; False when another run already raised it (unique constraint)."""
    try:
        with transaction.atomic():
            alert.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def raise_clock_alert(
    clock: LegalClock, level: str, *, state: ClockState, now: datetime
) -> ClockAlert | None:
    """Raise one threshold of one clock, once.

    Side effects (all in one transaction, only for the run that inserts the row): the
    `ClockAlert` row, notifications to the recipients, an internal timeline entry (no public
    text) and an audit event. Returns None when the clock moved on meanwhile (stopped,
    paused, deadline changed) or another run raised the alert first.
    """
    recipients, unit = _clock_recipients(clock, level)
    if level == AlertLevel.ESCALATED_PARENT and unit is None:
        return None
    texts = _clock_texts(clock, level, state, unit)
    with transaction.atomic():
        still = LegalClock.objects.filter(
            pk=clock.pk, status=ClockStatus.RUNNING, due_date=clock.due_date
        ).exists()
        if not still:
            return None
        alert = ClockAlert(
            case_id=clock.case_id,
            clock=clock,
            level=level,
            severity=SEVERITY[level],
            due_date=clock.due_date,
            unit=unit,
            created_at=now,
        )
        if not _insert(alert):
            return None
        alert.recipients = notify(
            recipients, case=clock.case, type=NOTIFICATION_TYPES[level], text=texts["notify"]
        )
        alert.save(update_fields=["recipients"])
        TimelineEntry.objects.create(
            case_id=clock.case_id,
            at=now,
            actor=None,
            verb=f"deadline_{level}",
            text=texts["timeline"],
            payload={"clock": clock.pk, "level": level, "due_date": clock.due_date.isoformat()},
        )
        audit.record(
            actor=None,
            verb=AUDIT_VERBS[level],
            case=clock.case,
            obj=alert,
            payload={
                "clock": clock.code,
                "clock_id": clock.pk,
                "level": level,
                "due_date": clock.due_date,
                "elapsed": state.elapsed,
                "period": state.period,
                "overdue_working_days": state.overdue_days,
                "unit": unit.pk if unit else None,
                "recipients": alert.recipients,
            },
        )
    return alert


def raise_transfer_alert(transfer: CaseTransfer, *, now: datetime) -> ClockAlert | None:
    """The receiving unit has not answered a transfer by its answer date: tell its
    supervisors, once. Side effects as `raise_clock_alert`."""
    unit = transfer.to_unit
    case = transfer.case
    args = {"number": case.number, "due": day_text(transfer.due_on), "unit": unit.name}
    with transaction.atomic():
        if not CaseTransfer.objects.filter(pk=transfer.pk, status=TransferStatus.PENDING).exists():
            return None
        alert = ClockAlert(
            case_id=case.pk,
            transfer=transfer,
            level=AlertLevel.TRANSFER_OVERDUE,
            severity=SEVERITY[AlertLevel.TRANSFER_OVERDUE],
            due_date=transfer.due_on,
            unit=unit,
            created_at=now,
        )
        if not _insert(alert):
            return None
        alert.recipients = notify(
            _supervisors(unit.pk),
            case=case,
            type=NOTIFICATION_TYPES[AlertLevel.TRANSFER_OVERDUE],
            text=_("案件 %(number)s 的移送已超过答复期限（%(due)s），请尽快接收或退回") % args,
        )
        alert.save(update_fields=["recipients"])
        TimelineEntry.objects.create(
            case=case,
            at=now,
            actor=None,
            verb="transfer_answer_overdue",
            text=_("%(unit)s未在答复期限（%(due)s）内答复移送，已提醒其审批人") % args,
            payload={"transfer": transfer.pk, "due_on": transfer.due_on.isoformat()},
        )
        audit.record(
            actor=None,
            verb=AUDIT_VERBS[AlertLevel.TRANSFER_OVERDUE],
            case=case,
            obj=alert,
            payload={
                "transfer": transfer.pk,
                "due_on": transfer.due_on,
                "to_unit": unit.pk,
                "recipients": alert.recipients,
            },
        )
    return alert


def _clear(alert: ClockAlert) -> bool:
    """Re-arm a level whose condition no longer holds because the deadline moved (an
    extension, a resume after a pause, a holiday-calendar change): the row goes, so the level
    can fire again against the new deadline. The raise itself stays on the timeline and in
    the audit chain; the deadline move is audited by the action that moved it."""
    deleted, _rows = ClockAlert.objects.filter(pk=alert.pk).delete()
    return bool(deleted)


def check_deadlines(now: datetime | None = None) -> dict[str, int]:
    """Check every running legal clock and every pending transfer; raise the alerts due.

    Returns the number of alerts raised per level, the number of clocks checked and the
    number of alerts re-armed because their deadline moved. Paused and stopped clocks are
    skipped: a paused clock does not run, and its paused days are excluded once it resumes.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"clocks": 0, **{level.value: 0 for level in AlertLevel}, "rearmed": 0}
    # Texts stored in notifications and on the timeline are in the site's language, whoever
    # (a command, the scheduler thread, a request) runs the check.
    with records_language():
        clocks = (
            LegalClock.objects.filter(status=ClockStatus.RUNNING, case__closed_at__isnull=True)
            .select_related("case__lead_unit__jurisdiction", "case__assignee")
            .prefetch_related("pauses", "alerts")
            .order_by("id")
        )
        # Materialised: the loop writes, and SQLite gives no isolation between an open
        # cursor and writes on the same connection.
        for clock in list(clocks):
            counts["clocks"] += 1
            state = clock_state(clock, today)
            existing = {a.level: a for a in clock.alerts.all()}
            for level in CLOCK_LEVELS:
                alert = existing.get(level)
                if alert is not None:
                    if not state.holds(level) and _clear(alert):
                        counts["rearmed"] += 1
                    continue
                if not state.holds(level):
                    continue
                # Found already overdue (the watch was down, or a clock started late): the
                # overdue 督办 says more than a warning, so the warning is not sent as well.
                if level == AlertLevel.WARNING and state.overdue:
                    continue
                # A city-level unit has no parent: its own overdue 督办 is the last step.
                if (
                    level == AlertLevel.ESCALATED_PARENT
                    and clock.case.lead_unit.jurisdiction.parent_id is None
                ):
                    continue
                if raise_clock_alert(clock, level, state=state, now=now) is not None:
                    counts[level] += 1
        transfers = (
            CaseTransfer.objects.filter(status=TransferStatus.PENDING, due_on__lt=today)
            .exclude(alerts__level=AlertLevel.TRANSFER_OVERDUE)
            .select_related("case", "to_unit")
            .order_by("id")
        )
        for transfer in transfers:
            if raise_transfer_alert(transfer, now=now) is not None:
                counts[AlertLevel.TRANSFER_OVERDUE] += 1
    return counts
