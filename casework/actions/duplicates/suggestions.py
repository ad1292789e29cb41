"""Possible duplicates of a case, and the cases it could be merged into from its page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy

from casework.kinds import MERGED
from casework.models import Case, CaseLink
from casework.policies import case_policy

from .links import links_for

WINDOW = timedelta(days=90)
SUGGESTION_LIMIT = 20

REASON_LABELS = {
    "employer": gettext_lazy("同一用人单位"),
    "market": gettext_lazy("同一零工市场"),
}


@dataclass
class Suggestion:
    case: Case
    reasons: list[str] = field(default_factory=list)
    days_apart: int = 0
    mergeable: bool = False

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASON_LABELS[r]) for r in self.reasons]


def _employer_match(case: Case) -> Q | None:
    employer = case.employer
    if employer is None:
        return None
    name = employer.name.strip()
    if employer.credit_code:
        # A complainant often does not know the code: the same name without a code counts.
        return Q(employer__credit_code=employer.credit_code) | Q(
            employer__credit_code__isnull=True, employer__name=name
        )
    return Q(employer__name=name)


def _linked_ids(case_id: int) -> set[int]:
    ids = set()
    for a, b in CaseLink.objects.filter(Q(case_a_id=case_id) | Q(case_b_id=case_id)).values_list(
        "case_a_id", "case_b_id"
    ):
        ids.add(b if a == case_id else a)
    return ids


def can_merge_into(case: Case, target: Case) -> bool:
    return (
        target.pk != case.pk
        and target.kind == case.kind
        and target.lead_unit_id == case.lead_unit_id
        and not case.is_final
        and not target.is_final
    )


def duplicate_suggestions(user, case: Case, *, limit: int = SUGGESTION_LIMIT) -> list[Suggestion]:
    """Possible duplicates of `case` that `user` may see, nearest in time first."""
    if case.status == MERGED:
        return []
    match = Q(pk__in=[])
    employer_q = _employer_match(case)
    if employer_q is not None:
        match |= employer_q
    if case.market_id is not None:
        match |= Q(market_id=case.market_id)
    if employer_q is None and case.market_id is None:
        return []
    qs = (
        case_policy.scope(user, "view", Case.objects.all())
        .filter(match)
        .filter(submitted_at__range=(case.submitted_at - WINDOW, case.submitted_at + WINDOW))
        .exclude(pk=case.pk)
        .exclude(status=MERGED)
        .exclude(pk__in=_linked_ids(case.pk))
        .select_related("employer", "lead_unit", "assignee")
    )
    rows = []  # (how far apart, the suggestion)
    for other in qs:
        reasons = []
        if employer_q is not None and other.employer_id is not None:
            if other.employer_id == case.employer_id or _same_employer(case, other):
                reasons.append("employer")
        if case.market_id is not None and other.market_id == case.market_id:
            reasons.append("market")
        # The gap's own size: a case filed minutes earlier is a negative timedelta, whose
        # `.days` is -1.
        gap = abs(other.submitted_at - case.submitted_at)
        other.as_kind()
        rows.append((gap, Suggestion(other, reasons, gap.days, can_merge_into(case, other))))
    rows.sort(key=lambda row: (row[0], -row[1].case.pk))
    return [suggestion for _gap, suggestion in rows[:limit]]


def _same_employer(case: Case, other: Case) -> bool:
    a, b = case.employer, other.employer
    if a.credit_code and b.credit_code:
        return a.credit_code == b.credit_code
    return a.name.strip() == b.name.strip()


def merge_targets(
    user,
    case: Case,
    *,
    suggestions: list[Suggestion] | None = None,
    links: list[tuple[CaseLink, Case]] | None = None,
) -> list[Case]:
    """Cases `user` could merge `case` into from the page: its suggestions and links that
    share its kind and lead unit, are open, and that the user handles too. The page passes
    the suggestions and links it already computed."""
    if case.is_final or not case_policy.can(user, "merge", case):
        return []
    if suggestions is None:
        suggestions = duplicate_suggestions(user, case)
    if links is None:
        links = links_for(user, case)
    seen: dict[int, Case] = {}
    for s in suggestions:
        seen.setdefault(s.case.pk, s.case)
    for _link, other in links:
        seen.setdefault(other.pk, other)
    return [
        c for c in seen.values() if can_merge_into(case, c) and case_policy.can(user, "merge", c)
    ]
