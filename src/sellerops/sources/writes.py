"""Writing a file's rows into their canonical table inside the file's transaction: once, key-checked, replacing."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import duckdb

from sellerops.errors import FileRefused, Problem
from sellerops.sources import validation
from sellerops.sources.context import LoadContext
from sellerops.sources.spec import TableLoad
from sellerops.warehouse.schema import table as table_def


def insert_load(ctx: LoadContext, load: TableLoad) -> int:
    """Write one load's rows straight into its table, inside the file's transaction; returns the rows replaced.

    Rows are written once: the in-file key check and the replacement by key run on the rows just written (they
    carry this import's id), and a repeated key raises, which rolls the whole file back.
    """
    con, table, import_id = ctx.con, load.table, ctx.import_id
    replaced = 0
    if load.replace.where:
        replaced += affected(con.execute(f"DELETE FROM {table} WHERE {load.replace.where}"))
    columns = ", ".join(d[0] for d in con.execute(f"SELECT * FROM ({load.select_sql}) LIMIT 0").description)
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM ({load.select_sql})")
    key = table_def(table).key
    if not key:
        return replaced
    keys = ", ".join(key)
    dupes = (
        []
        if load.unique_keys
        else con.execute(
            f"SELECT {keys}, count(*) AS n FROM {table} WHERE import_id = {import_id} GROUP BY ALL HAVING n > 1 LIMIT 5"
        ).fetchall()
    )
    if dupes:
        raise _duplicate_refusal(ctx, load, key, dupes)
    if load.replace.keys:
        same = " AND ".join(f"n.{k} = o.{k}" for k in key)
        replaced += affected(
            con.execute(
                f"DELETE FROM {table} o WHERE o.import_id <> {import_id} AND EXISTS "
                f"(SELECT 1 FROM {table} n WHERE n.import_id = {import_id} AND {same})"
            )
        )
    return replaced


@contextlib.contextmanager
def any_row_order(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Let the rows land in any order (every table is read by its key): an order-keeping insert of millions of
    rows leaves part-filled row groups behind, which the next checkpoint rewrites whole (1.5 CPU s per 2 million
    order lines)."""
    con.execute("SET preserve_insertion_order = false")
    try:
        yield
    finally:
        con.execute("RESET preserve_insertion_order")


def affected(result: duckdb.DuckDBPyConnection) -> int:
    """The number of rows a DELETE touched (DuckDB answers DML with one row holding the count)."""
    row = result.fetchone()
    return int(row[0]) if row else 0


def _duplicate_refusal(
    ctx: LoadContext, load: TableLoad, key: tuple[str, ...], dupes: list[tuple[object, ...]]
) -> FileRefused:
    shown = "; ".join(", ".join(str(v) for v in d[:-1]) + f" ({d[-1]} times)" for d in dupes)
    rows = validation.duplicate_rows(ctx, key, tuple(dupes[0][:-1]))
    column = next((ctx.match.names[k] for k in key if k in ctx.match.names), None)
    problems = tuple(
        Problem(r, column, None, f"each {', '.join(key)} once; rows {', '.join(map(str, rows))} repeat it")
        for r in rows[1:2]
    )
    return FileRefused(
        ctx.source.name,
        f"the file lists the same {load.table.replace('_', ' ')} more than once ({', '.join(key)}: {shown})",
        problems=problems,
        hint="two downloads may have been pasted together; download the report again",
    )
