"""No line of a document begins with a mark GB/T 15834 keeps off line starts (，。、；：？！
and closing quotes, brackets, title marks): reportlab's CJK wrapping hangs it at the end of
the line before instead (casework.documents.layout.keep_marks_off_line_starts)."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from casework.documents.layout import NO_LINE_START, STYLES, TEXT_WIDTH, register_font


def _lines(text: str, style: str = "body") -> list[str]:
    register_font()
    para = Paragraph(text, STYLES[style])
    para.wrap(TEXT_WIDTH, 10_000)
    # A line of CJK text is a ParaLines of its characters; a line reportlab laid out as
    # words (the Latin run of a case number) is a (width, words) pair.
    return [
        "".join(getattr(u, "text", str(u)) for u in getattr(line, "words", None) or line[1])
        for line in para.blPara.lines
    ]


@pytest.mark.parametrize("mark", list(NO_LINE_START))
def test_a_mark_that_falls_first_on_a_line_hangs_on_the_line_before(mark):
    # As many characters as fill the first line (the body's is indented), then the mark.
    full = len(_lines("依" * 80)[0])
    assert 20 < full <= 28
    lines = _lines("依" * full + mark + "责令限期改正" * 8)
    assert len(lines) >= 2
    assert lines[0] == "依" * full + mark
    assert not any(line[:1] in NO_LINE_START for line in lines), lines


@pytest.mark.parametrize("style", ["body", "small"])
def test_a_mark_after_a_case_number_stays_with_it(style):
    # A case number is a Latin run reportlab will not break: whatever falls where, the
    # closing bracket and the stop after it never start a line.
    for lead in range(30):
        text = "依" * lead + "（案件编号：shizhong-ZZ-2026-0003）市中区市场监督管理局依法检查。" * 3
        lines = _lines(text, style)
        assert len(lines) > 1
        assert not any(line[:1] in NO_LINE_START for line in lines), (lead, lines)
