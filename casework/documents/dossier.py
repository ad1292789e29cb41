"""The case dossier (案卷): the whole case in one PDF, built on request.

Cover, facts, parties, clocks, timeline, decisions (the documents issued), the evidence
list and an extract of the audit trail. The content is read first (`dossier_content`, a
few queries) and laid out after (`dossier_story`), so the layout is what bare reportlab
would do with the same rows (bench/documents.py compares the two).

Parties appear as the reader sees them (`presenters.parties_for`): unmasked, and audited,
for those who handle the case, masked for everyone else; a dossier built unmasked is then
readable only by those who handle the case (`Document.restricted`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from reportlab.platypus import PageBreak, Paragraph, Spacer

from casework.models import AuditEvent, Case
from casework.payments import money_summary
from casework.presenters import clocks_for, parties_for

from .base import OfficialDocument, day_text, faced, text, yuan
from .layout import LEADING, STYLES, build_pdf, chinese_date, register_font
from .tables import grid

# The audit extract: the case's latest events (the whole trail is `verify_audit`'s).
AUDIT_EXTRACT = 500

# Each table's column widths (points of the 448-point text block, in 12 pt type: a
# timestamp needs 116) and the columns that wrap (Paragraph cells; the others are plain).
COLUMNS: dict[str, tuple[tuple[float, ...], tuple[int, ...]]] = {
    "cover": ((112, 336), (1,)),
    "facts": ((112, 336), ()),
    "parties": ((64, 64, 144, 96, 80), ()),
    "clocks": ((170, 70, 40, 88, 80), (0,)),
    "timeline": ((116, 100, 232), (1, 2)),
    "decisions": ((166, 120, 78, 84), (0, 1, 3)),
    "attachments": ((34, 90, 60, 116, 148), (1, 4)),
    "audit": ((116, 80, 128, 56, 68), (1, 2, 3)),
}


@dataclass
class DossierContent:
    number: str
    title: str
    unit: str
    built_on: date
    cover: list[tuple[str, str]]
    description: str
    facts: list[tuple[str, str]]
    parties: list[list[str]]
    clocks: list[list[str]]
    timeline: list[list[str]]
    decisions: list[list[str]]
    attachments: list[list[str]]
    audit: list[list[str]]
    masked: bool = True
    keywords: tuple[str, ...] = field(default_factory=tuple)

    def rows(self) -> int:
        return (
            len(self.parties)
            + len(self.clocks)
            + len(self.timeline)
            + len(self.decisions)
            + len(self.attachments)
            + len(self.audit)
        )


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


def dossier_content(case: Case, *, reader, number: str, unit, built_on: date) -> DossierContent:
    """Everything the dossier shows, read now; parties as `reader` may see them."""
    case = case.as_kind()
    parties = parties_for(reader, case, channel="dossier")
    cover = [
        (_("案件编号"), case.number),
        (_("案件类型"), case.get_kind_display()),
        (_("案由"), case.description[:60]),
        (_("主办单位"), case.lead_unit.name),
        (
            _("承办人"),
            (case.assignee.get_full_name() or case.assignee.get_username())
            if case.assignee
            else "—",
        ),
        (_("状态"), case.get_status_display()),
        (_("立案（登记）时间"), _when(case.submitted_at)),
        (_("结案时间"), _when(case.closed_at)),
        (_("卷号"), number),
        (_("立卷日期"), chinese_date(built_on)),
    ]
    facts = [
        (_("发生日期"), day_text(case.occurred_on)),
        (_("行政区划"), case.jurisdiction.name),
        (_("零工市场"), case.market.name if case.market else "—"),
        (_("用人单位"), case.employer.name if case.employer else "—"),
        (_("涉及人数"), str(case.workers_count)),
    ]
    if case.spec.tracks_wages:
        money = money_summary(case)
        facts += [
            (_("拖欠金额（元）"), yuan(case.amount_owed)),
            (_("责令支付（元）"), "—" if money.ordered is None else yuan(money.ordered)),
            (_("已支付（元，扣除更正）"), yuan(money.paid)),
            (_("已追回（元）"), yuan(case.amount_recovered)),
        ]
    clocks = [
        [
            str(v.clock.title),
            v.unit_label,
            str(v.clock.days or "—"),
            v.clock.due_date.isoformat() if v.clock.due_date else "—",
            v.clock.get_status_display(),
        ]
        for v in clocks_for(case)
    ]
    timeline = [
        [
            _when(e.at),
            (e.actor.get_full_name() or e.actor.get_username()) if e.actor else _("系统"),
            f"{e.text}：{e.comment}" if e.comment else e.text,
        ]
        for e in case.timeline.select_related("actor").order_by("at", "id")
    ]
    decisions = [
        [d.number, d.title, timezone.localtime(d.created_at).date().isoformat(), d.sha256[:10]]
        for d in case.documents.order_by("created_at", "id")
    ]
    attachments = [
        [str(n), a.original_name, f"{a.size:,}", _when(a.created_at), a.sha256]
        for n, a in enumerate(case.attachments.order_by("created_at", "id"), start=1)
    ]
    events = AuditEvent.objects.filter(case=case).order_by("-at", "-id")[:AUDIT_EXTRACT]
    audit_rows = [
        [
            _when(ev.at),
            ev.actor_name or _("系统"),
            ev.verb,
            f"{ev.from_state}→{ev.to_state}" if ev.to_state else "",
            ev.hash[:8],
        ]
        for ev in reversed(list(events))
    ]
    return DossierContent(
        number=number,
        title=f"{case.number} {_('案卷')}",
        unit=unit.name,
        built_on=built_on,
        cover=cover,
        description=case.description,
        facts=facts,
        parties=[
            [p.role_display, p.name, p.id_number or "—", p.phone or "—", yuan(p.amount_owed)]
            for p in parties
        ],
        clocks=clocks,
        timeline=timeline,
        decisions=decisions,
        attachments=attachments,
        audit=audit_rows,
        masked=all(p.masked for p in parties),
        keywords=(case.number, number),
    )


def headings() -> list[str]:
    """The seven section headings, in order."""
    return [
        _("一、案情"),
        _("二、当事人"),
        _("三、法定时限"),
        _("四、办理记录"),
        _("五、决定与文书"),
        _("六、证据材料目录"),
        _("七、审计记录摘录"),
    ]


def _section(title: str) -> list:
    return [Spacer(1, LEADING / 2), faced(title, "heading")]


def _table(name: str, header: list[str], rows: list) -> object:
    widths, wrap = COLUMNS[name]
    return grid([header, *rows], list(widths), wrap=wrap)


def dossier_story(content: DossierContent) -> list:
    """The dossier's flowables: plain-string table cells except where text wraps."""
    register_font()
    p = STYLES
    item = [_("项目"), _("内容")]
    h = headings()
    story: list = [
        Spacer(1, LEADING * 2),
        faced(content.unit, "title"),
        faced(_("案　卷"), "title"),
        Spacer(1, LEADING),
        _table("cover", item, [[k, v] for k, v in content.cover]),
        PageBreak(),
    ]
    story += _section(h[0])
    story.append(Paragraph(text(content.description), p["body"]))
    story.append(_table("facts", item, [[k, v] for k, v in content.facts]))
    story += _section(h[1])
    header = [_("身份"), _("姓名"), _("身份证号"), _("手机号码"), _("被拖欠金额")]
    story.append(_table("parties", header, content.parties))
    if content.masked:
        story.append(Paragraph(text(_("个人信息已脱敏。")), p["small"]))
    story += _section(h[2])
    header = [_("时限"), _("单位"), _("天数"), _("届满日"), _("状态")]
    story.append(_table("clocks", header, content.clocks))
    story += _section(h[3])
    story.append(_table("timeline", [_("时间"), _("办理人"), _("事项")], content.timeline))
    story += _section(h[4])
    header = [_("文号"), _("文书"), _("制作时间"), _("SHA-256（前10位）")]
    story.append(_table("decisions", header, content.decisions))
    story += _section(h[5])
    header = [_("序号"), _("文件名"), _("字节"), _("上传时间"), _("SHA-256")]
    story.append(_table("attachments", header, content.attachments))
    story += _section(h[6])
    header = [_("时间"), _("操作人"), _("事项"), _("状态"), _("摘要")]
    story.append(_table("audit", header, content.audit))
    return story


class Dossier(OfficialDocument):
    """The dossier as a numbered document of the case (its own numbering sequence)."""

    code = "dossier"
    title = _l("案卷")
    number_code = "卷"


def render_dossier(content: DossierContent, progress=None) -> bytes:
    return build_pdf(
        dossier_story(content),
        title=content.title,
        author=content.unit,
        subject=content.title,
        keywords=content.keywords,
        progress=progress,
    )
