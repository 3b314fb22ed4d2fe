"""Schema migrations: an ordered list of steps, each applied once and recorded in `schema_migrations`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from sellerops.core.marketplaces import MARKETPLACES
from sellerops.warehouse.schema import TABLES, table

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


# Tables a later migration adds: the first one leaves them to it, so a new and an upgraded warehouse agree.
REPLENISHMENT_TABLES = ("purchase_order", "shipping_lane", "warehouse_stock", "fba_capacity")
LATER_TABLES = frozenset(REPLENISHMENT_TABLES)


def _initial(con: duckdb.DuckDBPyConnection) -> None:
    for entry in TABLES:
        if entry.name not in LATER_TABLES:
            con.execute(entry.ddl())
    con.execute("CREATE SEQUENCE import_id_seq START 1")
    con.executemany(
        "INSERT INTO marketplace VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (m.code, m.platform, m.country, m.currency, m.time_zone, m.language, m.amazon_id)
            for m in MARKETPLACES.values()
        ],
    )


def _replenishment_inputs(con: duckdb.DuckDBPyConnection) -> None:
    for name in REPLENISHMENT_TABLES:
        con.execute(table(name).ddl())


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "canonical tables, import ledger, marketplaces", _initial),
    Migration(2, "replenishment inputs: purchase orders, shipping lanes, own warehouses' stock, FBA capacity",
              _replenishment_inputs),
)  # fmt: skip

LATEST = MIGRATIONS[-1].version


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Bring the database up to the latest schema; returns the versions applied. Each step is one transaction."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMPTZ)"
    )
    done = current_version(con)
    applied = []
    for migration in MIGRATIONS:
        if migration.version <= done:
            continue
        log.info("applying migration %d: %s", migration.version, migration.name)
        con.execute("BEGIN TRANSACTION")
        try:
            migration.apply(con)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, now())", [migration.version, migration.name]
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied
