from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "disputes"
    verbose_name = _("劳动权益案件")

    def ready(self) -> None:
        from .wage_arrears import kind  # noqa: F401  (registers the dispute kinds with casework)
