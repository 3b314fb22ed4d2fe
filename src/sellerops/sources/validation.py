"""Which rows of a staged file are unreadable, why, and what the seller should do; and the rejects file.

Every row is typed once into `parsed_all` with a validity flag per column; `parsed` holds the good rows and
`parsed_bad` the others. A problem names the file row (header = row 1), the column as the file spells it, the
value found and what was expected. Under --keep-going the bad rows go to a rejects CSV with their original cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path

import duckdb

from sellerops.errors import FileRefused, Problem
from sellerops.sources import kinds, staging
from sellerops.sources.context import LoadContext
from sellerops.sources.files import normalize_header
from sellerops.sources.kinds import COMMA_NUMBER, EXPECTED, POINT_NUMBER, Kind
from sellerops.sources.spec import Column

MAX_PROBLEMS = 20
EXCEL_ERRORS = ("#REF!", "#VALUE!", "#N/A", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!")
FIX_OR_KEEP_GOING = (
    "Fix the file, or run with --keep-going to import the good rows and get the others in a rejects file."
)


def create_parsed(ctx: LoadContext, *, with_checks: bool = True) -> None:
    """parsed_all: every row typed once, with a validity flag per checked column; parsed / parsed_bad split it.

    Optimistic: each column is first typed with its fast parser (see `kinds.fast_parse_sql`) and a cheap flag.
    A column whose fast parser missed a non-blank cell is typed again with the full parser, which alone is slow
    to plan and run; where the fast parser read every cell its values are exactly the full parser's. Only typed
    values and flags are stored: the text stays in raw_file, where problems and rejects read it.
    """
    columns, fast = column_parsers(ctx)
    _type_rows(ctx, columns, fast)
    typed = set(_columns(ctx, "parsed_all"))
    probed = [t for t in fast if f"_fast_{t}" in typed]
    if probed:
        misses = ctx.con.execute(
            "SELECT " + ", ".join(f"bool_or(NOT _fast_{t})" for t in probed) + " FROM parsed_all"
        ).fetchone()
        slow = {t for t, missed in zip(probed, misses or (), strict=True) if missed}
        if slow:
            _type_rows(ctx, columns, {t: None if t in slow else e for t, e in fast.items()}, final=True)
    checks = ctx.match.spec.checks(ctx) if with_checks else []
    flags = [c for c in _columns(ctx, "parsed_all") if c.startswith("_ok_")]
    extra = [f"NOT coalesce(({cond}), false)" for cond, _, _ in checks]
    all_ok = " AND ".join(flags + extra) or "true"
    ctx.con.execute(f"CREATE OR REPLACE TEMP VIEW parsed AS SELECT * FROM parsed_all WHERE {all_ok}")
    ctx.con.execute(
        f"CREATE OR REPLACE TEMP VIEW parsed_bad AS SELECT * FROM parsed_all WHERE NOT ({all_ok})"
    )


def column_parsers(ctx: LoadContext) -> tuple[list[Column], dict[str, str | None]]:
    """The matched columns, and each one's fast parser over its text (None where there is none)."""
    columns = [c for c in ctx.match.spec.columns if ctx.has(c.target)]
    fast = {
        c.target: kinds.fast_parse_sql(c.kind, ctx.raw(c.target), comma=ctx.decimal_comma) for c in columns
    }
    return columns, fast


def _type_rows(
    ctx: LoadContext, columns: list[Column], fast: dict[str, str | None], *, final: bool = False
) -> None:
    select = ["rowid AS _rid", f"{staging.row_sql(ctx.source, ctx.row_offset)} AS _row"]
    select += typed_columns(ctx, columns, fast, final=final)
    ctx.con.execute(f"CREATE OR REPLACE TEMP TABLE parsed_all AS {with_derived(ctx, select, 'raw_file')}")


def with_derived(ctx: LoadContext, select: list[str], rows: str) -> str:
    """SELECT the typed columns from `rows` (the text columns c0, c1, …), and the family's derived values."""
    sql = f"SELECT {', '.join(select)} FROM {rows}"
    derived = ctx.match.spec.derived()
    if not derived:
        return sql
    return f"SELECT *, {', '.join(f'{expr} AS {name}' for name, expr in derived.items())} FROM ({sql})"


