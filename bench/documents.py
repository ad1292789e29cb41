"""The case dossier (案卷) of a large case, and the monthly statistics report (统计通报) with
a 1,000-row table, each against bare reportlab laying out the same content.

A wage case with 200 timeline events and 50 evidence files. The dossier is what a user
waits for when they ask for it: `dossier_run` reads the case (facts, parties, clocks,
timeline, documents, evidence list, audit extract), lays it out on GB/T 9704 pages with the
embedded font, stores the PDF with its SHA-256 and writes the audit event.

A city of 1,000 street-level units with three cases each: the report of last month for a
city viewer, `bulletin_download` (the statistics, the text, the layout with its ranking of
the 1,000 units, the SHA-256 and the audit event), as the download route runs it.

Each baseline is bare reportlab given the same rows already in memory: one
SimpleDocTemplate, the same faces (the title, heading and body faces, so both embed the
same three subsets) and tables, nothing read, nothing stored. Targets: ratio <= 1.5x, and
under a second.

    python -m bench.documents                 # temporary SQLite file
    python -m bench.documents --pg URL        # a `gigcase_bench` database on that server
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

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


def _bare_kit():
    """Bare reportlab's pieces for the baselines: the body, title, heading and cell styles
    in the documents' faces, a table with the documents' grid style, page numbers, and a
    document template with the same text block."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.textsplit import wordSplit
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from casework.documents.layout import FONT, HEADING_FONT, TITLE_FONT, register_font

    register_font()
    body = ParagraphStyle("b", fontName=FONT, fontSize=16, leading=29, wordWrap="CJK")
    title = ParagraphStyle("t", fontName=TITLE_FONT, fontSize=22, leading=36, alignment=1)
    heading = ParagraphStyle("h", fontName=HEADING_FONT, fontSize=16, leading=29)
    styles = {"body": body, "title": title, "heading": heading}
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

    def table(rows, widths, wrap=(), fold=()):
        points = [448 * w / sum(widths) for w in widths]

        def cell_of(i, c):
            if i in wrap:
                return Paragraph(c, cell)
            if i in fold and c:
                return "\n".join(t for _s, t in wordSplit(c, points[i] - 12, FONT, 12))
            return c

        cells = [[cell_of(i, c) for i, c in enumerate(r)] for r in rows]
        t = Table(cells, colWidths=points, repeatRows=1)
        t.setStyle(style)
        return t

    def page_number(canv, doc):
        canv.setFont(FONT, 14)
        canv.drawString(100, 60, f"— {canv.getPageNumber()} —")

    def build(story) -> bytes:
        buffer = io.BytesIO()
        SimpleDocTemplate(
            buffer,
            pagesize=A4,
            topMargin=37 * mm,
            leftMargin=28 * mm,
            rightMargin=A4[0] - 28 * mm - 448,
            bottomMargin=35 * mm,
        ).build(story, onFirstPage=page_number, onLaterPages=page_number)
        return buffer.getvalue()

    return styles, table, build


def bare_reportlab(content) -> float:
    """The same rows on the same pages by reportlab alone: the text block, table styles and
    page numbers of the dossier, but no reading, no escaping, no storing, no progress."""
    from reportlab.platypus import PageBreak, Paragraph

    from casework.documents.dossier import COLUMNS, headings

    start = time.perf_counter()
    style, table, build = _bare_kit()
    h = [Paragraph(line, style["heading"]) for line in headings()]

    def listed(name, rows):
        widths, wrap = COLUMNS[name]
        return table([[""] * len(widths), *rows], widths, wrap)

    build(
        [
            Paragraph(content.unit, style["title"]),
            Paragraph("案　卷", style["title"]),
            listed("cover", [[k, v] for k, v in content.cover]),
            PageBreak(),
            h[0],
            Paragraph(content.description, style["body"]),
            listed("facts", [[k, v] for k, v in content.facts]),
            h[1],
            listed("parties", content.parties),
            h[2],
            listed("clocks", content.clocks),
            h[3],
            listed("timeline", content.timeline),
            h[4],
            listed("decisions", content.decisions),
            h[5],
            listed("attachments", content.attachments),
            h[6],
            listed("audit", content.audit),
        ]
    )
    return time.perf_counter() - start


