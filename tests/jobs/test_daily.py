"""`run daily` end to end on a small demo seller: findings become tasks once, reports are written in both languages,
and a second run of the same day changes nothing."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sellerops.cli import app
from sellerops.demo import generate
from sellerops.errors import InputError
from sellerops.jobs.daily import check_day, run_daily, write_reports
from sellerops.jobs.demo import import_demo
from sellerops.rules.config import load_rules
from sellerops.rules.findings import Evidence
from sellerops.warehouse import open_warehouse

NOW = dt.datetime(2026, 11, 1, 0, 30, tzinfo=dt.UTC)
DAY = dt.date(2026, 10, 31)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small US demo seller imported through the real path (the only marketplace with merchant orders)."""
    root = tmp_path_factory.mktemp("demo")
    manifest = generate(root / "files", seed=11, months=3, sku_count=30, marketplaces=("amazon.US",))
    db = root / "warehouse" / "sellerops.duckdb"
    with open_warehouse(db) as warehouse:
        assert import_demo(warehouse, manifest) == 0
    return db


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "warehouse" / "sellerops.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(demo_db, copy)
    return copy


def _tasks(db: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with open_warehouse(db, read_only=True) as warehouse:
        tasks = warehouse.con.execute("SELECT * FROM task ORDER BY task_id").fetchall()
        events = warehouse.con.execute("SELECT * FROM task_event ORDER BY task_id, seq").fetchall()
    return tasks, events


@pytest.mark.slow
def test_running_the_same_day_twice_changes_no_task(db: Path, tmp_path: Path) -> None:
    # given a first run of the demo's last day
    first = run_daily(db, as_of=DAY, out_dir=tmp_path / "reports", now=NOW)
    after_first = _tasks(db)
    # when the same day runs again, an hour later
    second = run_daily(db, as_of=DAY, out_dir=tmp_path / "reports", now=NOW + dt.timedelta(hours=1))
    # then the findings are the same, the second run opened, updated, reopened and closed nothing,
    # and every task and event row is as the first run left it
    assert second.findings == first.findings
    assert (second.changes.opened, second.changes.updated, second.changes.reopened, second.changes.closed) == (
        (), (), (), (),
    )  # fmt: skip
    assert len(first.changes.opened) == len(first.findings) == first.open_tasks
    assert _tasks(db) == after_first


@pytest.mark.slow
def test_the_daily_run_writes_every_format_in_both_languages(db: Path, tmp_path: Path) -> None:
    # given the demo warehouse
    out = tmp_path / "reports"
    # when the day runs with the default languages and formats
    run = run_daily(db, as_of=DAY, out_dir=out, now=NOW)
    # then six reports are written, Chinese first, and each Markdown message fits a chat bot
    names = [p.name for p in run.files]
    assert names == [
        "daily-2026-10-31-zh.html", "daily-2026-10-31-zh.xlsx", "daily-2026-10-31-zh.md",
        "daily-2026-10-31-en.html", "daily-2026-10-31-en.xlsx", "daily-2026-10-31-en.md",
    ]  # fmt: skip
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    for path in run.files:
        if path.suffix == ".md":
            assert len(path.read_bytes()) <= 4000
    assert (out / "daily-2026-10-31-en.md").read_text(encoding="utf-8").startswith("## Daily report")


@pytest.mark.slow
def test_an_earlier_day_than_the_last_sync_is_refused_and_changes_nothing(db: Path, tmp_path: Path) -> None:
    # given tasks synced for the demo's last day
    run_daily(db, as_of=DAY, out_dir=tmp_path / "reports", now=NOW)
    before = _tasks(db)
    # when a run for the day before is asked for
    with pytest.raises(InputError, match="already synced for 2026-10-31"):
        run_daily(db, as_of=DAY - dt.timedelta(days=1), out_dir=tmp_path / "other", now=NOW)
    # then the tasks are untouched and no report was written
    assert _tasks(db) == before
    assert not (tmp_path / "other").exists()


@pytest.mark.slow
def test_report_commands_write_the_weekly_and_daily_reports_without_touching_tasks(
    db: Path, tmp_path: Path
) -> None:
    # given a warehouse with no task synced yet
    runner = CliRunner()
    # when the weekly and daily reports are asked for in English Markdown and XLSX
    weekly = runner.invoke(
        app, ["report", "weekly", "--date", "2026-10-31", "--lang", "en", "--format", "md,xlsx", "--db", str(db),
              "--out", str(tmp_path / "out")],
    )  # fmt: skip
    daily = runner.invoke(
        app, ["report", "daily", "--date", "2026-10-31", "--lang", "en", "--format", "md", "--db", str(db),
              "--out", str(tmp_path / "out")],
    )  # fmt: skip
    # then both succeed, the files are there, and no task was created
    assert weekly.exit_code == 0, weekly.output
    assert daily.exit_code == 0, daily.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "daily-2026-10-31-en.md", "weekly-2026-10-25-en.md", "weekly-2026-10-25-en.xlsx",
    ]  # fmt: skip
    assert _tasks(db) == ([], [])


def test_report_refuses_an_unknown_kind_and_a_bad_date(tmp_path: Path) -> None:
    # given no warehouse at all
    runner = CliRunner()
    # when the report kind or the date is wrong
    kind = runner.invoke(app, ["report", "monthly", "--db", str(tmp_path / "none.duckdb")])
    date = runner.invoke(
        app, ["report", "daily", "--date", "31/10/2026", "--db", str(tmp_path / "none.duckdb")]
    )
    # then each is refused with what to write instead, and nothing is created
    assert kind.exit_code == 2
    assert "choose daily or weekly" in kind.output
    assert date.exit_code == 2
    assert "write it as YYYY-MM-DD" in date.output
    assert list(tmp_path.iterdir()) == []


def test_write_reports_needs_a_warehouse_with_data(tmp_path: Path) -> None:
    # given an empty warehouse
    db = tmp_path / "w" / "sellerops.duckdb"
    with open_warehouse(db):
        pass
    # when a daily report is asked for without a date, then it says to import reports first
    with pytest.raises(InputError, match="import some reports first"):
        write_reports("daily", db, out_dir=tmp_path / "out")


def test_the_injected_out_of_budget_campaign_is_a_finding_with_its_cause(demo_db: Path) -> None:
    # given the demo seller's injected out-of-budget campaign (ground truth written by the generator)
    truth = json.loads((demo_db.parent.parent / "files" / "ground_truth.json").read_text(encoding="utf-8"))
    (budget,) = [a for a in truth if a["kind"] == "out_of_budget"]
    last_day = dt.date.fromisoformat(budget["end_date"])
    # when the morning check runs on its last day
    with open_warehouse(demo_db, read_only=True) as warehouse:
        check = check_day(warehouse.ibis(), as_of=last_day, config=load_rules())
    # then one finding names the campaign, points to traffic/ads and says the budget runs out early
    found = [f for f in check.findings if Evidence("campaign", budget["details"]["campaign"]) in f.evidence]
    assert [(f.rule, f.sku, f.metric, f.process_node, f.suggested_action.en.split(":")[0]) for f in found] == [
        ("anomaly.sales_move", budget["sku"], "budget_utilisation", "traffic/ads",
         "The campaign runs out of budget early in the day")
    ]  # fmt: skip