def typed_columns(
    ctx: LoadContext, columns: list[Column], fast: dict[str, str | None], *, final: bool = False
) -> list[str]:
    """The typed value of each column. A column with a fast parser gets `_fast_t` (did the fast parser read it?)
    until `final`; one without gets the full parser and its `_ok_t` flag."""
    values, flags = typed_parts(ctx, columns, fast, final=final)
    return values + [f"{expr} AS {name}" for name, expr in flags.items()]


def typed_parts(
    ctx: LoadContext,
    columns: list[Column],
    fast: dict[str, str | None],
    *,
    final: bool = False,
    native: Collection[str] = (),
) -> tuple[list[str], dict[str, str]]:
    """`typed_columns` as the typed values, and the flags by name (`_fast_t`, `_ok_t`) with their SQL. The `native`
    targets' columns were typed by the reader itself: their values are taken as they are, with nothing to flag
    but a required value missing."""
    values: list[str] = []
    flags: dict[str, str] = {}
    for column in columns:
        t, raw = column.target, ctx.raw(column.target)
        if t in native:
            values.append(f"{raw} AS {t}")
            if column.not_null:
                flags[f"_ok_{t}"] = f"{raw} IS NOT NULL"
            continue
        quick = fast[t]
        parsed = quick or ctx.parse(t)
        values.append(f"{parsed} AS {t}")
        if quick is not None and ctx.kinds[t] is not Kind.TEXT and not final:
            # Read cells first: OR skips its second test for rows the first already passed.
            flags[f"_fast_{t}"] = f"({quick} IS NOT NULL OR {kinds.fast_blank_sql(raw)})"
        ok = "true" if quick is not None else ctx.valid(t, parsed=parsed, raw=raw)
        if column.not_null:
            ok = f"{parsed} IS NOT NULL" if ok == "true" else f"({ok}) AND {parsed} IS NOT NULL"
        if ok != "true":
            flags[f"_ok_{t}"] = ok
    return values, flags


def _columns(ctx: LoadContext, table: str) -> list[str]:
    return [str(r[0]) for r in ctx.con.execute(f"SELECT column_name FROM (DESCRIBE {table})").fetchall()]


def expected_text(ctx: LoadContext, target: str, value: str | None) -> str:
    """What a cell should have held, in the seller's terms."""
    column = ctx.columns[target]
    if value in (None, ""):
        return "a value (it is required)"
    if column.kind is Kind.DATE:
        example = dt.date(2025, 7, 14)
        shown = [example.strftime(f) for f in column.date_formats[:2]] or [example.isoformat()]
        return "a date that exists, written like " + " or ".join(shown)
    return EXPECTED.get(column.kind, "a value")


def checked_targets(ctx: LoadContext) -> list[str]:
    """The matched columns that carry a validity flag in parsed_all (text without a not-null rule cannot fail)."""
    flagged = {r[0] for r in ctx.con.execute("SELECT column_name FROM (DESCRIBE parsed_all)").fetchall()}
    return [t for t in ctx.match.indexes if t in ctx.columns and f"_ok_{t}" in flagged]


def find_problems(ctx: LoadContext, *, with_checks: bool = True) -> tuple[int, list[Problem]]:
    """How many rows are bad, and the first problems (by row) with their row, column, value and expectation."""
    con = ctx.con
    row = con.execute("SELECT count(*) FROM parsed_bad").fetchone()
    bad = int(row[0]) if row else 0
    if not bad:
        return 0, []
    problems: list[Problem] = []
    for target in checked_targets(ctx):
        rows = con.execute(
            f"SELECT p._row, r.{ctx.raw(target)} FROM parsed_bad p JOIN raw_file r ON r.rowid = p._rid "
            f"WHERE NOT p._ok_{target} ORDER BY p._row LIMIT {MAX_PROBLEMS}"
        ).fetchall()
        for number, value in rows:
            problems.append(
                Problem(int(number), ctx.match.names[target], value, expected_text(ctx, target, value))
            )
    for cond, target, expected in ctx.match.spec.checks(ctx) if with_checks else []:
        rows = con.execute(
            f"SELECT _row FROM parsed_all WHERE coalesce(({cond}), false) ORDER BY _row LIMIT {MAX_PROBLEMS}"
        ).fetchall()
        for (number,) in rows:
            problems.append(Problem(int(number), ctx.match.names.get(target, target), None, expected))
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return bad, problems[:MAX_PROBLEMS]


