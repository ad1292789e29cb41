"""Starting, stopping, pausing and extending legal clocks, and reading them for display."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from . import workdays
from .errors import InvalidInput
from .kinds import ClockSpec
from .models import ClockExtension, ClockPause, ClockStatus, LegalClock, PauseReason


def local_today() -> date:
    return timezone.localdate()


def compute_due(clock: LegalClock, today: date | None = None) -> date:
    """Due date = start + period (+ extension) + the excluded (paused) days of the same unit."""
    excluded = 0
    for pause in clock.pauses.all():
        end = pause.ended_on or (today or local_today())
        excluded += workdays.count_days(pause.started_on, end, clock.day_unit)
    clock.excluded_units = excluded
    if clock.fixed_due is not None:
        base_days = (clock.fixed_due - clock.start_date).days
        return (
            workdays.add_days(clock.start_date, base_days + excluded, "calendar")
            if excluded
            else clock.fixed_due
        )
    total = (clock.days or 0) + clock.extended_days + excluded
    return workdays.add_days(clock.start_date, total, clock.day_unit)


def start(case, spec: ClockSpec, start_date: date) -> LegalClock:
    clock = LegalClock(
        case=case,
        code=spec.code,
        title=spec.title,
        legal_basis=spec.legal_basis,
        day_unit=spec.day_unit,
        days=spec.days,
        start_date=start_date,
        extension_days=spec.extension_days,
        exclusions=[str(r) for r in spec.exclusions],
        extensions_allowed=[
            {"days": e.days, "approver": str(e.approver), "basis": str(e.basis)}
            for e in spec.extensions
        ],
        owner=spec.owner,
    )
    clock.due_date = workdays.add_days(start_date, spec.days, spec.day_unit)
    clock.save(force_insert=True)
    return clock


def start_fixed(
    case, *, code: str, title: str, legal_basis: str, start_date: date, due: date
) -> LegalClock:
    """A clock whose due date is set by a decision (e.g. 限期支付指令's deadline)."""
    return LegalClock.objects.create(
        case=case,
        code=code,
        title=title,
        legal_basis=legal_basis,
        day_unit="calendar",
        days=None,
        start_date=start_date,
        fixed_due=due,
        due_date=due,
    )


def running(case, code: str) -> LegalClock | None:
    """The case's latest clock of this code that has not stopped. Read from the case's
    clocks (`case.clocks.all()`), so that where they were prefetched for display
    (`presenters.clocks_for`) the conditions asked for the same page read no more rows."""
    found = [c for c in case.clocks.all() if c.code == code and c.status != ClockStatus.STOPPED]
    return max(found, key=lambda c: c.pk, default=None)


def stop(case, *codes: str) -> int:
    """Stop the case's clocks of these codes; the number stopped."""
    return (
        LegalClock.objects.filter(case_id=case.pk, code__in=codes)
        .exclude(status=ClockStatus.STOPPED)
        .update(status=ClockStatus.STOPPED, stopped_at=timezone.now())
    )


def check_pause_reason(clock: LegalClock, reason: str) -> None:
    """Refuse a reason the clock's own article does not exclude from its period."""
    if not clock.exclusions:
        raise InvalidInput(
            _("%(article)s未规定可以不计入期限的情形，%(title)s不能中止计时。")
            % {"article": clock.article, "title": clock.title},
            field="reason",
        )
    if reason not in clock.exclusions:
        label = PauseReason(reason).label if reason in PauseReason.values else reason
        allowed = "、".join(str(lbl) for _r, lbl in clock.pause_reasons)
        raise InvalidInput(
            _("%(article)s不将“%(reason)s”的期间排除在期限之外（可扣除：%(allowed)s）。")
            % {"article": clock.article, "reason": label, "allowed": allowed},
            field="reason",
        )


def pause(
    case, code: str, *, reason: str, note: str = "", on: date | None = None
) -> LegalClock | None:
    """Pause the running clock for a reason its article excludes (InvalidInput otherwise);
    None when no clock of that code runs."""
    clock = running(case, code)
    if clock is None or clock.status == ClockStatus.PAUSED:
        return None
    check_pause_reason(clock, reason)
    ClockPause.objects.create(
        clock=clock,
        reason=reason,
        note=note,
        basis=clock.article,
        started_on=on or local_today(),
    )
    clock.status = ClockStatus.PAUSED
    clock.save(update_fields=["status"])
    return clock


def resume(case, code: str, *, on: date | None = None) -> LegalClock | None:
    clock = running(case, code)
    if clock is None or clock.status != ClockStatus.PAUSED:
        return None
    ClockPause.objects.filter(clock=clock, ended_on__isnull=True).update(
        ended_on=on or local_today()
    )
    clock.status = ClockStatus.RUNNING
    clock.due_date = compute_due(clock)
    clock.save(update_fields=["status", "due_date", "excluded_units"])
    return clock


EXTENSION_DAYS_MAX = 365


def extend(
    case,
    code: str,
    *,
    days: int | None = None,
    by=None,
    note: str = "",
    on: date | None = None,
) -> LegalClock | None:
    """Grant the clock's next extension the article allows; None when it allows no more.

    The length is the article's; `days` is required only where the approving decision
    fixes it (an extension declared with `days=None`), and refused where the article does.
    """
    clock = running(case, code)
    if clock is None:
        return None
    step = clock.next_extension
    if step is None:
        return None
    if step["days"] is None:
        if days is None:
            raise InvalidInput(_("请填写集体讨论决定延长的天数。"), field="days")
        if not 1 <= days <= EXTENSION_DAYS_MAX:
            raise InvalidInput(
                _("延长天数应在1至%(max)s之间。") % {"max": EXTENSION_DAYS_MAX}, field="days"
            )
        length = days
    else:
        if days is not None and days != step["days"]:
            raise InvalidInput(
                _("%(article)s规定延长%(n)s日，不能另定天数。")
                % {"article": clock.article, "n": step["days"]},
                field="days",
            )
        length = step["days"]
    ClockExtension.objects.create(
        clock=clock,
        days=length,
        approver=step["approver"][:60],
        basis=(step.get("basis") or clock.article)[:200],
        note=note[:500],
        granted_on=on or local_today(),
        granted_by=by,
    )
    clock.extensions_granted += 1
    clock.extended_days += length
    clock.extended = True
    clock.due_date = compute_due(clock)
    clock.save(
        update_fields=[
            "extensions_granted",
            "extended_days",
            "extended",
            "due_date",
            "excluded_units",
        ]
    )
    return clock


def can_extend(case, code: str) -> bool:
    clock = running(case, code)
    return bool(clock and clock.extensions_left)


def next_extension_days_set_by_decision(case, code: str) -> bool:
    """The next extension's length is fixed by the approving decision (a `days` field)."""
    clock = running(case, code)
    step = clock.next_extension if clock else None
    return bool(step and step["days"] is None)


def recompute_open_clocks() -> int:
    """After the holiday calendar changed: let the apps recompute the dates they store
    (`signals.calendar_changed`), then recompute every clock that is not stopped."""
    from .signals import calendar_changed

    workdays.invalidate()
    calendar_changed.send(sender=LegalClock)
    n = 0
    moved_cases: set[int] = set()
    for clock in LegalClock.objects.exclude(status=ClockStatus.STOPPED).prefetch_related("pauses"):
        due = compute_due(clock)
        if due != clock.due_date:
            clock.due_date = due
            clock.save(update_fields=["due_date", "excluded_units"])
            moved_cases.add(clock.case_id)
            n += 1
    # The case row keeps the binding deadline for lists and the overdue filter. A plain
    # UPDATE: the deadline is derived data, and bumping `version` would fail the next save
    # of anyone who loaded the case before the calendar changed.
    from .models import Case

    for case_id in moved_cases:
        Case.objects.filter(pk=case_id).update(deadline=binding_deadline(case_id))
    return n


def binds_lead(clock: LegalClock, lead_department: str) -> bool:
    """Whether the clock is a period the law sets for the lead unit, whose miss counts as
    超时 in the statistics (docs/statistics.md): declared with a length of its own by the
    kind, not a date an order or a plan fixes (`fixed_due`: the employer's 限期支付 binds
    the employer), and owned by the lead unit's department ("" = the lead's). The
    statistics' query form is `casework.stats.measures.binds_lead`."""
    return clock.fixed_due is None and clock.owner in ("", lead_department)


@dataclass
class ClockView:
    clock: LegalClock
    days_left: int | None
    overdue: bool
    paused: bool
    # A stopped clock: the local day it stopped, and the days of its unit it ran past its
    # due date (0 when it stopped in time).
    stopped_on: date | None = None
    days_late: int = 0
    # Missed (overdue, or stopped late) and binding the lead unit: what makes the case
    # count as 超时 in the statistics.
    counts_as_late: bool = False

    @property
    def stopped_late(self) -> bool:
        return self.days_late > 0

    @property
    def unit_label(self) -> str:
        return self.clock.get_day_unit_display()

    @property
    def provisional(self) -> bool:
        """The due date counts a year whose notice is not loaded (暂定); a stopped clock's
        date is history and is not."""
        if self.clock.status == ClockStatus.STOPPED:
            return False
        return workdays.is_provisional(self.clock.start_date, self.clock.due_date)


def _stopped_view(c: LegalClock, lead_department: str | None) -> ClockView:
    stopped_on = timezone.localdate(c.stopped_at) if c.stopped_at else None
    late = 0
    if stopped_on is not None and stopped_on > c.due_date:
        late = -workdays.days_left(stopped_on, c.due_date, c.day_unit)
    counts = bool(late) and lead_department is not None and binds_lead(c, lead_department)
    return ClockView(c, None, False, False, stopped_on, late, counts)


def views_for(
    clocks, today: date | None = None, lead_department: str | None = None
) -> list[ClockView]:
    """Open clocks first, the binding (earliest due) one first; stopped ones after. With
    the case's `lead_department`, each view says whether its miss counts as 超时."""
    today = today or local_today()
    out = []
    for c in clocks:
        if c.status == ClockStatus.STOPPED:
            out.append(_stopped_view(c, lead_department))
            continue
        left = workdays.days_left(today, c.due_date, c.day_unit)
        overdue = c.status == ClockStatus.RUNNING and today > c.due_date
        counts = overdue and lead_department is not None and binds_lead(c, lead_department)
        out.append(
            ClockView(
                c,
                left,
                overdue,
                c.status == ClockStatus.PAUSED,
                counts_as_late=counts,
            )
        )
    out.sort(key=lambda v: (v.clock.status == ClockStatus.STOPPED, v.clock.due_date, v.clock.id))
    return out


def binding_deadline(case) -> date | None:
    """The earliest due date of the case's running clocks: what the case list sorts by.
    `case` is a case or its id."""
    return (
        LegalClock.objects.filter(case_id=getattr(case, "pk", case), status=ClockStatus.RUNNING)
        .order_by("due_date")
        .values_list("due_date", flat=True)
        .first()
    )
