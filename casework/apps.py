from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("案件")
    # The documents of the case, and the button that builds its dossier.
    case_closing_panels = ("casework/_documents_panel.html",)

    def ready(self) -> None:
        from . import policies, receivers  # noqa: F401  (registers policies, hooks)
        from .markets import policy  # noqa: F401  (registers the market registry's policy)
