"""The case dossier (案卷) of a large case against bare reportlab laying out the same content.

A wage case with 200 timeline events and 50 evidence files. The dossier is what a user
waits for when they ask for it: `dossier_run` reads the case (facts, parties, clocks,
timeline, documents, evidence list, audit extract), lays it out on GB/T 9704 pages with the
embedded font, stores the PDF with its SHA-256 and writes the audit event. The baseline is
bare reportlab given the same rows already in memory: one SimpleDocTemplate, the same font
and tables, nothing read, nothing stored. Targets: ratio <= 1.5x, and under a second.

    python -m bench.documents                 # temporary SQLite file
    python -m bench.documents --pg URL        # a `gigcase_bench` database on that server
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Sequence
from datetime import timedelta

from . import arguments, machine_caveat, throwaway_django
from .transitions import open_cases, setup_organisation

TIMELINE = 200
ATTACHMENTS = 50
RATIO_TARGET = 1.5
SECONDS_TARGET = 1.0


def seed_case(officer) -> int:
    """A wage case accepted by `officer`, with TIMELINE timeline events and ATTACHMENTS
    evidence files (their rows: the dossier lists files, it never opens them)."""
    from django.utils import timezone

    from casework.actions import case_transition
    from casework.models import Attachment, TimelineEntry

    (case_id,) = open_cases(1)
    case_transition(actor=officer, case_id=case_id, name="accept", data={"comment": "立案"})
    now = timezone.now()
    have = TimelineEntry.objects.filter(case_id=case_id).count()
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            case_id=case_id,
            at=now + timedelta(minutes=i),
            actor=officer,
            verb="note",
            text=f"调查询问第{i + 1}次：向用人单位调取工资表和考勤记录",
            comment="用人单位称工程款未到位，承诺月底前支付。" if i % 3 == 0 else "",
        )
        for i in range(TIMELINE - have)
    )
    for i in range(ATTACHMENTS):
        digest = f"{i:064x}"
        Attachment(
            case_id=case_id,
            file=f"attachments/{case_id}/{digest[:2]}/{digest}",
            original_name=f"证据材料{i + 1:02d}-工资表照片.jpg",
            content_type="image/jpeg",
            size=150_000 + i,
            sha256=digest,
            description="现场拍摄",
            uploaded_by=officer,
        ).save()
    return case_id


def dossier(officer, case_id: int) -> float:
    from casework.documents.jobs import dossier_request, dossier_run

    start = time.perf_counter()
    dossier_run(dossier_request(actor=officer, case_id=case_id))
    return time.perf_counter() - start


def bare_reportlab(content) -> float:
    """The same rows on the same pages by reportlab alone: the text block, table styles and
    page numbers of the dossier, but no reading, no escaping, no storing, no progress."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    from casework.documents.dossier import COLUMNS
    from casework.documents.layout import FONT, register_font

    register_font()
    start = time.perf_counter()
    body = ParagraphStyle("b", fontName=FONT, fontSize=16, leading=29, wordWrap="CJK")
    cell = ParagraphStyle("c", fontName=FONT, fontSize=12, leading=16.2, wordWrap="CJK")
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), FONT, 12),
            ("LEADING", (0, 0), (-1, -1), 16.2),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.93, 0.93)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )

    def table(rows, widths, wrap=()):
        cells = [[Paragraph(c, cell) if i in wrap else c for i, c in enumerate(r)] for r in rows]
        t = Table(cells, colWidths=[448 * w / sum(widths) for w in widths], repeatRows=1)
        t.setStyle(style)
        return t

    def page_number(canv, doc):
        canv.setFont(FONT, 14)
        canv.drawString(100, 60, f"— {canv.getPageNumber()} —")

    def listed(name, rows):
        widths, wrap = COLUMNS[name]
        return table([[""] * len(widths), *rows], widths, wrap)

    story = [
        Paragraph(content.unit, body),
        listed("cover", [[k, v] for k, v in content.cover]),
        PageBreak(),
        Paragraph(content.description, body),
        listed("facts", [[k, v] for k, v in content.facts]),
        listed("parties", content.parties),
        listed("clocks", content.clocks),
        listed("timeline", content.timeline),
        listed("decisions", content.decisions),
        listed("attachments", content.attachments),
        listed("audit", content.audit),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=37 * mm,
        leftMargin=28 * mm,
        rightMargin=A4[0] - 28 * mm - 448,
        bottomMargin=35 * mm,
    ).build(story, onFirstPage=page_number, onLaterPages=page_number)
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> None:
    args = arguments(__doc__.splitlines()[0], argv, repeat=5)
    with throwaway_django(args.pg) as backend:
        from django.utils import timezone

        from casework.documents.dossier import dossier_content
        from casework.models import Case

        print(machine_caveat(backend), flush=True)
        officer = setup_organisation()
        case_id = seed_case(officer)
        case = Case.objects.get(pk=case_id)
        content = dossier_content(
            case, reader=officer, number="bench", unit=case.lead_unit, built_on=timezone.localdate()
        )
        print(
            f"{backend:<10} case: {len(content.timeline)} timeline events, "
            f"{len(content.attachments)} attachments, {len(content.audit)} audit events",
            flush=True,
        )
        dossier(officer, case_id)  # warm up: font, imports, first pages of each table
        bare_reportlab(content)
        ours, bare, ratios = [], [], []
        for _ in range(args.repeat):
            ours.append(dossier(officer, case_id))
            bare.append(bare_reportlab(content))
            ratios.append(ours[-1] / bare[-1])
        seconds, baseline, ratio = (statistics.median(v) for v in (ours, bare, ratios))
        verdict = "ok" if ratio <= RATIO_TARGET else "OVER"
        in_time = "ok" if seconds < SECONDS_TARGET else "OVER"
        spread = f"median of {args.repeat}, {min(ours):.3f}-{max(ours):.3f}"
        print(
            f"{backend:<10} dossier s      {seconds:8.3f}   (dossier_run: read, lay out, store; {spread})"
        )
        print(
            f"{backend:<10} bare s         {baseline:8.3f}   (reportlab alone, same rows in memory)"
        )
        print(f"{backend:<10} ratio          {ratio:8.2f}x  (target <= {RATIO_TARGET}x: {verdict})")
        print(
            f"{backend:<10} under 1 s      {seconds:8.3f}   (target < {SECONDS_TARGET} s: {in_time})",
            flush=True,
        )


if __name__ == "__main__":
    main()
