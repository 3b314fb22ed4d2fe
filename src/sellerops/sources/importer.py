"""Importing files: one file, one transaction. A file is loaded whole or not at all; the same file twice
changes nothing; a report that covers rows already loaded replaces them instead of adding to them."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from sellerops.errors import FileRefused, Problem, UnknownReport
from sellerops.sources import staging
from sellerops.sources.context import ImportOptions, LoadContext
from sellerops.sources.files import SourceFile, inspect_file, normalize_header
from sellerops.sources.kinds import EXPECTED, POINT_NUMBER, Kind, install_macros
from sellerops.sources.registry import all_specs, match_header
from sellerops.sources.spec import HeaderMatch, TableLoad
from sellerops.warehouse.connection import Warehouse
from sellerops.warehouse.schema import table as table_def

log = logging.getLogger(__name__)

MAX_PROBLEMS = 20
SKIPPED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass
class ImportResult:
    """What happened to one file."""

    path: Path
    status: str  # loaded | loaded_with_rejects | already_imported
    import_id: int
    report_type: str
    title: str
    marketplace: str | None = None
    period: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_replaced: int = 0
    encoding: str | None = None
    header_language: str | None = None
    archive_path: str | None = None
    rejects_path: str | None = None
    notes: list[str] = field(default_factory=list)


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, folders walked in name order; hidden files and OS litter are skipped."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.name not in SKIPPED_NAMES and not child.name.startswith("."):
                    yield child
        elif path.exists():
            yield path
        else:
            raise FileRefused(str(path), "no such file or folder", hint="check the path")


def import_file(warehouse: Warehouse, path: Path, options: ImportOptions | None = None) -> ImportResult:
    """Import one file, all or nothing."""
    options = options or ImportOptions()
    source = inspect_file(path)
    try:
        previous = warehouse.con.execute(
            "SELECT import_id, report_type, marketplace, period_from, period_to FROM import_ledger WHERE sha256 = ?",
            [source.sha256],
        ).fetchone()
        if previous:
            import_id, report_type, marketplace, start, end = previous
            return ImportResult(
                path, "already_imported", int(import_id), str(report_type), _title(str(report_type)),
                marketplace=marketplace, period=f"{start}..{end}" if start else None,
                notes=[f"the same file was imported before as import #{import_id}; nothing changed"],
            )  # fmt: skip
        return _load(warehouse, source, options)
    finally:
        source.cleanup()
        _drop_temp(warehouse.con)


def _title(report_type: str) -> str:
    return next((s.title for s in all_specs() if s.name == report_type), report_type)


def _load(warehouse: Warehouse, source: SourceFile, options: ImportOptions) -> ImportResult:
    con = warehouse.con
    if "parse_macros" not in warehouse.prepared:
        install_macros(con)
        warehouse.prepared.add("parse_macros")
    match, row_offset = _stage(con, source, options)
    spec = match.spec
    import_id = _next_import_id(con)
    ctx = LoadContext(con, source, match, options, import_id, row_offset)
    spec.resolve(ctx)

    structural = staging.rejected_lines(con) if options.keep_going and source.format == "text" else []
    rows_in_file = warehouse.count("raw_file")
    _create_parsed(ctx)
    bad_rows, problems = _find_problems(ctx)
    if problems and not options.keep_going:
        raise FileRefused(
            source.name,
            f"{bad_rows} of {rows_in_file} rows cannot be read as a {spec.title}",
            problems=tuple(problems),
            hint=_hint(ctx, problems)
            + "Fix the file, or run with --keep-going to import the good rows and get the others in a rejects file.",
        )
    accepted = rows_in_file - bad_rows
    if options.keep_going and accepted == 0:
        raise FileRefused(source.name, "no row of the file can be read", problems=tuple(problems))

    loads = spec.plan(ctx)
    staged_tables = _stage_loads(ctx, loads)

    archive_dir = warehouse.archive_dir / source.sha256[:2] / source.sha256
    archive_dir.mkdir(parents=True, exist_ok=True)
    archive_path = archive_dir / source.name
    shutil.copyfile(source.path, archive_path)
    rejects_path = None
    if bad_rows or structural:
        rejects_path = archive_dir / f"{source.name}.rejects.csv"
        _write_rejects(ctx, structural, rejects_path)

    replaced = 0
    con.execute("BEGIN TRANSACTION")
    try:
        for load, staged in zip(loads, staged_tables, strict=True):
            replaced += _replace(con, load, staged)
            columns = ", ".join(_columns_of(con, staged))
            con.execute(f"INSERT INTO {load.table} ({columns}) SELECT {columns} FROM {staged}")
        status = "loaded_with_rejects" if rejects_path else "loaded"
        rows_read = rows_in_file + len(structural)
        rejected = bad_rows + len(structural)
        period = ctx.period
        con.execute(
            "INSERT INTO import_ledger VALUES (" + ", ".join(["?"] * 22) + ", now())",
            [
                import_id, source.name, str(source.path.resolve()), source.sha256, source.size, spec.platform,
                spec.name, ctx.marketplace.code if ctx.marketplace else None, ctx.marketplace_source or None,
                period.start if period else None, period.end if period else None, ctx.period_source or None,
                source.encoding or source.format, match.language, rows_read, accepted, rejected, replaced, status,
                json.dumps(ctx.notes, ensure_ascii=False), str(archive_path),
                str(rejects_path) if rejects_path else None,
            ],
        )  # fmt: skip
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        shutil.rmtree(archive_dir, ignore_errors=True)
        raise
    return ImportResult(
        source.path, status, import_id, spec.name, spec.title,
        marketplace=ctx.marketplace.code if ctx.marketplace else None, period=str(period) if period else None,
        rows_read=rows_read, rows_loaded=accepted, rows_rejected=rejected, rows_replaced=replaced,
        encoding=source.encoding or source.format, header_language=match.language, archive_path=str(archive_path),
        rejects_path=str(rejects_path) if rejects_path else None, notes=ctx.notes,
    )  # fmt: skip


def _next_import_id(con: duckdb.DuckDBPyConnection) -> int:
    # A sequence would advance even when the load is rolled back; the ledger's max keeps ids dense.
    row = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM import_ledger").fetchone()
    return int(row[0]) if row else 1


def _stage(
    con: duckdb.DuckDBPyConnection, source: SourceFile, options: ImportOptions
) -> tuple[HeaderMatch, int]:
    """Read the file into raw_file and decide which report it is."""
    if source.format == "json":
        data = staging.load_json(source)
        spec = next((s for s in all_specs() if "json" in s.formats and s.accepts_json(data)), None)
        if spec is None:
            keys = list(data)[:12] if isinstance(data, dict) else ["(a list)"]
            raise UnknownReport(
                source.name,
                f"this JSON document is not a report sellerops knows (top-level keys: {', '.join(map(str, keys))})",
                hint="sellerops reads the SP-API Sales and Traffic report and getOrders responses as JSON",
            )
        header, rows = spec.json_rows(data)
        match = spec.match(header)
        staging.stage_rows(con, header, rows)
        return _require_complete(source, match, None, header), 1
    if source.format == "xlsx":
        best: tuple[HeaderMatch, list[list[Any]], int] | None = None
        closest: HeaderMatch | None = None
        seen: list[str] = []
        for sheet, rows in staging.workbook_sheets(source):
            if not rows:
                continue
            at = staging.header_row(rows)
            header = [staging.cell_text(v) or "" for v in rows[at]]
            found, near = match_header(header, "xlsx")
            if found and (best is None or found.matched > best[0].matched):
                best = (found, rows, at)
                source.sheet = sheet
            if near and (closest is None or near.score > closest.score):
                closest, seen = near, header
        if best is None:
            _require_complete(source, None, closest, seen)
            raise AssertionError("unreachable")
        match, rows, at = best
        source.header = [staging.cell_text(v) or "" for v in rows[at]]
        staging.stage_rows(con, source.header, rows[at + 1 :])
        return match, at + 2
    found, near = match_header(source.header, "text")
    match = _require_complete(source, found, near, source.header)
    return match, staging.stage_text(con, source, keep_going=options.keep_going)


def _require_complete(
    source: SourceFile, match: HeaderMatch | None, closest: HeaderMatch | None, header: list[str]
) -> HeaderMatch:
    if match is not None and match.complete:
        return match
    near = match or closest
    seen = ", ".join(repr(h) for h in header[:15]) + (" …" if len(header) > 15 else "")
    if near is None or near.score == 0:
        raise UnknownReport(
            source.name,
            f"this is not a report sellerops knows; the headers seen were: {seen}",
            hint="check that it is an unmodified download; `sellerops formats` lists the reports sellerops reads",
        )
    missing = ", ".join(repr(m) for m in near.missing_required)
    raise UnknownReport(
        source.name,
        f"this is not a report sellerops knows; the headers seen were: {seen}. The closest known report is "
        f"the {near.spec.title} ({near.spec.name}), but it lacks: {missing}",
        problems=tuple(Problem(1, m, None, "this header") for m in near.missing_required[:10]),
        hint="if a column was deleted or renamed in a spreadsheet, download the report again unchanged",
    )


def _create_parsed(ctx: LoadContext) -> None:
    """parsed_all: every row typed once, with a validity flag per column; parsed / parsed_bad split it."""
    con = ctx.con
    inner = [f"rowid + {ctx.row_offset} AS _row"]
    outer = ["_row"]
    flags = []
    for column in ctx.match.spec.columns:
        if not ctx.has(column.target):
            continue
        t, raw = column.target, ctx.raw(column.target)
        inner += [f"{ctx.parse(t)} AS {t}", f"{raw} AS _raw_{t}"]
        ok = ctx.valid(t, parsed=t, raw=f"_raw_{t}")
        if column.not_null:
            ok = f"({ok}) AND {t} IS NOT NULL"
        outer += [t, f"{ok} AS _ok_{t}"]
        flags.append(f"_ok_{t}")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE parsed_all AS SELECT {', '.join(outer)} FROM (SELECT {', '.join(inner)} FROM raw_file)"
    )
    checks = ctx.match.spec.checks(ctx)
    extra = [f"NOT coalesce(({cond}), false)" for cond, _, _ in checks]
    all_ok = " AND ".join(flags + extra) or "true"
    con.execute(f"CREATE OR REPLACE TEMP VIEW parsed AS SELECT * FROM parsed_all WHERE {all_ok}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW parsed_bad AS SELECT * FROM parsed_all WHERE NOT ({all_ok})")


def _find_problems(ctx: LoadContext) -> tuple[int, list[Problem]]:
    con = ctx.con
    bad = int(con.execute("SELECT count(*) FROM parsed_bad").fetchone()[0])  # type: ignore[index]
    if not bad:
        return 0, []
    problems: list[Problem] = []
    columns = ctx.columns
    for target in ctx.match.indexes:
        if target not in columns:
            continue
        column = columns[target]
        rows = con.execute(
            f"SELECT p._row, r.{ctx.raw(target)} FROM parsed_bad p JOIN raw_file r ON r.rowid + {ctx.row_offset} = p._row "
            f"WHERE NOT p._ok_{target} ORDER BY p._row LIMIT 5"
        ).fetchall()
        for row, value in rows:
            expected = (
                EXPECTED.get(column.kind, "a value")
                if value not in (None, "")
                else "a value (it is required)"
            )
            problems.append(Problem(int(row), ctx.match.names[target], value, expected))
    for cond, target, expected in ctx.match.spec.checks(ctx):
        rows = con.execute(
            f"SELECT _row FROM parsed_all WHERE coalesce(({cond}), false) ORDER BY _row LIMIT 5"
        ).fetchall()
        for (row,) in rows:
            problems.append(Problem(int(row), ctx.match.names.get(target, target), None, expected))
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return bad, problems[:MAX_PROBLEMS]


def _hint(ctx: LoadContext, problems: list[Problem]) -> str:
    """Say what most likely went wrong, from the shape of the bad values."""
    header_names = {normalize_header(n) for n in ctx.match.names.values()}
    if any(p.value and normalize_header(p.value) in header_names for p in problems):
        return "The header row appears again inside the data: two downloads were probably pasted together. "
    numeric = [
        p
        for p in problems
        if p.value and ctx.kinds.get(_target_of(ctx, p.column)) in (Kind.INT, Kind.DECIMAL)
    ]
    if numeric and not ctx.decimal_comma and any("," in (p.value or "") for p in numeric):
        return "The numbers look like they use a decimal comma (1.234,56); if the file does, add --decimal-comma. "
    if (
        numeric
        and ctx.decimal_comma
        and any(
            ctx.con.execute("SELECT regexp_full_match(so_numtext(?), ?)", [p.value, POINT_NUMBER]).fetchone()[
                0
            ]  # type: ignore[index]
            for p in numeric
        )
    ):
        return "The numbers look like they use a decimal point (1,234.56); if so, add --decimal-point. "
    return ""


def _target_of(ctx: LoadContext, header: str | None) -> str:
    return next((t for t, n in ctx.match.names.items() if n == header), "")


def _stage_loads(ctx: LoadContext, loads: list[TableLoad]) -> list[str]:
    """Materialise each load's rows and check they do not repeat a key within the file itself."""
    names = []
    for i, load in enumerate(loads):
        staged = f"new_rows_{i}"
        ctx.con.execute(f"CREATE OR REPLACE TEMP TABLE {staged} AS {load.select_sql}")
        key = table_def(load.table).key
        if key:
            dupes = ctx.con.execute(
                f"SELECT {', '.join(key)}, count(*) AS n FROM {staged} GROUP BY ALL HAVING n > 1 LIMIT 5"
            ).fetchall()
            if dupes:
                shown = "; ".join(", ".join(str(v) for v in d[:-1]) + f" ({d[-1]} times)" for d in dupes)
                raise FileRefused(
                    ctx.source.name,
                    f"the file lists the same {load.table.replace('_', ' ')} more than once ({', '.join(key)}: {shown})",
                    hint="two downloads may have been pasted together; download the report again",
                )
        names.append(staged)
    return names


