"""Importing the gig-market registry from a spreadsheet (CSV or XLSX), all or nothing.

Columns: name, kind, status, jurisdiction (code), address, lon, lat, operator, facilities,
opening_hours — or their Chinese headers (名称, 类型, 状态, 区划, 地址, 经度, 纬度, 运营方,
设施, 开放时间). Kinds, statuses and facilities may be given as keys or as Chinese labels.
Rows are upserted by (jurisdiction, name). When any row is bad nothing is written and the
result lists every rejected row with its line number (the header is line 1), field and
reason. A good file is written with bulk statements in one transaction: one history row per
new market or changed status, and one audit event for the import.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import audit

from .models import Market, MarketStatus, MarketStatusChange
from .validation import EDITABLE_FIELDS, Jurisdictions, MarketCleaner

COLUMNS = EDITABLE_FIELDS
REQUIRED = ("name", "kind", "jurisdiction", "lon", "lat")
HEADER_ALIASES = {
    "name": ("name", "名称", "市场名称"),
    "kind": ("kind", "类型", "市场类型"),
    "status": ("status", "状态"),
    "jurisdiction": ("jurisdiction", "区划", "行政区划", "区划代码"),
    "address": ("address", "地址"),
    "lon": ("lon", "lng", "longitude", "经度"),
    "lat": ("lat", "latitude", "纬度"),
    "operator": ("operator", "运营方", "运营单位"),
    "facilities": ("facilities", "设施"),
    "opening_hours": ("opening_hours", "开放时间", "营业时间"),
}
_ALIAS_TO_COLUMN = {
    alias.lower(): column for column, aliases in HEADER_ALIASES.items() for alias in aliases
}
BATCH = 500


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, no header, missing columns)."""


@dataclass
class RowError:
    line: int
    field: str
    reason: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    raw_rows: dict[int, list[str]] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def rejected_lines(self) -> list[int]:
        return sorted({e.line for e in self.errors})


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-empty data rows (with their line numbers) of a CSV or XLSX."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise ImportFileError(_("无法读取 Excel 文件：%(error)s") % {"error": exc}) from None
        try:
            sheet = book.worksheets[0]
            table = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    elif suffix in (".csv", ".txt"):
        raw = path.read_bytes()
        # Spreadsheets saved as CSV on Chinese Windows are GB18030 (GBK) more often than not.
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFileError(_("无法识别文件编码，请另存为 UTF-8 的 CSV。"))
        table = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    else:
        raise ImportFileError(_("只支持 CSV 和 XLSX 文件。"))
    if not table:
        raise ImportFileError(_("文件是空的。"))
    header, body = table[0], table[1:]
    rows = [(i + 2, row) for i, row in enumerate(body) if any(c for c in row)]
    return header, rows


