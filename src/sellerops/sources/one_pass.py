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
from sellerops.sources.kinds import Kind
from sellerops.sources.registry import match_header
from sellerops.sources.spec import Column, HeaderMatch

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
    prepared = _typed(con, source, match, options, import_id)
    if prepared is None:  # leave nothing behind for the careful path
        for name, kind in (
            ("parsed_bad", "VIEW"),
            ("parsed", "VIEW"),
            ("parsed_all", "VIEW"),
            ("so_typed", "TABLE"),
        ):
            con.execute(f"DROP {kind} IF EXISTS temp.{name}")
    return prepared


def _typed(
    con: duckdb.DuckDBPyConnection,
    source: SourceFile,
    match: HeaderMatch,
    options: ImportOptions,
    import_id: int,
) -> tuple[LoadContext, int] | None:
    header_row = staging.header_line(source)
    # No skipped rows on this path (checked below), so rowid + offset is the file row.
    ctx = LoadContext(con, source, match, options, import_id, header_row + 1, typed=True)
    style = ctx.decimal_comma  # the options' style, or a decimal point: families settle it in `resolve`
    columns, fast = validation.column_parsers(ctx)
    native = _native_types(ctx, columns)
    typed = {t for t, _ in native.values()}
    select, flags = validation.typed_parts(ctx, columns, fast, native=typed)
    # Two flags per row rather than one per column: any doubt sends the whole file the careful way, which finds
    # the columns again. A doubt: a fast parser missed a cell (the full one needs the text), or the header again.
    doubts = [expr for name, expr in flags.items() if name.startswith("_fast_")]
    again = validation.repeated_header_sql(ctx, skip=native.keys())
    doubt = f"NOT ({' AND '.join(f'({d})' for d in doubts)})" if doubts else "false"
    doubt += f" OR coalesce({again}, false)" if again is not None else ""
    oks = [expr for name, expr in flags.items() if name.startswith("_ok_")]
    select += [f"{doubt} AS _doubt", f"{' AND '.join(f'({o})' for o in oks) or 'true'} AS _ok"]
    reader = staging.text_reader(source, header_row, types={i: sql for i, (_, sql) in native.items()})
    try:
        con.execute(f"CREATE TEMP TABLE so_typed AS {validation.with_derived(ctx, select, reader)}")
    except duckdb.Error:
        return None
    row = con.execute("SELECT count(*), bool_or(_doubt) FROM so_typed").fetchone()
    kept, doubted = (int(row[0]), bool(row[1])) if row else (0, False)
    if doubted or not staging.one_row_per_line(source, header_row, kept):
        return None
    con.execute(
        f"CREATE TEMP VIEW parsed_all AS SELECT rowid AS _rid, rowid + {ctx.row_offset} AS _row, * FROM so_typed"
    )
    try:
        match.spec.resolve(ctx)
    except FileRefused:
        return None  # the careful path words it, naming unreadable cells when they are the cause
    if ctx.decimal_comma != style:
        return None  # the numbers were typed in the other style
    fine = ["_ok"] + [f"NOT coalesce(({cond}), false)" for cond, _, _ in match.spec.checks(ctx)]
    row = con.execute(f"SELECT count(*) FROM parsed_all WHERE NOT ({' AND '.join(fine)})").fetchone()
    if row and row[0]:
        return None
    con.execute("CREATE TEMP VIEW parsed AS SELECT * FROM parsed_all")
    con.execute("CREATE TEMP VIEW parsed_bad AS SELECT * FROM parsed_all WHERE false")
    return ctx, kept


# Plain whole numbers and decimals the reader parses itself, faster than text then a cast; any cell it cannot
# parse (a blank-looking '--', a thousands separator, a decimal comma) fails the reader, and the careful path
# takes the file.
_READER_TYPES = {Kind.DECIMAL: "DECIMAL(18, 4)"}


def _native_types(ctx: LoadContext, columns: list[Column]) -> dict[int, tuple[str, str]]:
    """File column → (target, SQL type) for the columns the reader types: whole numbers, and decimals written
    with a decimal point, each feeding one target only."""
    if ctx.decimal_comma:
        return {}
    feeds: dict[int, list[Column]] = {}
    for column in columns:
        feeds.setdefault(ctx.match.indexes[column.target], []).append(column)
    return {
        i: (only[0].target, _READER_TYPES[only[0].kind])
        for i, only in feeds.items()
        if len(only) == 1 and only[0].kind in _READER_TYPES
    }
