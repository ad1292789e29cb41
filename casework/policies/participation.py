"""The units that take part in a case and the user's object permissions on it, as the
policy reads them; the participants, the lead's parent unit and the object permissions
are read once and cached on the case (or user) instance."""

from __future__ import annotations

from permissions.models import Unit

from ..models import Case, CaseParticipant, CaseTransfer, CaseUserObjectPermission


def participating_units(case: Case) -> list[tuple[int, str]]:
    cached = getattr(case, "_participant_cache", None)
    if cached is None:
        cached = list(
            CaseParticipant.objects.filter(case_id=case.pk).values_list(
                "unit_id", "unit__department__code"
            )
        )
        case._participant_cache = cached
    return cached


def parent_unit(case: Case) -> int | None:
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
        parent = parent_unit(case)
        return [parent] if parent is not None else []
    if side.startswith("participant:"):
        dept = side.split(":", 1)[1]
        return [unit_id for unit_id, code in participating_units(case) if code == dept]
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


def object_perms(user, case: Case) -> set[str]:
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
