"""Who may see and act on a case, computed from units, roles and jurisdictions.

Visibility (docs/domain.md §Cross-cutting): a user sees a case when their unit leads or
participates in it, they are in its task force (guardian object permission), or their unit
is an ancestor of the lead unit (same department, higher jurisdiction). Nothing else.

    case           `CasePolicy`: can, scope, who_can; registered for `Case`
    participation  the units that take part in a case and the user's object permissions on
                   it, read once and cached on the instance
    visibility     the visibility rules as filters on indexed columns
    expressions    the SQL expressions those filters use (`AnyOf`, `PathRange`)
"""

from .case import CasePolicy, case_policy
from .participation import forget_object_permissions, forget_participants, side_units
from .visibility import Visibility

__all__ = [
    "CasePolicy",
    "Visibility",
    "case_policy",
    "forget_object_permissions",
    "forget_participants",
    "side_units",
]
