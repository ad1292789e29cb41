"""The page of an official document after GB/T 9704-2012 《党政机关公文格式》, in reportlab.

- A4 (210 × 297 mm); top margin 37 mm, left 28 mm; the text block 225 mm high.
- 22 lines of 28 characters: the body is 3号 (16 pt) and the text block exactly 28 such
  characters wide (448 pt, 158 mm, so the right margin is 24 mm rather than the standard's
  26 mm, which fits 28 characters only by compressing them); the line pitch is 225 mm / 22.
- Title 2号 (22 pt) in the 宋体, first-level headings in the body size in the 黑体, page
  numbers "— 1 —" in 4号 (14 pt) 7 mm below the text block, odd pages on the right and even
  pages on the left, each one character in from the edge of the text block.
- Letters (函) open with the issuing unit's red header (版头, in the 宋体) and the red
  separator line.
- The signature block: the issuing unit and the date (2026年3月16日), right-aligned four
  characters in from the right, under a dashed circle that reserves the seal's place.

Three TrueType faces (`faces.py`; docs/documents.md, "The faces") are embedded, subset, in
the PDFs: the 宋体 for titles, the 黑体 for first-level headings, the 楷体-like body face for
everything else.
"""

from __future__ import annotations

import io
from datetime import date, datetime

from django.utils import timezone
from reportlab.lib import colors, textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, paragraph
from reportlab.platypus.flowables import HRFlowable

from .faces import BODY, HEADING, TITLE, register_faces

FONT = BODY
TITLE_FONT = TITLE
HEADING_FONT = HEADING

BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_NUMBER_PT = 14  # 4号
TABLE_PT = 12  # 小四: tables in the dossier, where 28 characters a line would not fit
CHARS_PER_LINE = 28
LINES_PER_PAGE = 22

PAGE_WIDTH, PAGE_HEIGHT = A4
TOP, LEFT, BOTTOM = 37 * mm, 28 * mm, 35 * mm
TEXT_WIDTH = CHARS_PER_LINE * BODY_PT
TEXT_HEIGHT = PAGE_HEIGHT - TOP - BOTTOM  # 225 mm
LEADING = TEXT_HEIGHT / LINES_PER_PAGE
RED = colors.HexColor("#E60012")
SEAL_DIAMETER = 42 * mm


# The marks GB/T 15834-2011 (标点符号用法) keeps off the start of a line: the stops (。，、；：？！)
# and the closing halves of quotes, brackets and title marks.
NO_LINE_START = "。，、；：？！”’）》〉」』】〕"


def register_font() -> str:
    """Register the faces once per process, and the punctuation rule of the line breaking;
    returns the body face's name."""
    register_faces()
    keep_marks_off_line_starts()
    return FONT


def keep_marks_off_line_starts() -> None:
    """reportlab's CJK line breaking hangs a character of its `ALL_CANNOT_START` at the end
    of the line instead of starting the next one with it, but its table is the Japanese
    set: the full-width ，：；？！ and the closing ”’》〉 are missing, so a line of a notice
    could begin "，市中区…". reportlab has no setting for the table; its public constant is
    extended here, the one place that does so."""
    missing = "".join(c for c in NO_LINE_START if c not in textsplit.ALL_CANNOT_START)
    if missing:
        textsplit.ALL_CANNOT_START += missing
    if paragraph.ALL_CANNOT_START != textsplit.ALL_CANNOT_START:
        paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START


def _style(name: str, **kw) -> ParagraphStyle:
    base = {
        "fontName": FONT,
        "fontSize": BODY_PT,
        "leading": LEADING,
        "wordWrap": "CJK",
        "alignment": TA_LEFT,
    }
    return ParagraphStyle(name, **{**base, **kw})


STYLES = {
    "title": _style(
        "title",
        fontName=TITLE_FONT,
        fontSize=TITLE_PT,
        leading=LEADING * 1.25,
        alignment=TA_CENTER,
        spaceAfter=6,
    ),
    "number": _style("number", alignment=TA_CENTER),
    "number_right": _style("number_right", alignment=TA_RIGHT),
    "recipient": _style("recipient"),
    "body": _style("body", firstLineIndent=2 * BODY_PT),
    "plain": _style("plain"),
    "heading": _style("heading", fontName=HEADING_FONT, firstLineIndent=2 * BODY_PT),
    "right": _style("right", alignment=TA_RIGHT, rightIndent=4 * BODY_PT),
    "header_unit": _style(
        "header_unit",
        fontName=TITLE_FONT,
        fontSize=30,
        leading=40,
        alignment=TA_CENTER,
        textColor=RED,
    ),
    "cell": _style("cell", fontSize=TABLE_PT, leading=TABLE_PT * 1.35),
    "small": _style("small", fontSize=TABLE_PT, leading=TABLE_PT * 1.5),
}


