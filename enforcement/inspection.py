"""The inspection kind (domain.md §6): a market checked against a fixed checklist.

Rounds: the first inspection and every re-inspection record a verdict for each checklist
item into `details["rounds"]`; the case then sits in `inspected` until either the
supervisor approves closure (the latest round has no failed item) or the officer orders
rectification with a deadline (it has one). A failed re-inspection therefore comes back to
`inspected` and goes on to a new rectification order with a new deadline.

Clocks: `inspection` is due on the scheduled date (the opening day for an ad-hoc
inspection); `rectification` is due on the deadline the officer sets; `reinspection` is due
`REINSPECTION_WORKING_DAYS` working days after that deadline. Failed facility items are
recorded on the case only; the market registry is changed by its own actions.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from rest_framework import serializers

from casework import clocks, workdays
from casework.kinds import KindSpec, TransitionSpec, register
from casework.models import FACILITIES
from casework.payloads import CommentPayload
from permissions.models import Role

from .models import InspectionCase, InspectionStatus

KIND = "inspection"
REINSPECTION_WORKING_DAYS = 5
TEXT_MAX = 2000

SAFETY_ITEMS = [
    ("fire_exit", _l("消防通道畅通")),
    ("extinguishers", _l("灭火器材")),
    ("electrical", _l("用电安全")),
]
HEALTH_ITEMS = [
    ("drinking_water", _l("饮用水")),
    ("toilets", _l("卫生间")),
    ("waste", _l("垃圾收集")),
    ("disinfection", _l("防疫消毒")),
]
# The catalogue of checklist items: the market facilities of the registry, then safety and
# health. Codes are the API's; the order is the order of the results table.
CHECKLIST: list[tuple[str, object]] = [*FACILITIES, *SAFETY_ITEMS, *HEALTH_ITEMS]
CHECKLIST_CODES = [code for code, _label in CHECKLIST]
GROUPS = {
    **{code: _l("市场设施") for code, _label in FACILITIES},
    **{code: _l("安全") for code, _label in SAFETY_ITEMS},
    **{code: _l("卫生") for code, _label in HEALTH_ITEMS},
}

MODES = (("scheduled", _l("计划检查")), ("ad_hoc", _l("临时检查")))
PASS_WORDS = {"pass", "passed", "ok", "true", "1", "合格", "是"}
FAIL_WORDS = {"fail", "failed", "false", "0", "不合格", "否"}


def item_label(code: str) -> str:
    return str(dict(CHECKLIST).get(code, code))


# --- opening and payloads ----------------------------------------------------------------


class InspectionOpenSerializer(serializers.Serializer):
    """An inspection's own fields when it is opened. The market (a generic field) is required."""

    mode = serializers.ChoiceField(label=_l("检查方式"), choices=MODES)
    scheduled_for = serializers.DateField(
        label=_l("计划检查日期"),
        required=False,
        allow_null=True,
        help_text=_l("计划检查必填，不得早于今天"),
    )
    checklist = serializers.ListField(
        label=_l("检查项目"),
        child=serializers.ChoiceField(choices=CHECKLIST),
        allow_empty=False,
        help_text=_l("勾选本次检查的项目（接口中使用项目代码）"),
    )

    def validate_scheduled_for(self, value: date | None) -> date | None:
        if value is not None and value < timezone.localdate():
            raise serializers.ValidationError(_("计划检查日期不能早于今天。"))
        return value

    def validate_checklist(self, value: list[str]) -> list[str]:
        # Kept in catalogue order, each item once.
        return [code for code in CHECKLIST_CODES if code in set(value)]

    def validate(self, attrs: dict) -> dict:
        errors: dict = {}
        if self.initial_data.get("market") in (None, ""):
            errors["market"] = [_("安全与卫生检查必须选择被检查的零工市场。")]
        if attrs["mode"] == "scheduled" and attrs.get("scheduled_for") is None:
            errors["scheduled_for"] = [_("计划检查必须填写计划检查日期。")]
        if attrs["mode"] == "ad_hoc":
            attrs["scheduled_for"] = None
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ResultField(serializers.Field):
    """One item's verdict: `{"item", "passed", "note"}` (API) or a line `code:合格|不合格:note`
    (the page's one-per-line text box)."""

    default_error_messages = {
        "invalid": _l("每项结果应为“项目代码:合格/不合格:说明”。"),
    }

    def __init__(self, label_of=item_label, **kwargs) -> None:
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


