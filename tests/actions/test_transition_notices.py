"""What a transition's effect tells the officer handling the case (`TransitionContext`)."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

from django.utils import translation
from django.utils.translation import gettext as _

from casework.actions.context import TransitionContext


def context(assignee_id: int | None) -> TransitionContext:
    case = SimpleNamespace(assignee_id=assignee_id, number="JC-2026-0007")
    return TransitionContext(
        case=case,
        actor=None,
        name="approve_closure",
        data={},
        from_state="closure_pending",
        to_state="closed",
        now=datetime(2026, 12, 7, 9, 0),
        today=date(2026, 12, 7),
    )


def test_a_decision_is_told_to_the_handler_with_the_case_number():
    ctx = context(assignee_id=42)
    ctx.notify_decision(_("结案申请已批准"))
    assert ctx.notifications == [([42], "approval.decided", "结案申请已批准：JC-2026-0007")]


def test_in_english_the_decision_reads_as_english():
    ctx = context(assignee_id=42)
    with translation.override("en"):
        ctx.notify_decision(_("结案申请已批准"))
    assert ctx.notifications == [
        ([42], "approval.decided", "Closure request approved: JC-2026-0007")
    ]


def test_a_case_nobody_handles_tells_nobody():
    ctx = context(assignee_id=None)
    ctx.notify_decision(_("结案申请已批准"))
    ctx.notify_handler("case.reopened", "案件已重新调查")
    assert ctx.notifications == []


def test_a_notice_of_another_type_goes_to_the_handler_as_written():
    ctx = context(assignee_id=7)
    ctx.notify_handler("case.reopened", "案件已重新调查：JC-2026-0007")
    assert ctx.notifications == [([7], "case.reopened", "案件已重新调查：JC-2026-0007")]
