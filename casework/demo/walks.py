"""Walking a demo case through the real actions, then moving it back in time.

Demo cases are walked "now" and then moved back in time by `backdate`. That rewrite is
done with queryset updates and only ever on demo data; the audit trail is never rewritten,
so its timestamps show when the demo was seeded.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from viewflow.workflow.models import Process, Task

from casework import clocks
from casework.models import (
    Attachment,
    Case,
    CaseParticipant,
    ClockPause,
    LegalClock,
    Notification,
    Payment,
    TimelineEntry,
)


@dataclass
class Walk:
    """Runs one demo case's steps through the real actions, remembering when each ran.

    Step k ran between `bounds[k]` and `bounds[k + 1]` (wall-clock time), so every row the
    step wrote can be told apart by its timestamp and moved to that step's demo time.
    Clock pauses carry dates only, so their state is noted after each step instead.
    """

    case_id: int | None = None
    bounds: list[datetime] = field(default_factory=list)
    pause_log: list[dict[int, date | None]] = field(default_factory=list)

    def step(self, fn: Callable[..., Any], **kwargs) -> Any:
        if not self.bounds:
            self.bounds.append(timezone.now())
        result = fn(**kwargs)
        if self.case_id is None:
            self.case_id = (result[0] if isinstance(result, tuple) else result).pk
        self.bounds.append(timezone.now())
        self.pause_log.append(
            dict(
                ClockPause.objects.filter(clock__case_id=self.case_id).values_list("id", "ended_on")
            )
        )
        return result

    @property
    def steps(self) -> int:
        return len(self.pause_log)


@dataclass
class Moves:
    """How far each step of a walk moved: its wall-clock time and day to its demo time."""

    bounds: list[datetime]
    deltas: list[timedelta]
    day_deltas: list[timedelta]

    def step_of(self, at: datetime) -> int:
        return min(max(bisect_right(self.bounds, at) - 1, 0), len(self.deltas) - 1)

    def at(self, value: datetime | None) -> datetime | None:
        return None if value is None else value + self.deltas[self.step_of(value)]

    def day(self, value: date | None, step: int) -> date | None:
        return None if value is None else value + self.day_deltas[step]


def backdate(
    walk: Walk,
    times: list[datetime],
    *,
    details: Callable[[dict, Moves], dict] | None = None,
    read_after: timedelta = timedelta(days=3),
) -> Moves:
    """Move every row a walk wrote to the demo time of the step that wrote it.

    `times[k]` is when step k is to have happened. Moves the case's dates, timeline,
    clocks (start, pauses, stop; due dates recomputed against the holiday calendar),
    payments, participants, attachments, workflow rounds and tasks and notifications, then
    the binding deadline.
    Notifications older than `read_after` are marked sent and read, as their users would
    have. `details` may rewrite the kind's own dates in `Case.details`. Demo data only:
    these are bulk updates outside the actions, and audit events keep their real times.
    """
    if len(times) != walk.steps:
        raise ValueError(f"{walk.steps} steps ran but {len(times)} times were given")
    tz = timezone.get_current_timezone()
    moves = Moves(
        bounds=walk.bounds,
        deltas=[times[k] - walk.bounds[k] for k in range(walk.steps)],
        day_deltas=[
            timezone.localdate(times[k], tz) - timezone.localdate(walk.bounds[k], tz)
            for k in range(walk.steps)
        ],
    )
    now = timezone.now()
    today = timezone.localdate(now)
    started: dict[int, int] = {}
    ended: dict[int, int] = {}
    for k, log in enumerate(walk.pause_log):
        for pause_id, ended_on in log.items():
            started.setdefault(pause_id, k)
            if ended_on is not None:
                ended.setdefault(pause_id, k)
    with transaction.atomic():
        case = Case.objects.get(pk=walk.case_id)
        entries = list(TimelineEntry.objects.filter(case=case))
        for e in entries:
            e.at = moves.at(e.at)
        TimelineEntry.objects.bulk_update(entries, ["at"])

        clock_rows = list(LegalClock.objects.filter(case=case).prefetch_related("pauses"))
        pauses = []
        for c in clock_rows:
            k = moves.step_of(c.created_at)
            c.start_date = moves.day(c.start_date, k)
            c.fixed_due = moves.day(c.fixed_due, k)
            c.created_at = moves.at(c.created_at)
            c.stopped_at = moves.at(c.stopped_at)
            for p in c.pauses.all():
                p.started_on = moves.day(p.started_on, started.get(p.pk, k))
                if p.ended_on is not None:
                    p.ended_on = moves.day(p.ended_on, ended.get(p.pk, walk.steps - 1))
                pauses.append(p)
            # A stopped clock is read as of its stop: a pause it ended in stops counting too.
            as_of = timezone.localdate(c.stopped_at, tz) if c.stopped_at else today
            c.due_date = clocks.compute_due(c, as_of)
        ClockPause.objects.bulk_update(pauses, ["started_on", "ended_on"])
        LegalClock.objects.bulk_update(
            clock_rows,
            ["start_date", "fixed_due", "created_at", "stopped_at", "due_date", "excluded_units"],
        )

        payments = list(Payment.objects.filter(case=case))
        for pay in payments:
            pay.paid_on = moves.day(pay.paid_on, moves.step_of(pay.created_at))
            pay.created_at = moves.at(pay.created_at)
        Payment.objects.bulk_update(payments, ["paid_on", "created_at"])

        for queryset, fields in (
            (CaseParticipant.objects.filter(case=case), ["added_at"]),
            (Attachment.objects.filter(case=case), ["created_at"]),
            # The viewflow rounds and steps: inboxes show since when a step has waited.
            (Process.objects.filter(caseprocess__case=case), ["created", "finished"]),
            (
                Task.objects.filter(process__caseprocess__case=case),
                ["created", "assigned", "started", "finished"],
            ),
        ):
            rows = list(queryset)
            for row in rows:
                for f in fields:
                    setattr(row, f, moves.at(getattr(row, f)))
            queryset.model.objects.bulk_update(rows, fields)

        notes = list(Notification.objects.filter(case=case).only("pk", "created_at"))
        for n in notes:
            n.created_at = moves.at(n.created_at)
        Notification.objects.bulk_update(notes, ["created_at"])
        # Conditional updates: a relay that pushed a notification meanwhile keeps its mark.
        old = Notification.objects.filter(
            pk__in=[n.pk for n in notes if now - n.created_at > read_after]
        )
        old.filter(sent_at=None).update(sent_at=F("created_at"))
        old.filter(read_at=None).update(read_at=F("created_at") + timedelta(hours=2))

        Case.objects.filter(pk=case.pk).update(
            submitted_at=moves.at(case.submitted_at),
            closed_at=moves.at(case.closed_at),
            updated_at=times[-1],
            deadline=clocks.binding_deadline(case),
            details=details(case.details, moves) if details else case.details,
        )
    return moves
