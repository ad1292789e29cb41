"""The procuratorate's supervision of a refusal to open a case (立案监督), the last remedy
国务院令第310号《行政执法机关移送涉嫌犯罪案件的规定》 第九条 gives the bureau after the police
decline a transfer:

- ¶1: instead of asking the police to reconsider, the bureau "也可以建议人民检察院依法进行
  立案监督" — so the recommendation is open while the reconsideration window is;
- ¶2: when the police maintain their refusal after reconsideration, a bureau that still
  disagrees "应当自收到复议决定通知书之日起3日内建议人民检察院依法进行立案监督". The 3 days
  run from the service of the decision (`police_return.served_on` of the second return).

`suggest_supervision` records the recommendation (the procuratorate, the reason); the
bureau may instead record that it accepts the decision (`waive_supervision`). A new report,
a new transfer, a closure proposal or the approved closure also end the window.
docs/domain.md, "Clocks added for procedure steps".
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from rest_framework import serializers

from casework import clocks
from casework.kinds import ClockSpec, TransitionSpec
from casework.payloads import CommentPayload, ReasonPayload
from permissions.models import Role

SUPERVISION_REQUEST = ClockSpec(
    code="supervision_request",
    title=_l("建议立案监督期限"),
    legal_basis=_l(
        "《行政执法机关移送涉嫌犯罪案件的规定》第九条：移送案件的行政执法机关对公安机关不予"
        "立案的复议决定仍有异议的，应当自收到复议决定通知书之日起3日内建议人民检察院依法进行"
        "立案监督"
    ),
    day_unit="calendar",
    days=3,
    start_event=_l("收到复议决定通知书之日"),
    owner="hrss",
)

# The ¶1 window, whose clock is declared with the other transfer steps.
RECONSIDERATION_WINDOW = "reconsideration_request"


class SupervisionPayload(ReasonPayload):
    procuratorate = serializers.CharField(
        label=_l("人民检察院"),
        max_length=100,
        help_text=_l("建议进行立案监督的人民检察院，如“枣庄市薛城区人民检察院”"),
    )


def _window_open(case, code: str) -> bool:
    clock = clocks.running(case, code)
    return clock is not None and clocks.local_today() <= clock.due_date


def _returned(case) -> bool:
    """Both windows open on a police return: without one on record (most cases, whose page
    lists the available steps) there is no clock to read."""
    return "police_return" in (case.details or {})


def supervision_open(case) -> bool:
    """Either window of §9 runs and its last day has not passed: the reconsideration window
    (¶1, the alternative to reconsideration) or the window after it (¶2)."""
    return _returned(case) and (
        _window_open(case, SUPERVISION_REQUEST.code) or _window_open(case, RECONSIDERATION_WINDOW)
    )


def supervision_undecided(case) -> bool:
    return _returned(case) and clocks.running(case, SUPERVISION_REQUEST.code) is not None


def open_window(ctx, served) -> None:
    """The police maintained their refusal after reconsideration (¶2)."""
    clock = clocks.start(ctx.case, SUPERVISION_REQUEST, served)
    ctx.audit_payload["supervision_due"] = clock.due_date.isoformat()


def suggest_supervision(ctx) -> None:
    case = ctx.case
    clocks.stop(case, SUPERVISION_REQUEST.code, RECONSIDERATION_WINDOW)
    ctx.note(
        "supervision",
        {
            "outcome": "suggested",
            "procuratorate": ctx.data["procuratorate"],
            "reason": ctx.data["reason"],
            "on": ctx.today.isoformat(),
            "by": ctx.actor.get_username(),
        },
    )
    ctx.timeline_text = _("建议%(procuratorate)s对不予立案决定进行立案监督") % {
        "procuratorate": ctx.data["procuratorate"]
    }


def waive_supervision(ctx) -> None:
    clocks.stop(ctx.case, SUPERVISION_REQUEST.code)
    ctx.note("supervision", {"outcome": "waived", "on": ctx.today.isoformat()})
    ctx.timeline_text = _("不建议立案监督，依法继续处理")


SUGGEST_SUPERVISION = TransitionSpec(
    "suggest_supervision",
    _l("建议检察院立案监督"),
    Role.SUPERVISOR,
    serializer=SupervisionPayload,
    effect=suggest_supervision,
    condition=supervision_open,
    refusal=_l(
        "只能在接到不予立案通知书或复议决定通知书之日起3日内建议立案监督"
        "（《行政执法机关移送涉嫌犯罪案件的规定》第九条）。"
    ),
    style="secondary",
)
WAIVE_SUPERVISION = TransitionSpec(
    "waive_supervision",
    _l("不建议立案监督"),
    Role.SUPERVISOR,
    serializer=CommentPayload,
    effect=waive_supervision,
    condition=supervision_undecided,
    refusal=_l("没有待决定是否建议立案监督的复议决定。"),
    style="secondary",
)
