"""The market registry import: 10,000 spreadsheet rows validated and upserted, all or nothing.

Generates a CSV of markets spread around the district seats, imports it into an empty
registry (bulk inserts), then imports it again with every status changed (bulk updates and
one history row each). One line per figure.

    python -m bench.imports                 # temporary SQLite file
    python -m bench.imports --pg URL        # a `gigcase_bench` database on that server
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from . import ROOT, throwaway_django

STATUSES = ("registered", "rectifying", "banned", "closed")
KINDS = ("public_welfare", "commercial", "informal")
FACILITIES = ("negotiation", "shelter", "heat_cold", "parking", "order", "hrss_station")


def write_csv(path: Path, n: int, *, seed: int, status_shift: int = 0) -> None:
    from permissions.models import Jurisdiction

    seats = list(Jurisdiction.objects.exclude(parent=None).exclude(lon=None))
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "name",
                "kind",
                "status",
                "jurisdiction",
                "address",
                "lon",
                "lat",
                "operator",
                "facilities",
                "opening_hours",
            ]
        )
        for i in range(n):
            seat = seats[i % len(seats)]
            writer.writerow(
                [
                    f"{seat.name}第{i:05d}号零工市场",
                    KINDS[i % len(KINDS)],
                    STATUSES[(i + status_shift) % len(STATUSES)],
                    seat.code,
                    f"{seat.name}测试路{i}号",
                    f"{float(seat.lon) + rng.uniform(-0.1, 0.1):.6f}",
                    f"{float(seat.lat) + rng.uniform(-0.1, 0.1):.6f}",
                    "",
                    "、".join(f for f in FACILITIES if rng.random() < 0.6),
                    "05:00-11:00",
                ]
            )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", metavar="URL", default=None, help="a PostgreSQL server URL")
    parser.add_argument("--rows", type=int, default=10_000, help="rows in the file")
    args = parser.parse_args(argv)
    with throwaway_django(args.pg) as backend:
        from casework.markets.imports import import_markets
        from permissions.services import ensure_units, load_jurisdictions

        load_jurisdictions(ROOT / "fixtures" / "zaozhuang-jurisdictions.csv")
        ensure_units()
        with tempfile.TemporaryDirectory(prefix="gigcase-bench-import-") as tmp:
            first, second = Path(tmp) / "markets.csv", Path(tmp) / "markets-changed.csv"
            write_csv(first, args.rows, seed=1)
            write_csv(second, args.rows, seed=1, status_shift=1)
            for label, path in (("insert", first), ("update", second)):
                began = time.perf_counter()
                result = import_markets(path)
                seconds = time.perf_counter() - began
                if not result.ok:
                    raise SystemExit(f"bench file rejected: {result.errors[:3]}")
                print(
                    f"import_markets: {result.rows} rows in {seconds:.2f} s = "
                    f"{result.rows / seconds:.0f} rows/s   ({backend}, {label}: "
                    f"{result.created} created, {result.updated} updated)",
                    flush=True,
                )


if __name__ == "__main__":
    main()
