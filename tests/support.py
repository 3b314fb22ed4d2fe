"""Shared test helpers: where the real datasets are, and an independent reading of report files.

The readers here use only the standard library (csv, decimal), never sellerops' own parsing, so totals they
compute are a check on the importer rather than a copy of it.
"""

from __future__ import annotations

import csv
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import ImportResult, import_file
from sellerops.warehouse import FACT_TABLES, Warehouse
from sellerops.warehouse.checks import duplicate_keys

REPO = Path(__file__).resolve().parents[1]
TEST_DATA = REPO / "tests" / "data"


def datasets_dir() -> Path:
    """The real public seller data: $SELLEROPS_DATASETS, else ../shared/datasets beside the repo."""
    chosen = os.environ.get("SELLEROPS_DATASETS")
    path = Path(chosen) if chosen else REPO.parent / "shared" / "datasets"
    if not path.is_dir():
        pytest.skip(
            f"the real datasets are not at {path}; set SELLEROPS_DATASETS to their folder to run this test"
        )
    return path


def plain_number(text: str) -> Decimal:
    """'£2,560.45' → 2560.45, '5,824' → 5824, '' → 0: the reading a person would do by hand."""
    cleaned = re.sub(r"[^0-9.\-]", "", text.replace(",", ""))
    return Decimal(cleaned) if cleaned not in ("", "-", ".") else Decimal(0)


def read_csv_rows(path: Path, delimiter: str = ",", encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def column_total(rows: list[dict[str, str]], header: str) -> Decimal:
    return sum((plain_number(r[header]) for r in rows), Decimal(0))


def warehouse_state(warehouse: Warehouse) -> dict[str, tuple[int, str]]:
    """Every fact table's row count and a checksum of its contents. Also checks, as a data test, that no declared
    key is repeated: the loader, not the database, keeps fact-table keys unique."""
    assert duplicate_keys(warehouse) == {}
    state = {}
    for name in (*FACT_TABLES, "import_ledger"):
        count = warehouse.count(name)
        row = warehouse.con.execute(f"SELECT CAST(sum(hash(t)) AS VARCHAR) FROM {name} t").fetchone()
        state[name] = (count, str(row[0]) if row else "")
    return state


def import_twice(warehouse: Warehouse, path: Path, options: ImportOptions | None = None) -> ImportResult:
    """Import a file, then the same file again, and check that the second import changed nothing."""
    first = import_file(warehouse, path, options)
    state = warehouse_state(warehouse)
    second = import_file(warehouse, path, options)
    assert (second.status, second.import_id) == ("already_imported", first.import_id)
    assert warehouse_state(warehouse) == state
    return first
