"""SP-API FBA inventory summaries: the real flattened time series with exact totals, and the JSON response."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sellerops.core.marketplaces import get_marketplace
from sellerops.core.periods import Period
from sellerops.errors import FileRefused
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse
from support import TEST_DATA, datasets_dir, read_csv_rows, warehouse_state

US = get_marketplace("amazon.US")
REAL = "amazon_fba_inventory_orders/canduki21_us_regolith/fba_inventory_snapshots.csv"
RESPONSE = TEST_DATA / "amazon" / "inventory" / "inventory_summaries_us.json"
UTC = dt.UTC


@pytest.mark.datasets
def test_real_inventory_time_series_imports_with_exact_totals_and_twice_changes_nothing(
    warehouse: Warehouse,
) -> None:
    # given the seller's real flattened getInventorySummaries history and its totals read with the csv module
    path = datasets_dir() / REAL
    rows = read_csv_rows(path)
    expected = (
        len(rows),
        sum(int(r["totalQuantity"]) for r in rows),
        len({r["snapshot_at"] for r in rows}),
        len({r["sellerSku"] for r in rows}),
    )
    # when it is imported twice for the US
    first = import_file(warehouse, path, ImportOptions(marketplace=US))
    state = warehouse_state(warehouse)
    second = import_file(warehouse, path, ImportOptions(marketplace=US))
    # then every row is one FBA snapshot row with exactly the file's totals, dated in Los Angeles time
    assert expected == (1040, 6502, 52, 20)
    assert (first.report_type, first.rows_loaded, first.period) == (
        "amazon.fba_inventory_summaries", 1040, "2026-08-10..2026-08-22",
    )  # fmt: skip
    assert warehouse.con.execute(
        "SELECT count(*), sum(total), count(DISTINCT snapshot_at), count(DISTINCT sku), min(snapshot_at), "
        "max(snapshot_at), min(snapshot_date), max(snapshot_date), list(DISTINCT warehouse) FROM inventory_snapshot"
    ).fetchone() == (
        *expected,
        dt.datetime(2026, 8, 10, 19, 7, 10, 211000, tzinfo=UTC),
        dt.datetime(2026, 8, 22, 18, 16, 14, 162000, tzinfo=UTC),
        dt.date(2026, 8, 10),
        dt.date(2026, 8, 22),
        ["FBA"],
    )
    # and per snapshot the stock matches the file
    per_snapshot: dict[str, int] = {}
    for r in rows:
        per_snapshot[r["snapshot_at"]] = per_snapshot.get(r["snapshot_at"], 0) + int(r["totalQuantity"])
    got = warehouse.con.execute(
        "SELECT snapshot_at, sum(total) FROM inventory_snapshot GROUP BY ALL"
    ).fetchall()
    assert {at.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z": total for at, total in got} == per_snapshot
    assert (second.status, warehouse_state(warehouse)) == ("already_imported", state)


def test_flattened_summaries_without_marketplace_are_refused(warehouse: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "snapshots.csv"
    path.write_text(
        "snapshot_at,asin,fnSku,sellerSku,condition,totalQuantity,lastUpdatedTime,productName\n"
        "2026-08-10T19:07:10.211Z,B01,X01,SKU-1,NewItem,4,,Kit\n",
        encoding="utf-8",
    )
    with pytest.raises(FileRefused, match="--marketplace"):
        import_file(warehouse, path, ImportOptions())
    assert warehouse.count("inventory_snapshot") == 0


def test_a_later_file_with_the_same_snapshot_replaces_it(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a snapshot of two SKUs loaded
    header = "snapshot_at,commit,asin,fnSku,sellerSku,condition,totalQuantity,lastUpdatedTime,productName\n"
    first = tmp_path / "a.csv"
    first.write_text(
        header + "2026-08-10T19:07:10.211Z,c1,B01,X01,SKU-1,NewItem,4,,Kit\n"
        "2026-08-10T19:07:10.211Z,c1,B02,X02,SKU-2,NewItem,5,,Kit 2\n",
        encoding="utf-8",
    )
    import_file(warehouse, first, ImportOptions(marketplace=US))
    # when a re-export holds that snapshot (now one SKU) and a new one
    second = tmp_path / "b.csv"
    second.write_text(
        header + "2026-08-10T19:07:10.211Z,c1,B01,X01,SKU-1,NewItem,3,,Kit\n"
        "2026-08-11T01:00:00.000Z,c2,B01,X01,SKU-1,NewItem,2,,Kit\n",
        encoding="utf-8",
    )
    result = import_file(warehouse, second, ImportOptions(marketplace=US))
    # then the shared snapshot is the later file's alone, and nothing is counted twice
    assert result.rows_replaced == 2
    assert warehouse.con.execute(
        "SELECT snapshot_at, snapshot_date, sku, total FROM inventory_snapshot ORDER BY 1, 3"
    ).fetchall() == [
        (dt.datetime(2026, 8, 10, 19, 7, 10, 211000, tzinfo=UTC), dt.date(2026, 8, 10), "SKU-1", 3),
        (dt.datetime(2026, 8, 11, 1, 0, tzinfo=UTC), dt.date(2026, 8, 10), "SKU-1", 2),
    ]


STOCK = (
    "SELECT marketplace, sku, snapshot_at, snapshot_date, fulfillable, inbound_working, inbound_shipped, reserved, "
    "unsellable, researching, total, condition FROM inventory_snapshot ORDER BY sku"
)


def test_json_response_marketplace_from_granularity_snapshot_at_latest_update(warehouse: Warehouse) -> None:
    # given a getInventorySummaries response at marketplace granularity, no options
    first = import_file(warehouse, RESPONSE, ImportOptions())
    state = warehouse_state(warehouse)
    # then the marketplace comes from granularityId and the snapshot is the latest lastUpdatedTime
    at = dt.datetime(2026, 8, 12, 14, 0, 21, tzinfo=UTC)
    assert (first.report_type, first.marketplace, first.period, first.rows_loaded) == (
        "amazon.fba_inventory_summaries", "amazon.US", "2026-08-12..2026-08-12", 3,
    )  # fmt: skip
    assert warehouse.con.execute(
        "SELECT marketplace_source, period_source FROM import_ledger"
    ).fetchall() == [("granularityId in the response", "latest lastUpdatedTime in the response")]
    assert warehouse.con.execute(STOCK).fetchall() == [
        ("amazon.US", "KIT-OLD", at, dt.date(2026, 8, 12), None, None, None, None, None, None, 0, "NewItem"),
        ("amazon.US", "LHS-1KG", at, dt.date(2026, 8, 12), 17, 0, 12, 5, 1, 0, 35, "NewItem"),
        ("amazon.US", "MGS-5KG", at, dt.date(2026, 8, 12), 2, 6, 0, 1, 0, 0, 9, "NewItem"),
    ]
    assert import_file(warehouse, RESPONSE, ImportOptions()).status == "already_imported"
    assert warehouse_state(warehouse) == state


def test_json_response_with_period_is_that_days_snapshot(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a response without granularity and without any lastUpdatedTime
    data = json.loads(RESPONSE.read_text(encoding="utf-8"))
    del data["payload"]["granularity"]
    for item in data["payload"]["inventorySummaries"]:
        item["lastUpdatedTime"] = ""
    path = tmp_path / "summaries.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    # when imported without a day, it is refused naming --period; with one, it is that day's local midnight
    with pytest.raises(FileRefused, match=r"--period D\.\.D"):
        import_file(warehouse, path, ImportOptions(marketplace=US))
    import_file(warehouse, path, ImportOptions(marketplace=US, period=Period.parse("2026-08-12")))
    assert warehouse.con.execute(
        "SELECT DISTINCT snapshot_at, snapshot_date FROM inventory_snapshot"
    ).fetchall() == [(dt.datetime(2026, 8, 12, 7, 0, tzinfo=UTC), dt.date(2026, 8, 12))]


def test_json_for_an_unknown_marketplace_id_is_refused(warehouse: Warehouse, tmp_path: Path) -> None:
    data = json.loads(RESPONSE.read_text(encoding="utf-8"))
    data["payload"]["granularity"]["granularityId"] = "AXXXXXXXXXXXX"
    path = tmp_path / "summaries.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FileRefused, match="AXXXXXXXXXXXX"):
        import_file(warehouse, path, ImportOptions())
    assert warehouse.count("inventory_snapshot") == 0
