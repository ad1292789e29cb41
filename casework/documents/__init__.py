"""Official documents (文书) in PDF: the base class, the layout after GB/T 9704-2012, the
kind-neutral documents, issuing and storing them, and the case dossier (案卷).

Kinds import from here what they declare their own documents with
(docs/documents.md): `OfficialDocument`, `DocumentSpec` and the helpers.
"""

from .base import DocumentSpec, OfficialDocument, PartyLine, day_text, masked_parties, text, yuan
from .common import ClosureReport
from .tables import evidence_table, grid

__all__ = [
    "ClosureReport",
    "DocumentSpec",
    "OfficialDocument",
    "PartyLine",
    "day_text",
    "evidence_table",
    "grid",
    "masked_parties",
    "text",
    "yuan",
]
