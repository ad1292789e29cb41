"""Reads of the fixed-point watch, permission-scoped: a watch is seen by whoever may see its
case; patrols are listed for the members of the watching unit."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.errors import CaseNotFound
from casework.models import Case
from casework.policies import case_policy
from permissions.models import Role
from permissions.selectors import org_of

from .models import MarketWatch, PatrolVisit

KIND = "market_rectification"
PATROL_ROLES = (Role.OFFICER, Role.SUPERVISOR)


class WatchNotFound(CaseNotFound):
    """A watch or patrol that does not exist or whose case the actor may not see."""


def watches_for_case(user, case: Case) -> QuerySet[MarketWatch]:
    if not case_policy.can(user, "view", case):
        return MarketWatch.objects.none()
    return MarketWatch.objects.filter(case=case).select_related(
        "market", "started_by", "ended_by", "unit"
    )


def can_start_watch(user, case: Case) -> bool:
    return (
        case.kind == KIND
        and not case.is_final
        and case.market_id is not None
        and org_of(user).has_role(case.lead_unit_id, Role.SUPERVISOR)
    )


def can_end_watch(user, watch: MarketWatch) -> bool:
    return watch.active and org_of(user).has_role(watch.unit_id, Role.SUPERVISOR)


def patrols_for(user, *, open_only: bool = True) -> QuerySet[PatrolVisit]:
    """The patrol visits of every watch run by a unit where `user` is an officer or
    supervisor: the due ones not yet recorded (or all of them), oldest first."""
    units = org_of(user).units(*PATROL_ROLES)
    qs = PatrolVisit.objects.filter(watch__unit_id__in=units).select_related(
        "watch__market", "watch__case", "officer"
    )
    if open_only:
        qs = qs.filter(visited_at__isnull=True, due_on__lte=timezone.localdate())
    return qs.order_by("due_on", "id") if open_only else qs.order_by("-due_on", "-id")


def watch_get_for_user(user, watch_id) -> MarketWatch:
    try:
        pk = int(watch_id)
    except (TypeError, ValueError):
        raise WatchNotFound(_("定点盯守不存在。")) from None
    watch = MarketWatch.objects.select_related("case", "market", "unit").filter(pk=pk).first()
    if watch is None or not case_policy.can(user, "view", watch.case):
        raise WatchNotFound(_("定点盯守不存在。"))
    return watch


def patrol_get_for_user(user, visit_id) -> PatrolVisit:
    try:
        pk = int(visit_id)
    except (TypeError, ValueError):
        raise WatchNotFound(_("巡查记录不存在。")) from None
    visit = PatrolVisit.objects.select_related("watch__case", "watch__market").filter(pk=pk).first()
    if visit is None or not case_policy.can(user, "view", visit.watch.case):
        raise WatchNotFound(_("巡查记录不存在。"))
    return visit
