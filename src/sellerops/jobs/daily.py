"""`run daily`: every check for one day, the findings turned into tasks, and the daily report written."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ibis.common.exceptions import TableNotFound

from sellerops.analytics.anomalies import ExplainedMove, PanelStore, conversion_below_category, detect_moves
from sellerops.analytics.health import AccountHealth
from sellerops.core.text import Language
from sellerops.errors import InputError
from sellerops.jobs.replenish import has_product_master, plan_in
from sellerops.reports import DailyReport, Format, Report, write_report
from sellerops.reports.assemble import build_daily_report, marketplaces_in
from sellerops.reports.assemble_weekly import build_weekly_report
from sellerops.rules.anomaly_rules import findings_from_moves
from sellerops.rules.config import RulesConfig, load_rules
from sellerops.rules.engine import findings_for_day, health_by_marketplace
from sellerops.rules.events import known_events
from sellerops.rules.findings import SEVERITIES, Finding
from sellerops.rules.replenish_rules import findings_from_plan
from sellerops.warehouse import Warehouse, open_warehouse
from sellerops.workflow import (
    OwnerAssignments,
    RulePolicy,
    TaskChanges,
    last_synced_date,
    list_tasks,
    load_owners,
    sync_tasks,
)

log = logging.getLogger(__name__)

DEFAULT_TEAM_TIME_ZONE = "Asia/Shanghai"
ANOMALY_TABLES = (
    "sales_traffic", "order_line", "order_header", "order_shipment", "ad_performance", "ad_entity", "ad_change",
    "inventory_snapshot", "listing", "return_line", "seller_feedback", "account_health_metric", "promotion",
    "product",
)  # fmt: skip
Progress = Callable[[str], None]


@dataclass(frozen=True)
class DailyRun:
    """What one day's run found and did."""

    as_of: dt.date
    findings: tuple[Finding, ...]
    moves: tuple[ExplainedMove, ...]
    changes: TaskChanges
    open_tasks: int
    files: tuple[Path, ...]


def team_time_zone() -> str:
    """The team's clock for due times and report headers: SELLEROPS_TEAM_TZ, else China time (the seeds' teams)."""
    return os.environ.get("SELLEROPS_TEAM_TZ") or DEFAULT_TEAM_TIME_ZONE


def latest_day(db: Any) -> dt.date | None:
    """The last day the warehouse has daily sales and traffic (or, without them, orders) for."""
    traffic = db.table("sales_traffic")
    day = traffic.filter(traffic.period_from == traffic.period_to).period_to.max().to_pyarrow().as_py()
    if day is None:
        day = db.table("order_line").purchase_date.max().to_pyarrow().as_py()
    return day if isinstance(day, dt.date) else None


def policies(config: RulesConfig) -> dict[str, RulePolicy]:
    out = {}
    for rule_id in config.rule_ids:
        rule = config.rule(rule_id)
        out[rule_id] = RulePolicy(rule.sla_hours, rule.close_after_days, rule.acceptance_text())
    return out


def _tables(db: Any) -> dict[str, Any]:
    tables = {}
    for name in ANOMALY_TABLES:
        try:
            tables[name] = db.table(name)
        except TableNotFound:  # a warehouse made before the table existed
            continue
    return tables


@dataclass(frozen=True)
class DayCheck:
    """What every check found on one day, and the account health the report shows."""

    findings: list[Finding]
    moves: list[ExplainedMove]
    health: dict[str, AccountHealth]


EVENT_LOOKBACK_DAYS = 200  # the detector's baselines reach back about 120 days; events in them matter too


def check_day(
    db: Any, *, as_of: dt.date, config: RulesConfig, warehouse: Warehouse | None = None
) -> DayCheck:
    """Every rule for `as_of`: health, after-sales and ads findings, and the moves the anomaly detector explains."""
    health = health_by_marketplace(db, config=config, as_of=as_of)
    findings = findings_for_day(db, config=config, as_of=as_of, health=health)
    tables = _tables(db)
    store = PanelStore(tables)  # both detectors read the same daily panels: once
    markets = sorted(health)
    events = known_events(
        config, marketplaces=markets, start=as_of - dt.timedelta(days=EVENT_LOOKBACK_DAYS), end=as_of
    )
    moves = detect_moves(tables, as_of=as_of, store=store, events=events)
    # The seeds' standing rule is not a move: it runs apart, so its streaks do not crowd out the day's moves.
    below = conversion_below_category(tables, as_of=as_of, store=store)
    findings += findings_from_moves([*moves, *below], config=config, as_of=as_of)
    if warehouse is not None and has_product_master(warehouse):
        # The replenishment plan needs the seller's lead times: without a product master there is no reorder point.
        findings += findings_from_plan(plan_in(warehouse, as_of=as_of, events=config.events), config=config)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: (order[f.severity], -(f.money_at_stake.amount if f.money_at_stake else 0)))
    return DayCheck(findings, moves, health)


