"""Duplicate complaints: suggesting them, linking related cases, merging one into another.

- Suggestions (`suggestions`): cases against the same employer (same credit code; or the
  same name when either side has no code) or about the same market, submitted within 90
  days of each other, among the cases the officer may see. Merged cases and cases already
  linked are left out.
- Links (`links`): a symmetric relation with a reason, made and removed by whoever handles
  the case (policy `link`); the other case need only be visible. Audited on both cases.
- Merge (`merge`): the case stops in the shared final state `merged` and the survivor
  (same kind, same lead unit, both open) takes over its parties; its number and tracking
  number stay valid as aliases of the survivor. See docs/duplicates.md for every rule.
"""

from .links import case_link, case_unlink, links_for
from .merge import case_merge, merged_into
from .suggestions import Suggestion, can_merge_into, duplicate_suggestions, merge_targets

__all__ = [
    "Suggestion",
    "can_merge_into",
    "case_link",
    "case_merge",
    "case_unlink",
    "duplicate_suggestions",
    "links_for",
    "merge_targets",
    "merged_into",
]
