"""Who may see and act on a case, computed from units, roles and jurisdictions.

Visibility (docs/domain.md §Cross-cutting): a user sees a case when their unit leads or
participates in it, they are in its task force (guardian object permission), or their unit
is an ancestor of the lead unit (same department, higher jurisdiction). Nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import BooleanField, Expression, F, Q, QuerySet

from permissions import policy as registry
from permissions.models import Role, Unit
from permissions.selectors import org_of

from .models import Case, CaseParticipant, CaseTransfer, CaseUserObjectPermission


def _participants(case: Case) -> list[tuple[int, str]]:
    cached = getattr(case, "_participant_cache", None)
    if cached is None:
        cached = list(
            CaseParticipant.objects.filter(case_id=case.pk).values_list(
                "unit_id", "unit__department__code"
            )
        )
        case._participant_cache = cached
    return cached


def _parent_unit(case: Case) -> int | None:
    cached = getattr(case, "_parent_unit_cache", False)
    if cached is False:
        parent = (
            Unit.objects.filter(
                department_id=case.lead_department_id,
                jurisdiction__children__units=case.lead_unit_id,
            )
            .values_list("pk", flat=True)
            .first()
        )
        cached = case._parent_unit_cache = parent
    return cached


def side_units(case: Case, side: str) -> list[int]:
    """The units whose members act for a transition's `side` (see TransitionSpec.side)."""
    if side == "lead":
        return [case.lead_unit_id]
    if side == "parent":
        parent = _parent_unit(case)
        return [parent] if parent is not None else []
    if side.startswith("participant:"):
        dept = side.split(":", 1)[1]
        return [unit_id for unit_id, code in _participants(case) if code == dept]
    return []


def forget_participants(case: Case, *, parent_unit: bool = False) -> None:
    """Drop what the case object remembers of its participating units (and, after a
    change of lead unit, of the lead unit's parent)."""
    if hasattr(case, "_participant_cache"):
        del case._participant_cache
    if parent_unit and hasattr(case, "_parent_unit_cache"):
        del case._parent_unit_cache


def forget_object_permissions(user) -> None:
    """Drop what this user object remembers of its per-case grants (after a change to them)."""
    if hasattr(user, "_case_perm_cache"):
        del user._case_perm_cache


TRANSFER_REASONS = ("transfer_pending", "transferred_from")


def transfer_participants(case: Case) -> set[int]:
    return set(
        CaseParticipant.objects.filter(case_id=case.pk, reason__in=TRANSFER_REASONS).values_list(
            "unit_id", flat=True
        )
    )


def pending_transfer_unit(case: Case) -> int | None:
    return (
        CaseTransfer.objects.filter(case_id=case.pk, status="pending")
        .values_list("to_unit_id", flat=True)
        .first()
    )


def _object_perms(user, case: Case) -> set[str]:
    cache = getattr(user, "_case_perm_cache", None)
    if cache is None:
        cache = user._case_perm_cache = {}
    if case.pk not in cache:
        cache[case.pk] = set(
            CaseUserObjectPermission.objects.filter(
                user_id=user.pk, content_object_id=case.pk
            ).values_list("permission__codename", flat=True)
        )
    return cache[case.pk]


class AnyOf(Expression):
    """`field = ANY(%s)` with the ids as one array parameter (PostgreSQL).

    Within an OR, `IN (SELECT ...)` becomes a sub-plan checked row by row, which rules out
    index scans for the whole OR, so counting a scoped list reads the whole table. A
    constant array is an index condition on the primary key, and PostgreSQL (14+) checks it
    against a hash table when it filters rows instead. One parameter, whatever the length.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: str, ids: list[int]) -> None:
        super().__init__()
        self.lhs = F(field)
        self.ids = ids

    def get_source_expressions(self):
        return [self.lhs]

    def set_source_expressions(self, exprs):
        (self.lhs,) = exprs

    def as_sql(self, compiler, connection):
        lhs, params = compiler.compile(self.lhs)
        return f"{lhs} = ANY(%s)", (*params, list(self.ids))


def _after_prefix(prefix: str) -> str:
    """The least string above every string starting with `prefix` (last character + 1)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


