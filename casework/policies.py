"""Who may see and act on a case, computed from units, roles and jurisdictions.

Visibility (domain.md §Cross-cutting): a user sees a case when their unit leads or
participates in it, they are in its task force (guardian object permission), or their unit
is an ancestor of the lead unit (same department, higher jurisdiction). Nothing else.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

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


def forget_participants(case: Case) -> None:
    if hasattr(case, "_participant_cache"):
        del case._participant_cache


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
                user=user, content_object_id=case.pk
            ).values_list("permission__codename", flat=True)
        )
    return cache[case.pk]


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
        org = org_of(user)
        units = org.units()
        q = Q(
            pk__in=CaseUserObjectPermission.objects.filter(
                user_id=user.pk, permission__codename="view_case"
            ).values("content_object_id")
        )
        if units:
            q |= Q(lead_unit_id__in=units)
            q |= Q(pk__in=CaseParticipant.objects.filter(unit_id__in=units).values("case_id"))
        for seat in org.seats:
            q |= Q(
                lead_department_id=seat.department_id,
                jurisdiction_path__startswith=seat.jurisdiction_path,
            )
        return queryset.filter(q)

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
        if action == "manage_taskforce":
            return org.has_role(case.lead_unit_id, Role.SUPERVISOR)
        if action in ("link", "merge"):
            # Who handles the case: its officer (any lead-unit officer while it is
            # unassigned), a lead-unit supervisor, or a task-force member who acts on it.
            if org.has_role(case.lead_unit_id, Role.SUPERVISOR):
                return True
            if org.has_role(case.lead_unit_id, Role.OFFICER):
                return case.assignee_id in (None, user.pk)
            return "act_case" in _object_perms(user, case)