def chinese_date(day: date) -> str:
    """The date as official documents write it: 2026年3月16日 (Arabic numerals, no padding)."""
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_datetime(moment: datetime) -> str:
    """A moment in local time, its date written as `chinese_date` does: 2026年3月16日 08:05."""
    local = timezone.localtime(moment)
    return f"{chinese_date(local.date())} {local:%H:%M}"


def red_header_line() -> Flowable:
    return HRFlowable(
        width="100%", thickness=1.2, color=RED, spaceBefore=4 * mm, spaceAfter=LEADING
    )


class SignatureBlock(Flowable):
    """The issuing unit above the date, right-aligned four characters in from the right
    edge, with a dashed circle where the seal goes (centred on the two lines, as GB/T 9704
    §7.3.5.1 places the seal over the unit and the date)."""

    def __init__(self, unit: str, day: date, *, seal: bool = True):
        super().__init__()
        self.unit, self.day, self.seal = unit, day, seal

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.height = LEADING * 3
        return self.width, self.height

    def draw(self):
        canv = self.canv
        canv.setFont(FONT, BODY_PT)
        right = self.width - 4 * BODY_PT
        date_text = chinese_date(self.day)
        unit_y = self.height - LEADING
        date_y = unit_y - LEADING
        # The unit is centred over the date, as the standard has it.
        date_width = pdfmetrics.stringWidth(date_text, FONT, BODY_PT)
        centre = right - date_width / 2
        canv.drawCentredString(centre, unit_y, self.unit)
        canv.drawRightString(right, date_y, date_text)
        if self.seal:
            canv.saveState()
            canv.setStrokeColor(colors.Color(0.85, 0.2, 0.2, alpha=0.6))
            canv.setDash(3, 3)
            canv.setLineWidth(0.6)
            canv.circle(centre, (unit_y + date_y) / 2 + BODY_PT / 3, SEAL_DIAMETER / 2)
            canv.restoreState()


class OfficialDocTemplate(BaseDocTemplate):
    """A4 with the GB/T 9704 text block and page numbers; PDF metadata from the caller."""

    def __init__(self, buffer, *, title: str, author: str, subject: str, keywords=()):
        register_font()
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=LEFT,
            rightMargin=PAGE_WIDTH - LEFT - TEXT_WIDTH,
            topMargin=TOP,
            bottomMargin=BOTTOM,
            title=title,
            author=author,
            subject=subject,
            creator="gigcase",
            keywords=list(keywords),
            lang="zh-CN",
            initialFontName=FONT,
        )
        frame = Frame(
            LEFT,
            BOTTOM,
            TEXT_WIDTH,
            TEXT_HEIGHT,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="text",
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_page_number)])


def _page_number(canv, doc) -> None:
    number = canv.getPageNumber()
    text = f"— {number} —"
    canv.saveState()
    canv.setFont(FONT, PAGE_NUMBER_PT)
    y = BOTTOM - 7 * mm - PAGE_NUMBER_PT
    if number % 2:
        canv.drawRightString(LEFT + TEXT_WIDTH - PAGE_NUMBER_PT, y, text)
    else:
        canv.drawString(LEFT + PAGE_NUMBER_PT, y, text)
    canv.restoreState()


def build_pdf(story: list, *, title: str, author: str, subject: str, keywords=(), progress=None):
    """Lay out `story` on official pages; returns the PDF's bytes. `progress(kind, value)`
    receives reportlab's progress callbacks (SIZE_EST, PROGRESS, PAGE, ...)."""
    buffer = io.BytesIO()
    doc = OfficialDocTemplate(
        buffer, title=title, author=author, subject=subject, keywords=keywords
    )
    if progress is not None:
        doc.setProgressCallBack(progress)
    doc.build(story)
    return buffer.getvalue()
