"""`sellerops tasks` and `sellerops task done|show` as a person uses them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from sellerops.cli import app
from sellerops.core.money import Money
from sellerops.core.text import Text
from sellerops.rules.findings import Finding
from sellerops.warehouse import open_warehouse
from sellerops.workflow import OwnerAssignments, OwnerRule, RulePolicy, sync_tasks, task_history, task_id_for

DAY = dt.date(2026, 10, 1)
MORNING = dt.datetime(2026, 10, 2, 1, 30, tzinfo=dt.UTC)
ACOS = Finding(
    rule="ads.acos_band", severity="high", platform="amazon", marketplace="amazon.US", sku="TEA-1", metric="acos",
    value=Decimal("0.41"), threshold=Decimal("0.35"), baseline=None, evidence=(), process_node="traffic/ads",
    money_at_stake=Money(Decimal("120.5"), "USD"), suggested_action=Text("Lower bids", "降低出价"), as_of=DAY,
    entity="TEA-1", title=Text("ACoS above 35%", "ACoS 高于 35%"),
)  # fmt: skip
STOCK = dataclasses.replace(
    ACOS, rule="inventory.low_stock", severity="critical", marketplace="amazon.UK", sku="MUG-1", entity="MUG-1",
    metric="days_of_cover", value=Decimal(9), threshold=Decimal(14), process_node="inventory/fulfilment",
    money_at_stake=None, title=Text("9 days of stock left", "库存仅够 9 天"),
)  # fmt: skip
ACOS_ID = task_id_for(ACOS.key)
STOCK_ID = task_id_for(STOCK.key)


def _warehouse_with_tasks(tmp_path: Path) -> str:
    db = tmp_path / "w.duckdb"
    with open_warehouse(db) as warehouse:
        sync_tasks(
            warehouse.con, [ACOS, STOCK], as_of=DAY, now=MORNING,
            policies={"ads.acos_band": RulePolicy(48, 3, Text("ACoS ≤ 35% for 3 days", "ACoS 连续 3 天 ≤ 35%"))},
            owners=OwnerAssignments((OwnerRule(None, "TEA-*", "amy"), OwnerRule("amazon.UK", None, "uma"))),
        )  # fmt: skip
    return str(db)


def _state(db: str) -> list[Any]:
    with open_warehouse(db, read_only=True) as warehouse:
        return [
            warehouse.con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall()
            for name in ("task", "task_event")
        ]


def test_tasks_lists_open_tasks_most_urgent_first(tmp_path: Path) -> None:
    db = _warehouse_with_tasks(tmp_path)
    result = CliRunner().invoke(app, ["tasks", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {
            "task_id": STOCK_ID, "priority": "P1", "status": "open", "due_at": "2026-10-05T01:30:00+00:00",
            "owner": "uma", "marketplace": "amazon.UK", "entity": "MUG-1", "rule": "inventory.low_stock",
            "title": "9 days of stock left", "money_at_stake": None, "currency": None, "last_seen_date": "2026-10-01",
            "severity": "critical", "value": "9", "threshold": "14", "suggested_action": "Lower bids",
            "acceptance": "The check finds nothing for 3 days in a row.", "note": None,
        },
        {
            "task_id": ACOS_ID, "priority": "P2", "status": "open", "due_at": "2026-10-04T01:30:00+00:00",
            "owner": "amy", "marketplace": "amazon.US", "entity": "TEA-1", "rule": "ads.acos_band",
            "title": "ACoS above 35%", "money_at_stake": "120.5", "currency": "USD", "last_seen_date": "2026-10-01",
            "severity": "high", "value": "0.41", "threshold": "0.35", "suggested_action": "Lower bids",
            "acceptance": "ACoS ≤ 35% for 3 days", "note": None,
        },
    ]  # fmt: skip
    # filters, and Chinese titles
    result = CliRunner().invoke(
        app,
        [
            "tasks",
            "--db",
            db,
            "--owner",
            "amy",
            "--marketplace",
            "amazon.us",
            "--lang",
            "zh",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].split(",")[:9] == [
        ACOS_ID, "P2", "open", "2026-10-04T01:30:00+00:00", "amy", "amazon.US", "TEA-1", "ads.acos_band", "ACoS 高于 35%"
    ]  # fmt: skip
    assert len(result.output.splitlines()) == 2


def test_task_done_closes_it_with_the_note(tmp_path: Path) -> None:
    # given an open task
    db = _warehouse_with_tasks(tmp_path)
    before = dt.datetime.now(dt.UTC)
    # when a person marks it done
    result = CliRunner().invoke(
        app, ["task", "done", ACOS_ID, "--note", "cut bids 20%", "--by", "amy", "--db", db]
    )
    # then it is done, with the note, in the task and its history
    assert result.exit_code == 0, result.output
    assert result.output == f"✓ task {ACOS_ID} done: ACoS above 35%\n"
    listed = CliRunner().invoke(app, ["tasks", "--status", "done", "--db", db, "--format", "json"])
    assert [(r["task_id"], r["status"], r["note"]) for r in json.loads(listed.output)] == [
        (ACOS_ID, "done", "cut bids 20%")
    ]
    with open_warehouse(db, read_only=True) as warehouse:
        last = task_history(warehouse.con, ACOS_ID)[-1]
    assert (last.seq, last.kind, last.by, last.note, last.as_of) == (2, "done", "amy", "cut bids 20%", None)
    assert before <= last.happened_at <= dt.datetime.now(dt.UTC)
    # and `task show` prints it with its history
    shown = CliRunner().invoke(app, ["task", "show", ACOS_ID.lower(), "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "cut bids 20%" in shown.output
    cells = [line.split("│") for line in shown.output.splitlines()]
    history = [
        (row[1].strip(), row[2].strip(), row[6].strip())
        for row in cells
        if len(row) == 9 and row[1].strip().isdigit()
    ]
    assert history == [("1", "opened", "–"), ("2", "done", "cut bids 20%")]


def test_unknown_id_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    db = _warehouse_with_tasks(tmp_path)
    state = _state(db)
    result = CliRunner().invoke(app, ["task", "done", "NOPE1234", "--note", "fixed", "--db", db])
    assert result.exit_code == 1
    assert (
        result.output == "error: no task 'NOPE1234'; list the task ids with `sellerops tasks --status all`\n"
    )
    assert _state(db) == state


def test_task_done_without_a_warehouse_creates_none(tmp_path: Path) -> None:
    db = tmp_path / "typo.duckdb"
    result = CliRunner().invoke(app, ["task", "done", ACOS_ID, "--note", "fixed", "--db", str(db)])
    assert result.exit_code == 1
    assert f"no warehouse at {db}" in result.output
    assert not db.exists()


def test_bad_status_is_refused(tmp_path: Path) -> None:
    db = _warehouse_with_tasks(tmp_path)
    result = CliRunner().invoke(app, ["tasks", "--status", "later", "--db", db])
    assert result.exit_code == 2
    assert "'later': use open, done, closed or all" in result.output