def map_header(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    unknown = []
    for i, title in enumerate(header):
        title = (title or "").strip()
        if not title:
            continue
        column = _ALIAS_TO_COLUMN.get(title.lower())
        if column is None:
            unknown.append(title)
        elif column not in positions:
            positions[column] = i
    missing = [c for c in REQUIRED if c not in positions]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(_("缺少列：%(cols)s") % {"cols": ", ".join(missing)})
        if unknown:
            parts.append(_("无法识别的列：%(cols)s") % {"cols": ", ".join(unknown)})
        raise ImportFileError("；".join(parts))
    return positions


def import_markets(
    path: Path | str, *, actor=None, dry_run: bool = False, source: str = ""
) -> ImportResult:
    """Validate every row of the file; if all are good (and not `dry_run`), upsert them."""
    path = Path(path)
    header, rows = read_rows(path)
    positions = map_header(header)
    result = ImportResult(rows=len(rows), headers=list(header), dry_run=dry_run)

    jurisdictions = Jurisdictions()
    cleaner = MarketCleaner(jurisdictions)
    cleaned: list[tuple[int, dict]] = []
    seen: dict[tuple[int, str], int] = {}
    for line, row in rows:
        data = {
            column: (row[i] if i < len(row) else "")
            for column, i in positions.items()
            if column in COLUMNS
        }
        values, errors = cleaner.clean(data)
        for name, messages in errors.items():
            for message in messages:
                result.errors.append(RowError(line, name, str(message)))
        if not errors:
            key = (values["jurisdiction"].pk, values["name"])
            if key in seen:
                result.errors.append(
                    RowError(line, "name", _("与第 %(line)s 行重复。") % {"line": seen[key]})
                )
            else:
                seen[key] = line
                cleaned.append((line, values))
        if errors or (result.errors and result.errors[-1].line == line):
            result.raw_rows[line] = row
    if result.errors or dry_run:
        if not result.errors:
            _count_changes(result, cleaned)
        return result
    with transaction.atomic():
        _write(result, cleaned, actor, source or path.name)
    return result


def _existing(cleaned: list[tuple[int, dict]]) -> dict[tuple[int, str], Market]:
    jurisdiction_ids = {values["jurisdiction"].pk for _line, values in cleaned}
    names = {values["name"] for _line, values in cleaned}
    found = Market.objects.filter(jurisdiction_id__in=jurisdiction_ids, name__in=names)
    return {(m.jurisdiction_id, m.name): m for m in found}


def _differs(market: Market, values: dict) -> list[str]:
    changed = []
    for name, value in values.items():
        current = getattr(market, "jurisdiction_id" if name == "jurisdiction" else name)
        target = value.pk if name == "jurisdiction" else value
        if current != target:
            changed.append(name)
    return changed


def _count_changes(result: ImportResult, cleaned: list[tuple[int, dict]]) -> None:
    existing = _existing(cleaned)
    for _line, values in cleaned:
        market = existing.get((values["jurisdiction"].pk, values["name"]))
        if market is None:
            result.created += 1
        elif _differs(market, values):
            result.updated += 1
        else:
            result.unchanged += 1


def _write(result: ImportResult, cleaned: list[tuple[int, dict]], actor, source: str) -> None:
    existing = _existing(cleaned)
    now = timezone.now()
    reason = _("批量导入：%(source)s") % {"source": source}
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    new: list[Market] = []
    changed: list[Market] = []
    history: list[MarketStatusChange] = []
    fields: set[str] = set()
    for _line, values in cleaned:
        market = existing.get((values["jurisdiction"].pk, values["name"]))
        if market is None:
            values.setdefault("status", MarketStatus.REGISTERED)
            new.append(Market(**values))
            continue
        diff = _differs(market, values)
        if not diff:
            result.unchanged += 1
            continue
        if "status" in diff:
            history.append(
                MarketStatusChange(
                    market=market,
                    from_status=market.status,
                    to_status=values["status"],
                    reason=reason,
                    actor_id=actor_id,
                    at=now,
                )
            )
        for name in diff:
            setattr(market, name, values[name])
        fields.update(diff)
        changed.append(market)
    Market.objects.bulk_create(new, batch_size=BATCH)
    history.extend(
        MarketStatusChange(
            market=m, from_status="", to_status=m.status, reason=reason, actor_id=actor_id, at=now
        )
        for m in new
    )
    if changed:
        Market.objects.bulk_update(changed, sorted(fields), batch_size=BATCH)
    MarketStatusChange.objects.bulk_create(history, batch_size=BATCH)
    result.created, result.updated = len(new), len(changed)
    audit.record(
        actor=actor,
        verb="casework.market.import",
        payload={
            "source": source,
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "status_changes": len(history) - len(new),
        },
    )


def write_report(result: ImportResult, target: Path | str) -> None:
    """The rejected rows as CSV: line, the row as given, then the fields and reasons."""
    by_line: dict[int, list[RowError]] = {}
    for error in result.errors:
        by_line.setdefault(error.line, []).append(error)
    with open(target, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", *result.headers, "field", "reason"])
        for line in sorted(by_line):
            row = list(result.raw_rows.get(line, []))
            row += [""] * (len(result.headers) - len(row))
            errors = by_line[line]
            writer.writerow(
                [
                    line,
                    *row[: len(result.headers)],
                    "; ".join(dict.fromkeys(e.field for e in errors)),
                    "; ".join(f"{e.field}: {e.reason}" for e in errors),
                ]
            )
