"""The monthly statistics report laid out as an official document: the head, 文号,
signature block, page numbers, font and tables of `casework.documents` (GB/T 9704 pages).

The text comes ready from `bulletin.bulletin_content`; here it only becomes flowables, so
the layout is what bare reportlab would do with the same rows (bench/documents.py compares
the two on a 1,000-row table).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer

from casework.documents.base import document_head, signed, text
from casework.documents.layout import LEADING, STYLES, TABLE_PT, build_pdf
from casework.documents.tables import grid

from .bulletin import BulletinContent

# Column widths (points of the 448-point text block, 12 pt type: a two-character header
# needs 36 with the cell padding) and the columns whose text is folded onto more lines
# (`tables.grid`'s `fold`: plain strings, which a 1,000-row ranking lays out twice as fast
# as Paragraph cells).
# A ranking: 排名, name (9 characters a line), 受理, 超时, 办结, 解决率, 在办, 超期, 追回工资
# in 万元 (as rankings print money, so the names get the width).
RANKING = ((36, 124, 36, 36, 36, 48, 36, 36, 60), (1,))
COLUMNS: dict[str, tuple[tuple[float, ...], tuple[int, ...]]] = {
    "headline": ((300, 148), ()),
    "rates": ((56, 184, 64, 64, 80), (1,)),
    "markets": ((300, 148), ()),
    "areas": RANKING,
    "units": RANKING,
    "kinds": ((140, 48, 48, 48, 48, 48, 68), (0,)),
}


def ranking_header(name: str) -> list[str]:
    return [
        _("排名"),
        name,
        _("受理"),
        _("超时"),
        _("办结"),
        _("解决率"),
        _("在办"),
        _("超期"),
        _("追回\n（万元）"),
    ]


def _table(name: str, header: list[str], rows: list[list[str]]):
    widths, fold = COLUMNS[name]
    if not rows:
        rows = [["—"] + [""] * (len(widths) - 1)]
    return grid([header, *rows], list(widths), fold=fold)


# A heading stays on the page of what follows it.
HEADING = ParagraphStyle("bulletin_heading", parent=STYLES["heading"], keepWithNext=1)
# The heading of a ranking longer than a page (below).
LONG_HEADING = ParagraphStyle("bulletin_long_heading", parent=STYLES["heading"], keepWithNext=0)

# A ranking of up to KEPT_ROWS rows is about a page or less (a row of one line is 22.2
# points of the 638-point text block, a folded name makes it two): it is kept with its
# heading, on one page when it fits. A longer one starts where
# the text is, when its heading, its two-line header and three rows still fit on the page
# (HEAD_ROOM points), else on the next page. Keeping a 1,000-row table with its heading
# (keepWithNext) would have reportlab measure the whole table first, about 0.1 s of a city's
# report, only to find it taller than a page and break the page before it anyway.
KEPT_ROWS = 20
ROW = TABLE_PT * 1.35 + 6
HEAD_ROOM = LEADING / 2 + LEADING + 2 * TABLE_PT * 1.35 + 6 + 3 * ROW


def _heading(value: str, style: ParagraphStyle = HEADING) -> list:
    return [Spacer(1, LEADING / 2), Paragraph(text(value), style)]


def _ranking(heading: str, name: str, header: list[str], rows: list[list[str]]) -> list:
    """A ranking's heading and table: kept on one page when the ranking fits on one."""
    if len(rows) <= KEPT_ROWS:
        return [*_heading(heading), _table(name, header, rows)]
    return [CondPageBreak(HEAD_ROOM), *_heading(heading, LONG_HEADING), _table(name, header, rows)]


def _body(value: str) -> Paragraph:
    return Paragraph(text(value), STYLES["body"])


def headings() -> list[str]:
    """The seven section headings, in order."""
    return [
        _("一、总体情况"),
        _("二、“三率”情况"),
        _("三、各辖区情况（按超时办理件数排序）"),
        _("四、各主办单位情况（按超时办理件数排序）"),
        _("五、按案件类型"),
        _("六、零工市场"),
        _("七、指标说明"),
    ]


def table_headers() -> dict[str, list[str]]:
    """The header row of each table, by its name in `COLUMNS`."""
    return {
        "headline": [_("指标"), _("数值")],
        "rates": [_("指标"), _("口径"), _("分子"), _("分母"), _("比率")],
        "areas": ranking_header(_("行政区划")),
        "units": ranking_header(_("主办单位")),
        "kinds": [_("案件类型"), _("受理"), _("按时"), _("超时"), _("办结"), _("解决"), _("在办")],
        "markets": [_("登记状态"), _("市场数")],
    }


def bulletin_story(content: BulletinContent) -> list:
    h = headings()
    head = table_headers()
    story = document_head(content.unit, content.title, content.number)
    story.append(_body(content.opening))
    story += _heading(h[0])
    story += [_body(p) for p in content.summary]
    # The small tables are kept on one page; the rankings run over as long as they are.
    story.append(KeepTogether(_table("headline", head["headline"], content.headline)))
    story += _heading(h[1])
    story.append(KeepTogether(_table("rates", head["rates"], content.rates)))
    story += _ranking(h[2], "areas", head["areas"], content.areas)
    story += _ranking(h[3], "units", head["units"], content.units)
    story += _heading(h[4])
    story.append(_table("kinds", head["kinds"], content.kinds))
    story += _heading(h[5])
    story.append(KeepTogether(_table("markets", head["markets"], content.markets)))
    story += _heading(h[6])
    story.append(Paragraph(text(content.notes), STYLES["small"]))
    story.append(signed([_body(content.closing)], content.unit, content.issued_on))
    return story


def render_bulletin(content: BulletinContent, progress=None) -> bytes:
    return build_pdf(
        bulletin_story(content),
        title=content.title,
        author=content.unit,
        subject=_("%(place)s%(month)s统计通报") % {"place": content.place, "month": content.month},
        keywords=content.keywords,
        progress=progress,
    )
