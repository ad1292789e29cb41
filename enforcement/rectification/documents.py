"""Market rectification's documents: 整改通知书 (on `issue_notice`) and the closure report."""

from casework.documents import ClosureReport, DocumentSpec

from ..site_documents import RectificationNotice
from .payloads import finding_label


class MarketRectificationNotice(RectificationNotice):
    orders_key = "notices"
    finding_label = staticmethod(finding_label)


DOCUMENTS = (
    DocumentSpec(MarketRectificationNotice, ("issue_notice",)),
    DocumentSpec(ClosureReport, ("approve_closure",)),
)
