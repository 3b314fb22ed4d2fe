"""Typing a large delimited file in one pass, straight from DuckDB's reader, with no table of its text.

Every copy of millions of wide rows costs about as much as reading the file, so on the happy path the text is
never stored: one statement reads the file, types every cell and flags what the checks need. At the first sign
of trouble (a cell that is not what its column holds, a blank line, the header again, a family that refuses
the file) it gives up, and the import starts again the careful way (`raw_file`, then typing), which finds every
problem and words it with its row, column and value.
"""

from __future__ import annotations

import duckdb

from sellerops.errors import FileRefused
from sellerops.sources import staging, validation
from sellerops.sources.context import ImportOptions, LoadContext
from sellerops.sources.files import SourceFile
from sellerops.sources.registry import match_header

# Below this size the careful path costs little more, and its fast parsers plan quicker than a retry would.
ONE_PASS_MIN_BYTES = 8 << 20


def prepare(
    con: duckdb.DuckDBPyConnection, source: SourceFile, options: ImportOptions, import_id: int
) -> tuple[LoadContext, int] | None:
    """`parsed_all`, `parsed` and `parsed_bad` for a file with no problem, and its number of rows; None when the
    file is not one for this path or something needs the careful one."""
    if source.format != "text" or options.keep_going or source.size < ONE_PASS_MIN_BYTES:
        return None
    match, _ = match_header(source.header, "text")
    if match is None or not match.complete or not match.spec.one_pass:
        return None
    header_row = staging.header_line(source)
    # No skipped rows on this path (checked below), so rowid + offset is the file row.
    ctx = LoadContext(con, source, match, options, import_id, header_row + 1, typed=True)
    style = ctx.decimal_comma  # the options' style, or a decimal point: families settle it in `resolve`
    columns, fast = validation.column_parsers(ctx)
    select = validation.typed_columns(ctx, columns, fast)
    again = validation.repeated_header_sql(ctx)
    if again is not None:
        select.append(f"{again} AS _header_again")
    reader = staging.text_reader(source, header_row)
    try:
        con.execute(f"CREATE TEMP TABLE so_typed AS {validation.with_derived(ctx, select, reader)}")
    except duckdb.Error:
        return None
    row = con.execute("SELECT count(*) FROM so_typed").fetchone()
    kept = int(row[0]) if row else 0
    if not staging.one_row_per_line(source, header_row, kept):
        return None
    con.execute(
        f"CREATE TEMP VIEW parsed_all AS SELECT rowid AS _rid, rowid + {ctx.row_offset} AS _row, * FROM so_typed"
    )
    names = {str(r[0]) for r in con.execute("SELECT column_name FROM (DESCRIBE so_typed)").fetchall()}
    # A fast parser that missed a cell needs the full one, which needs the text: the careful path.
    doubts = [f"bool_or(NOT _fast_{t})" for t in fast if f"_fast_{t}" in names]
    doubts += ["bool_or(_header_again)"] if again is not None else []
    if doubts and any(con.execute(f"SELECT {', '.join(doubts)} FROM so_typed").fetchone() or ()):
        return None
    try:
        match.spec.resolve(ctx)
    except FileRefused:
        return None  # the careful path words it, naming unreadable cells when they are the cause
    if ctx.decimal_comma != style:
        return None  # the numbers were typed in the other style
    flags = [n for n in names if n.startswith("_ok_")]
    flags += [f"NOT coalesce(({cond}), false)" for cond, _, _ in match.spec.checks(ctx)]
    if flags:
        row = con.execute(f"SELECT count(*) FROM parsed_all WHERE NOT ({' AND '.join(flags)})").fetchone()
        if row and row[0]:
            return None
    con.execute("CREATE TEMP VIEW parsed AS SELECT * FROM parsed_all")
    con.execute("CREATE TEMP VIEW parsed_bad AS SELECT * FROM parsed_all WHERE false")
    return ctx, kept