def cell_refusal(ctx: LoadContext, bad: int, problems: list[Problem], *, because: str = "") -> FileRefused:
    rows = ctx.con.execute("SELECT count(*) FROM raw_file").fetchone()
    total = int(rows[0]) if rows else 0
    return FileRefused(
        ctx.source.name,
        f"{bad} of {total} rows of this {ctx.match.spec.title} cannot be read",
        problems=tuple(problems),
        hint=hint(ctx, problems) + because + FIX_OR_KEEP_GOING,
    )


def explain(ctx: LoadContext, refusal: FileRefused) -> FileRefused:
    """When a family refuses a file while settling its marketplace or period, unreadable cells are often why
    (an Excel error where an amount should be, a stray word in a currency column): name those cells instead."""
    try:
        create_parsed(ctx, with_checks=False)
        bad, problems = find_problems(ctx, with_checks=False)
    except (duckdb.Error, FileRefused):
        return refusal
    if not problems:
        return refusal
    because = f"Until they are fixed sellerops cannot tell: {refusal.reason.rstrip('.')}. "
    return cell_refusal(ctx, bad, problems, because=because)


def hint(ctx: LoadContext, problems: list[Problem]) -> str:
    """Say what most likely went wrong, from the shape of the bad values."""
    values = [p.value for p in problems if p.value]
    header_names = {normalize_header(n) for n in ctx.match.names.values()}
    if any(normalize_header(v) in header_names for v in values):
        return "The header row appears again inside the data: two downloads were probably pasted together. "
    if any(v.strip() in EXCEL_ERRORS for v in values):
        return (
            "Cells hold Excel error values (#REF!, #VALUE!…): a formula broke while the file was edited in a "
            "spreadsheet; download the report again rather than mending it by hand. "
        )
    numeric = [
        p.value
        for p in problems
        if p.value and ctx.kinds.get(_target_of(ctx, p.column)) in (Kind.INT, Kind.DECIMAL, Kind.PERCENT)
    ]
    pattern = POINT_NUMBER if ctx.decimal_comma else COMMA_NUMBER
    if numeric and any(_matches(ctx.con, v, pattern) for v in numeric):
        if ctx.decimal_comma:
            return "The numbers look like they use a decimal point (1,234.56); if so, add --decimal-point. "
        return "The numbers look like they use a decimal comma (1.234,56); if the file does, add --decimal-comma. "
    return ""


def _matches(con: duckdb.DuckDBPyConnection, value: str, pattern: str) -> bool:
    found = con.execute(
        "SELECT regexp_full_match(regexp_replace(so_numtext(?), '\\s*%$', ''), ?) AND regexp_matches(?, '[.,]')",
        [value, pattern, value],
    ).fetchone()
    return bool(found and found[0])


def _target_of(ctx: LoadContext, header: str | None) -> str:
    return next((t for t, n in ctx.match.names.items() if n == header), "")


def repeated_header_sql(ctx: LoadContext, *, skip: Collection[int] = ()) -> str | None:
    """SQL over the text columns, true for a row that repeats the header (None when too few headers to tell);
    `skip`: columns that are not text (a header cell there would not have got past the reader)."""
    header = ctx.source.header
    columns = sorted(
        i for i in ctx.match.indexes.values() if i < len(header) and header[i].strip() and i not in skip
    )[:40]
    if len(columns) < 2:
        return None

    def cell(i: int) -> str:  # the pasted header may bring its byte-order mark along
        return "replace(c0, chr(65279), '')" if i == 0 else f"c{i}"

    # The pasted header is the same text as the first: exact comparisons keep this scan cheap.
    same = " + ".join(
        f"({cell(i)} = {ctx.sql_literal(header[i].replace(chr(65279), ''))})::INT" for i in columns
    )
    return f"({same}) * 2 >= {len(columns)}"


