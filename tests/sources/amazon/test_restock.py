"""Restock Inventory report: stock into inventory_snapshot, advice into restock_recommendation, exact and twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from sellerops.core.marketplaces import get_marketplace
from sellerops.core.periods import Period
from sellerops.errors import FileRefused
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse
from support import TEST_DATA, warehouse_state

DAY = Period.parse("2026-08-12")
RESTOCK = TEST_DATA / "amazon" / "inventory" / "restock_us.txt"
US_MIDNIGHT = dt.datetime(2026, 8, 12, 7, 0, tzinfo=dt.UTC)


def test_restock_report_gives_stock_and_advice_and_twice_changes_nothing(warehouse: Warehouse) -> None:
    # given a US Restock report, the day it was downloaded, no --marketplace (Country says US)
    first = import_file(warehouse, RESTOCK, ImportOptions(period=DAY))
    state = warehouse_state(warehouse)
    second = import_file(warehouse, RESTOCK, ImportOptions(period=DAY))
    # then the stock figures are one row per SKU; reserved = FC transfer + FC processing + customer orders;
    # a seller-fulfilled row is MFN stock
    assert (first.report_type, first.marketplace, first.rows_loaded) == (
        "amazon.restock_recommendations",
        "amazon.US",
        3,
    )
    assert warehouse.con.execute(
        "SELECT warehouse, sku, snapshot_at, fulfillable, reserved, unsellable, inbound_working, inbound_shipped, "
        "total, days_of_supply, price, currency FROM inventory_snapshot ORDER BY sku"
    ).fetchall() == [
        ("MFN", "LAVA-3KG", US_MIDNIGHT, 40, None, 0, None, None, 40, None, Decimal("24.0000"), "USD"),
        ("FBA", "LHS-1KG", US_MIDNIGHT, 17, 5, 1, 0, 12, 35, Decimal("57.00"), Decimal("49.9900"), "USD"),
        ("FBA", "MGS-5KG", US_MIDNIGHT, 2, 1, 0, 6, 0, 9, Decimal("30.00"), Decimal("1249.0000"), "USD"),
    ]
    # and the advice: "none" and a blank ship date are no date
    assert warehouse.con.execute(
        "SELECT marketplace, sku, snapshot_date, units_sold_t30, sales_t30, currency, days_of_supply_total, alert, "
        "recommended_quantity, recommended_ship_date, recommended_action, supplier FROM restock_recommendation "
        "ORDER BY sku"
    ).fetchall() == [
        ("amazon.US", "LAVA-3KG", DAY.end, 0, Decimal("0.0000"), "USD", None, "out_of_stock", None, None, None, None),
        ("amazon.US", "LHS-1KG", DAY.end, 9, Decimal("449.9100"), "USD", Decimal("113.30"), None, 0, None,
         "No action required", "Space Resource Technologies"),
        ("amazon.US", "MGS-5KG", DAY.end, 2, Decimal("2498.0000"), "USD", Decimal("135.00"), "reorder_now", 4,
         dt.date(2026, 8, 20), "Create shipping plan", None),
    ]  # fmt: skip
    assert (second.status, warehouse_state(warehouse)) == ("already_imported", state)


def test_restock_without_period_is_refused_naming_the_download_day(warehouse: Warehouse) -> None:
    with pytest.raises(FileRefused, match=r"give the day the report was downloaded with --period D\.\.D"):
        import_file(warehouse, RESTOCK, ImportOptions())
    assert (warehouse.count("inventory_snapshot"), warehouse.count("restock_recommendation")) == (0, 0)


def test_restock_of_the_same_day_replaces_the_advice(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a day's Restock report loaded
    import_file(warehouse, RESTOCK, ImportOptions(period=DAY))
    # when a later download of that day lists one SKU with a new recommendation
    lines = RESTOCK.read_text(encoding="utf-8").splitlines()
    later = tmp_path / "restock-later.txt"
    later.write_text(
        lines[0] + "\n" + lines[2].replace("\t4\t2026-08-20\t", "\t6\t2026-08-18\t") + "\n", encoding="utf-8"
    )
    import_file(warehouse, later, ImportOptions(period=DAY))
    # then that day holds only the later advice and stock
    assert warehouse.con.execute(
        "SELECT sku, recommended_quantity, recommended_ship_date FROM restock_recommendation"
    ).fetchall() == [("MGS-5KG", 6, dt.date(2026, 8, 18))]
    assert warehouse.con.execute("SELECT sku FROM inventory_snapshot").fetchall() == [("MGS-5KG",)]


@pytest.mark.parametrize(
    ("written", "read"),
    [("08/20/2026", dt.date(2026, 8, 20)), ("N/A", None), ("2026-08-20T00:00:00Z", dt.date(2026, 8, 20))],
)
def test_restock_ship_date_variants(
    warehouse: Warehouse, tmp_path: Path, written: str, read: dt.date | None
) -> None:
    path = tmp_path / "restock.txt"
    path.write_text(RESTOCK.read_text(encoding="utf-8").replace("2026-08-20", written), encoding="utf-8")
    import_file(warehouse, path, ImportOptions(period=DAY))
    assert warehouse.con.execute(
        "SELECT recommended_ship_date FROM restock_recommendation WHERE sku = 'MGS-5KG'"
    ).fetchall() == [(read,)]


def test_unreadable_ship_date_is_refused_with_row_and_column(warehouse: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "restock.txt"
    path.write_text(RESTOCK.read_text(encoding="utf-8").replace("2026-08-20", "next week"), encoding="utf-8")
    with pytest.raises(FileRefused) as refused:
        import_file(warehouse, path, ImportOptions(period=DAY))
    assert [(p.row, p.column) for p in refused.value.problems] == [(3, "Recommended ship date")]
    assert warehouse.count("restock_recommendation") == 0


def test_restock_country_must_agree_with_marketplace_option(warehouse: Warehouse) -> None:
    with pytest.raises(FileRefused, match=r"marketplace is amazon\.US .* but --marketplace amazon\.UK"):
        import_file(warehouse, RESTOCK, ImportOptions(marketplace=get_marketplace("amazon.UK"), period=DAY))
    assert warehouse.count("restock_recommendation") == 0
