from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Each kind's spec registers itself with casework when its module is imported; the order is
# the order of the kinds on the new-case page and in `seed_demo`.
KINDS = (
    "enforcement.security_incident.kind",
    "enforcement.inspection.kind",
    "enforcement.joint_operation.kind",
    "enforcement.rectification.kind",
)


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("市场执法")
    # (name, seconds, dotted path) of the jobs to run periodically, read by whoever runs
    # them (the real-time layer's scheduler, or Celery beat). Fixed-point watches owe a
    # patrol per interval; generating is idempotent, so an hourly run opens each day's
    # patrols within an hour of midnight, whoever runs it.
    periodic_jobs = (
        ("patrols", 3600, "enforcement.rectification.patrols.actions.generate_due_patrols"),
    )

    def ready(self) -> None:
        from importlib import import_module

        for module in KINDS:
            import_module(module)
