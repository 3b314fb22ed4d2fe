"""Opening the warehouse: where it is, migrations applied once, read-only access."""

from __future__ import annotations

from pathlib import Path

import pytest

from sellerops.errors import WarehouseError
from sellerops.warehouse import TABLES, open_warehouse, resolve_db_path
from sellerops.warehouse.migrations import LATEST, migrate


def test_db_path_from_option_then_environment_then_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SELLEROPS_DB", raising=False)
    assert resolve_db_path(None) == Path(".sellerops/sellerops.duckdb")
    monkeypatch.setenv("SELLEROPS_DB", "/data/shop.duckdb")
    assert resolve_db_path(None) == Path("/data/shop.duckdb")
    assert resolve_db_path("mine.duckdb") == Path("mine.duckdb")
    assert resolve_db_path("duckdb:///srv/w.duckdb") == Path("/srv/w.duckdb")


def test_new_warehouse_has_every_table_and_migrating_again_does_nothing(tmp_path: Path) -> None:
    # given a new warehouse
    with open_warehouse(tmp_path / "w.duckdb") as warehouse:
        names = {
            r[0] for r in warehouse.con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        # then every declared table is there, and the marketplaces are seeded
        assert {t.name for t in TABLES} | {"schema_migrations"} == names
        assert warehouse.count("marketplace") == 19
        # when migrations run again, nothing is applied
        assert migrate(warehouse.con) == []
        assert warehouse.con.execute("SELECT max(version) FROM schema_migrations").fetchone() == (LATEST,)


def test_read_only_open_of_a_missing_warehouse_says_what_to_do(tmp_path: Path) -> None:
    with (
        pytest.raises(WarehouseError, match=r"import some reports first"),
        open_warehouse(tmp_path / "none.duckdb", read_only=True),
    ):
        pass
    assert not (tmp_path / "none.duckdb").exists()


def test_every_table_declares_a_key_and_documents_itself() -> None:
    assert [t.name for t in TABLES if not t.key or not t.doc] == []


def test_duplicate_keys_finds_a_repeated_fact_key(tmp_path: Path) -> None:
    from sellerops.warehouse.checks import duplicate_keys

    with open_warehouse(tmp_path / "w.duckdb") as warehouse:
        # given a clean warehouse, then no key repeats
        assert duplicate_keys(warehouse) == {}
        # when the same feedback key is written twice behind the loader's back
        for _ in range(2):
            warehouse.con.execute(
                "INSERT INTO seller_feedback (marketplace, feedback_date, rating, order_id, import_id) "
                "VALUES ('amazon.US', DATE '2025-01-02', 1, '111-1', 1)"
            )
        # then the data test names the table
        assert duplicate_keys(warehouse) == {"seller_feedback": 1}
