from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Each kind's package registers its spec with casework when its `kind` module is imported;
# kinds are listed in this order wherever casework lists them.
KINDS = ("wage_arrears", "discrimination", "labour_dispute")


class DisputesConfig(AppConfig):
    name = "disputes"
    verbose_name = _("劳动权益案件")
    # On every case page after the facts: the employer's wage totals and dishonesty listing
    # (the panel shows itself only where the case has an employer).
    case_panels = ("disputes/dishonesty/_employer_panel.html",)
    # The words for the dishonesty listing's steps in the source case's dossier
    # (casework.documents.dossier_audit); their states are the listing's own.
    audit_labels = {
        "listing.proposed": _("拟列入失信名单（发出告知）"),
        "listing.served": _("送达拟列入告知书"),
        "listing.statement": _("记录陈述申辩"),
        "listing.decided": _("作出列入决定"),
        "listing.removed": _("信用修复移出名单"),
        "listing.expired": _("列入期满移出"),
    }
    # (name, seconds, dotted path), run by the real-time layer's scheduler or Celery beat:
    # the dishonesty listings whose 3-year term is over end by themselves. Idempotent, so an
    # hourly run ends a term within the first hour of the day after its last day.
    periodic_jobs = (("dishonesty_terms", 3600, "disputes.dishonesty.expiry.end_expired_listings"),)

    def ready(self) -> None:
        for kind in KINDS:
            import_module(f"{self.name}.{kind}.kind")
        import_module(f"{self.name}.dishonesty.calendar")  # connects its receiver
