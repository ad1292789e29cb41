"""Tables the documents share (the evidence list of a transfer letter, the dossier's lists,
the statistics report's rankings).

Cells are plain strings where the text fits, and Paragraphs only where it wraps: a table of
Paragraph cells lays out several times slower (docs/performance notes in docs/documents.md).
Short text that may need a second line (a unit's name) is folded instead: broken into lines
by reportlab's own CJK splitter and kept a plain string.

A row may be split between two pages (`splitInRow`): a cell holding a 2,000-character
comment is taller than a page, and a row that could not split would stop the whole layout.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.textsplit import wordSplit
from reportlab.platypus import Paragraph, Table, TableStyle

from .base import clean, text
from .layout import FONT, STYLES, TABLE_PT, TEXT_WIDTH

# A cell's left and right padding (TableStyle's default), inside its column's width.
CELL_PADDING = 12


def folded(value: str, width: float) -> str:
    """`value` broken into lines that fit `width` points of table text (CJK text breaks
    between any two characters), joined with newlines."""
    lines = wordSplit(clean(value), width - CELL_PADDING, FONT, TABLE_PT)
    return "\n".join(line for _space, line in lines)


def grid(
    rows: list[list],
    widths: list[float],
    *,
    wrap: tuple[int, ...] = (),
    fold: tuple[int, ...] = (),
) -> Table:
    """A bordered table with a header row; the columns in `wrap` become Paragraphs, the
    plain text of the columns in `fold` (below the header) is broken into lines."""
    total = sum(widths)
    points = [TEXT_WIDTH * w / total for w in widths]
    cells = [
        [
            Paragraph(text(c), STYLES["cell"])
            if i in wrap
            else folded(c, points[i])
            if i in fold and n and c
            else clean(c)
            for i, c in enumerate(row)
        ]
        for n, row in enumerate(rows)
    ]
    table = Table(cells, colWidths=points, repeatRows=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, TABLE_PT),
                ("LEADING", (0, 0), (-1, -1), TABLE_PT * 1.35),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.93, 0.93)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def evidence_table(items: list[str], attachments) -> Table:
    """The evidence handed over: what the officer listed, then the case's evidence files
    with their SHA-256 (the receiving unit checks the files it gets against them)."""
    rows: list[list] = [[_("序号"), _("证据材料"), _("说明")]]
    for item in items:
        rows.append([str(len(rows)), item, _("移交清单")])
    for att in attachments:
        rows.append(
            [str(len(rows)), att.original_name, f"{att.description or ''} SHA-256 {att.sha256}"]
        )
    if len(rows) == 1:
        rows.append(["—", _("无"), ""])
    return grid(rows, [1, 5, 7], wrap=(1, 2))
