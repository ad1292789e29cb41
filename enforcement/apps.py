from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("市场执法")

    def ready(self) -> None:
        from realtime import scheduler

        from . import kinds  # noqa: F401  (registers the enforcement kinds with casework)

        # Fixed-point watches owe a patrol per interval; generating is idempotent, so an
        # hourly run opens each day's patrols within an hour of midnight, whoever runs it.
        scheduler.register("patrols", 3600, "enforcement.patrols.generate_due_patrols")
