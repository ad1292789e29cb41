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
from reportlab.platypus import CondPageBreak, PageBreak, Spacer

from casework.models import Case
from casework.payments import money_summary
from casework.presenters import clocks_for, parties_for

from .base import OfficialDocument, day_text, faced, paragraphs, yuan
from .dossier_audit import audit_rows, person
from .layout import LEADING, TABLE_PT, build_pdf, chinese_date, chinese_datetime, register_font
from .tables import grid

# The audit extract: the case's latest events (the whole trail is `verify_audit`'s).
AUDIT_EXTRACT = 500

# Each table's column widths (points of the 448-point text block, in 12 pt type: a
# moment written 2026年12月28日 23:59 needs 144, a date 106) and the columns that wrap
# (Paragraph cells; the others are plain).
COLUMNS: dict[str, tuple[tuple[float, ...], tuple[int, ...]]] = {
    "cover": ((120, 328), (0, 1)),
    "facts": ((150, 298), (0, 1)),
    "parties": ((64, 64, 144, 96, 80), ()),
    # A kind that tracks no wages: no amount owed per party.
    "parties_plain": ((64, 96, 160, 128), ()),
    "clocks": ((150, 66, 40, 106, 86), (0,)),
    "timeline": ((144, 96, 208), (1, 2)),
    "decisions": ((150, 110, 106, 82), (0, 1, 3)),
    "attachments": ((28, 84, 62, 144, 130), (1, 4)),
    "audit": ((144, 64, 100, 72, 68), (1, 2, 3)),
}

# A section's heading starts a page unless it, the table's header and a row or two fit
# under the text (a heading alone at the foot of a page). reportlab's keepWithNext would
# measure the whole table first, only to move it all to the next page.
SECTION_ROOM = LEADING * 1.5 + 4 * (TABLE_PT * 1.35 + 6)


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
    return chinese_datetime(value) if value else "—"


def dossier_content(case: Case, *, reader, number: str, unit, built_on: date) -> DossierContent:
    """Everything the dossier shows, read now; parties as `reader` may see them."""
    case = case.as_kind()
    parties = parties_for(reader, case, channel="dossier")
    cover = [
        (_("案件编号"), case.number),
        (_("案件类型"), case.get_kind_display()),
        (_("案由"), case.description[:60]),
        (_("主办单位"), case.lead_unit.name),
        (_("承办人"), person(case.assignee, "—")),
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
    ]
    intake = case.spec.intake if case.spec.public else None
    if intake is None or "workers_count" not in intake.hidden:
        facts.append((_("涉及人数"), str(case.workers_count)))
    if intake is not None and not case.spec.tracks_wages and case.amount_owed:
        # The sum the kind names (a mediation's 请求金额), as on the case page.
        label = intake.labels.get("amount_owed") or _("金额（元）")
        facts.append((str(label), yuan(case.amount_owed)))
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
            day_text(v.clock.due_date),
            v.clock.get_status_display(),
        ]
        for v in clocks_for(case)
    ]
    timeline = [
        [
            _when(e.at),
            person(e.actor, _("系统")),
            f"{e.text}：{e.comment}" if e.comment else e.text,
        ]
        for e in case.timeline.select_related("actor").order_by("at", "id")
    ]
    decisions = [
        [d.number, d.title, chinese_date(timezone.localdate(d.created_at)), d.sha256[:10]]
        for d in case.documents.order_by("created_at", "id")
    ]
    attachments = [
        [str(n), a.original_name, f"{a.size:,}", _when(a.created_at), a.sha256]
        for n, a in enumerate(case.attachments.order_by("created_at", "id"), start=1)
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
            [p.role_display, p.name, p.id_number or "—", p.phone or "—"]
            + ([yuan(p.amount_owed)] if case.spec.tracks_wages else [])
            for p in parties
        ],
        clocks=clocks,
        timeline=timeline,
        decisions=decisions,
        attachments=attachments,
        audit=audit_rows(case, AUDIT_EXTRACT),
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
    return [CondPageBreak(SECTION_ROOM), Spacer(1, LEADING / 2), faced(title, "heading")]


def _table(name: str, header: list[str], rows: list) -> object:
    widths, wrap = COLUMNS[name]
    return grid([header, *rows], list(widths), wrap=wrap)


def dossier_story(content: DossierContent) -> list:
    """The dossier's flowables: plain-string table cells except where text wraps."""
    register_font()
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
    story.append(paragraphs(content.description))
    story.append(_table("facts", item, [[k, v] for k, v in content.facts]))
    story += _section(h[1])
    header = [_("身份"), _("姓名"), _("身份证号"), _("手机号码")]
    if content.parties and len(content.parties[0]) > len(header):
        story.append(_table("parties", [*header, _("被拖欠金额")], content.parties))
    else:
        story.append(_table("parties_plain", header, content.parties))
    if content.masked:
        story.append(paragraphs(_("个人信息已脱敏。"), "small"))
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