class PathRange(Expression):
    """`lo <= field < hi` (either bound optional) in byte order.

    A subtree (`jurisdiction_path` starting with "city/x/") is the range
    ["city/x/", "city/x0"). On PostgreSQL the comparison uses the pattern operators
    (`~>=~`, `~<~`): byte order whatever the collation, and exactly what the
    `varchar_pattern_ops` indexes answer, where `LIKE 'city/x/%'` would be rechecked row
    by row. SQLite compares text byte by byte already.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: str, lo: str | None, hi: str | None) -> None:
        super().__init__()
        self.lhs = F(field)
        self.lo, self.hi = lo, hi

    def get_source_expressions(self):
        return [self.lhs]

    def set_source_expressions(self, exprs):
        (self.lhs,) = exprs

    def _sql(self, compiler, operators: tuple[str, str]):
        lhs, lhs_params = compiler.compile(self.lhs)
        parts, params = [], []
        for bound, op in zip((self.lo, self.hi), operators, strict=True):
            if bound is not None:
                parts.append(f"{lhs} {op} %s")
                params += [*lhs_params, bound]
        if not parts:
            return "1 = 1", ()
        return "(" + " AND ".join(parts) + ")", tuple(params)

    def as_sql(self, compiler, connection):
        return self._sql(compiler, (">=", "<"))

    def as_postgresql(self, compiler, connection):
        return self._sql(compiler, ("~>=~", "~<~"))


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
            PathRange("jurisdiction_path", prefix, _after_prefix(prefix))
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
                lo = _after_prefix(prefix)
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


class CasePolicy:
    def can(self, user, action: str, obj: Case | None = None) -> bool:
        if obj is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        case = obj
        if action == "view":
            return self._visible(user, case)
        if not self._visible(user, case):
            return False
        org = org_of(user)
        if action == "handle":
            # Personal information: only the handling officer and task-force handlers.
            return case.assignee_id == user.pk or "handle_case" in _object_perms(user, case)
        if action in ("assign", "reassign"):
            return org.has_role(case.lead_unit_id, Role.SUPERVISOR, Role.CLERK)
        if action == "claim":
            return case.assignee_id is None and org.has_role(case.lead_unit_id, Role.OFFICER)
        if action == "control_clock":
            # Pausing a clock for appraisal, hearing etc.: the handling officer or a supervisor.
            return case.assignee_id == user.pk or org.has_role(case.lead_unit_id, Role.SUPERVISOR)
        if action in ("attach", "post_room"):
            return self._works_on(user, case)
        if action == "manage_taskforce":
            return org.has_role(case.lead_unit_id, Role.SUPERVISOR)
        if action == "transfer":
            # 移送/转办 is proposed by whoever distributes the lead unit's work.
            return not case.is_final and org.has_role(
                case.lead_unit_id, Role.SUPERVISOR, Role.CLERK
            )
        if action == "decide_transfer":
            to_unit = pending_transfer_unit(case)
            return to_unit is not None and org.has_role(to_unit, Role.SUPERVISOR, Role.CLERK)
        if action.startswith("transition:"):
            return self._may_fire(user, case, action.split(":", 1)[1])
        if action in ("link", "merge"):
            # Who handles the case: its officer (any lead-unit officer while it is
            # unassigned), a lead-unit supervisor, or a task-force member who acts on it.
            if org.has_role(case.lead_unit_id, Role.SUPERVISOR):
                return True
            if org.has_role(case.lead_unit_id, Role.OFFICER):
                return case.assignee_id in (None, user.pk)
            return "act_case" in _object_perms(user, case)
        return False

    def _visible(self, user, case: Case) -> bool:
        org = org_of(user)
        units = org.units()
        if case.lead_unit_id in units:
            return True
        for seat in org.seats:
            if seat.department_id == case.lead_department_id and case.jurisdiction_path.startswith(
                seat.jurisdiction_path
            ):
                return True
        if any(unit_id in units for unit_id, _ in _participants(case)):
            return True
        return "view_case" in _object_perms(user, case)

    def _works_on(self, user, case: Case) -> bool:
        org = org_of(user)
        working = (Role.OFFICER, Role.SUPERVISOR, Role.CLERK)
        if org.has_role(case.lead_unit_id, *working):
            return True
        # A unit that only takes part because of a transfer (pending, or the previous lead)
        # sees the case but does not work on it.
        passive = transfer_participants(case) if _participants(case) else set()
        if any(
            org.has_role(unit_id, *working)
            for unit_id, _ in _participants(case)
            if unit_id not in passive
        ):
            return True
        return "act_case" in _object_perms(user, case)

    def _may_fire(self, user, case: Case, name: str) -> bool:
        spec = case.spec.transitions.get(name)
        if spec is None:
            return False
        org = org_of(user)
        units = side_units(case, spec.side)
        if not any(org.has_role(u, spec.role) for u in units):
            return False
        if spec.role == Role.OFFICER and spec.side == "lead":
            # An officer acts on the cases assigned to them; an unassigned case is the unit's.
            return case.assignee_id in (None, user.pk)
        return True

    def scope(self, user, action: str, queryset: QuerySet) -> QuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return queryset.none()
        return queryset.filter(self.visibility(user, connections[queryset.db].vendor).q())

    def visibility(self, user, vendor: str) -> Visibility:
        """The rules of `_visible` as filters on cases, for an authenticated user.

        On PostgreSQL every one is a predicate on indexed columns of the case row (see
        docs/performance.md); the ids of the cases the user's units take part in or their
        task force holds are read in one query beforehand.
        """
        org = org_of(user)
        units = sorted(org.units())
        subtrees = []
        # One per department subtree; a seat inside another seat's subtree adds nothing, so
        # the subtrees are disjoint.
        paths: dict[int, set[str]] = {}
        for seat in org.seats:
            paths.setdefault(seat.department_id, set()).add(seat.jurisdiction_path)
        for department_id, dept_paths in sorted(paths.items()):
            for path in sorted(dept_paths):
                if any(path != p and path.startswith(p) for p in dept_paths):
                    continue
                subtrees.append((department_id, path))
        task_force = CaseUserObjectPermission.objects.filter(
            user_id=user.pk, permission__codename="view_case"
        ).values_list("content_object_id", flat=True)
        taking_part = CaseParticipant.objects.filter(unit_id__in=units).values_list(
            "case_id", flat=True
        )
        named = None
        if vendor == "postgresql":
            ids = sorted(
                task_force.order_by().union(taking_part.order_by()) if units else task_force
            )
            if ids:
                named = Q(AnyOf("pk", ids))
        else:
            named = Q(pk__in=task_force)
            if units:
                named |= Q(pk__in=taking_part)
        return Visibility(subtrees=subtrees, lead_units=units, named=named)

    def who_can(self, action: str, obj: Case):
        """Recipients: the people who would act next for `action` on this case."""
        User = get_user_model()
        case = obj
        if action.startswith("transition:"):
            spec = case.spec.transitions.get(action.split(":", 1)[1])
            if spec is None:
                return User.objects.none()
            units = side_units(case, spec.side)
            if spec.role == Role.OFFICER and spec.side == "lead" and case.assignee_id:
                return User.objects.filter(pk=case.assignee_id, is_active=True)
            return User.objects.filter(
                memberships__unit_id__in=units,
                memberships__role=spec.role,
                memberships__active=True,
                is_active=True,
            ).distinct()
        if action == "supervise":
            return User.objects.filter(
                memberships__unit_id=case.lead_unit_id,
                memberships__role=Role.SUPERVISOR,
                memberships__active=True,
                is_active=True,
            ).distinct()
        if action == "claim":
            return User.objects.filter(
                memberships__unit_id=case.lead_unit_id,
                memberships__role__in=[Role.OFFICER, Role.CLERK],
                memberships__active=True,
                is_active=True,
            ).distinct()
        return User.objects.none()


case_policy = CasePolicy()
registry.register(Case, case_policy)
