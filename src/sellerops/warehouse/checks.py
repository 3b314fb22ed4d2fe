"""Data tests on the warehouse itself: every declared key unique, as dbt's `unique` test would check."""

from __future__ import annotations

from sellerops.warehouse.connection import Warehouse
from sellerops.warehouse.schema import TABLES


def duplicate_keys(warehouse: Warehouse) -> dict[str, int]:
    """Tables whose declared key is repeated, with how many key values repeat; empty when all is well."""
    found = {}
    for table in TABLES:
        if not table.key:
            continue
        keys = ", ".join(table.key)
        row = warehouse.con.execute(
            f"SELECT count(*) FROM (SELECT {keys} FROM {table.name} GROUP BY ALL HAVING count(*) > 1)"
        ).fetchone()
        if row and row[0]:
            found[table.name] = int(row[0])
    return found
