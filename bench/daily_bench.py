"""The daily run at scale: sellerops against a straightforward pandas script on the same generated seller.

Generates a seller of --skus SKUs x 3 marketplaces x --days days straight into a fresh warehouse
(bench/daily_generate.py), then runs, each in its own process so that peak memory is measured apart:
- sellerops: `sellerops_side(db_path, day, reports)`, the whole `run daily` (every check, the tasks, and the daily
  report in zh and en as HTML, XLSX and Markdown); then, untimed, its KPIs of the day for the check;
- pandas: the same KPIs and comparisons written the usual way (bench/daily_pandas.py).
It checks that both give the same figures for the day (marketplace totals and a sample of SKUs), prints a table,
and last one JSON object: sellerops_seconds, pandas_seconds, speedup_vs_pandas, sellerops_peak_mb, pandas_peak_mb.

    .venv/bin/python bench/daily_bench.py [--skus 10000] [--days 730] [--db PATH] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.parquet as pq

from sellerops.analytics.kpi_compare import compare_kpis, comparison_spans
from sellerops.analytics.kpi_daily import daily_kpis
from sellerops.jobs.daily import run_daily
from sellerops.warehouse import open_analytics

SOURCES = ("sales_traffic", "order_line", "ad_performance", "return_line")
SAMPLE_SKUS = 25
FIGURES = (
    "value", "previous_day", "dod_change", "week_ago", "wow_change", "l7", "p7", "l7_change", "mtd", "lmtd",
    "mtd_change", "year_ago", "yoy_change", "mtd_ly", "mtd_yoy_change",
)  # fmt: skip


def sellerops_side(db_path: Path, day: dt.date, reports: Path) -> None:
    """The sellerops side this bench times: the whole `run daily` — every check, the tasks, and the daily report in
    both languages and all three formats."""
    run_daily(db_path, as_of=day, out_dir=reports)


def sellerops_kpis(db_path: Path, day: dt.date) -> dict[str, pa.Table]:
    """The KPIs of the day as sellerops computes them, for the check against pandas (run after the timing)."""
    results = {}
    with open_analytics(str(db_path)) as backend:
        sources = [backend.table(name) for name in SOURCES]
        for level in ("marketplace", "sku"):
            spans = [daily_kpis(*sources, start=a, end=b, level=level) for a, b in comparison_spans(day)]
            daily = backend.to_pyarrow(spans[0].union(spans[1]))
            results[f"daily_{level}"] = daily
            # The comparisons read the materialised days (a zero-copy Arrow scan) rather than computing them again.
            compared = compare_kpis(ibis.memtable(daily), as_of=day, level=level)
            results[f"compare_{level}"] = backend.to_pyarrow(compared)
    return results


def run_child(side: str, db: Path, day: dt.date, out: Path) -> None:
    """In a child process: run one side, report its seconds and peak memory, then write its results."""
    started = time.perf_counter()
    if side == "sellerops":
        sellerops_side(db, day, out / "reports")
        seconds = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_SELF)
        tables = sellerops_kpis(db, day)
    else:
        from daily_pandas import pandas_side

        tables = {k: pa.Table.from_pandas(v, preserve_index=False) for k, v in pandas_side(db, day).items()}
        seconds = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_mb = usage.ru_maxrss / 1024  # Linux reports KiB
    # CPU time of the whole child (its imports too): on a shared machine it moves less than the wall clock.
    cpu_seconds = usage.ru_utime + usage.ru_stime
    out.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        pq.write_table(table, out / f"{name}.parquet")
    rows = {k: t.num_rows for k, t in tables.items()}
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mb": peak_mb, "rows": rows}))


def measure(side: str, db: Path, day: dt.date, out: Path) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--child",
        side,
        "--db",
        str(db),
        "--day",
        day.isoformat(),
        "--out",
        str(out),
    ]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None or (isinstance(b, float) and math.isnan(b)):
        return (a is None) == (b is None or (isinstance(b, float) and math.isnan(b)))
    # sellerops rounds ratios to 6 places and money ratios to 4; pandas keeps floats
    return abs(float(a) - float(b)) <= 6e-5 + 1e-9 * abs(float(b))


def check_same_figures(ours: Path, theirs: Path) -> tuple[int, list[str]]:
    """Compare the comparisons of the day: all marketplace rows, and the rows of a sample of SKUs."""
    checked, mismatches = 0, []
    for level, keys in (("marketplace", ("marketplace",)), ("sku", ("marketplace", "sku"))):
        mine = pq.read_table(ours / f"compare_{level}.parquet").to_pylist()
        other = pq.read_table(theirs / f"compare_{level}.parquet").to_pylist()
        skus = sorted({r["sku"] for r in mine if "sku" in r})
        sample = set(skus[:: max(1, len(skus) // SAMPLE_SKUS)])
        index = {(*(r[k] for k in keys), r["metric"]): r for r in other}
        for row in mine:
            if level == "sku" and row["sku"] not in sample:
                continue
            reference = index.get((*(row[k] for k in keys), row["metric"]))
            checked += 1
            if reference is None:
                mismatches.append(f"{level} {row}: no pandas row")
                continue
            for figure in FIGURES:
                if not _close(row[figure], reference[figure]):
                    mismatches.append(
                        f"{level} {[row[k] for k in keys]} {row['metric']} {figure}: "
                        f"sellerops {row[figure]} pandas {reference[figure]}"
                    )
    return checked, mismatches


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--skus", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--db", type=Path, help="the warehouse file to generate (or reuse with --keep)")
    parser.add_argument("--keep", action="store_true", help="keep the warehouse, and reuse it if it exists")
    parser.add_argument(
        "--day", type=dt.date.fromisoformat, help="the day to run (default: the last generated)"
    )
    parser.add_argument("--child", choices=("sellerops", "pandas"), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    from daily_generate import END, generate

    day = args.day or END
    if args.child:
        run_child(args.child, args.db, day, args.out)
        return
    work = Path(tempfile.mkdtemp(prefix="sellerops-daily-bench-"))
    db = args.db or work / "warehouse" / "sellerops.duckdb"
    figures: dict[str, Any] = {}
    try:
        if args.keep and db.exists():
            print(f"reusing {db}")
        else:
            if db.exists():
                db.unlink()
            started = time.perf_counter()
            rows = generate(db, skus=args.skus, days=args.days)
            figures["generate_seconds"] = round(time.perf_counter() - started, 1)
            figures["rows"] = rows
            print(f"generated {args.skus:,} SKUs x 3 marketplaces x {args.days} days in "
                  f"{figures['generate_seconds']} s: " + ", ".join(f"{k} {v:,}" for k, v in rows.items()))  # fmt: skip
        figures["db_mb"] = round(db.stat().st_size / 1e6)
        ours = measure("sellerops", db, day, work / "sellerops")
        theirs = measure("pandas", db, day, work / "pandas")
        checked, mismatches = check_same_figures(work / "sellerops", work / "pandas")
        if mismatches:
            print("\n".join(mismatches[:20]))
            raise SystemExit(f"{len(mismatches)} figures differ between sellerops and pandas")
        print(
            f"\nday {day}: {checked} metric rows checked equal (marketplaces + {SAMPLE_SKUS} sampled SKUs)\n"
        )
        print(f"{'side':<10} {'seconds':>8} {'CPU s':>8} {'peak MB':>8}")
        for name, result in (("sellerops", ours), ("pandas", theirs)):
            print(
                f"{name:<10} {result['seconds']:>8.2f} {result['cpu_seconds']:>8.2f} {result['peak_mb']:>8.0f}"
            )
        print(f"load average after the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"rows: {ours['rows']}")
    finally:
        if args.keep:
            print(f"kept {db}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    speedup = theirs["seconds"] / ours["seconds"]
    print(f"speedup vs pandas: {speedup:.2f}x\n")
    summary = {
        "sellerops_seconds": round(ours["seconds"], 2), "pandas_seconds": round(theirs["seconds"], 2),
        "speedup_vs_pandas": round(speedup, 2), "sellerops_peak_mb": round(ours["peak_mb"]),
        "pandas_peak_mb": round(theirs["peak_mb"]), "sellerops_cpu_seconds": round(ours["cpu_seconds"], 2),
        "pandas_cpu_seconds": round(theirs["cpu_seconds"], 2), "load_average": round(os.getloadavg()[0], 1),
        "skus": args.skus, "days": args.days, **figures,
    }  # fmt: skip
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
