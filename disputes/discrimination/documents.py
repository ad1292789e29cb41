"""The discrimination kind's documents: the procedure's notices and the closure report."""

from casework.documents import ClosureReport, DocumentSpec

from ..investigated_complaint.documents import AcceptanceNotice, RejectionNotice

DOCUMENTS = (
    DocumentSpec(AcceptanceNotice, ("accept", "accept_time_barred")),
    DocumentSpec(RejectionNotice, ("reject",)),
    DocumentSpec(ClosureReport, ("approve_closure",)),
)
