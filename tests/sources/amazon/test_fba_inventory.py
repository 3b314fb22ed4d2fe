"""FBA Manage Inventory and FBA Inventory planning/age: both layouts of each, exact values, same-day replacement."""

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

US, UK = get_marketplace("amazon.US"), get_marketplace("amazon.UK")
DAY = Period.parse("2026-08-12")
INVENTORY = TEST_DATA / "amazon" / "inventory"
UTC = dt.UTC
US_MIDNIGHT = dt.datetime(2026, 8, 12, 7, 0, tzinfo=UTC)  # 2026-08-12 00:00 in Los Angeles (PDT)

STOCK = (
    "SELECT marketplace, warehouse, sku, snapshot_at, snapshot_date, listing_exists, fulfillable, reserved, "
    "unsellable, inbound_working, inbound_shipped, inbound_receiving, researching, total, price, currency "
    "FROM inventory_snapshot ORDER BY marketplace, sku"
)
AGES = (
    "SELECT sku, age_0_90, age_91_180, age_181_270, age_271_365, age_365_plus, units_shipped_t30, sell_through, "
    "days_of_supply, estimated_excess, estimated_ltsf_next, estimated_storage_cost_next_month, estimated_ais_next, "
    "alert, recommended_action FROM inventory_snapshot ORDER BY sku"
)


def test_manage_inventory_21_columns_exact_and_twice_changes_nothing(warehouse: Warehouse) -> None:
    # given a US Manage Inventory file and the day it was downloaded
    path = INVENTORY / "myi_us_21col.txt"
    options = ImportOptions(marketplace=US, period=DAY)
    # when it is imported twice
    first = import_file(warehouse, path, options)
    state = warehouse_state(warehouse)
    second = import_file(warehouse, path, options)
    # then each SKU is one FBA row at local midnight of that day, Yes/No read as booleans
    assert (first.report_type, first.rows_loaded, first.notes) == (
        "amazon.fba_manage_inventory", 3, ["snapshot day 2026-08-12 from --period"],
    )  # fmt: skip
    assert warehouse.con.execute(STOCK).fetchall() == [
        (
            "amazon.US",
            "FBA",
            "KIT-OLD",
            US_MIDNIGHT,
            DAY.end,
            False,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            Decimal("19.5000"),
            "USD",
        ),
        (
            "amazon.US",
            "FBA",
            "LHS-1KG",
            US_MIDNIGHT,
            DAY.end,
            True,
            17,
            5,
            1,
            0,
            12,
            0,
            0,
            35,
            Decimal("49.9900"),
            "USD",
        ),
        (
            "amazon.US",
            "FBA",
            "MGS-5KG",
            US_MIDNIGHT,
            DAY.end,
            True,
            2,
            1,
            0,
            6,
            0,
            0,
            1,
            9,
            Decimal("1249.0000"),
            "USD",
        ),
    ]
    assert (second.status, warehouse_state(warehouse)) == ("already_imported", state)


