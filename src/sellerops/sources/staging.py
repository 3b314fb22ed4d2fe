"""Reading a file into the temporary table `raw_file`: every cell as text, columns named c0, c1, …

CSV/TSV goes through DuckDB's own reader (fast, strict about the number of fields per row); spreadsheets
through calamine; JSON through the family's own flattening. After this step every format looks the same.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from python_calamine import CalamineError, CalamineWorkbook

from sellerops.errors import FileRefused, Problem
from sellerops.sources.files import SourceFile

_LINE_RE = re.compile(r"Line:?\s*(\d+)", re.IGNORECASE)


def cell_text(value: Any) -> str | None:
    """A spreadsheet cell as the text a CSV export would have held."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def stage_text(con: duckdb.DuckDBPyConnection, source: SourceFile, *, keep_going: bool) -> int:
    """Load a delimited text file into raw_file; returns the row offset (file row of rowid 0)."""
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(source.header)))
    path = str(source.reader_path).replace("'", "''")
    delim = (source.delimiter or ",").replace("'", "''")
    options = (
        f"delim='{delim}', quote='\"', escape='\"', header=true, auto_detect=false, columns={{{columns}}}, "
        "strict_mode=true, null_padding=false, max_line_size=16777216, encoding='utf-8'"
    )
    if keep_going:
        options += ", ignore_errors=true, store_rejects=true"
    _drop(con)
    try:
        con.execute(f"CREATE TEMP TABLE raw_file AS SELECT * FROM read_csv('{path}', {options})")
    except (duckdb.InvalidInputException, duckdb.ConversionException) as exc:
        raise _csv_error(source, exc) from None
    return _header_line(source) + 1


def _header_line(source: SourceFile) -> int:
    """1-based line of the header: blank lines before it are skipped by the reader."""
    with source.reader_path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip(b"\xef\xbb\xbf\r\n\t ") != b"":
                return number
    return 1


def _csv_error(source: SourceFile, exc: Exception) -> FileRefused:
    text = str(exc)
    match = _LINE_RE.search(text)
    row = int(match.group(1)) if match else None
    if "Expected Number of Columns" in text or "columns" in text.lower():
        found = re.search(r"Found:?\s*(\d+)", text)
        expected = f"{len(source.header)} fields like the header" + (
            f", found {found.group(1)}" if found else ""
        )
        reason = "a row has a different number of fields than the header (columns shifted, or the file was cut off)"
    elif "unicode" in text.lower() or "utf" in text.lower():
        expected, reason = "UTF-8 text", "the file is not valid UTF-8 text"
    elif "quote" in text.lower():
        expected, reason = "a closing quote", "a quoted value is never closed (the file may be cut off)"
    else:
        expected, reason = "a well-formed CSV/TSV row", "the file cannot be read as CSV/TSV"
    return FileRefused(
        source.name,
        reason,
        problems=(Problem(row, None, None, expected),),
        hint="download the report again; if it is right, run with --keep-going to import the readable rows "
        "and get the others in a rejects file",
    )


def rejected_lines(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    """Rows DuckDB's reader skipped under --keep-going: (line, reason)."""
    try:
        rows = con.execute("SELECT line, error_message FROM reject_errors ORDER BY line").fetchall()
    except duckdb.CatalogException:
        return []
    return [(int(line), str(message)) for line, message in rows]


def workbook_sheets(source: SourceFile) -> list[tuple[str, list[list[Any]]]]:
    try:
        book = CalamineWorkbook.from_path(str(source.reader_path))
        return [
            (name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in book.sheet_names
        ]
    except (CalamineError, ValueError, OSError) as exc:
        raise FileRefused(
            source.name,
            f"the spreadsheet cannot be opened ({exc})",
            hint="the file is damaged or not really a spreadsheet; download it again",
        ) from None


def header_row(rows: list[list[Any]]) -> int:
    """Index of the first row with at least two filled cells (exports sometimes start with a title line)."""
    for index, row in enumerate(rows[:20]):
        if sum(1 for v in row if v not in (None, "")) >= 2:
            return index
    return 0


def stage_rows(con: duckdb.DuckDBPyConnection, header: list[str], rows: list[list[Any]]) -> None:
    """Load already-split rows (from a spreadsheet or JSON) into raw_file."""
    width = len(header)
    arrays = []
    for i in range(width):
        arrays.append(pa.array([cell_text(r[i]) if i < len(r) else None for r in rows], type=pa.string()))
    table = pa.Table.from_arrays(arrays, names=[f"c{i}" for i in range(width)]) if width else pa.table({})
    _drop(con)
    con.register("staged_rows", table)
    try:
        con.execute("CREATE TEMP TABLE raw_file AS SELECT * FROM staged_rows")
    finally:
        con.unregister("staged_rows")


def load_json(source: SourceFile) -> Any:
    try:
        with Path(source.reader_path).open(encoding=source.encoding or "utf_8") as handle:
            return json.load(handle)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise FileRefused(
            source.name,
            f"the JSON document cannot be read ({exc.__class__.__name__}: {exc})",
            problems=(Problem(line, None, None, "well-formed JSON"),),
            hint="the download was probably cut off; download it again",
        ) from None


def _drop(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DROP TABLE IF EXISTS raw_file")
