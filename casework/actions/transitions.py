"""The one write path for firing a case's transition, whatever its kind."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from casework import audit
from casework.documents.issue import issue_for_transition
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted, UnknownTransition
from casework.kinds import TransitionSpec
from casework.language import writes_records
from casework.models import Case, TimelineEntry
from casework.notify import notify
from casework.policies import case_policy
from casework.workflow import sync_tasks

from .context import TransitionContext
from .locking import lock_case, save_case


def validate_payload(spec: TransitionSpec, case: Case, data: dict) -> dict:
    if spec.serializer is None:
        return {}
    serializer = spec.serializer(data=data, context={"case": case})
    if not serializer.is_valid():
        raise InvalidInput(_("提交的内容有误。"), errors=serializer.errors)
    return dict(serializer.validated_data)


def available_transitions(user, case: Case) -> list[str]:
    """Names the user may fire now: allowed from the current state, by role, and by guard."""
    case.as_kind()
    names = []
    for name, spec in case.spec.transitions.items():
        method = getattr(case, name, None)
        if method is None or not can_proceed(method):
            continue
        if not case_policy.can(user, f"transition:{name}", case):
            continue
        if spec.condition is not None and not spec.condition(case):
            continue
        names.append(name)
    return names


def case_transition(
    *,
    actor,
    case_id: int,
    name: str,
    data: dict | None = None,
    version: int | None = None,
    related: tuple[str, ...] = (),
) -> Case:
    """Fire transition `name` on the case as `actor`.

    Locks the case, checks visibility (404), the transition's name (404), the payload (400),
    the version (409), the actor's role (403) and the state (409); fires the FSM transition
    and the kind's effect (clocks, payments, participants); bumps `version`. Side effects, in
    the same transaction: one audit event, one timeline entry, notification rows for who acts
    next, and the viewflow task moved on.

    Returns the case as its row now is, with `related` read along with it (see `lock_case`),
    so that a caller answering with the case need not read it again.
    """
    data = data or {}
    with transaction.atomic(durable=True):
        case = lock_case(case_id, related)
        if case is None or not case_policy.can(actor, "view", case):
            raise CaseNotFound(_("案件不存在。"))
        case.as_kind()
        spec = case.spec.transitions.get(name)
        if spec is None:
            raise UnknownTransition(_("该类案件没有此操作：%(name)s") % {"name": name})
        if version is not None and int(version) != case.version:
            raise Conflict(
                _("案件已被他人更新（当前版本 %(v)s），请刷新后重试。") % {"v": case.version}
            )
        if not case_policy.can(actor, f"transition:{name}", case):
            raise NotPermitted(_("您无权对该案件执行此操作。"))
        method = getattr(case, name)
        if not can_proceed(method):
            raise Conflict(
                _("案件当前状态为“%(status)s”，不能执行此操作。")
                % {"status": case.get_status_display()}
            )
        if spec.condition is not None and not spec.condition(case):
            raise Conflict(str(spec.refusal) or _("当前不满足执行此操作的条件。"))
        cleaned = validate_payload(spec, case, data)
        _fire(case, actor, name, spec, cleaned)
    return case


@writes_records
def _fire(case: Case, actor, name: str, spec: TransitionSpec, cleaned: dict) -> None:
    """Fire the checked transition, run the kind's effect, and write what follows from it:
    the case row (with its version check), the timeline entry, the notifications, the
    workflow step and the audit event, in the site's language (`casework.language`)."""
    from_state = case.status
    now = timezone.now()
    getattr(case, name)()
    ctx = TransitionContext(
        case=case,
        actor=actor,
        name=name,
        data=cleaned,
        from_state=from_state,
        to_state=case.status,
        now=now,
        today=timezone.localdate(now),
    )
    if spec.effect is not None:
        spec.effect(ctx)
    if case.is_final and case.closed_at is None:
        case.closed_at = now
        ctx.changed_fields.add("closed_at")
    save_case(case, "status", *sorted(ctx.changed_fields))
    payload = audit.plain({**cleaned, **ctx.audit_payload})
    comment = ctx.timeline_comment
    if comment is None:
        comment = str(
            cleaned.get("comment") or cleaned.get("reason") or cleaned.get("summary") or ""
        )
    TimelineEntry.objects.create(
        case=case,
        at=now,
        actor=actor if getattr(actor, "pk", None) else None,
        verb=name,
        text=ctx.timeline_text or str(spec.label),
        comment=comment,
        payload=payload,
        public_text=str(spec.public_text or ""),
    )
    for users, ntype, text in ctx.notifications:
        notify(users, case=case, type=ntype, text=text, exclude=actor)
    sync_tasks(case, actor=actor)
    # The documents the transition issues (the kind's `documents`), before the audit event
    # takes its chain's lock, which is held until the commit.
    issued = issue_for_transition(ctx)
    audit.record(
        actor=actor,
        verb=f"{case.spec.app_label}.{case.kind}.{name}",
        case=case,
        from_state=from_state,
        to_state=case.status,
        payload={**payload, **issued},
    )
