"""The policy for cases: what a user may do to one (`can`), which cases they see
(`scope`), and who acts next (`who_can`). Registered for `Case` on import."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import Q, QuerySet

from permissions import policy as registry
from permissions.models import Role
from permissions.selectors import org_of

from ..models import Case, CaseParticipant, CaseUserObjectPermission
from .expressions import AnyOf
from .participation import (
    object_perms,
    participating_units,
    pending_transfer_unit,
    side_units,
    transfer_participants,
)
from .visibility import Visibility


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
            return case.assignee_id == user.pk or "handle_case" in object_perms(user, case)
        if action in ("assign", "reassign"):
            return org.has_role(case.lead_unit_id, Role.SUPERVISOR, Role.CLERK)
        if action == "claim":
            return case.assignee_id is None and org.has_role(case.lead_unit_id, Role.OFFICER)
        if action == "control_clock" or action.startswith("control_clock:"):
            return self._controls_clock(user, case, action.partition(":")[2])
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
            return "act_case" in object_perms(user, case)
        return False

    def _controls_clock(self, user, case: Case, owner: str) -> bool:
        """Pausing or resuming a clock owned by department `owner` ("" = the lead's): a
        supervisor of an owning unit on the case, the assigned officer when the lead owns
        it, or an officer of a participating unit of the owning department."""
        owning = {u for u, code in participating_units(case) if owner and code == owner}
        for seat in org_of(user).seats:
            lead_owns = not owner or seat.department_code == owner
            if seat.unit_id == case.lead_unit_id and lead_owns:
                if seat.role == Role.SUPERVISOR or case.assignee_id == user.pk:
                    return True
            if seat.unit_id in owning and seat.role in (Role.SUPERVISOR, Role.OFFICER):
                return True
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
        if any(unit_id in units for unit_id, _ in participating_units(case)):
            return True
        return "view_case" in object_perms(user, case)

    def _works_on(self, user, case: Case) -> bool:
        org = org_of(user)
        working = (Role.OFFICER, Role.SUPERVISOR, Role.CLERK)
        if org.has_role(case.lead_unit_id, *working):
            return True
        # A unit that only takes part because of a transfer (pending, or the previous lead)
        # sees the case but does not work on it.
        passive = transfer_participants(case) if participating_units(case) else set()
        if any(
            org.has_role(unit_id, *working)
            for unit_id, _ in participating_units(case)
            if unit_id not in passive
        ):
            return True
        return "act_case" in object_perms(user, case)

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

    def handled(self, user, queryset: QuerySet) -> QuerySet:
        """The cases of `queryset` that `can(user, "handle", case)` allows, as one filter
        (for lists that mask row by row). `queryset` must already be scoped to what the user
        sees: this adds the handling rule only."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return queryset.none()
        handling = CaseUserObjectPermission.objects.filter(
            user_id=user.pk, permission__codename="handle_case"
        ).values("content_object_id")
        return queryset.filter(Q(assignee_id=user.pk) | Q(pk__in=handling))

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
