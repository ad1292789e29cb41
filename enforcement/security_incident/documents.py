"""The security incident's document: the closure report on `approve_closure`."""

from casework.documents import ClosureReport, DocumentSpec

DOCUMENTS = (DocumentSpec(ClosureReport, ("approve_closure",)),)
