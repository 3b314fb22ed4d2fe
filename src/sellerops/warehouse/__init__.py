"""The canonical warehouse: schema, migrations, connections, the import ledger and loads."""

from sellerops.warehouse.connection import Warehouse, open_analytics, open_warehouse, resolve_db_path
from sellerops.warehouse.schema import FACT_TABLES, TABLES, table

__all__ = [
    "FACT_TABLES",
    "TABLES",
    "Warehouse",
    "open_analytics",
    "open_warehouse",
    "resolve_db_path",
    "table",
]
