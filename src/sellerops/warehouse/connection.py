"""Opening the warehouse: which database, and one short-lived connection per unit of work.

A DuckDB file admits one writing process at a time. Commands open the file, do their work and close it;
readers that must not block a writer (the web face, later) open it read-only.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from sellerops.errors import WarehouseError
from sellerops.warehouse.migrations import LATEST, current_version, migrate

DEFAULT_DB = Path(".sellerops") / "sellerops.duckdb"


def resolve_db_path(db: str | os.PathLike[str] | None = None) -> Path:
    """`--db` first, then `SELLEROPS_DB`, then `./.sellerops/sellerops.duckdb`. A `duckdb:///` URL is accepted."""
    chosen = str(db) if db is not None else os.environ.get("SELLEROPS_DB") or str(DEFAULT_DB)
    if chosen.startswith("duckdb://"):
        chosen = chosen.removeprefix("duckdb://")
        chosen = chosen[1:] if chosen.startswith("//") else chosen
    return Path(chosen)


@dataclass
class Warehouse:
    """An open connection to the warehouse file and the folders that sit beside it."""

    path: Path
    con: duckdb.DuckDBPyConnection
    # Session-level helpers (SQL macros) already created on this connection, by name.
    prepared: set[str] = field(default_factory=set)

    @property
    def home(self) -> Path:
        return self.path.parent

    @property
    def archive_dir(self) -> Path:
        return self.home / "archive"

    def ibis(self) -> Any:
        """An Ibis backend over this same connection, for the analytics layer."""
        import ibis

        return ibis.duckdb.from_connection(self.con)

    def count(self, table: str) -> int:
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        self.con.close()


def connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        raise WarehouseError(
            f"cannot open the warehouse {path}: {exc}. If another sellerops command is writing to it, wait for it "
            "to finish and try again."
        ) from exc
    con.execute("SET TimeZone = 'UTC'")
    # Long queries would draw DuckDB's own progress bar over the command's output; commands show their own progress.
    con.execute("SET enable_progress_bar = false")
    return con


def is_url(db: str | os.PathLike[str] | None) -> bool:
    """A plain path is the embedded warehouse file; `scheme://…` names an engine for Ibis to reach."""
    text = str(db) if db is not None else os.environ.get("SELLEROPS_DB") or ""
    return "://" in text


@contextmanager
def open_analytics(db: str | os.PathLike[str] | None = None) -> Iterator[Any]:
    """An Ibis backend to read the warehouse through: the DuckDB file read-only by default, or the engine a URL
    names (postgres://…, pyspark://…, …) when the same canonical tables live there. Analytics never import an
    engine; they take tables from this backend."""
    if not is_url(db):
        with open_warehouse(db, read_only=True) as warehouse:
            yield warehouse.ibis()
        return
    import ibis

    url = str(db) if db is not None else os.environ["SELLEROPS_DB"]
    options = {"read_only": True} if url.startswith("duckdb://") else {}
    try:
        backend = ibis.connect(url, **options)
    except (ImportError, ModuleNotFoundError) as exc:
        raise WarehouseError(
            f"cannot reach {url.partition('://')[0]}: its Ibis backend is not installed ({exc}); "
            "install ibis-framework with that extra, e.g. pip install 'ibis-framework[postgres]'"
        ) from exc
    try:
        yield backend
    finally:
        backend.disconnect()


@contextmanager
def open_warehouse(
    db: str | os.PathLike[str] | None = None, *, read_only: bool = False
) -> Iterator[Warehouse]:
    """Open (and, for writers, create and migrate) the warehouse for the length of a `with` block."""
    path = resolve_db_path(db)
    if read_only:
        if not path.exists():
            raise WarehouseError(f"no warehouse at {path}; import some reports first (sellerops import PATH)")
        con = connect(path, read_only=True)
        if current_version(con) < LATEST:
            con.close()
            raise WarehouseError(f"the warehouse {path} is at an older schema; run any import to upgrade it")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = connect(path)
        migrate(con)
    warehouse = Warehouse(path, con)
    try:
        yield warehouse
    finally:
        warehouse.close()
