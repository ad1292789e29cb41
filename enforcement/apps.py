from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("市场执法")

    def ready(self) -> None:
        from . import kinds  # noqa: F401  (registers the enforcement kinds with casework)
