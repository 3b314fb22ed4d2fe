"""Importing files: one file, one transaction. A file is loaded whole or not at all; the same file twice
changes nothing; a report that covers rows already loaded replaces them instead of adding to them."""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from sellerops.errors import FileRefused, Problem, UnknownReport
from sellerops.sources import one_pass, staging, validation, workbooks
from sellerops.sources.context import ImportOptions, LoadContext
from sellerops.sources.files import SourceFile, inspect_file, normalize_header
from sellerops.sources.kinds import install_macros
from sellerops.sources.registry import all_specs, match_header
from sellerops.sources.spec import HeaderMatch, ReportSpec
from sellerops.sources.writes import any_row_order, insert_load
from sellerops.warehouse.connection import Warehouse

log = logging.getLogger(__name__)

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
        # A large file is still being hashed: the one-pass reading starts meanwhile, and the repeat check waits
        # for the hash after it (`_load`).
        checked = source.digest.done()
        if checked and (repeat := _repeat(warehouse, source, options)) is not None:
            return repeat
        return _load(warehouse, source, options, repeat_checked=checked)
    finally:
        source.cleanup()
        _drop_temp(warehouse.con)


def _repeat(warehouse: Warehouse, source: SourceFile, options: ImportOptions) -> ImportResult | None:
    """The result for a file imported before with these options, else None."""
    previous = _same_import(warehouse, source.sha256, options)
    if not previous:
        return None
    import_id, report_type, marketplace, start, end = previous
    return ImportResult(
        source.path, "already_imported", int(import_id), str(report_type), _title(str(report_type)),
        marketplace=marketplace, period=f"{start}..{end}" if start else None,
        notes=[f"the same file was imported before as import #{import_id}; nothing changed"],
    )  # fmt: skip


def _same_import(warehouse: Warehouse, sha256: str, options: ImportOptions) -> tuple[Any, ...] | None:
    """An earlier import of these bytes with these options. The same bytes given another --period or
    --marketplace are another snapshot (an unchanged listings report downloaded a week later), not a repeat."""
    rows = warehouse.con.execute(
        "SELECT import_id, report_type, marketplace, period_from, period_to, marketplace_source, period_source "
        "FROM import_ledger WHERE sha256 = ? ORDER BY import_id",
        [sha256],
    ).fetchall()
    for import_id, report_type, marketplace, start, end, marketplace_source, period_source in rows:
        given_period = options.period
        if (
            given_period
            and period_source == "option --period"
            and (start, end) != (given_period.start, given_period.end)
        ):
            continue
        given_market = options.marketplace
        if given_market and marketplace_source == "option --marketplace" and marketplace != given_market.code:
            continue
        return (import_id, report_type, marketplace, start, end)
    return None


def _title(report_type: str) -> str:
    return next((s.title for s in all_specs() if s.name == report_type), report_type)


def _load(
    warehouse: Warehouse, source: SourceFile, options: ImportOptions, *, repeat_checked: bool
) -> ImportResult:
    con = warehouse.con
    if "parse_macros" not in warehouse.prepared:
        install_macros(con)
        warehouse.prepared.add("parse_macros")
    import_id = _next_import_id(con)
    # The one pass gives up (None) rather than refuse a file, so a repeat is told as a repeat either way.
    typed = one_pass.prepare(con, source, options, import_id)
    if not repeat_checked and (repeat := _repeat(warehouse, source, options)) is not None:
        return repeat
    if typed is not None:
        ctx, rows_in_file = typed
        bad_rows, structural = 0, list[staging.RejectedRow]()
    else:
        ctx, rows_in_file, bad_rows, structural = _prepare(warehouse, source, options, import_id)
    match, spec = ctx.match, ctx.match.spec
    accepted = rows_in_file - bad_rows
    loads = spec.plan(ctx)

    archive_dir = warehouse.archive_dir / source.sha256[:2] / source.sha256
    archive_path = archive_dir / source.name
    rejects_path = None
    replaced = 0
    try:
        archive_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source.path, archive_path)
        if bad_rows or structural:
            rejects_path = archive_dir / f"{source.name}.rejects.csv"
            validation.write_rejects(ctx, structural, rejects_path)
        con.execute("BEGIN TRANSACTION")
        try:
            with any_row_order(con):
                for load in loads:
                    replaced += insert_load(ctx, load)
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
            raise
    except BaseException:
        shutil.rmtree(archive_dir, ignore_errors=True)
        with contextlib.suppress(OSError):  # the two-letter shard folder, when this file was its only one
            archive_dir.parent.rmdir()
        raise
    return ImportResult(
        source.path, status, import_id, spec.name, spec.title,
        marketplace=ctx.marketplace.code if ctx.marketplace else None, period=str(period) if period else None,
        rows_read=rows_read, rows_loaded=accepted, rows_rejected=rejected, rows_replaced=replaced,
        encoding=source.encoding or source.format, header_language=match.language, archive_path=str(archive_path),
        rejects_path=str(rejects_path) if rejects_path else None, notes=ctx.notes,
    )  # fmt: skip


