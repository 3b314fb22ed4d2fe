"""Reading and writing tasks and their history in the warehouse tables `task` and `task_event`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, cast

import duckdb
import pyarrow as pa

from sellerops.core.money import Money
from sellerops.core.text import Text
from sellerops.errors import WarehouseError
from sellerops.rules.findings import Evidence, Figure
from sellerops.warehouse.schema import table
from sellerops.workflow.models import EventKind, Task, TaskEvent

TASK_COLUMNS = table("task").column_names
EVENT_COLUMNS = table("task_event").column_names


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """All of a change or none of it."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def query(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    try:
        return con.execute(sql, list(params)).fetchall()
    except duckdb.CatalogException as exc:
        raise WarehouseError(
            f"this warehouse has no task tables ({str(exc).splitlines()[0]}); it was created before tasks "
            "existed: build it again "
            "(e.g. make demo, or import the reports into a new --db)"
        ) from exc


def fetch_tasks(con: duckdb.DuckDBPyConnection, where: str = "", params: Sequence[Any] = ()) -> list[Task]:
    sql = f"SELECT {', '.join(TASK_COLUMNS)} FROM task {where}"
    return [task_from_row(row) for row in query(con, sql, params)]


def fetch_events(con: duckdb.DuckDBPyConnection, task_id: str) -> list[TaskEvent]:
    sql = f"SELECT {', '.join(EVENT_COLUMNS)} FROM task_event WHERE task_id = ? ORDER BY seq"
    return [event_from_row(row) for row in query(con, sql, [task_id])]


def last_seqs(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {r[0]: int(r[1]) for r in query(con, "SELECT task_id, max(seq) FROM task_event GROUP BY task_id")}


def insert_tasks(con: duckdb.DuckDBPyConnection, tasks: Sequence[Task]) -> None:
    if tasks:
        with _staged(con, "task", [task_row(t) for t in tasks]) as staged:
            con.execute(f"INSERT INTO task SELECT * FROM {staged}")


def update_tasks(con: duckdb.DuckDBPyConnection, tasks: Sequence[Task]) -> None:
    if tasks:
        sets = ", ".join(f"{c} = s.{c}" for c in TASK_COLUMNS[1:])
        with _staged(con, "task", [task_row(t) for t in tasks]) as staged:
            con.execute(f"UPDATE task SET {sets} FROM {staged} AS s WHERE task.task_id = s.task_id")


def insert_events(con: duckdb.DuckDBPyConnection, events: Sequence[TaskEvent]) -> None:
    if events:
        with _staged(con, "task_event", [event_row(e) for e in events]) as staged:
            con.execute(f"INSERT INTO task_event SELECT * FROM {staged}")


@contextmanager
def _staged(con: duckdb.DuckDBPyConnection, name: str, rows: list[tuple[Any, ...]]) -> Iterator[str]:
    """Rows handed to DuckDB as one Arrow table: row-by-row statements take seconds per thousand tasks."""
    columns = table(name).columns
    arrays = [
        pa.array([row[i] for row in rows], type=_arrow_type(sql_type))
        for i, (_, sql_type) in enumerate(columns)
    ]
    staged = f"staged_{name}"
    con.register(staged, pa.Table.from_arrays(arrays, names=[c for c, _ in columns]))
    try:
        yield staged
    finally:
        con.unregister(staged)


def _arrow_type(sql_type: str) -> Any:
    base = sql_type.removesuffix(" NOT NULL")
    if base.startswith("DECIMAL("):
        precision, scale = (int(n) for n in base[len("DECIMAL(") : -1].split(","))
        return pa.decimal128(precision, scale)
    return {
        "VARCHAR": pa.string(),
        "INTEGER": pa.int32(),
        "DATE": pa.date32(),
        "TIMESTAMPTZ": pa.timestamp("us", tz="UTC"),
    }[base]


def task_row(task: Task) -> tuple[Any, ...]:
    money = task.money_at_stake
    return (
        task.task_id, task.rule, task.marketplace, task.entity, task.sku, task.status, task.priority,
        task.severity, task.owner, task.process_node, task.metric, task.value, task.threshold, task.baseline,
        money.amount if money else None, money.currency if money else None, encode_evidence(task.evidence),
        task.title.en, task.title.zh, task.suggested_action.en, task.suggested_action.zh, task.acceptance.en,
        task.acceptance.zh, task.sla_hours, task.close_after_days, task.first_seen_date, task.last_seen_date,
        task.opened_at, task.due_at, task.updated_at, task.closed_at, task.done_by, task.note,
    )  # fmt: skip


def task_from_row(row: Sequence[Any]) -> Task:
    r = dict(zip(TASK_COLUMNS, row, strict=True))
    amount = r["money_at_stake"]
    return Task(
        task_id=r["task_id"], rule=r["rule"], marketplace=r["marketplace"], entity=r["entity"], sku=r["sku"],
        status=r["status"], priority=r["priority"], severity=r["severity"], owner=r["owner"],
        process_node=r["process_node"], metric=r["metric"], value=r["value"], threshold=r["threshold"],
        baseline=r["baseline"], money_at_stake=Money(amount, r["currency"]) if amount is not None else None,
        evidence=decode_evidence(r["evidence"]), title=Text(r["title_en"], r["title_zh"]),
        suggested_action=Text(r["action_en"], r["action_zh"]),
        acceptance=Text(r["acceptance_en"], r["acceptance_zh"]), sla_hours=r["sla_hours"],
        close_after_days=r["close_after_days"], first_seen_date=r["first_seen_date"],
        last_seen_date=r["last_seen_date"], opened_at=utc(r["opened_at"]), due_at=utc(r["due_at"]),
        updated_at=utc(r["updated_at"]), closed_at=utc(r["closed_at"]) if r["closed_at"] else None,
        done_by=r["done_by"], note=r["note"],
    )  # fmt: skip


def event_row(event: TaskEvent) -> tuple[Any, ...]:
    changes = json.dumps([list(c) for c in event.changes], ensure_ascii=False) if event.changes else None
    return (
        event.task_id,
        event.seq,
        event.kind,
        event.happened_at,
        event.as_of,
        event.by,
        event.note,
        changes,
    )


def event_from_row(row: Sequence[Any]) -> TaskEvent:
    task_id, seq, kind, happened_at, as_of, by, note, changes = row
    decoded = tuple((c[0], c[1], c[2]) for c in json.loads(changes)) if changes else ()
    return TaskEvent(task_id, seq, cast(EventKind, kind), utc(happened_at), as_of, by, note, decoded)


def utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


# Evidence is JSON; Decimals and dates are tagged so they come back as the same types, digit for digit.
def _encode_figure(value: Figure) -> Any:
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value


def _decode_figure(value: Any) -> Figure:
    if isinstance(value, dict):
        return Decimal(value["decimal"]) if "decimal" in value else dt.date.fromisoformat(value["date"])
    return cast(Figure, value)


def encode_evidence(evidence: Sequence[Evidence]) -> str:
    items = [[e.name, _encode_figure(e.value), _encode_figure(e.baseline), e.unit] for e in evidence]
    return json.dumps(items, ensure_ascii=False)


def decode_evidence(text: str) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(name, _decode_figure(value), _decode_figure(baseline), unit)
        for name, value, baseline, unit in json.loads(text)
    )
