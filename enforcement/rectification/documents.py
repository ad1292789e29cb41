"""Market rectification's documents: 整改通知书 (on `issue_notice`) and the closure report."""

from casework.documents import ClosureReport, DocumentSpec

from ..site_documents import RectificationNotice
from .payloads import item_label


class MarketRectificationNotice(RectificationNotice):
    orders_key = "notices"
    item_label = staticmethod(item_label)


DOCUMENTS = (
    DocumentSpec(MarketRectificationNotice, ("issue_notice",)),
    DocumentSpec(ClosureReport, ("approve_closure",)),
)
