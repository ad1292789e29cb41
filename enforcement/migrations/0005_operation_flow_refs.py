"""Point stored viewflow references at OperationFlow's new module.

viewflow stores the flow of a process (`Process.flow_class`) and the node of a task
(`Task.flow_task`) as text, `<app label>/<module inside the app>.<Flow>[.<node>]`, and reads
a reference it cannot import as None. OperationFlow moved from `enforcement.operation_flow`
to `enforcement.joint_operation.flows`, so the references of existing operations are
rewritten here (and back when the migration is reversed). No table or column changes.
"""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace

OLD = "enforcement/operation_flow.OperationFlow"
NEW = "enforcement/joint_operation.flows.OperationFlow"


def _rewrite(apps, old: str, new: str) -> None:
    Process = apps.get_model("viewflow", "Process")
    Task = apps.get_model("viewflow", "Task")
    Process.objects.filter(flow_class=old).update(flow_class=new)
    Task.objects.filter(flow_task__startswith=f"{old}.").update(
        flow_task=Replace("flow_task", Value(f"{old}."), Value(f"{new}."))
    )


def forwards(apps, schema_editor) -> None:
    _rewrite(apps, OLD, NEW)


def backwards(apps, schema_editor) -> None:
    _rewrite(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0004_joint_operation"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
