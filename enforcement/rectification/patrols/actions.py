"""Fixed-point watch (定点盯守): a supervisor of a rectification case's lead unit starts a
watch on the case's market; patrol visits fall due every `interval_days` days and are
recorded by the unit's officers until a supervisor ends the watch.

Each use case is one function here, used alike by the pages, the API, the demo and the
periodic scheduler: `watch_start`, `watch_end`, `patrol_record` (writes, each with one audit
event in its transaction) and `generate_due_patrols` (idempotent: one visit per watch and
due day, guaranteed by a unique constraint). The permission-scoped reads are in
`selectors.py`.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from casework import audit
from casework.actions.attachments import case_attach, detect_type
from casework.actions.locking import lock_case
from casework.documents import day_text
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.language import records_language, writes_records
from casework.models import TimelineEntry
from casework.notify import notify
from casework.payloads import within_reach
from casework.policies import case_policy
from permissions.models import Role
from permissions.selectors import members_with_role, org_of

from .models import MarketWatch, PatrolVisit
from .selectors import KIND, PATROL_ROLES, patrol_get_for_user, watch_get_for_user

MAX_INTERVAL_DAYS = 30


# --- generation ----------------------------------------------------------------------------


def _due_days(watch: MarketWatch, today: date) -> list[date]:
    last = today if watch.ended_at is None else min(today, timezone.localdate(watch.ended_at))
    days, day = [], watch.starts_on
    while day <= last:
        days.append(day)
        day += timedelta(days=watch.interval_days)
    return days


def _assignee(watch: MarketWatch) -> int | None:
    # The case's handling officer patrols when they still belong to the watching unit;
    # otherwise the visit is the unit's, for any of its officers.
    case = watch.case
    if case.assignee_id and org_of(case.assignee).has_role(watch.unit_id, *PATROL_ROLES):
        return case.assignee_id
    return None


@writes_records
def generate_due_patrols(today: date | None = None) -> int:
    """Create the patrol visits due up to `today` of every running watch; returns how many
    were created. Running it again the same day creates nothing."""
    today = today or timezone.localdate()
    created = 0
    for watch in MarketWatch.objects.filter(ended_at__isnull=True).select_related(
        "case__assignee", "market"
    ):
        have = set(watch.visits.values_list("due_on", flat=True))
        missing = [d for d in _due_days(watch, today) if d not in have]
        if not missing:
            continue
        officer_id = _assignee(watch)
        with transaction.atomic():
            rows = PatrolVisit.objects.bulk_create(
                [PatrolVisit(watch=watch, due_on=d, officer_id=officer_id) for d in missing],
                ignore_conflicts=True,
            )
            recipients = (
                [officer_id]
                if officer_id
                else members_with_role(watch.unit_id, Role.OFFICER).values_list("pk", flat=True)
            )
            notify(
                recipients,
                case=watch.case,
                type="patrol.due",
                text=_("定点盯守巡查待办：%(market)s（%(date)s）")
                % {"market": watch.market.name, "date": missing[-1].isoformat()},
            )
        created += len(rows)
    return created


# --- writes --------------------------------------------------------------------------------


def _clean_watch_input(data: dict) -> tuple[int, str, date, dict]:
    errors: dict[str, list[str]] = {}
    raw = data.get("interval_days", 1)
    if raw in (None, ""):
        raw = 1
    # int() would make 2.5 two days and true one: only a whole number is an interval.
    if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
        raw = 0
    try:
        interval = int(raw)
    except (TypeError, ValueError):
        interval = 0
    if not 1 <= interval <= MAX_INTERVAL_DAYS:
        errors["interval_days"] = [_("巡查间隔须为1至%(n)s天的整数。") % {"n": MAX_INTERVAL_DAYS}]
    instructions = str(data.get("instructions") or "").strip()
    if len(instructions) > 500:
        errors["instructions"] = [_("不能超过 %(n)s 个字符。") % {"n": 500}]
    today = timezone.localdate()
    raw_start = data.get("starts_on")
    starts_on = today
    if raw_start not in (None, ""):
        try:
            starts_on = date.fromisoformat(str(raw_start))
        except ValueError:
            errors["starts_on"] = [_("日期格式应为 YYYY-MM-DD。")]
        else:
            if starts_on < today:
                errors["starts_on"] = [_("开始日期不能早于今天。")]
            else:
                try:
                    within_reach(starts_on)
                except ValidationError as exc:
                    errors["starts_on"] = [str(message) for message in exc.detail]
    return interval, instructions, starts_on, errors


def watch_start(*, actor, case_id, data: dict) -> MarketWatch:
    """Start a watch on the market of rectification case `case_id` (a supervisor of its lead
    unit). Its first patrols are generated at once."""
    if not isinstance(data, dict):
        raise InvalidInput(_("请求体必须是 JSON 对象。"), field="non_field_errors")
    interval, instructions, starts_on, errors = _clean_watch_input(data)
    with transaction.atomic(durable=True):
        case = lock_case(case_id)
        if case is None or not case_policy.can(actor, "view", case):
            raise CaseNotFound(_("案件不存在。"))
        if case.kind != KIND:
            raise Conflict(_("只有零工市场整治案件可以启动定点盯守。"))
        if not org_of(actor).has_role(case.lead_unit_id, Role.SUPERVISOR):
            raise NotPermitted(_("只有主办单位的审批人可以启动定点盯守。"))
        if case.is_final:
            raise Conflict(_("案件已结案，不能启动定点盯守。"))
        if errors:
            raise InvalidInput(_("提交的内容有误。"), errors=errors)
        if MarketWatch.objects.filter(market_id=case.market_id, ended_at__isnull=True).exists():
            raise Conflict(_("该零工市场已在定点盯守中。"))
        now = timezone.now()
        try:
            with transaction.atomic():
                watch = MarketWatch.objects.create(
                    case=case,
                    market_id=case.market_id,
                    unit_id=case.lead_unit_id,
                    interval_days=interval,
                    starts_on=starts_on,
                    instructions=instructions,
                    started_by=actor,
                    started_at=now,
                )
        except IntegrityError:
            raise Conflict(_("该零工市场已在定点盯守中。")) from None
        with records_language():
            audit.record(
                actor=actor,
                verb="enforcement.watch.start",
                case=case,
                obj=watch,
                payload={
                    "market": case.market_id,
                    "interval_days": interval,
                    "starts_on": starts_on.isoformat(),
                    "instructions": instructions,
                },
            )
            TimelineEntry.objects.create(
                case=case,
                at=now,
                actor=actor,
                verb="watch_start",
                text=_("启动定点盯守：每%(n)s天巡查一次，自%(date)s起")
                % {"n": interval, "date": day_text(starts_on)},
                comment=instructions,
            )
    generate_due_patrols()
    return watch


def watch_end(*, actor, watch_id, reason: str) -> MarketWatch:
    """End a running watch (a supervisor of the watching unit); visits not yet due are not
    generated any more, those already due stay to be recorded."""
    reason = str(reason or "").strip()
    with transaction.atomic(durable=True):
        watch = watch_get_for_user(actor, watch_id)
        watch = MarketWatch.objects.select_for_update().get(pk=watch.pk)
        if not org_of(actor).has_role(watch.unit_id, Role.SUPERVISOR):
            raise NotPermitted(_("只有盯守单位的审批人可以结束定点盯守。"))
        if watch.ended_at is not None:
            raise Conflict(_("定点盯守已经结束。"))
        if not reason:
            raise InvalidInput(_("必填。"), field="reason")
        if len(reason) > 500:
            raise InvalidInput(_("不能超过 %(n)s 个字符。") % {"n": 500}, field="reason")
        now = timezone.now()
        watch.ended_at, watch.ended_by, watch.end_reason = now, actor, reason
        watch.save(update_fields=["ended_at", "ended_by", "end_reason"])
        # Visits generated ahead of today (none normally) are dropped with the watch.
        watch.visits.filter(visited_at__isnull=True, due_on__gt=timezone.localdate()).delete()
        with records_language():
            audit.record(
                actor=actor,
                verb="enforcement.watch.end",
                case=watch.case,
                obj=watch,
                payload={"reason": reason},
            )
            TimelineEntry.objects.create(
                case_id=watch.case_id,
                at=now,
                actor=actor,
                verb="watch_end",
                text=_("结束定点盯守"),
                comment=reason,
            )
    return watch


def _truthy(value) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if text in ("true", "1", "yes", "是", "on"):
        return True
    if text in ("false", "0", "no", "否", "off"):
        return False
    return None


def patrol_record(*, actor, visit_id, data: dict, photo=None) -> PatrolVisit:
    """Record a due patrol visit (an officer or supervisor of the watching unit): findings,
    whether the site was in order, and optionally a photo stored as case evidence."""
    if not isinstance(data, dict):
        raise InvalidInput(_("请求体必须是 JSON 对象。"), field="non_field_errors")
    visit = patrol_get_for_user(actor, visit_id)
    if not org_of(actor).has_role(visit.watch.unit_id, *PATROL_ROLES):
        raise NotPermitted(_("只有盯守单位的人员可以登记巡查。"))
    errors: dict[str, list[str]] = {}
    findings = str(data.get("findings") or "").strip()
    if not findings:
        errors["findings"] = [_("必填。")]
    elif len(findings) > 2000:
        errors["findings"] = [_("不能超过 %(n)s 个字符。") % {"n": 2000}]
    compliant = _truthy(data.get("compliant"))
    if compliant is None:
        errors["compliant"] = [_("请选择现场秩序是否正常。")]
    if errors:
        raise InvalidInput(_("提交的内容有误。"), errors=errors)
    if visit.visited_at is not None:
        raise Conflict(_("该次巡查已登记。"))
    if visit.due_on > timezone.localdate():
        raise Conflict(_("该次巡查尚未到期。"))
    attachment = None
    if photo is not None:
        # Checked before the evidence is stored, so a refused photo leaves nothing behind.
        head = photo.read(8192)
        photo.seek(0)
        if not (detect_type(head) or "").startswith("image/"):
            raise InvalidInput(_("巡查照片须为图片文件。"), field="photo")
        with records_language():
            description = _("定点盯守巡查照片（%(date)s）") % {"date": visit.due_on.isoformat()}
        try:
            attachment = case_attach(
                actor=actor, case_id=visit.watch.case_id, upload=photo, description=description
            )
        except InvalidInput as exc:
            raise InvalidInput(exc.message, field="photo") from None
    with transaction.atomic(durable=True):
        locked = PatrolVisit.objects.select_for_update().get(pk=visit.pk)
        if locked.visited_at is not None:
            raise Conflict(_("该次巡查已登记。"))
        now = timezone.now()
        locked.visited_at = now
        locked.officer = actor
        locked.findings = findings
        locked.compliant = compliant
        locked.photo = attachment
        locked.save(update_fields=["visited_at", "officer", "findings", "compliant", "photo"])
        with records_language():
            audit.record(
                actor=actor,
                verb="enforcement.patrol.record",
                case=visit.watch.case,
                obj=locked,
                payload={
                    "due_on": locked.due_on.isoformat(),
                    "compliant": compliant,
                    "findings": findings,
                    "photo": attachment.pk if attachment else None,
                },
            )
            TimelineEntry.objects.create(
                case_id=visit.watch.case_id,
                at=now,
                actor=actor,
                verb="patrol",
                text=(
                    _("定点盯守巡查（%(date)s）：现场秩序正常")
                    if compliant
                    else _("定点盯守巡查（%(date)s）：发现问题")
                )
                % {"date": day_text(locked.due_on)},
                comment=findings,
            )
            if not compliant:
                notify(
                    members_with_role(visit.watch.unit_id, Role.SUPERVISOR),
                    case=visit.watch.case,
                    type="patrol.finding",
                    text=_("定点盯守巡查发现问题：%(market)s")
                    % {"market": visit.watch.market.name},
                    exclude=actor,
                )
    return locked
