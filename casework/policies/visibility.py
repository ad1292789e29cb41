"""The visibility rules as filters on cases: whole, the gaps between the subtrees, and
disjoint pieces that can each be counted from one index."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from .expressions import PathRange, after_prefix


@dataclass
class Visibility:
    """Who sees which cases: the department subtrees of the user's seats as
    (department id, path prefix) pairs, disjoint; the units whose led cases they see; and
    the cases named for them (their units take part, or their task force holds them)."""

    subtrees: list[tuple[int, str]]
    lead_units: list[int]
    named: Q | None

    def _subtree(self, department_id: int, prefix: str) -> Q:
        return Q(lead_department_id=department_id) & Q(
            PathRange("jurisdiction_path", prefix, after_prefix(prefix))
        )

    def q(self) -> Q:
        """Every visible case. The subtrees come first: most visible cases match there, and
        an OR stops at its first true branch."""
        q = Q()
        for department_id, prefix in self.subtrees:
            q |= self._subtree(department_id, prefix)
        if self.lead_units:
            q |= Q(lead_unit_id__in=self.lead_units)
        if self.named is not None:
            q |= self.named
        return q if q else Q(pk__in=[])

    def gaps(self) -> list[Q]:
        """The cases in no subtree, as disjoint ranges of (department, path): between the
        departments and, within one, around its subtrees. An index on (..., department,
        path) answers each range directly, where NOT (subtree) is checked entry by entry."""
        by_department: dict[int, list[str]] = {}
        for department_id, prefix in self.subtrees:
            by_department.setdefault(department_id, []).append(prefix)
        if not by_department:
            return [Q()]
        departments = sorted(by_department)
        gaps = [Q(lead_department_id__lt=departments[0])]
        for low, high in zip(departments, departments[1:], strict=False):
            gaps.append(Q(lead_department_id__gt=low, lead_department_id__lt=high))
        gaps.append(Q(lead_department_id__gt=departments[-1]))
        for department_id in departments:
            lo = None
            for prefix in sorted(by_department[department_id]):
                gaps.append(
                    Q(lead_department_id=department_id)
                    & Q(PathRange("jurisdiction_path", lo, prefix))
                )
                lo = after_prefix(prefix)
            gaps.append(
                Q(lead_department_id=department_id) & Q(PathRange("jurisdiction_path", lo, None))
            )
        return gaps

    def pieces(self) -> list[Q]:
        """Disjoint filters whose union is `q()`: each subtree, the led cases in each gap
        between the subtrees, the named cases outside both. Each is counted from one index
        (see docs/performance.md), where the OR of them cannot be."""
        pieces = [self._subtree(department_id, prefix) for department_id, prefix in self.subtrees]
        gaps = self.gaps()
        if self.lead_units:
            pieces += [Q(lead_unit_id__in=self.lead_units) & gap for gap in gaps]
        if self.named is not None:
            outside = Q()
            for gap in gaps:
                outside |= gap
            named = self.named & outside
            if self.lead_units:
                named &= ~Q(lead_unit_id__in=self.lead_units)
            pieces.append(named)
        return pieces
