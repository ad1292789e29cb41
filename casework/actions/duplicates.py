"""Duplicate complaints: suggesting them, linking related cases, merging one into another.

- Suggestions: cases against the same employer (same credit code; or the same name when
  either side has no code) or about the same market, submitted within 90 days of each
  other, among the cases the officer may see. Merged cases and cases already linked are
  left out.
- Links: a symmetric relation with a reason, made and removed by whoever handles the case
  (policy `link`); the other case need only be visible. Audited on both cases.
- Merge: the case stops in the shared final state `merged` and the survivor (same kind,
  same lead unit, both open) takes over its parties; its number and tracking number stay
  valid as aliases of the survivor. See docs/duplicates.md for every rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework import audit
from casework.actions.locking import save_case
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.kinds import MERGED
from casework.models import (
    Case,
    CaseAlias,
    CaseLink,
    CaseParty,
    ClockStatus,
    LegalClock,
    PartyRole,
    TimelineEntry,
)
from casework.notify import notify
from casework.policies import case_policy
from casework.workflow import sync_tasks

WINDOW = timedelta(days=90)
SUGGESTION_LIMIT = 20
LINK_REASON_MAX = 500
MERGE_REASON_MAX = 2000
# Roles whose people are the claimants a merge adds to the survivor's totals.
CLAIMANT_ROLES = (PartyRole.COMPLAINANT, PartyRole.WORKER)

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
    rows = []
    for other in qs:
        reasons = []
        if employer_q is not None and other.employer_id is not None:
            if other.employer_id == case.employer_id or _same_employer(case, other):
                reasons.append("employer")
        if case.market_id is not None and other.market_id == case.market_id:
            reasons.append("market")
        apart = abs((other.submitted_at - case.submitted_at).days)
        other.as_kind()
        rows.append(Suggestion(other, reasons, apart, can_merge_into(case, other)))
    rows.sort(key=lambda s: (s.days_apart, -s.case.pk))
    return rows[:limit]


def _same_employer(case: Case, other: Case) -> bool:
    a, b = case.employer, other.employer
    if a.credit_code and b.credit_code:
        return a.credit_code == b.credit_code
    return a.name.strip() == b.name.strip()


def links_for(user, case: Case) -> list[tuple[CaseLink, Case]]:
    """The case's links whose other case `user` may see (the others are not shown at all)."""
    links = list(
        CaseLink.objects.filter(Q(case_a_id=case.pk) | Q(case_b_id=case.pk)).select_related(
            "created_by"
        )
    )
    others = {
        c.pk: c.as_kind()
        for c in case_policy.scope(user, "view", Case.objects.all())
        .filter(pk__in=[link.other(case.pk) for link in links])
        .select_related("lead_unit")
    }
    return [(link, others[link.other(case.pk)]) for link in links if link.other(case.pk) in others]


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


def _visible(actor, case: Case | None) -> bool:
    return case is not None and case_policy.can(actor, "view", case)


def _lock(*ids: int) -> dict[int, Case]:
    """Lock the cases' rows, lowest id first (the same order on every path: no deadlock).

    `of=("self",)`: PostgreSQL refuses FOR UPDATE on the nullable side of the outer joins
    that select_related adds for the employer and the assignee.
    """
    rows = (
        Case.objects.select_for_update(of=("self",))
        .select_related("employer", "assignee", "lead_unit")
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
    )
    return {c.pk: c for c in rows}


def _reason(text: str | None, *, required: bool, limit: int) -> str:
    text = (text or "").strip()
    if required and not text:
        raise InvalidInput(_("请填写理由。"), field="reason")
    if len(text) > limit:
        raise InvalidInput(_("理由不得超过 %(n)s 个字。") % {"n": limit}, field="reason")
    return text


def _other_id(raw) -> int | None:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return None
    return value if 0 < value < 2**31 else None