def _columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(f"SELECT column_name FROM (DESCRIBE {table})").fetchall()]


def _replace(con: duckdb.DuckDBPyConnection, load: TableLoad, staged: str) -> int:
    replaced = 0
    if load.replace.where:
        row = con.execute(f"DELETE FROM {load.table} WHERE {load.replace.where} RETURNING 1").fetchall()
        replaced += len(row)
    key = table_def(load.table).key
    if load.replace.keys and key:
        match = " AND ".join(f"t.{k} = n.{k}" for k in key)
        row = con.execute(
            f"DELETE FROM {load.table} t WHERE EXISTS (SELECT 1 FROM {staged} n WHERE {match}) RETURNING 1"
        ).fetchall()
        replaced += len(row)
    return replaced


def _write_rejects(ctx: LoadContext, structural: list[tuple[int, str]], path: Path) -> None:
    """The rows left out under --keep-going: file row, reason, and the row's cells as read."""
    con = ctx.con
    reasons = []
    for target in ctx.match.indexes:
        if target in ctx.columns:
            reasons.append(
                f"CASE WHEN NOT p._ok_{target} THEN {ctx.sql_literal(ctx.match.names[target])} END"
            )
    reason_sql = (
        f"array_to_string(list_filter([{', '.join(reasons)}], x -> x IS NOT NULL), '; ')" if reasons else "''"
    )
    cells = ", ".join(f"r.c{i}" for i in range(len(ctx.source.header) or 0)) or "NULL"
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rejects_out AS "
        f"SELECT p._row AS row, 'cannot read: ' || {reason_sql} AS reason, {cells} "
        f"FROM parsed_bad p JOIN raw_file r ON r.rowid + {ctx.row_offset} = p._row"
    )
    if structural:
        con.executemany(
            "INSERT INTO rejects_out (row, reason) VALUES (?, ?)",
            [
                (line, "the row cannot be split into the header's fields: " + message)
                for line, message in structural
            ],
        )
    target = str(path).replace("'", "''")
    con.execute(f"COPY (SELECT * FROM rejects_out ORDER BY row) TO '{target}' (HEADER, DELIMITER ',')")


def _drop_temp(con: duckdb.DuckDBPyConnection) -> None:
    for name, kind in con.execute(
        "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'main' "
        "AND table_catalog = 'temp'"
    ).fetchall():
        con.execute(f"DROP {'VIEW' if kind == 'VIEW' else 'TABLE'} IF EXISTS temp.{name}")


ProgressHook = Callable[[Path], None]