def _write(
    report: Report, *, languages: Sequence[Language], formats: Sequence[Format], out_dir: Path
) -> list[Path]:
    files: list[Path] = []
    for language in languages:
        files += write_report(report, language=language, formats=formats, out_dir=out_dir)
    return files


def _daily_report(
    warehouse: Warehouse,
    db: Any,
    *,
    day: dt.date,
    config: RulesConfig,
    check: DayCheck,
    now: dt.datetime,
) -> DailyReport:
    markets = [m.marketplace for m in marketplaces_in(db, as_of=day)]
    missing = [m for m in markets if m not in check.health]
    health = check.health | health_by_marketplace(db, config=config, as_of=day, marketplaces=missing)
    return build_daily_report(
        db,
        as_of=day,
        findings=check.findings,
        moves=check.moves,
        tasks=list_tasks(warehouse.con, status="open"),
        health=[health[m] for m in markets],
        team_time_zone=team_time_zone(),
        now=now,
    )


def run_daily(
    db_path: str | os.PathLike[str] | None = None,
    *,
    as_of: dt.date | None = None,
    rules_path: Path | None = None,
    owners_path: Path | None = None,
    out_dir: Path = Path("reports"),
    languages: Sequence[Language] = ("zh", "en"),
    formats: Sequence[Format] = ("html", "xlsx", "md"),
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> DailyRun:
    """Check `as_of` (default: the warehouse's latest day), sync the tasks and write the daily report."""
    say = progress or (lambda _message: None)
    now = now or dt.datetime.now(dt.UTC)
    config = load_rules(rules_path)
    owners = load_owners(owners_path) if owners_path else OwnerAssignments()
    with open_warehouse(db_path) as warehouse:
        db = warehouse.ibis()
        day = as_of or latest_day(db)
        if day is None:
            raise InputError("the warehouse has no sales, traffic or orders yet: import some reports first")
        synced = last_synced_date(warehouse.con)
        if synced is not None and day < synced:
            raise InputError(
                f"tasks were already synced for {synced}; a run for the earlier day {day} would undo them. "
                f"Write that day's report with `sellerops report daily --date {day}` instead"
            )
        say(f"checking {day}")
        check = check_day(db, as_of=day, config=config, warehouse=warehouse)
        say(f"{len(check.findings)} findings; updating tasks")
        changes = sync_tasks(
            warehouse.con, check.findings, as_of=day, policies=policies(config), owners=owners, now=now
        )
        say("writing the daily report")
        report = _daily_report(warehouse, db, day=day, config=config, check=check, now=now)
    files = _write(report, languages=languages, formats=formats, out_dir=out_dir)
    return DailyRun(day, tuple(check.findings), tuple(check.moves), changes, len(report.tasks), tuple(files))


def write_reports(
    kind: Literal["daily", "weekly"],
    db_path: str | os.PathLike[str] | None = None,
    *,
    as_of: dt.date | None = None,
    rules_path: Path | None = None,
    out_dir: Path = Path("reports"),
    languages: Sequence[Language] = ("zh", "en"),
    formats: Sequence[Format] = ("html", "xlsx", "md"),
    now: dt.datetime | None = None,
) -> tuple[dt.date, list[Path]]:
    """Write the daily report of `as_of`, or the weekly report of the week ending `as_of`, without touching the
    tasks: the to-do list is the one the last `run daily` left."""
    now = now or dt.datetime.now(dt.UTC)
    config = load_rules(rules_path)
    with open_warehouse(db_path, read_only=True) as warehouse:
        db = warehouse.ibis()
        day = as_of or latest_day(db)
        if day is None:
            raise InputError("the warehouse has no sales, traffic or orders yet: import some reports first")
        report: Report
        if kind == "daily":
            check = check_day(db, as_of=day, config=config, warehouse=warehouse)
            report = _daily_report(warehouse, db, day=day, config=config, check=check, now=now)
        else:
            report = build_weekly_report(
                db, week_end=day, tasks=list_tasks(warehouse.con), team_time_zone=team_time_zone(), now=now
            )
    return day, _write(report, languages=languages, formats=formats, out_dir=out_dir)