# --- the monthly statistics report with a 1,000-row table --------------------------------

STREETS = 1_000
CASES_PER_STREET = 3


def seed_city(month_first: date):
    """STREETS street-level jurisdictions under the districts, an HR unit in each with
    CASES_PER_STREET wage cases of the month starting `month_first` (one closed in it, one
    open past its deadline, one just submitted), and an HR viewer of the city; returns the
    viewer. Rows written directly: the report reads rows, however they came."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from casework.models import Case
    from permissions.models import Department, Jurisdiction, Membership, Unit
    from permissions.selectors import unit_for

    districts = list(Jurisdiction.objects.filter(parent__code="city").order_by("path"))
    hrss = Department.objects.get(code="hrss")
    streets = []
    for i in range(STREETS):
        street = Jurisdiction(
            code=f"street-{i:04d}", name=f"第{i + 1}街道", parent=districts[i % len(districts)]
        )
        street.compute_path()
        streets.append(street)
    Jurisdiction.objects.bulk_create(streets)
    units = Unit.objects.bulk_create(
        Unit(
            department=hrss,
            jurisdiction=street,
            name=f"{street.parent.name}{street.name}劳动保障事务所",
            jurisdiction_path=street.path,
        )
        for street in streets
    )
    tz = timezone.get_current_timezone()
    day = datetime.combine(month_first, datetime.min.time(), tzinfo=tz)
    cases = []
    for i, unit in enumerate(units):
        for k, (status, closed, deadline) in enumerate(
            [
                ("closed", day + timedelta(days=20), None),
                ("investigating", None, month_first + timedelta(days=3)),
                ("submitted", None, None),
            ][:CASES_PER_STREET]
        ):
            cases.append(
                Case(
                    number=f"bench-{i:04d}-{k}",
                    tracking_number=f"BT{i:05d}{k}",
                    kind="wage_arrears",
                    status=status,
                    lead_unit=unit,
                    lead_department=hrss,
                    jurisdiction=unit.jurisdiction,
                    jurisdiction_path=unit.jurisdiction_path,
                    description="工地干活两个月，工资一直未结清。",
                    workers_count=1 + (i + k) % 7,
                    amount_owed=Decimal(1000 * (1 + (i * 7 + k) % 50)),
                    amount_recovered=Decimal(500 * (i % 3)) if closed else Decimal(0),
                    deadline=deadline,
                    submitted_at=day + timedelta(days=(i + k) % 25, minutes=i),
                    closed_at=closed,
                )
            )
    Case.objects.bulk_create(cases, batch_size=500)
    viewer = get_user_model().objects.create_user("bench.viewer.city", password=None)
    Membership.objects.create(user=viewer, unit=unit_for("hrss", "city"), role="viewer")
    return viewer


def analyze() -> None:
    """Planner statistics for the rows just written, as a database in use has them
    (PostgreSQL's autovacuum analyzes a table soon after a load of this size); planned
    without them, the report's statements took 60-90 ms longer on PostgreSQL. Run after
    each seeding, before its figure is measured."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def bulletin(viewer, month: str) -> float:
    from casework.stats.bulletin import bulletin_download

    start = time.perf_counter()
    bulletin_download(viewer, jurisdiction="city", period=month, channel="bench")
    return time.perf_counter() - start


def bare_bulletin(content) -> float:
    """The report's rows by reportlab alone: the same paragraphs and tables (columns,
    folded columns and header rows of `bulletin_pdf`), nothing read, escaped, hashed or
    audited."""
    from reportlab.platypus import Paragraph

    from casework.stats.bulletin_pdf import COLUMNS, headings, table_headers

    header = table_headers()
    start = time.perf_counter()
    style, table, build = _bare_kit()
    body = style["body"]

    def listed(name, rows):
        widths, fold = COLUMNS[name]
        return table([header[name], *rows], widths, fold=fold)

    story = [Paragraph(line, style["title"]) for line in (content.unit, content.title)]
    story += [Paragraph(line, body) for line in (content.number, content.opening)]
    tables = ("headline", "rates", "areas", "units", "kinds", "markets")
    for n, heading in enumerate(headings()):
        story.append(Paragraph(heading, style["heading"]))
        if n == 0:
            story += [Paragraph(line, body) for line in content.summary]
        if n < len(tables):
            story.append(listed(tables[n], getattr(content, tables[n])))
    story += [Paragraph(line, body) for line in (content.notes, content.closing, content.unit)]
    build(story)
    return time.perf_counter() - start


def compare(backend: str, label: str, ours_fn, bare_fn, repeat: int, what: str) -> None:
    ours_fn()  # warm up: font, imports, first pages of each table
    bare_fn()
    ours, bare, ratios = [], [], []
    for _ in range(repeat):
        ours.append(ours_fn())
        bare.append(bare_fn())
        ratios.append(ours[-1] / bare[-1])
    seconds, baseline, ratio = (statistics.median(v) for v in (ours, bare, ratios))
    verdict = "ok" if ratio <= RATIO_TARGET else "OVER"
    in_time = "ok" if seconds < SECONDS_TARGET else "OVER"
    spread = f"median of {repeat}, {min(ours):.3f}-{max(ours):.3f}"
    print(f"{backend:<10} {label} s{' ' * (14 - len(label))}{seconds:8.3f}   ({what}; {spread})")
    print(f"{backend:<10} bare s         {baseline:8.3f}   (reportlab alone, same rows in memory)")
    print(f"{backend:<10} ratio          {ratio:8.2f}x  (target <= {RATIO_TARGET}x: {verdict})")
    print(
        f"{backend:<10} under 1 s      {seconds:8.3f}   (target < {SECONDS_TARGET} s: {in_time})",
        flush=True,
    )


def main(argv: Sequence[str] | None = None) -> None:
    args = arguments(__doc__.splitlines()[0], argv, repeat=9)
    with throwaway_django(args.pg) as backend:
        from django.utils import timezone

        from casework.documents.dossier import dossier_content
        from casework.models import Case
        from casework.stats.bulletin import (
            bulletin_content,
            bulletin_number,
            issuing_unit,
            last_complete_month,
        )
        from casework.stats.report import build_report
        from permissions.models import Jurisdiction

        print(machine_caveat(backend), flush=True)
        officer = setup_organisation()
        case_id = seed_case(officer)
        analyze()
        case = Case.objects.get(pk=case_id)
        content = dossier_content(
            case, reader=officer, number="bench", unit=case.lead_unit, built_on=timezone.localdate()
        )
        print(
            f"{backend:<10} case: {len(content.timeline)} timeline events, "
            f"{len(content.attachments)} attachments, {len(content.audit)} audit events",
            flush=True,
        )
        compare(
            backend,
            "dossier",
            lambda: dossier(officer, case_id),
            lambda: bare_reportlab(content),
            args.repeat,
            "dossier_run: read, lay out, store",
        )

        today = timezone.localdate()
        month = last_complete_month(today)
        viewer = seed_city(date.fromisoformat(f"{month}-01"))
        analyze()
        unit = issuing_unit(viewer, Jurisdiction.objects.get(code="city"))
        report = build_report(viewer, jurisdiction="city", period=month, today=today)
        rows = bulletin_content(
            report,
            unit=unit,
            number=bulletin_number(unit, month),
            issued_on=today,
            now=timezone.now(),
        )
        print(
            f"{backend:<10} report: {month}, {len(rows.units)} units ranked, "
            f"{report['totals']['received']} cases received",
            flush=True,
        )
        compare(
            backend,
            "report",
            lambda: bulletin(viewer, month),
            lambda: bare_bulletin(rows),
            args.repeat,
            "bulletin_download: statistics, lay out, hash, audit",
        )


if __name__ == "__main__":
    main()
