"""Operations started before `OperationFlow` moved to `enforcement.joint_operation.flows` go
on working: viewflow stores the flow and its nodes as text, and migration 0005 rewrites the
stored references."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from viewflow.workflow.models import Process, Task

from casework.models import Case
from enforcement.joint_operation.flows import OperationFlow

from .test_helpers import PARTICIPANTS, report, team_fixture, walk_to  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

migration = importlib.import_module("enforcement.migrations.0005_operation_flow_refs")


def _store_old_references(case) -> None:
    """Write the references as viewflow stored them before the move."""
    processes = Process.objects.filter(operationprocess__case=case)
    for task in Task.objects.filter(process__in=processes):
        Task.objects.filter(pk=task.pk).update(flow_task=f"{migration.OLD}.{task.flow_task.name}")
    processes.update(flow_class=migration.OLD)


def test_old_references_are_rewritten_and_the_operation_goes_on(team):
    case = walk_to("in_progress", team)
    _store_old_references(case)
    process = Process.objects.get(operationprocess__case=case)
    assert process.flow_class is None  # unreadable until migrated

    migration.forwards(apps, None)

    process.refresh_from_db()
    assert process.flow_class is OperationFlow
    nodes = {t.flow_task for t in Task.objects.filter(process=process)}
    assert OperationFlow.report in nodes and None not in nodes
    for dept in PARTICIPANTS:
        report(case, team.reporters[dept], dept)
    assert Case.objects.get(pk=case.pk).status == "reporting_done"


def test_reversing_the_migration_restores_the_old_references(team):
    case = walk_to("in_progress", team)
    processes = Process.objects.filter(operationprocess__case=case)
    tasks = Task.objects.filter(process__in=processes)

    migration.backwards(apps, None)

    assert processes.filter(flow_class=migration.OLD).count() == 1
    assert tasks.filter(flow_task__startswith=f"{migration.OLD}.").count() == tasks.count()
    migration.forwards(apps, None)
    assert processes.filter(flow_class=migration.NEW).count() == 1
    assert tasks.filter(flow_task__startswith=f"{migration.NEW}.").count() == tasks.count()