class ResultsPayload(CommentPayload):
    inspected_on = serializers.DateField(label=_l("检查日期"))
    results = serializers.ListField(
        label=_l("检查结果"),
        child=ResultField(),
        allow_empty=False,
        help_text=_l("逐项选择合格或不合格，不合格的写明情况"),
    )

    def validate_inspected_on(self, value: date) -> date:
        if value > timezone.localdate():
            raise serializers.ValidationError(_("检查日期不能晚于今天。"))
        case = self.context.get("case")
        if case is not None and value < timezone.localdate(case.submitted_at):
            raise serializers.ValidationError(_("检查日期不能早于立案日期。"))
        return value

    def validate_results(self, value: list[dict]) -> list[dict]:
        case = self.context.get("case")
        checklist = list((case.details or {}).get("checklist", [])) if case else CHECKLIST_CODES
        return match_checklist(
            value,
            checklist,
            item_label,
            unknown=_l("“%(item)s”不在本次检查项目中。"),
            missing=_l("以下检查项目尚未填写结果：%(items)s"),
        )


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


class RectificationPayload(CommentPayload):
    deadline = serializers.DateField(label=_l("整改期限"))
    requirements = serializers.CharField(label=_l("整改要求"), max_length=TEXT_MAX)

    def validate_deadline(self, value: date) -> date:
        if value <= timezone.localdate():
            raise serializers.ValidationError(_("整改期限应晚于今天。"))
        return value


class ReinspectionPayload(CommentPayload):
    scheduled_for = serializers.DateField(label=_l("复查日期"))

    def validate_scheduled_for(self, value: date) -> date:
        if value < timezone.localdate():
            raise serializers.ValidationError(_("复查日期不能早于今天。"))
        return value


# --- effects -----------------------------------------------------------------------------


def latest_failed(case) -> list[str] | None:
    """The failed items of the latest round; None before the first round."""
    rounds = (case.details or {}).get("rounds") or []
    return list(rounds[-1]["failed"]) if rounds else None


def has_findings(case) -> bool:
    return bool(latest_failed(case))


def all_passed(case) -> bool:
    return latest_failed(case) == []


def on_open(ctx) -> None:
    d = ctx.case.details
    ctx.audit_payload["mode"] = d.get("mode", "")
    due = date.fromisoformat(d["scheduled_for"]) if d.get("scheduled_for") else ctx.today
    clocks.start_fixed(
        ctx.case,
        code="inspection",
        title=str(_l("检查期限")),
        legal_basis=str(_l("检查计划确定的检查日期（临时检查为立案当日）")),
        start_date=ctx.today,
        due=max(due, ctx.today),
    )


def _record_round(ctx, kind: str) -> None:
    results = ctx.data["results"]
    failed = [r["item"] for r in results if not r["passed"]]
    rounds = list(ctx.case.details.get("rounds") or [])
    rounds.append(
        {
            "round": len(rounds) + 1,
            "kind": kind,
            "on": ctx.data["inspected_on"].isoformat(),
            "by": ctx.actor.get_username(),
            "results": results,
            "failed": failed,
        }
    )
    ctx.note("rounds", rounds)
    if ctx.case.assignee_id is None:
        ctx.case.assignee = ctx.actor
        ctx.changed_fields.add("assignee")
    if failed:
        ctx.timeline_text = _("%(what)s：%(n)s项不合格（%(items)s）") % {
            "what": _("检查完成") if kind == "inspection" else _("复查完成"),
            "n": len(failed),
            "items": "、".join(item_label(c) for c in failed),
        }
    else:
        ctx.timeline_text = (
            _("检查完成：全部项目合格") if kind == "inspection" else _("复查完成：全部项目合格")
        )
        ctx.notify_next(
            "approve_closure",
            "approval.requested",
            _("检查合格，结案待审批：%(number)s") % {"number": ctx.case.number},
        )


