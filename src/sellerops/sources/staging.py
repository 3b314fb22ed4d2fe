"""Reading a file into the temporary table `raw_file`: every cell as text, columns named c0, c1, …

CSV/TSV goes through DuckDB's own reader (fast, strict about the number of fields per row); spreadsheets
through calamine; JSON through the family's own flattening. After this step every format looks the same.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from sellerops.errors import FileRefused, Problem
from sellerops.sources.files import SourceFile
from sellerops.sources.text import encoding_refusal

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


@dataclass(frozen=True)
class RejectedRow:
    """A row the reader could not split into the header's fields (kept aside under --keep-going)."""

    row: int
    reason: str
    cells: list[str]


def stage_text(
    con: duckdb.DuckDBPyConnection, source: SourceFile, *, keep_going: bool
) -> tuple[int, list[RejectedRow]]:
    """Load a delimited text file into raw_file.

    Returns the row offset (file row of rowid 0, before any skipped rows) and, under --keep-going, the rows the
    reader rejected. Blank lines and rejected rows are recorded in `source.skipped_rows`.
    """
    header_row = header_line(source)
    _drop(con)
    try:
        con.execute(
            f"CREATE TEMP TABLE raw_file AS SELECT * FROM {text_reader(source, header_row, keep_going)}"
        )
    except (duckdb.InvalidInputException, duckdb.ConversionException) as exc:
        raise _csv_error(source, exc, header_row) from None
    offset = header_row + 1
    rejected_by_reader = keep_going and _count(con, "so_reject_errors") > 0
    if not rejected_by_reader and one_row_per_line(source, header_row, _count(con, "raw_file")):
        return offset, []
    # Rare paths: find exactly which file rows the reader passed over, so row numbers stay the file's own.
    scan = scan_records(source, header_row)
    # A cut-off file has lost rows nobody can list: loading the rest would pass a part for the whole.
    if scan.cut_off is not None and keep_going:
        raise scan.cut_off
    if scan.failure is not None and not keep_going:
        raise scan.failure
    kept = _count(con, "raw_file")
    if scan.kept != kept:
        raise FileRefused(
            source.name,
            f"the rows cannot be lined up: the reader kept {kept} rows, a second reading finds {scan.kept}",
            hint="save the file again as CSV UTF-8 from a spreadsheet and import that; "
            "if it still fails, please report it with the file",
        )
    source.skipped_rows = sorted(scan.blank + [r.row for r in scan.rejected])
    return offset, scan.rejected


def text_reader(
    source: SourceFile, header_row: int, keep_going: bool = False, types: Mapping[int, str] | None = None
) -> str:
    """DuckDB's reader over a delimited text file: every cell as text in columns c0, c1, …, strict about fields;
    `types` gives some columns a type for the reader to parse into instead (a cell it cannot parse is an error)."""
    width = len(source.header)
    columns = ", ".join(f"'c{i}': '{(types or {}).get(i, 'VARCHAR')}'" for i in range(width))
    path = str(source.reader_path).replace("'", "''")
    delim = (source.delimiter or ",").replace("'", "''")
    options = (
        f"delim='{delim}', quote='\"', escape='\"', header=true, auto_detect=false, columns={{{columns}}}, "
        f"skip={header_row - 1}, strict_mode=true, null_padding=false, max_line_size=16777216, encoding='utf-8'"
    )
    if keep_going:
        options += ", ignore_errors=true, store_rejects=true, rejects_table='so_reject_errors', rejects_scan='so_reject_scans'"
    return f"read_csv('{path}', {options})"


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    try:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    except duckdb.CatalogException:
        return 0
    return int(row[0]) if row else 0


