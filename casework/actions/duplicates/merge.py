"""Merging a duplicate into the case that survives it, and finding where a merged case went."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import audit
from casework.actions.locking import save_case
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.kinds import MERGED
from casework.language import records_language
from casework.models import (
    Case,
    CaseAlias,
    CaseParty,
    ClockStatus,
    LegalClock,
    PartyRole,
    TimelineEntry,
)
from casework.notify import notify
from casework.policies import case_policy
from casework.workflow import sync_tasks

from .pair import clean_reason, is_visible, lock_cases, parse_case_id

MERGE_REASON_MAX = 2000
# Roles whose people are the claimants a merge adds to the survivor's totals.
CLAIMANT_ROLES = (PartyRole.COMPLAINANT, PartyRole.WORKER)


def _take_over_parties(merged: Case, survivor: Case) -> tuple[int, int, Decimal]:
    """Copy the merged case's parties the survivor lacks (the same person, by ID number
    when known, is not added twice). Returns (parties added, claimants added, their claims).
    The merged case keeps its own rows: its payments and record stay as they were."""
    present_people = set()
    present_ids = set()
    for person_id, id_number in survivor.parties.values_list("person_id", "person__id_number"):
        present_people.add(person_id)
        if id_number:
            present_ids.add(id_number)
    added = claimants = 0
    claims = Decimal(0)
    for party in merged.parties.select_related("person").order_by("id"):
        person = party.person
        if person.pk in present_people or (person.id_number and person.id_number in present_ids):
            continue
        CaseParty.objects.create(
            case=survivor, person=person, role=party.role, amount_owed=party.amount_owed
        )
        present_people.add(person.pk)
        if person.id_number:
            present_ids.add(person.id_number)
        added += 1
        if party.role in CLAIMANT_ROLES:
            claimants += 1
            claims += party.amount_owed or Decimal(0)
    return added, claimants, claims


def case_merge(
    *, actor, case_id: int, into_id, version: int | None = None, reason: str = ""
) -> Case:
    """Merge case `case_id` into case `into_id`; returns the survivor.

    Checks, in order: the case is visible (404); `into` is given and is not the case itself
    (400); `into` is visible (404, naming `into`); the version (409); the actor handles both
    cases (403); neither is merged or final (409); same kind and lead unit (400). Nothing is
    written unless every check passes.
    """
    with transaction.atomic(durable=True):
        into = parse_case_id(into_id)
        rows = lock_cases(case_id, *([into] if into else []))
        case = rows.get(case_id)
        if not is_visible(actor, case):
            raise CaseNotFound(_("案件不存在。"))
        if into is None:
            raise InvalidInput(_("请选择要并入的案件。"), field="into")
        if into == case.pk:
            raise InvalidInput(_("不能将案件并入其自身。"), field="into")
        survivor = rows.get(into)
        if not is_visible(actor, survivor):
            raise CaseNotFound(_("要并入的案件不存在。"), field="into")
        if version is not None and int(version) != case.version:
            raise Conflict(
                _("案件已被他人更新（当前版本 %(v)s），请刷新后重试。") % {"v": case.version},
                field="version",
            )
        case.as_kind()
        survivor.as_kind()
        if not (
            case_policy.can(actor, "merge", case) and case_policy.can(actor, "merge", survivor)
        ):
            raise NotPermitted(_("只有两案的承办人或主办单位审批人可以合并案件。"))
        if case.status == MERGED:
            raise Conflict(_("本案已并入其他案件。"))
        if case.is_final:
            raise Conflict(_("案件已办结，不能合并。"))
        if survivor.is_final:
            raise Conflict(
                _("案件 %(number)s 已办结或已合并，不能并入。") % {"number": survivor.number},
                field="into",
            )
        if survivor.kind != case.kind:
            raise InvalidInput(_("只能并入同一类型的案件。"), field="into")
        if survivor.lead_unit_id != case.lead_unit_id:
            raise InvalidInput(_("只能并入同一主办单位的案件。"), field="into")
        reason = clean_reason(reason, required=False, limit=MERGE_REASON_MAX)

        now = timezone.now()
        from_state = case.status
        LegalClock.objects.filter(case=case).exclude(status=ClockStatus.STOPPED).update(
            status=ClockStatus.STOPPED, stopped_at=now
        )
        # `status` is the FSM's protected field and `merged` is no transition of the kind:
        # the row is updated directly, guarded by the version like every action.
        updated = Case.objects.filter(pk=case.pk, version=case.version).update(
            status=MERGED, version=F("version") + 1, closed_at=now, deadline=None, updated_at=now
        )
        if updated != 1:
            raise Conflict(_("案件已被他人更新，请刷新后重试。"))
        merged = Case.objects.select_related("lead_unit", "assignee").get(pk=case.pk).as_kind()

        added, claimants, claims = _take_over_parties(merged, survivor)
        survivor.workers_count += claimants
        survivor.amount_owed += claims
        save_case(survivor, "workers_count", "amount_owed")

        CaseAlias.objects.filter(case=merged).update(case=survivor)
        alias = CaseAlias.objects.create(
            case=survivor,
            merged_case=merged,
            number=merged.number,
            tracking_number=merged.tracking_number,
            reason=reason,
            merged_by=actor,
            merged_at=now,
        )
        with records_language():
            audit.record(
                actor=actor,
                verb="casework.case.merged",
                case=merged,
                from_state=from_state,
                to_state=MERGED,
                payload={
                    "into": survivor.pk,
                    "into_number": survivor.number,
                    "alias": alias.pk,
                    "reason": reason,
                },
            )
            audit.record(
                actor=actor,
                verb="casework.case.merge_received",
                case=survivor,
                from_state=survivor.status,
                to_state=survivor.status,
                payload={
                    "merged": merged.pk,
                    "merged_number": merged.number,
                    "merged_tracking_number": merged.tracking_number,
                    "parties_added": added,
                    "workers_added": claimants,
                    "amount_added": claims,
                    "reason": reason,
                },
            )
            TimelineEntry.objects.create(
                case=merged,
                at=now,
                actor=actor,
                verb="merged",
                text=_("已并入案件 %(number)s") % {"number": survivor.number},
                comment=reason,
                payload={"into": survivor.pk},
                public_text=_(
                    "您的投诉已与同一事项的其他投诉合并办理，办理进度以合并后的案件为准。"
                ),
            )
            TimelineEntry.objects.create(
                case=survivor,
                at=now,
                actor=actor,
                verb="merge_received",
                text=_("案件 %(number)s 已并入本案") % {"number": merged.number},
                comment=reason,
                payload={"merged": merged.pk, "parties_added": added},
            )
            notify(
                [u for u in (merged.assignee, survivor.assignee) if u is not None],
                case=survivor,
                type="case.merged",
                text=_("案件 %(old)s 已并入案件 %(new)s")
                % {"old": merged.number, "new": survivor.number},
                exclude=actor,
            )
            sync_tasks(merged, actor=actor)
            sync_tasks(survivor, actor=actor)
            return survivor


def merged_into(case: Case) -> CaseAlias | None:
    """Where a merged case now lives (its alias row), or None."""
    if case.status != MERGED:
        return None
    return CaseAlias.objects.select_related("case", "merged_by").filter(merged_case=case).first()