def record_inspection(ctx) -> None:
    clocks.stop(ctx.case, "inspection")
    _record_round(ctx, "inspection")


def record_reinspection(ctx) -> None:
    clocks.stop(ctx.case, "reinspection")
    _record_round(ctx, "reinspection")


def require_rectification(ctx) -> None:
    deadline: date = ctx.data["deadline"]
    orders = list(ctx.case.details.get("rectifications") or [])
    orders.append(
        {
            "deadline": deadline.isoformat(),
            "requirements": ctx.data["requirements"],
            "items": latest_failed(ctx.case) or [],
            "on": ctx.today.isoformat(),
        }
    )
    ctx.note("rectifications", orders)
    clocks.start_fixed(
        ctx.case,
        code="rectification",
        title=str(_l("整改期限")),
        legal_basis=str(_l("责令限期整改通知确定的整改期限")),
        start_date=ctx.today,
        due=deadline,
    )
    ctx.audit_payload["deadline"] = deadline.isoformat()
    ctx.timeline_text = _("责令限期整改，期限至%(date)s") % {"date": deadline.isoformat()}


def reinspection_scheduler(orders_key: str):
    """The effect of `schedule_reinspection` for a kind that keeps its rectification
    orders (each with its `deadline`) in `case.details[orders_key]`: the rectification
    clock stops and the re-inspection one runs to `REINSPECTION_WORKING_DAYS` working days
    after the last deadline (never before today)."""

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
            start_date=ctx.today,
            due=max(due, ctx.today),
        )
        ctx.timeline_text = _("安排复查：%(date)s") % {
            "date": ctx.data["scheduled_for"].isoformat()
        }

    return schedule_reinspection


schedule_reinspection = reinspection_scheduler("rectifications")


def approve_closure(ctx) -> None:
    clocks.stop(ctx.case, "inspection", "rectification", "reinspection")
    if ctx.case.assignee_id:
        ctx.notifications.append(
            (
                [ctx.case.assignee_id],
                "approval.decided",
                f"{_('结案申请已批准')}：{ctx.case.number}",
            )
        )


T = TransitionSpec
OFFICER, SUPERVISOR = Role.OFFICER, Role.SUPERVISOR

INSPECTION = KindSpec(
    code=KIND,
    number_code="JC",
    label=_l("安全与卫生检查"),
    lead_departments=("hrss", "health"),
    model=InspectionCase,
    statuses=InspectionStatus,
    initial_status=InspectionStatus.SCHEDULED,
    final_states=frozenset({InspectionStatus.CLOSED}),
    on_open=on_open,
    app_label="enforcement",
    demo="enforcement.inspection_demo.seed",
    open_serializer=InspectionOpenSerializer,
    transitions={
        t.name: t
        for t in [
            T(
                "record_inspection",
                _l("登记检查结果"),
                OFFICER,
                serializer=ResultsPayload,
                effect=record_inspection,
            ),
            T(
                "require_rectification",
                _l("责令限期整改"),
                OFFICER,
                serializer=RectificationPayload,
                effect=require_rectification,
                condition=has_findings,
                refusal=_l("最近一次检查没有不合格项目，无需整改。"),
                style="danger",
            ),
            T(
                "schedule_reinspection",
                _l("安排复查"),
                OFFICER,
                serializer=ReinspectionPayload,
                effect=schedule_reinspection,
            ),
            T(
                "record_reinspection",
                _l("登记复查结果"),
                OFFICER,
                serializer=ResultsPayload,
                effect=record_reinspection,
            ),
            T(
                "approve_closure",
                _l("批准结案"),
                SUPERVISOR,
                serializer=CommentPayload,
                effect=approve_closure,
                condition=all_passed,
                refusal=_l("最近一次检查仍有不合格项目，应责令整改，不能结案。"),
            ),
        ]
    },
)

register(INSPECTION)
