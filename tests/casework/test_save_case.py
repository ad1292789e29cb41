"""Writing a case back: one UPDATE guarded by the version the action read."""

from __future__ import annotations

import pytest
from django.db import transaction

from casework.actions import case_transition
from casework.actions.locking import lock_case, save_case
from casework.errors import Conflict
from casework.models import Case


def test_a_stale_version_writes_nothing_and_is_a_conflict(wage_case):
    with transaction.atomic():
        case = lock_case(wage_case.pk)
        Case.objects.filter(pk=case.pk).update(version=case.version + 1)  # another writer
        case.description = "改过的说明"
        with pytest.raises(Conflict):
            save_case(case, "description")
    fresh = Case.objects.get(pk=wage_case.pk)
    assert fresh.description != "改过的说明" and fresh.version == wage_case.version + 1


def test_the_version_is_bumped_and_the_deadline_set_from_the_running_clocks(
    wage_case, hrss_officer
):
    before = Case.objects.get(pk=wage_case.pk)
    assert before.deadline is not None  # the acceptance clock runs
    case = case_transition(actor=hrss_officer, case_id=wage_case.pk, name="accept")
    fresh = Case.objects.get(pk=wage_case.pk)
    assert (fresh.status, fresh.version) == ("investigating", before.version + 1)
    # The acceptance clock stopped and the investigation clock started: its due date binds.
    running = fresh.clocks.filter(status="running").order_by("due_date").first()
    assert fresh.deadline == running.due_date != before.deadline
    assert (case.version, case.deadline) == (fresh.version, fresh.deadline)


def test_the_returned_case_can_be_saved_again(wage_case, hrss_officer):
    # django-fsm's mixin knows the state the transition saved: a later save() is no conflict.
    case = case_transition(actor=hrss_officer, case_id=wage_case.pk, name="accept")
    case.priority = "high"
    case.save(update_fields=["priority"])
    assert Case.objects.get(pk=wage_case.pk).priority == "high"
