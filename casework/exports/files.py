"""Writing export rows as CSV or XLSX into a binary file.

CSV is UTF-8 with a byte-order mark: Excel on Chinese Windows opens a CSV without one as
GBK and shows the Chinese as mojibake. XLSX is written with openpyxl's write-only mode,
which streams rows to disk and keeps memory flat however long the list.

A text cell that begins like a formula (`=`, `+`, `-`, `@`) is never evaluated: complaint
text and employer names come from the public. In CSV it gets a leading apostrophe (the
usual defence against CSV injection); in XLSX the cell is written as a string.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .rows import Value

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The export's only Decimal values are amounts in yuan.
MONEY_FORMAT = "#,##0.00"

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

Rows = Iterable[list[Value]]
Progress = Callable[[int], None]


def _csv_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(out: BinaryIO, headers: list[str], rows: Rows, progress: Progress | None) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(headers)
    count = 0
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
        count += 1
        if progress is not None:
            progress(count)
    text.flush()
    text.detach()  # the caller owns `out`
    return count


# Column widths in characters, by header position (Chinese characters count double).
WIDTHS = [22, 14, 12, 12, 8, 12, 22, 12, 12, 8, 17, 17, 28, 8, 14, 14, 30, 22, 16, 8]


def write_xlsx(
    out: BinaryIO, headers: list[str], rows: Rows, progress: Progress | None, *, title: str
) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for index, width in enumerate(WIDTHS[: len(headers)], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    count = 0
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, Decimal):
                # Amounts of money: two decimals and thousands separators, as the dashboard
                # shows them (General showed 1234.56 and 100).
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = MONEY_FORMAT
            elif isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # never a formula, whatever the text begins with
            else:
                cell = WriteOnlyCell(sheet, value=value)
            cells.append(cell)
        sheet.append(cells)
        count += 1
        if progress is not None:
            progress(count)
    book.save(out)
    return count


def write(
    fmt: str,
    out: BinaryIO,
    headers: list[str],
    rows: Rows,
    progress: Progress | None = None,
    *,
    title: str = "cases",
) -> int:
    """Write the headers and rows to `out` in `fmt` ("csv" or "xlsx"); the number of rows."""
    if fmt == "csv":
        return write_csv(out, headers, rows, progress)
    if fmt == "xlsx":
        return write_xlsx(out, headers, rows, progress, title=title)
    raise ValueError(f"unknown export format {fmt!r}")