def refuse_repeated_header(ctx: LoadContext) -> None:
    """Two downloads pasted into one file leave the second header among the data rows."""
    again = repeated_header_sql(ctx)
    if again is None:
        return
    rows = ctx.con.execute(
        f"SELECT {staging.row_sql(ctx.source, ctx.row_offset)} AS r FROM raw_file "
        f"WHERE {again} ORDER BY r LIMIT 5"
    ).fetchall()
    if rows:
        raise FileRefused(
            ctx.source.name,
            "the header row appears again inside the data: two downloads were probably pasted together",
            problems=tuple(Problem(int(r), None, None, "a data row, not the header again") for (r,) in rows),
            hint="import each download as its own file, as Seller Central gave it",
        )


def duplicate_rows(ctx: LoadContext, key: tuple[str, ...], values: tuple[object, ...]) -> list[int]:
    """The file rows that give the same key (found through the key columns the file itself carries)."""
    present = ctx.con.execute("SELECT column_name FROM (DESCRIBE parsed)").fetchall()
    columns = {str(c[0]) for c in present}
    pairs = [(k, v) for k, v in zip(key, values, strict=True) if k in columns]
    if not pairs:
        return []
    where = " AND ".join(f"coalesce(CAST({k} AS VARCHAR), '') = ?" for k, _ in pairs)
    rows = ctx.con.execute(
        f"SELECT _row FROM parsed WHERE {where} ORDER BY _row LIMIT 10",
        ["" if v is None else str(v) for _, v in pairs],
    ).fetchall()
    return [int(r[0]) for r in rows]


def _reject_columns(header: list[str]) -> list[str]:
    """The file's own header names as rejects columns, made unique (DuckDB compares names without case)."""
    seen: set[str] = {"row", "reason"}
    out = []
    for index, name in enumerate(header):
        base = name.replace("\ufeff", "").strip() or f"column {index + 1}"
        unique, n = base, 2
        while unique.casefold() in seen:
            unique, n = f"{base} ({n})", n + 1
        seen.add(unique.casefold())
        out.append(unique)
    return out


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def write_rejects(ctx: LoadContext, structural: list[staging.RejectedRow], path: Path) -> None:
    """The rows left out under --keep-going: file row, reason, and the row's cells under the file's headers."""
    con = ctx.con
    reasons = []
    for target in checked_targets(ctx):
        name = ctx.match.names[target]
        raw = f"r.{ctx.raw(target)}"
        expected = ctx.sql_literal(expected_text(ctx, target, "x"))
        reasons.append(
            f"CASE WHEN NOT p._ok_{target} THEN {ctx.sql_literal(name + ': ')} || CASE WHEN so_blank({raw}) "
            f"THEN 'blank; expected a value (it is required)' ELSE 'found ''' || {raw} || '''; expected ' || "
            f"{expected} END END"
        )
    for cond, target, expected in ctx.match.spec.checks(ctx):
        label = f"{ctx.match.names.get(target, target)}: {expected}"
        reasons.append(f"CASE WHEN coalesce(({cond}), false) THEN {ctx.sql_literal(label)} END")
    reason_sql = (
        f"array_to_string(list_filter([{', '.join(reasons)}], lambda x: x IS NOT NULL), '; ')"
        if reasons
        else "'cannot read'"
    )
    header = ctx.source.header
    names = _reject_columns(header)
    extra = "(extra fields)"
    cells = ", ".join(f"r.c{i} AS {_quoted(n)}" for i, n in enumerate(names))
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rejects_out AS "
        f"SELECT p._row AS row, {reason_sql} AS reason{', ' + cells if cells else ''}, "
        f"CAST(NULL AS VARCHAR) AS {_quoted(extra)} "
        "FROM parsed_bad p JOIN raw_file r ON r.rowid = p._rid"
    )
    if structural:
        width = len(names)
        placeholders = ", ".join(["?"] * (width + 3))
        con.executemany(
            f"INSERT INTO rejects_out VALUES ({placeholders})",
            [
                [
                    r.row,
                    r.reason,
                    *(r.cells + [None] * width)[:width],
                    (ctx.source.delimiter or ",").join(r.cells[width:]) or None,
                ]
                for r in structural
            ],
        )
    target = str(path).replace("'", "''")
    keep = (
        ""
        if structural and any(len(r.cells) > len(names) for r in structural)
        else f" EXCLUDE ({_quoted(extra)})"
    )
    con.execute(f"COPY (SELECT *{keep} FROM rejects_out ORDER BY row) TO '{target}' (HEADER, DELIMITER ',')")
