"""Import speed: `sellerops import` against DuckDB's own read_csv of the same file into a bare table.

Generates an All Orders flat file (TSV, the official 32-column layout) of 5 million lines and an Ads console
search-term report (the 2025 custom-report CSV) of 2 million lines, then, for each file, side by side in one run:
- the baseline: DuckDB `CREATE TABLE t AS SELECT * FROM read_csv(file)` (sniffed types, no checks);
- sellerops: the real import (detection, encoding, validation of every cell, typed canonical rows, replacement,
  ledger, archive) into a fresh warehouse.
Each file is imported `--rounds` times (default 3) each way, the two sides taking turns and the order swapped
every round, and the median time of each side is kept: on a shared 2-core machine one run of the baseline moves by
±10 %, so a single round says little. Prints one line per round and per file and, last, one JSON object with the
totals over both files (of the medians):
{"rows": …, "sellerops_rows_per_s": …, "duckdb_rows_per_s": …, "ratio": …, "cpu_ratio": …, "rounds": …}
`ratio` is by wall time; `cpu_ratio` by CPU seconds (all threads), which other work on a shared machine blurs less.

    .venv/bin/python bench/import_bench.py [--orders-lines N] [--search-term-lines N] [--rounds N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from sellerops.sources.importer import import_file
from sellerops.warehouse import open_warehouse


def write_all_orders(path: Path, lines: int) -> None:
    """Orders of 1–3 lines over 2025, US, with Shipped/Pending/Cancelled statuses, written by DuckDB itself."""
    con = duckdb.connect()
    con.execute(f"""
        COPY (
          SELECT
            printf('%03d-%07d-%07d', 111 + (o % 800), o % 9999991, (o * 7919) % 9999991) AS "amazon-order-id",
            '' AS "merchant-order-id",
            strftime(TIMESTAMP '2025-01-01 00:00:00' + INTERVAL (o % 31536000) SECOND, '%Y-%m-%dT%H:%M:%S+00:00') AS "purchase-date",
            strftime(TIMESTAMP '2025-01-01 06:00:00' + INTERVAL (o % 31536000) SECOND, '%Y-%m-%dT%H:%M:%S+00:00') AS "last-updated-date",
            CASE WHEN o % 50 = 0 THEN 'Cancelled' WHEN o % 17 = 0 THEN 'Pending' ELSE 'Shipped' END AS "order-status",
            CASE WHEN o % 5 = 0 THEN 'Merchant' ELSE 'Amazon' END AS "fulfillment-channel",
            'Amazon.com' AS "sales-channel", '' AS "order-channel", 'Standard' AS "ship-service-level",
            'Stainless Steel Flatware Set, ' || (8 + i % 40) || ' Piece' AS "product-name",
            printf('SKU-%05d', (o * 31 + i) % 20000) AS sku, printf('B0%08d', (o * 31 + i) % 20000) AS asin,
            CASE WHEN o % 50 = 0 THEN 'Cancelled' ELSE 'Shipped' END AS "item-status",
            1 + (o + i) % 3 AS quantity, 'USD' AS currency,
            CASE WHEN o % 50 = 0 THEN '' ELSE printf('%.2f', 9.99 + ((o * 13 + i) % 9000) / 100.0) END AS "item-price",
            CASE WHEN o % 50 = 0 THEN '' ELSE printf('%.2f', ((o * 13 + i) % 900) / 100.0) END AS "item-tax",
            '0.00' AS "shipping-price", '0.00' AS "shipping-tax", '' AS "gift-wrap-price", '' AS "gift-wrap-tax",
            CASE WHEN o % 11 = 0 THEN '-2.00' ELSE '0.00' END AS "item-promotion-discount", '0.00' AS "ship-promotion-discount",
            'SEATTLE' AS "ship-city", 'WA' AS "ship-state", printf('98%03d', o % 1000) AS "ship-postal-code",
            'US' AS "ship-country", CASE WHEN o % 11 = 0 THEN 'Coupon-2OFF' ELSE '' END AS "promotion-ids",
            '' AS cpf, CASE WHEN o % 23 = 0 THEN 'true' ELSE 'false' END AS "is-business-order",
            '' AS "purchase-order-number", '' AS "price-designation"
          FROM (SELECT n // 2 AS o, n % 2 AS i FROM range({lines}) t(n))
        ) TO '{path}' (DELIMITER '\t', HEADER, QUOTE '')
    """)
    con.close()


def write_custom_search_terms(path: Path, lines: int) -> None:
    """The 2025 console custom report: ="…" quoted ids, 'Nov 09, 2025 - Nov 27, 2025' ranges, 50.0% rates."""
    con = duckdb.connect()
    con.execute(f"""
        COPY (
          SELECT
            strftime(DATE '2025-10-01' + INTERVAL (7 * (n % 8)) DAY, '%b %d, %Y') || ' - ' ||
              strftime(DATE '2025-10-07' + INTERVAL (7 * (n % 8)) DAY, '%b %d, %Y') AS "Date range",
            'SP | ' || (n % 300) || ' | ' || CASE n % 4 WHEN 0 THEN 'Auto' WHEN 1 THEN 'Broad' WHEN 2 THEN 'Phrase' ELSE 'Exact' END AS "Campaign name",
            '="' || (468170906200000 + n % 300) || '"' AS "Campaign ID",
            'AG ' || (n % 900) AS "Ad group name", '="' || (377170906200000 + n % 900) || '"' AS "Ad group ID",
            'keyword ' || (n % 5000) AS "Target value",
            CASE n % 4 WHEN 0 THEN 'TARGETING_EXPRESSION_PREDEFINED' WHEN 1 THEN 'BROAD' WHEN 2 THEN 'PHRASE' ELSE 'EXACT' END AS "Target match type",
            'search term ' || (n // 8) AS "Search term", 'USD' AS "Budget currency",
            10 + n % 500 AS "Impressions", n % 7 AS "Clicks",
            printf('%.1f%%', 100.0 * (n % 7) / (10 + n % 500)) AS "CTR",
            CASE WHEN n % 7 = 0 THEN '' ELSE printf('%.2f', 0.5 + (n % 150) / 100.0) END AS "CPC",
            printf('%.2f', (n % 7) * (0.5 + (n % 150) / 100.0)) AS "Total cost",
            CASE WHEN n % 13 = 0 THEN 1 ELSE 0 END AS "Purchases",
            CASE WHEN n % 13 = 0 THEN printf('%.2f', 19.99 + n % 40) ELSE '0.00' END AS "Sales",
            CASE WHEN n % 13 = 0 THEN 1 ELSE 0 END AS "Units sold", '' AS "ROAS", '' AS "Cost per purchase", '' AS "Purchase rate"
          FROM range({lines}) t(n)
        ) TO '{path}' (DELIMITER ',', HEADER)
    """)
    con.close()


def cpu_seconds() -> float:
    """CPU time of this process, all threads: unlike wall time, other work on the machine barely moves it."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def baseline_seconds(path: Path, delimiter: str) -> tuple[float, float]:
    con = duckdb.connect(str(path.parent / "baseline.duckdb"))
    started, cpu = time.perf_counter(), cpu_seconds()
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{path}', delim='{delimiter}', header=true)")
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    con.close()
    (path.parent / "baseline.duckdb").unlink()
    return seconds, cpu


def sellerops_seconds(path: Path, work: Path) -> tuple[float, float, int]:
    db = work / f"warehouse-{path.stem}" / "sellerops.duckdb"
    started, cpu = time.perf_counter(), cpu_seconds()
    with open_warehouse(db) as warehouse:
        result = import_file(warehouse, path)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    shutil.rmtree(db.parent)
    return seconds, cpu, result.rows_loaded


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orders-lines", type=int, default=5_000_000)
    parser.add_argument("--search-term-lines", type=int, default=2_000_000)
    parser.add_argument("--rounds", type=int, default=3, help="imports of each file each way (median kept)")
    parser.add_argument("--keep", type=Path, help="write the generated files here and keep them")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="sellerops-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    cases = [
        ("All Orders", work / "all_orders.txt", "\t", write_all_orders, args.orders_lines),
        (
            "Search terms",
            work / "search_terms_custom.csv",
            ",",
            write_custom_search_terms,
            args.search_term_lines,
        ),
    ]
    total_rows, total_ours, total_base, cpu_ours, cpu_base = 0, 0.0, 0.0, 0.0, 0.0
    try:
        for name, path, delimiter, write, lines in cases:
            started = time.perf_counter()
            write(path, lines)
            print(
                f"{name}: wrote {lines:,} lines ({path.stat().st_size / 1e6:,.0f} MB) in {time.perf_counter() - started:.1f} s"
            )
            bases, ourses = [], []
            for round_ in range(1, args.rounds + 1):
                # Swap who goes first each round: the second import of a file finds it in the page cache.
                if round_ % 2:
                    bases.append(baseline_seconds(path, delimiter))
                ours_wall, ours_cpu, rows = sellerops_seconds(path, work)
                assert rows == lines, f"{name}: sellerops loaded {rows} of {lines} rows"
                ourses.append((ours_wall, ours_cpu))
                if not round_ % 2:
                    bases.append(baseline_seconds(path, delimiter))
                print(
                    f"  round {round_}: duckdb {bases[-1][0]:.2f} s ({bases[-1][1]:.2f} CPU s), sellerops "
                    f"{ours_wall:.2f} s ({ours_cpu:.2f} CPU s), ratio {bases[-1][0] / ours_wall:.3f}"
                )
            base, base_cpu = (statistics.median(x[k] for x in bases) for k in (0, 1))
            ours, ours_cpu = (statistics.median(x[k] for x in ourses) for k in (0, 1))
            print(
                f"{name}: duckdb read_csv {lines / base:,.0f} rows/s ({base:.2f} s, {base_cpu:.2f} CPU s); "
                f"sellerops import {lines / ours:,.0f} rows/s ({ours:.2f} s, {ours_cpu:.2f} CPU s); "
                f"ratio {base / ours:.2f} (CPU {base_cpu / ours_cpu:.2f})"
            )
            total_rows, total_ours, total_base = total_rows + lines, total_ours + ours, total_base + base
            cpu_ours, cpu_base = cpu_ours + ours_cpu, cpu_base + base_cpu
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    figures = {
        "rows": total_rows,
        "sellerops_rows_per_s": round(total_rows / total_ours),
        "duckdb_rows_per_s": round(total_rows / total_base),
        "ratio": round(total_base / total_ours, 3),
        "cpu_ratio": round(cpu_base / cpu_ours, 3),
        "rounds": args.rounds,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
