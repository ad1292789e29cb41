"""The inspection's documents: 整改通知书 (on `require_rectification`) and the closure report."""

from django.utils.translation import gettext_lazy as _l

from casework.documents import ClosureReport, DocumentSpec

from ..site_documents import RectificationNotice
from .payloads import finding_label


class InspectionRectificationNotice(RectificationNotice):
    orders_key = "rectifications"
    finding_label = staticmethod(finding_label)
    legal_basis = _l("安全生产和公共卫生有关法律法规及零工市场设施标准")


DOCUMENTS = (
    DocumentSpec(InspectionRectificationNotice, ("require_rectification",)),
    DocumentSpec(ClosureReport, ("approve_closure",)),
)
