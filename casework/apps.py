from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("案件")

    def ready(self) -> None:
        from . import market_policy, policies, receivers  # noqa: F401  (registers policies, hooks)