def test_manage_inventory_older_18_columns(warehouse: Warehouse) -> None:
    # given the older layout that ends at afn-inbound-receiving-quantity, for the UK
    import_file(warehouse, INVENTORY / "myi_uk_18col.txt", ImportOptions(marketplace=UK, period=DAY))
    # then researching is unknown, the rest exact, the snapshot at UK midnight (BST)
    assert warehouse.con.execute(STOCK).fetchall() == [
        ("amazon.UK", "FBA", "MON-VAN-70", dt.datetime(2026, 8, 11, 23, 0, tzinfo=UTC), DAY.end, True, 24, 2, 0,
         0, 24, 0, None, 50, Decimal("8.4900"), "GBP"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("options", "needed"),
    [(ImportOptions(marketplace=US), r"--period D\.\.D"), (ImportOptions(period=DAY), "--marketplace")],
    ids=["no-period", "no-marketplace"],
)
def test_manage_inventory_without_day_or_marketplace_is_refused(
    warehouse: Warehouse, options: ImportOptions, needed: str
) -> None:
    with pytest.raises(FileRefused, match=needed):
        import_file(warehouse, INVENTORY / "myi_us_21col.txt", options)
    assert (warehouse.count("inventory_snapshot"), warehouse.count("import_ledger")) == (0, 0)


def test_second_manage_inventory_of_the_same_day_replaces_that_day(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given a day's Manage Inventory loaded, and the day before
    import_file(warehouse, INVENTORY / "myi_us_21col.txt", ImportOptions(marketplace=US, period=DAY))
    earlier = tmp_path / "myi-earlier.txt"
    lines = (INVENTORY / "myi_us_21col.txt").read_text(encoding="utf-8").splitlines()
    earlier.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    import_file(warehouse, earlier, ImportOptions(marketplace=US, period=Period.parse("2026-08-11")))
    # when a later download of the same day lists one SKU only
    later = tmp_path / "myi-later.txt"
    later.write_text("\n".join([lines[0], lines[1].replace("\t17\t", "\t15\t")]) + "\n", encoding="utf-8")
    result = import_file(warehouse, later, ImportOptions(marketplace=US, period=DAY))
    # then that day holds the later file alone; the day before is untouched
    assert result.rows_replaced == 3
    assert warehouse.con.execute(
        "SELECT snapshot_date, sku, fulfillable FROM inventory_snapshot ORDER BY 1, 2"
    ).fetchall() == [(dt.date(2026, 8, 11), "LHS-1KG", 17), (DAY.end, "LHS-1KG", 15)]


def test_planning_63_columns_marketplace_from_its_column_and_day_from_snapshot_date(
    warehouse: Warehouse,
) -> None:
    # given the 63-column planning report, no options
    path = INVENTORY / "planning_us_63col.txt"
    first = import_file(warehouse, path, ImportOptions())
    state = warehouse_state(warehouse)
    # then marketplace and day come from the file
    assert (first.report_type, first.marketplace, first.period, first.rows_loaded) == (
        "amazon.fba_inventory_planning", "amazon.US", "2026-08-12..2026-08-12", 2,
    )  # fmt: skip
    assert warehouse.con.execute(
        "SELECT marketplace_source, period_source FROM import_ledger"
    ).fetchall() == [("'marketplace' column", "snapshot-date column")]
    # and stock, ages and fees are exact
    assert warehouse.con.execute(STOCK).fetchall() == [
        ("amazon.US", "FBA", "LHS-1KG", US_MIDNIGHT, DAY.end, None, 17, 5, 1, 0, 12, 0, None, None,
         Decimal("49.9900"), "USD"),
        ("amazon.US", "FBA", "MGS-5KG", US_MIDNIGHT, DAY.end, None, 2, 1, 0, 6, 0, 0, None, None,
         Decimal("1249.0000"), "USD"),
    ]  # fmt: skip
    assert warehouse.con.execute(AGES).fetchall() == [
        ("LHS-1KG", 10, 4, 2, 1, 0, 9, Decimal("0.5300"), Decimal("57.00"), 0, Decimal("0.0000"),
         Decimal("1.2700"), None, None, "No action required"),
        ("MGS-5KG", 0, 0, 0, 1, 1, 0, Decimal("0.0000"), None, 2, Decimal("6.9000"), Decimal("3.4000"), None,
         "Low traffic", "Create removal order"),
    ]  # fmt: skip
    # and importing it again changes nothing
    assert import_file(warehouse, path, ImportOptions()).status == "already_imported"
    assert warehouse_state(warehouse) == state


def test_planning_2024_layout_sums_fine_ages_and_surcharges_and_reads_the_9_month_ltsf(
    warehouse: Warehouse,
) -> None:
    # given the 2024+ layout: LTSF 9-month names, AIS columns, fine 0-90 buckets only, snapshot-date with a time
    import_file(warehouse, INVENTORY / "planning_us_2024_ais_9mo.txt", ImportOptions())
    # then age_0_90 is 0-30 + 31-60 + 61-90, the surcharge the sum of its bands, the day the written date
    assert warehouse.con.execute(
        "SELECT sku, snapshot_date, age_0_90, age_91_180, estimated_ais_next FROM inventory_snapshot ORDER BY sku"
    ).fetchall() == [
        ("LHS-1KG", DAY.end, 10, 4, Decimal("1.7500")),
        ("MGS-5KG", DAY.end, 0, 0, None),
    ]


def test_manage_inventory_and_planning_of_one_day_meet_on_one_row(warehouse: Warehouse) -> None:
    # given a day's Manage Inventory, then that day's planning report
    import_file(warehouse, INVENTORY / "myi_us_21col.txt", ImportOptions(marketplace=US, period=DAY))
    result = import_file(warehouse, INVENTORY / "planning_us_63col.txt", ImportOptions())
    # then each SKU keeps one row: planning figures written, MYI-only ones (listing, researching, total) kept
    assert result.rows_replaced == 2
    assert warehouse.con.execute(
        "SELECT sku, listing_exists, fulfillable, researching, total, age_0_90 FROM inventory_snapshot ORDER BY sku"
    ).fetchall() == [
        ("KIT-OLD", False, 0, 0, 0, None),
        ("LHS-1KG", True, 17, 0, 35, 10),
        ("MGS-5KG", True, 2, 1, 9, 0),
    ]


def test_planning_for_another_marketplace_than_given_is_refused(warehouse: Warehouse) -> None:
    with pytest.raises(FileRefused, match=r"--marketplace amazon\.UK"):
        import_file(warehouse, INVENTORY / "planning_us_63col.txt", ImportOptions(marketplace=UK))
    assert warehouse.count("inventory_snapshot") == 0


def test_planning_with_an_unknown_country_is_refused_naming_the_row(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    text = (INVENTORY / "planning_us_63col.txt").read_text(encoding="utf-8")
    path = tmp_path / "planning.txt"
    path.write_text(text.replace("\tUS\t", "\tZZ\t", 1), encoding="utf-8")
    with pytest.raises(FileRefused) as refused:
        import_file(warehouse, path, ImportOptions())
    assert [(p.row, p.column, p.value) for p in refused.value.problems] == [(2, "marketplace", "ZZ")]
    assert warehouse.count("inventory_snapshot") == 0
