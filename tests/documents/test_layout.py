"""The page after GB/T 9704-2012: 28 characters a line, 22 lines a page, page numbers."""

from __future__ import annotations

from reportlab.platypus import Paragraph

from casework.documents.layout import STYLES, build_pdf, chinese_date, register_font

from .pdf import pdftotext


def _pages(data: bytes) -> list[list[str]]:
    out = pdftotext(data, "-layout")
    return [
        [line.strip() for line in page.splitlines() if line.strip()] for page in out.split("\f")
    ]


def test_a_page_holds_22_lines_of_28_characters():
    register_font()
    text = "".join("甲乙丙丁戊己庚辛壬癸"[i % 10] for i in range(28 * 22 * 2))
    data = build_pdf(
        [Paragraph(text, STYLES["plain"])], title="版式", author="测试", subject="版式"
    )
    pages = [p for p in _pages(data) if p]
    assert len(pages) == 2
    for number, page in enumerate(pages, start=1):
        *body, footer = page
        assert "".join(footer.split()) == f"—{number}—"
        assert len(body) == 22
        assert all(len(line) == 28 for line in body), [len(line) for line in body]


def test_dates_are_written_the_official_way():
    from datetime import date

    assert chinese_date(date(2026, 3, 16)) == "2026年3月16日"
    assert chinese_date(date(2026, 11, 1)) == "2026年11月1日"
