"""Golden files for rendered reports: compare byte for byte, or rewrite them with SELLEROPS_UPDATE_GOLDEN=1."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import warnings
from pathlib import Path
from typing import Any

import openpyxl

GOLDEN = Path(__file__).resolve().parent / "golden"


def updating() -> bool:
    return os.environ.get("SELLEROPS_UPDATE_GOLDEN") == "1"


def assert_golden(name: str, actual: bytes) -> None:
    """`actual` equals tests/reports/golden/<name>; in update mode the file is rewritten first."""
    path = GOLDEN / name
    if updating():
        path.write_bytes(actual)
    assert path.exists(), (
        f"no golden file {path}; run the test once with SELLEROPS_UPDATE_GOLDEN=1 and review it"
    )
    # Compared as text so that a failure shows a readable diff; the bytes must match too.
    assert actual.decode("utf-8") == path.read_text(encoding="utf-8")
    assert actual == path.read_bytes()


def _json_cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    return value


def load_workbook(data: bytes) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return openpyxl.load_workbook(io.BytesIO(data))


def workbook_as_json(data: bytes) -> bytes:
    """Every sheet's name, frozen cell and cell values, as the JSON the golden files hold. Dates come back from
    Excel as datetimes and are tagged so they cannot be mistaken for text."""
    book = load_workbook(data)
    sheets = [
        {
            "name": sheet.title,
            "freeze_panes": sheet.freeze_panes,
            "rows": [[_json_cell(c.value) for c in row] for row in sheet.iter_rows()],
        }
        for sheet in book.worksheets
    ]
    return (json.dumps({"sheets": sheets}, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
