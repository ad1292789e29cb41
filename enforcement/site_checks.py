"""What the kinds that check a market on site share (inspections, market rectifications):
verdicts on a checklist, item by item, and the re-inspection clock after a rectification
deadline.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casework import clocks, workdays
from casework.documents import day_text
from casework.models import ClockStatus, LegalClock
from casework.payloads import CommentPayload, within_reach
from casework.signals import calendar_changed

# A re-inspection is due this many working days after the rectification deadline.
REINSPECTION_WORKING_DAYS = 5
PASS_WORDS = {"pass", "passed", "ok", "true", "1", "合格", "是"}
# A checklist item names what is checked (its pass wording: 消防通道畅通); a notice names
# what was found wrong. The registry's facilities (`casework.models.FACILITIES`) as problems:
FACILITY_PROBLEMS = {
    "negotiation": _l("未设置洽谈交易场所"),
    "shelter": _l("缺少避风遮雨设施"),
    "heat_cold": _l("缺少防暑防寒设施"),
    "parking": _l("停车不规范"),
    "order": _l("秩序维护不到位"),
    "hrss_station": _l("未设置人社服务站点"),
}
FAIL_WORDS = {"fail", "failed", "false", "0", "不合格", "否"}


class ResultSchema(serializers.Serializer):
    """What the API schema says one verdict is (`ResultField` reads it)."""

    item = serializers.CharField(help_text="The checklist item's code.")
    passed = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


@extend_schema_field(ResultSchema)
class ResultField(serializers.Field):
    """One item's verdict: `{"item", "passed", "note"}` (API) or a line `code:合格|不合格:note`
    (the page's one-per-line text box)."""

    default_error_messages = {
        "invalid": _l("每项结果应为“项目代码:合格/不合格:说明”。"),
    }

    def __init__(self, label_of, **kwargs) -> None:
        super().__init__(**kwargs)
        self.label_of = label_of

    def page_items(self, context: dict) -> list[tuple[str, str]]:
        """The rows of the page's verdict table: the case's checklist, in its order."""
        case = context.get("case")
        codes = list((case.details or {}).get("checklist", [])) if case is not None else []
        return [(code, str(self.label_of(code))) for code in codes]

    def to_internal_value(self, data) -> dict:
        if isinstance(data, str):
            parts = [p.strip() for p in data.replace("：", ":").split(":", 2)]
            if len(parts) < 2:
                self.fail("invalid")
            verdict = parts[1].lower()
            if verdict in PASS_WORDS:
                passed = True
            elif verdict in FAIL_WORDS:
                passed = False
            else:
                self.fail("invalid")
            data = {"item": parts[0], "passed": passed, "note": parts[2] if len(parts) > 2 else ""}
        if not isinstance(data, dict) or not isinstance(data.get("passed"), bool):
            self.fail("invalid")
        note = data.get("note") or ""
        if not isinstance(note, str) or len(note) > 500:
            self.fail("invalid")
        return {"item": str(data.get("item", "")), "passed": data["passed"], "note": note.strip()}

    def to_representation(self, value) -> dict:
        return value


def failed_items(results: list[dict]) -> list[dict]:
    """The failed verdicts of a round, each `{"item", "note"}`, in checklist order: what a
    rectification order keeps so that its notice can state each problem with the officer's
    note."""
    return [{"item": r["item"], "note": r.get("note", "")} for r in results if not r["passed"]]


def finding_lines(order: dict, problem_of: Callable[[str], str]) -> list[str]:
    """The problems a rectification order was given for, one line each: the item's problem
    wording, then the officer's note in brackets. Orders written before the notes were kept
    name their items only."""
    findings = order.get("findings")
    if findings is None:
        findings = [{"item": code, "note": ""} for code in order.get("items") or []]
    lines = []
    for row in findings:
        line = problem_of(row["item"])
        if row.get("note"):
            line += f"（{row['note']}）"
        lines.append(line)
    return lines


def match_checklist(value: list[dict], checklist: list[str], label, *, unknown, missing):
    """One result per checklist item, in checklist order: an item outside the checklist
    (`unknown`, with `%(item)s`), a repeated one, or a missing one (`missing`, with
    `%(items)s`) is a validation error."""
    seen: dict[str, dict] = {}
    for row in value:
        if row["item"] not in checklist:
            raise serializers.ValidationError(str(unknown) % {"item": row["item"]})
        if row["item"] in seen:
            raise serializers.ValidationError(
                _("“%(item)s”重复填写。") % {"item": label(row["item"])}
            )
        seen[row["item"]] = row
    absent = [code for code in checklist if code not in seen]
    if absent:
        raise serializers.ValidationError(
            str(missing) % {"items": "、".join(label(c) for c in absent)}
        )
    return [seen[code] for code in checklist]


class ReinspectionPayload(CommentPayload):
    """`schedule_reinspection`: the day the market is to be checked again."""

    scheduled_for = serializers.DateField(label=_l("复查日期"))

    def validate_scheduled_for(self, value: date) -> date:
        if value < timezone.localdate():
            raise serializers.ValidationError(_("复查日期不能早于今天。"))
        last = reinspection_last_day(self.context.get("case"))
        if last is not None and value > last:
            raise serializers.ValidationError(
                _("复查日期不能晚于%(date)s：整改期限届满后5个工作日内复查。")
                % {"date": day_text(last)}
            )
        return within_reach(value)


def reinspection_last_day(case) -> date | None:
    """The last day a re-inspection may be scheduled: `REINSPECTION_WORKING_DAYS` working
    days after the deadline of the rectification clock the scheduling stops (today when that
    day has passed); None without such a clock."""
    if case is None:
        return None
    clock = (
        LegalClock.objects.filter(case=case, code="rectification", fixed_due__isnull=False)
        .order_by("-id")
        .first()
    )
    if clock is None:
        return None
    due = workdays.add_working_days(clock.fixed_due, REINSPECTION_WORKING_DAYS)
    return max(due, timezone.localdate())


def reinspection_scheduler(orders_key: str):
    """The effect of `schedule_reinspection` for a kind that keeps its rectification
    orders (each with its `deadline`) in `case.details[orders_key]`: the rectification
    clock stops and the re-inspection one runs to `REINSPECTION_WORKING_DAYS` working days
    after the last deadline (never before the day it is scheduled). The deadline is the
    clock's start event, so the date can be recounted when the calendar changes."""

    def schedule_reinspection(ctx) -> None:
        clocks.stop(ctx.case, "rectification")
        orders = ctx.case.details.get(orders_key) or []
        deadline = date.fromisoformat(orders[-1]["deadline"]) if orders else ctx.today
        due = workdays.add_working_days(deadline, REINSPECTION_WORKING_DAYS)
        ctx.note("reinspection_scheduled_for", ctx.data["scheduled_for"].isoformat())
        clocks.start_fixed(
            ctx.case,
            code="reinspection",
            title=str(_l("复查期限")),
            legal_basis=str(_l("整改期限届满后5个工作日内复查")),
            start_date=deadline,
            due=max(due, ctx.today),
        )
        ctx.timeline_text = _("安排复查：%(date)s") % {"date": day_text(ctx.data["scheduled_for"])}

    return schedule_reinspection


@receiver(calendar_changed)
def reinspection_dates_follow_the_calendar(sender, **kwargs) -> None:
    """Recount each open re-inspection date from its rectification deadline (the clock's
    start) against the changed calendar; never before the day it was scheduled."""
    open_clocks = LegalClock.objects.filter(code="reinspection").exclude(status=ClockStatus.STOPPED)
    for clock in open_clocks:
        scheduled = timezone.localdate(clock.created_at)
        due = max(workdays.add_working_days(clock.start_date, REINSPECTION_WORKING_DAYS), scheduled)
        if due != clock.fixed_due:
            LegalClock.objects.filter(pk=clock.pk).update(fixed_due=due)