def case_link(*, actor, case_id: int, other_id, reason: str) -> CaseLink:
    """Link two cases. The actor handles `case_id` and sees the other one."""
    with transaction.atomic(durable=True):
        other = _other_id(other_id)
        rows = _lock(case_id, *([other] if other else []))
        case = rows.get(case_id)
        if not _visible(actor, case):
            raise CaseNotFound(_("案件不存在。"))
        if other is None:
            raise InvalidInput(_("请选择要关联的案件。"), field="case")
        if other == case.pk:
            raise InvalidInput(_("不能将案件与其自身关联。"), field="case")
        target = rows.get(other)
        if not _visible(actor, target):
            raise CaseNotFound(_("要关联的案件不存在。"), field="case")
        if not case_policy.can(actor, "link", case):
            raise NotPermitted(_("只有本案的承办人或主办单位审批人可以关联案件。"))
        if MERGED in (case.status, target.status):
            raise Conflict(_("已合并的案件不能再建立关联。"), field="case")
        reason = _reason(reason, required=True, limit=LINK_REASON_MAX)
        a, b = sorted((case.pk, target.pk))
        if CaseLink.objects.filter(case_a_id=a, case_b_id=b).exists():
            raise Conflict(_("两案已经关联。"), field="case")
        now = timezone.now()
        try:
            with transaction.atomic():
                link = CaseLink.objects.create(
                    case_a_id=a, case_b_id=b, reason=reason, created_by=actor, created_at=now
                )
        except IntegrityError as exc:
            raise Conflict(_("两案已经关联。"), field="case") from exc
        for this, that in ((case, target), (target, case)):
            audit.record(
                actor=actor,
                verb="casework.case.linked",
                case=this,
                obj=link,
                from_state=this.status,
                to_state=this.status,
                payload={
                    "link": link.pk,
                    "other": that.pk,
                    "other_number": that.number,
                    "reason": reason,
                },
            )
            TimelineEntry.objects.create(
                case=this,
                at=now,
                actor=actor,
                verb="linked",
                text=_("与案件 %(number)s 建立关联") % {"number": that.number},
                comment=reason,
                payload={"link": link.pk, "other": that.pk},
            )
        return link


def case_unlink(*, actor, case_id: int, link_id: int) -> None:
    """Remove a link; allowed to whoever may link the case the request names."""
    with transaction.atomic(durable=True):
        link = CaseLink.objects.filter(pk=link_id).first()
        other_id = link.other(case_id) if link else None
        rows = _lock(case_id, *([other_id] if other_id else []))
        case = rows.get(case_id)
        if not _visible(actor, case):
            raise CaseNotFound(_("案件不存在。"))
        if link is None or case_id not in (link.case_a_id, link.case_b_id):
            raise CaseNotFound(_("关联不存在。"), field="link")
        if not case_policy.can(actor, "link", case):
            raise NotPermitted(_("只有本案的承办人或主办单位审批人可以解除关联。"))
        target = rows[other_id]
        now = timezone.now()
        payload = {"link": link.pk, "reason": link.reason}
        CaseLink.objects.filter(pk=link.pk).delete()
        for this, that in ((case, target), (target, case)):
            audit.record(
                actor=actor,
                verb="casework.case.unlinked",
                case=this,
                from_state=this.status,
                to_state=this.status,
                payload={**payload, "other": that.pk, "other_number": that.number},
            )
            TimelineEntry.objects.create(
                case=this,
                at=now,
                actor=actor,
                verb="unlinked",
                text=_("解除与案件 %(number)s 的关联") % {"number": that.number},
                payload={"other": that.pk},
            )


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
        into = _other_id(into_id)
        rows = _lock(case_id, *([into] if into else []))
        case = rows.get(case_id)
        if not _visible(actor, case):
            raise CaseNotFound(_("案件不存在。"))
        if into is None:
            raise InvalidInput(_("请选择要并入的案件。"), field="into")
        if into == case.pk:
            raise InvalidInput(_("不能将案件并入其自身。"), field="into")
        survivor = rows.get(into)
        if not _visible(actor, survivor):
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
        reason = _reason(reason, required=False, limit=MERGE_REASON_MAX)

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
            public_text=_("您的投诉已与同一事项的其他投诉合并办理，办理进度以合并后的案件为准。"),
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