def _prepare(
    warehouse: Warehouse, source: SourceFile, options: ImportOptions, import_id: int
) -> tuple[LoadContext, int, int, list[staging.RejectedRow]]:
    """The careful path: the file's text into raw_file, then typed rows, every problem found and worded.
    Returns the context, the rows read, the rows rejected (under --keep-going) and the rows the reader rejected."""
    con = warehouse.con
    match, row_offset, structural = _stage(con, source, options)
    ctx = LoadContext(con, source, match, options, import_id, row_offset)
    validation.refuse_repeated_header(ctx)
    try:
        match.spec.resolve(ctx)
    except FileRefused as refusal:
        raise validation.explain(ctx, refusal) from None

    rows_in_file = warehouse.count("raw_file")
    validation.create_parsed(ctx)
    bad_rows, problems = validation.find_problems(ctx)
    if problems and not options.keep_going:
        raise validation.cell_refusal(ctx, bad_rows, problems)
    if options.keep_going and rows_in_file == bad_rows and (bad_rows or structural):
        raise FileRefused(
            source.name,
            "no row of the file can be read, so nothing was imported",
            problems=tuple(problems) or tuple(staging_problem(r) for r in structural[:10]),
            hint=validation.hint(ctx, problems)
            + "check that this is the report you meant, and download it again",
        )
    return ctx, rows_in_file, bad_rows, structural


def staging_problem(rejected: staging.RejectedRow) -> Problem:
    return Problem(rejected.row, None, None, rejected.reason)


def _next_import_id(con: duckdb.DuckDBPyConnection) -> int:
    # A sequence would advance even when the load is rolled back; the ledger's max keeps ids dense.
    row = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM import_ledger").fetchone()
    return int(row[0]) if row else 1


def _stage(
    con: duckdb.DuckDBPyConnection, source: SourceFile, options: ImportOptions
) -> tuple[HeaderMatch, int, list[staging.RejectedRow]]:
    """Read the file into raw_file and decide which report it is."""
    if source.format == "json":
        data = staging.load_json(source)
        spec = next((s for s in all_specs() if "json" in s.formats and s.accepts_json(data)), None)
        if spec is None:
            keys = list(data)[:12] if isinstance(data, dict) else ["(a list)"]
            readers = ", ".join(s.title for s in all_specs() if "json" in s.formats)
            raise UnknownReport(
                source.name,
                f"this JSON document is not a report sellerops knows (top-level keys: {', '.join(map(str, keys))})",
                hint=f"sellerops reads these JSON documents: {readers}",
            )
        header, rows = spec.json_rows(data)
        match = spec.match(header)
        source.header = header
        staging.stage_rows(con, header, rows)
        return _require_complete(source, match, None, header), 1, []
    if source.format == "xlsx":
        best: tuple[HeaderMatch, list[list[Any]], int] | None = None
        closest: HeaderMatch | None = None
        seen: list[str] = []
        for sheet, rows in workbooks.workbook_sheets(source):
            if not rows:
                continue
            at = workbooks.header_row(rows)
            header = [staging.cell_text(v) or "" for v in rows[at]]
            found, near = match_header(header, "xlsx")
            if found and (best is None or found.matched > best[0].matched):
                best = (found, rows, at)
                source.sheet = sheet
            if near and (closest is None or (near.score, near.matched) > (closest.score, closest.matched)):
                closest, seen = near, header
        if best is None:
            _require_complete(source, None, closest, seen)
            raise AssertionError("unreachable")
        match, rows, at = best
        source.header = [staging.cell_text(v) or "" for v in rows[at]]
        kept = workbooks.drop_empty_rows(source, rows[at + 1 :], first_row=at + 2)
        staging.stage_rows(con, source.header, kept)
        return match, at + 2, []
    found, near = match_header(source.header, "text")
    match = _require_complete(source, found, near, source.header)
    offset, structural = staging.stage_text(con, source, keep_going=options.keep_going)
    return match, offset, structural