def one_row_per_line(source: SourceFile, header_row: int, kept: int) -> bool:
    """Whether every line after the header is exactly one row the reader kept: then there are no blank lines
    and no line breaks inside cells, and rowid gives the file row. Counting only, no parsing (the count taken
    while hashing the file, unless the reader reads a decoded copy); any other shape (blank lines, multi-line
    cells, CR-only endings) takes the careful reading instead."""
    lines = source.lines
    if source.readable_path is not None:
        newlines, last = 0, b""
        with source.reader_path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 22), b""):
                newlines += block.count(b"\n")
                last = block[-1:]
        lines = newlines + (0 if last == b"\n" else 1)
    return lines == header_row + kept


def header_line(source: SourceFile) -> int:
    """1-based line of the header: blank lines before it are skipped by the reader."""
    with source.reader_path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip(b"\xef\xbb\xbf\r\n\t ") != b"":
                return number
    return 1


@dataclass
class RecordScan:
    """A second, slower reading of a text file with Python's csv module: what each file row is."""

    kept: int = 0
    blank: list[int] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    failure: FileRefused | None = None  # the first problem, as the refusal to raise without --keep-going
    cut_off: FileRefused | None = None  # the file stops inside its last row: refused even with --keep-going


def scan_records(source: SourceFile, header_row: int) -> RecordScan:
    """Read every row after the header and sort it: kept, blank, or not splittable into the header's fields."""
    width = len(source.header)
    scan = RecordScan()
    row, lines_read = header_row, 0
    with source.reader_path.open(encoding="utf_8_sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=source.delimiter or ",", strict=True)
        try:
            for _ in range(header_row):
                next(reader, None)
            lines_read = reader.line_num
            for cells in reader:
                row, lines_read = row + 1, reader.line_num
                if not cells:
                    scan.blank.append(row)
                elif len(cells) == width:
                    scan.kept += 1
                else:
                    _reject(scan, source, row, cells, _field_count_problem(source, cells, at_end=False))
        except csv.Error as exc:
            reason, quote = _quote_problem(exc)
            cells = _cells_from_line(source, lines_read)
            if cells and len(cells) <= width:  # the open quote starts the last cell read
                quote = Problem(None, source.header[len(cells) - 1], None, quote.expected)
            _reject(scan, source, row + 1, cells, (reason, quote), cut_off="cut off" in reason)
            return scan
        except UnicodeDecodeError:
            scan.failure = scan.failure or _undecodable(source)
            return scan
    last = scan.rejected[-1] if scan.rejected else None
    if last and last.row == row and len(last.cells) < width and not _ends_with_newline(source.reader_path):
        scan.rejected.pop()
        _reject(
            scan, source, row, last.cells, _field_count_problem(source, last.cells, at_end=True), cut_off=True
        )
    return scan


def _cells_from_line(source: SourceFile, line: int) -> list[str]:
    """The cells of a row that never ends (an open quote), read leniently from its first line to the end."""
    with source.reader_path.open(encoding="utf_8_sig", newline="") as handle:
        for _ in range(line):
            handle.readline()
        rest = handle.read(1 << 16)
    return next(csv.reader(io.StringIO(rest), delimiter=source.delimiter or ","), [])


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(0, 2)
        if handle.tell() == 0:
            return False
        handle.seek(-1, 2)
        return handle.read(1) in (b"\n", b"\r")


def _reject(
    scan: RecordScan,
    source: SourceFile,
    row: int,
    cells: list[str],
    problem: tuple[str, Problem],
    *,
    cut_off: bool = False,
) -> None:
    reason, detail = problem
    scan.rejected.append(RejectedRow(row, f"{reason} ({detail.describe()})", cells))
    refusal = FileRefused(
        source.name,
        reason,
        problems=(Problem(row, detail.column, detail.value, detail.expected),),
        hint=_CUT_OFF_HINT if cut_off else _STRUCTURE_HINT,
    )
    if cut_off:
        scan.cut_off = refusal
    if scan.failure is None or (cut_off and scan.failure.problems[0].row == row):
        scan.failure = refusal


_STRUCTURE_HINT = (
    "download the report again; if it is right, run with --keep-going to import the readable rows "
    "and get the others in a rejects file"
)
_CUT_OFF_HINT = (
    "download the report again (--keep-going cannot help: the rows after the cut are not in the file)"
)


def _field_count_problem(source: SourceFile, cells: list[str], *, at_end: bool) -> tuple[str, Problem]:
    width, found = len(source.header), len(cells)
    expected = f"{width} fields like the header, found {found}"
    if len(cells) == 1 and not cells[0].strip():
        return "a row holds only spaces", Problem(None, None, None, expected)
    if at_end and found < width:
        return (
            "the file ends in the middle of a row: the download was cut off",
            Problem(None, source.header[found - 1] if found else None, None, expected),
        )
    if found > width:
        reason = (
            "a row has more fields than the header: a value holding the separator without quotes "
            "shifts the columns after it"
        )
    else:
        reason = "a row has fewer fields than the header (a value is missing, or columns were deleted)"
    return reason, Problem(None, None, None, expected)


def _quote_problem(exc: csv.Error) -> tuple[str, Problem]:
    if "end of data" in str(exc) or "EOF" in str(exc):
        return (
            "a quoted value is never closed: the file was cut off",
            Problem(None, None, None, "a closing quote"),
        )
    return (
        f"a row is not well-formed CSV ({exc})",
        Problem(None, None, None, "a quote only at the start and end of a value"),
    )


def _undecodable(source: SourceFile) -> FileRefused:
    data = source.reader_path.read_bytes()
    try:
        data.decode("utf_8")
    except UnicodeDecodeError as exc:
        return encoding_refusal(source.name, data, exc.start, exc.end)
    return FileRefused(source.name, "the file is not valid UTF-8 text", hint="save it again as CSV UTF-8")


def _csv_error(source: SourceFile, exc: Exception, header_row: int) -> FileRefused:
    """DuckDB refused the file: find the first bad row ourselves, so its number and nature are exact."""
    scan = scan_records(source, header_row)
    if scan.failure is not None:
        return scan.failure
    text = str(exc)
    match = _LINE_RE.search(text)
    row = int(match.group(1)) if match else None
    return FileRefused(
        source.name,
        "the file cannot be read as CSV/TSV (" + text.splitlines()[0] + ")",
        problems=(Problem(row, None, None, "a well-formed CSV/TSV row"),),
        hint=_STRUCTURE_HINT,
    )


def row_sql(source: SourceFile, row_offset: int, rid: str = "rowid") -> str:
    """SQL for the file row of the raw_file row numbered `rid`, counting the rows the reader passed over."""
    base = f"({rid} + {row_offset})"
    if not source.skipped_rows:
        return base
    # The k-th kept row is row offset + k, plus one for each skipped row j (sorted) with s_j - j <= offset + k.
    adjusted = ", ".join(str(s - j) for j, s in enumerate(sorted(source.skipped_rows)))
    return f"({base} + len(list_filter([{adjusted}], lambda a: a <= {base})))"


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
        text = Path(source.reader_path).read_text(encoding=source.encoding or "utf_8")
    except UnicodeDecodeError:
        raise (
            _undecodable(source)
            if source.encoding in ("utf_8", "utf_8_sig", None)
            else FileRefused(
                source.name, f"the file is not valid {source.encoding} text", hint="download it again"
            )
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        cut_off = not text[exc.pos :].strip()
        raise FileRefused(
            source.name,
            "the JSON document ends before it is complete: the download was cut off"
            if cut_off
            else f"the JSON document is not well-formed ({exc.msg}, column {exc.colno})",
            problems=(Problem(exc.lineno, None, None, "well-formed JSON"),),
            hint="download it again",
        ) from None
    except RecursionError:
        raise FileRefused(
            source.name, "the JSON document is nested too deeply to read", hint="download it again"
        ) from None


def _drop(con: duckdb.DuckDBPyConnection) -> None:
    for table in ("raw_file", "so_reject_errors", "so_reject_scans"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
