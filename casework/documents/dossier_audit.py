"""The dossier's audit extract (七、审计记录摘录) in words: what was done, by whom, from which
state to which, as a reader of the dossier says it, not as the trail codes it.

The trail keeps its codes (`disputes.wage_arrears.accept`, `submitted`, a login name):
they are what is hashed and what `verify_audit` checks. The extract names a transition by
its label on the kind's spec, a state by its label, the other events by the labels below,
and a person by their full name (the login name only when they have none). An event this
module has no words for prints its code, as before, rather than nothing.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework.kinds import event_labels
from casework.models import AuditEvent, Case

from .layout import chinese_datetime

# The case's events that are no transition of its kind.
VERB_LABELS = {
    "casework.pii.viewed": _l("查看个人信息"),
    "casework.document.downloaded": _l("下载文书"),
    "casework.document.dossier_built": _l("生成案卷"),
    "casework.attachment.added": _l("上传证据材料"),
    "casework.attachment.downloaded": _l("下载证据材料"),
    "casework.clock.paused": _l("中止计时"),
    "casework.clock.resumed": _l("恢复计时"),
    "casework.case.assigned": _l("分派承办人"),
    "casework.case.reassigned": _l("变更承办人"),
    "casework.case.linked": _l("关联案件"),
    "casework.case.unlinked": _l("解除关联"),
    "casework.case.merged": _l("并入其他案件"),
    "casework.case.merge_received": _l("接收并案"),
    "casework.case.transfer_proposed": _l("提请移送"),
    "casework.case.transfer_accepted": _l("接收移送"),
    "casework.case.transfer_returned": _l("退回移送"),
    "casework.deadline.warning": _l("时限预警"),
    "casework.deadline.overdue": _l("时限逾期"),
    "casework.deadline.escalated": _l("逾期报上级"),
    "casework.transfer.answer_overdue": _l("移送答复逾期"),
}


def known_labels() -> dict:
    """The core's `VERB_LABELS`, the kinds' `event_labels` and what other apps declare as
    `audit_labels` on their AppConfig (e.g. the task force's, the dishonesty listing's)."""
    labels = dict(VERB_LABELS)
    labels.update(event_labels())
    for config in apps.get_app_configs():
        labels.update(getattr(config, "audit_labels", {}))
    return labels


def verb_label(case, verb: str, labels: dict) -> str:
    """What the event did, in words: a transition of the case's kind by its label, its
    opening, or one of `labels` (`known_labels()`); else the code."""
    prefix = f"{case.spec.app_label}.{case.kind}."
    if verb.startswith(prefix):
        name = verb[len(prefix) :]
        if name == "opened":
            return _("案件登记")
        transition = case.spec.transitions.get(name)
        if transition is not None:
            return str(transition.label)
    label = labels.get(verb)
    return str(label) if label is not None else verb


def states_label(from_state: str, to_state: str, label) -> str:
    """The state an event left its object in, by `label`; "from→to" when it moved it."""
    if not to_state:
        return ""
    if not from_state or from_state == to_state:
        return label(to_state)
    return f"{label(from_state)}→{label(to_state)}"


def object_state_label(object_type: str):
    """How to name the states of an event's object when it is not a case; None for a case."""
    if not object_type:
        return None
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return None
    if issubclass(model, Case):
        return None
    try:
        choices = dict(model._meta.get_field("status").choices or ())
    except FieldDoesNotExist:
        return None
    return lambda state: str(choices.get(state, state))


def person(user, fallback: str = "") -> str:
    """A person as a record names them: full name, else login name; `fallback` for none."""
    if user is None:
        return fallback
    return user.get_full_name() or user.get_username()


def audit_rows(case, limit: int) -> list[list[str]]:
    """The case's latest `limit` events, oldest first: time, who, what, state, hash."""
    events = (AuditEvent.objects.filter(case=case).select_related("actor").order_by("-at", "-id"))[
        :limit
    ]
    labels = known_labels()
    # The states of the case itself by its kind's labels; those of another record of it
    # (a dishonesty listing) by that record's own, read once per kind of record.
    state_labels: dict[str, object] = {}

    def state_label(object_type: str):
        if object_type not in state_labels:
            state_labels[object_type] = object_state_label(object_type) or case.spec.status_label
        return state_labels[object_type]

    return [
        [
            chinese_datetime(ev.at),
            person(ev.actor, ev.actor_name or _("系统")),
            verb_label(case, ev.verb, labels),
            states_label(ev.from_state, ev.to_state, state_label(ev.object_type)),
            ev.hash[:8],
        ]
        for ev in reversed(list(events))
    ]
