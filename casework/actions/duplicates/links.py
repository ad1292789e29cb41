"""Links between related cases: reading the ones a user may see, making and removing one."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import audit
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.kinds import MERGED
from casework.language import records_language
from casework.models import Case, CaseLink, TimelineEntry
from casework.policies import case_policy

from .pair import clean_reason, is_visible, lock_cases, parse_case_id

LINK_REASON_MAX = 500


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


def case_link(*, actor, case_id: int, other_id, reason: str) -> CaseLink:
    """Link two cases. The actor handles `case_id` and sees the other one."""
    with transaction.atomic(durable=True):
        other = parse_case_id(other_id)
        rows = lock_cases(case_id, *([other] if other else []))
        case = rows.get(case_id)
        if not is_visible(actor, case):
            raise CaseNotFound(_("案件不存在。"))
        if other is None:
            raise InvalidInput(_("请选择要关联的案件。"), field="case")
        if other == case.pk:
            raise InvalidInput(_("不能将案件与其自身关联。"), field="case")
        target = rows.get(other)
        if not is_visible(actor, target):
            raise CaseNotFound(_("要关联的案件不存在。"), field="case")
        if not case_policy.can(actor, "link", case):
            raise NotPermitted(_("只有本案的承办人或主办单位审批人可以关联案件。"))
        if MERGED in (case.status, target.status):
            raise Conflict(_("已合并的案件不能再建立关联。"), field="case")
        reason = clean_reason(reason, required=True, limit=LINK_REASON_MAX)
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
        with records_language():
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
        rows = lock_cases(case_id, *([other_id] if other_id else []))
        case = rows.get(case_id)
        if not is_visible(actor, case):
            raise CaseNotFound(_("案件不存在。"))
        if link is None or case_id not in (link.case_a_id, link.case_b_id):
            raise CaseNotFound(_("关联不存在。"), field="link")
        if not case_policy.can(actor, "link", case):
            raise NotPermitted(_("只有本案的承办人或主办单位审批人可以解除关联。"))
        target = rows[other_id]
        now = timezone.now()
        payload = {"link": link.pk, "reason": link.reason}
        CaseLink.objects.filter(pk=link.pk).delete()
        with records_language():
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
