"""Where the monthly report's rankings fall on its pages: a short ranking is kept on one
page with its heading, and the heading of a long one is never left at the foot of a page
without the start of its table (casework/stats/bulletin_pdf.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from casework.stats.bulletin import BulletinContent
from casework.stats.bulletin_pdf import KEPT_ROWS, render_bulletin
from tests.documents.pdf import pdf_pages

AREAS_HEADING = "三、各辖区情况"
UNITS_HEADING = "四、各主办单位情况"


def ranking(prefix: str, n: int) -> list[list[str]]:
    return [
        [str(i), f"{prefix}{i:03d}", "3", "0", "1", "100.0%", "2", "1", "0.10"]
        for i in range(1, n + 1)
    ]


def content(areas: int, units: int) -> BulletinContent:
    return BulletinContent(
        unit="枣庄市人力资源和社会保障局",
        number="枣庄人社统〔2026〕11号",
        title="枣庄市2026年11月案件办理情况通报",
        place="枣庄市",
        month="2026年11月",
        issued_on=date(2026, 12, 7),
        read_at="2026年12月7日8时00分",
        opening="现将2026年11月枣庄市案件办理情况通报如下。",
        summary=["2026年11月，枣庄市共受理案件3件。"],
        headline=[["受理案件（件）", "3"]],
        rates=[["解决率", "办结案件中问题得到解决", "1", "1", "100.0%"]],
        markets=[["合计", "0"]],
        areas=ranking("辖区", areas),
        units=ranking("单位", units),
        kinds=[["拖欠工资", "3", "3", "0", "1", "1", "2"]],
        notes="受理：本月提交的案件。",
        closing="特此通报。",
    )


def page_of(pages: list[str], text: str) -> int:
    found = [n for n, page in enumerate(pages) if text in page]
    assert len(found) == 1, f"{text!r} on pages {found}"
    return found[0]


@pytest.mark.parametrize("areas", [1, 6, 12, KEPT_ROWS])
def test_a_short_ranking_is_on_one_page_with_its_heading(areas):
    with translation.override("zh-hans"):
        pages = pdf_pages(render_bulletin(content(areas, units=3)))
    heading = page_of(pages, AREAS_HEADING)
    for row in ranking("辖区", areas):
        assert page_of(pages, row[1]) == heading


def test_a_long_rankings_heading_always_has_the_start_of_its_table():
    """The units' heading moves down the page as the areas' ranking grows (one row at a
    time, past the point where it keeps to its own page): wherever it falls, its page also
    holds the table's header and first rows."""
    positions = set()
    for areas in range(1, KEPT_ROWS + 1):
        with translation.override("zh-hans"):
            pages = pdf_pages(render_bulletin(content(areas, units=KEPT_ROWS + 40)))
        heading = page_of(pages, UNITS_HEADING)
        after = pages[heading].split(UNITS_HEADING, 1)[1]
        assert "主办单位" in after and "单位001" in after and "单位003" in after, areas
        # The ranking runs on over the next pages, in order.
        assert page_of(pages, f"单位{KEPT_ROWS + 40:03d}") > heading
        positions.add((heading, pages[heading].index(UNITS_HEADING) // 100))
    # The heading did fall at different places, so the check above saw more than one case.
    assert len(positions) > 3