def _require_complete(
    source: SourceFile, match: HeaderMatch | None, closest: HeaderMatch | None, header: list[str]
) -> HeaderMatch:
    if match is not None and match.complete:
        return match
    near = match or closest
    seen = ", ".join(repr(h) for h in header[:15]) + (" …" if len(header) > 15 else "")
    if near is None or near.score == 0:
        lookalike = _lookalike(header, source.format)
        closest_text = ""
        if lookalike is not None:
            needs = ", ".join(repr(c.headers[0]) for c in lookalike.columns if c.required)
            closest_text = (
                f". The closest known report is the {lookalike.title} ({lookalike.name}), but the file has "
                f"none of its required columns ({needs})"
            )
        title_only = len(header) <= 1 and source.size < 300
        raise UnknownReport(
            source.name,
            f"this is not a report sellerops knows; the headers seen were: {seen}{closest_text}",
            problems=(Problem(1, None, None, "the header row of a known report"),),
            hint=(
                "the file holds a title line but no header or data; download the report again. "
                if title_only
                else ""
            )
            + "Check that it is an unmodified download; `sellerops formats` lists the reports sellerops reads",
        )
    missing = ", ".join(repr(m) for m in near.missing_required[:8])
    missing += " …" if len(near.missing_required) > 8 else ""
    # A near miss (a renamed or deleted column) is worth a line per missing header; a far one is not.
    near_miss = near.score >= 0.5
    used = set(near.indexes.values())
    unused = [repr(h) for i, h in enumerate(header) if i not in used and h.strip()]
    others = (
        f" (headers it does not use: {', '.join(unused[:8])}{' …' if len(unused) > 8 else ''})"
        if near_miss and unused
        else ""
    )
    raise UnknownReport(
        source.name,
        f"this is not a report sellerops knows; the headers seen were: {seen}. The closest known report is "
        f"the {near.spec.title} ({near.spec.name}), but it lacks: {missing}{others}",
        problems=tuple(Problem(1, m, None, "this header") for m in near.missing_required[:10])
        if near_miss
        else (Problem(1, None, None, "the header row of a known report"),),
        hint="if a column was deleted or renamed in a spreadsheet, download the report again unchanged"
        if near_miss
        else "check that it is an unmodified Amazon download; `sellerops formats` lists the reports sellerops reads",
    )


def _lookalike(header: list[str], fmt: str) -> ReportSpec | None:
    """The known report whose header words overlap most with this file's (for a file that matches none)."""

    def words(names: Iterable[str]) -> set[str]:
        return {w for n in names for w in normalize_header(n).replace("-", " ").split() if len(w) > 2}

    seen = words(header)
    best: tuple[float, ReportSpec] | None = None
    for spec in all_specs():
        if fmt not in spec.formats or not spec.columns:
            continue
        theirs = words(c.headers[0] for c in spec.columns)
        score = len(seen & theirs) / max(len(seen | theirs), 1)
        if best is None or score > best[0]:
            best = (score, spec)
    return best[1] if best and best[0] > 0 else None


def _drop_temp(con: duckdb.DuckDBPyConnection) -> None:
    for name, kind in con.execute(
        "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'main' "
        "AND table_catalog = 'temp'"
    ).fetchall():
        con.execute(f"DROP {'VIEW' if kind == 'VIEW' else 'TABLE'} IF EXISTS temp.{name}")


ProgressHook = Callable[[Path], None]
