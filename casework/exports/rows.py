"""The columns of a case-list export and the row of one case, masked as the reader may see it.

The columns are those of the case list (number, kind, status, unit, assignee, deadline,
priority) and what a list on paper needs besides: the tracking number, jurisdiction, dates,
employer, amounts, and the parties. Parties' names, ID numbers and phones are masked unless
the reader handles the case (`case_policy.handled`, the rule of `can(user, "handle")`); a
file leaves the system's access control, so names are masked there too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.models import Case, CaseParty
from casework.validators import mask_id_number, mask_name, mask_phone

Value = str | int | Decimal | date | datetime | None

CHUNK = 500


def headers() -> list[str]:
    """The column headers, in the active language (Chinese by default)."""
    return [
        _("案件编号"),
        _("查询编号"),
        _("案件类型"),
        _("状态"),
        _("优先级"),
        _("行政区划"),
        _("主办单位"),
        _("承办人"),
        _("办理期限"),
        _("是否超期"),
        _("提交时间"),
        _("结案时间"),
        _("用人单位"),
        _("涉及人数"),
        _("涉及金额（元）"),
        _("已追回金额（元）"),
        _("当事人"),
        _("身份证号"),
        _("联系电话"),
        _("个人信息已脱敏"),
    ]


@dataclass
class ExportRow:
    case: Case
    unmasked: bool
    values: list[Value]


def _local(value: datetime | None) -> datetime | None:
    # Spreadsheets know no time zones: the local wall-clock time, to the minute.
    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None, second=0, microsecond=0)


def _parties(case: Case, unmasked: bool) -> tuple[str, str, str]:
    names, ids, phones = [], [], []
    for party in case.export_parties:
        person = party.person
        name = person.name if unmasked else mask_name(person.name)
        names.append(f"{party.get_role_display()}：{name}")
        ids.append(person.id_number if unmasked else mask_id_number(person.id_number))
        phones.append(person.phone if unmasked else mask_phone(person.phone))
    return "；".join(names), "；".join(ids), "；".join(phones)


def row_of(case: Case, *, unmasked: bool, today: date) -> list[Value]:
    assignee = case.assignee
    overdue = bool(case.deadline and case.closed_at is None and case.deadline < today)
    names, ids, phones = _parties(case, unmasked)
    return [
        case.number,
        case.tracking_number,
        case.get_kind_display(),
        case.get_status_display(),
        case.get_priority_display(),
        case.jurisdiction.name,
        case.lead_unit.name,
        (assignee.get_full_name() or assignee.username) if assignee else "",
        case.deadline,
        _("是") if overdue else _("否"),
        _local(case.submitted_at),
        _local(case.closed_at),
        case.employer.name if case.employer_id else "",
        case.workers_count,
        case.amount_owed,
        case.amount_recovered,
        names,
        ids,
        phones,
        _("否") if unmasked else _("是"),
    ]


def export_rows(cases: QuerySet[Case], handled_ids: set[int]) -> Iterator[ExportRow]:
    """The rows of `cases` in the list's order, read in chunks (a few queries per chunk)."""
    today = timezone.localdate()
    parties = Prefetch(
        "parties",
        queryset=CaseParty.objects.select_related("person").order_by("id"),
        to_attr="export_parties",
    )
    rows: Iterable[Case] = (
        cases.select_related("employer").prefetch_related(parties).iterator(chunk_size=CHUNK)
    )
    for case in rows:
        unmasked = case.pk in handled_ids
        yield ExportRow(case, unmasked, row_of(case, unmasked=unmasked, today=today))
