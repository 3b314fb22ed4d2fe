"""Shipping confirmation uploads: ship dates as days or instants, tracking kept, re-uploads replace, refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sellerops.core.marketplaces import get_marketplace
from sellerops.errors import FileRefused
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse
from support import TEST_DATA, import_twice

US = TEST_DATA / "amazon" / "shipping_confirmation" / "ship_confirm_us.txt"
HEADER = (
    "order-id\torder-item-id\tquantity\tship-date\tcarrier-code\tcarrier-name\ttracking-number\tship-method\n"
)
OPTIONS = ImportOptions(marketplace=get_marketplace("amazon.US"))


def _rows(warehouse: Warehouse) -> list[tuple[object, ...]]:
    return warehouse.con.execute(
        "SELECT order_id, order_item_id, quantity, shipped_at, ship_date, carrier_code, carrier_name, tracking_number, "
        "ship_method FROM order_shipment ORDER BY order_id"
    ).fetchall()


def test_a_confirmation_file_loads_one_row_per_order_item(warehouse: Warehouse) -> None:
    # given three confirmations: a bare day, an instant with an offset, a slashed day with no tracking number
    # when imported twice for amazon.US
    result = import_twice(warehouse, US, OPTIONS)
    # then a bare day is midnight in Los Angeles (07:00 UTC in summer); 16:30-07:00 is 23:30 UTC; a blank
    # order-item-id is the whole order ('')
    assert (result.rows_loaded, result.period) == (3, "2026-07-21..2026-07-23")
    utc = dt.UTC
    assert _rows(warehouse) == [
        ("111-0000001-0000001", "12345678901234", 1, dt.datetime(2026, 7, 21, 7, tzinfo=utc), dt.date(2026, 7, 21),
         "USPS", None, "9400111899223856912345", "Priority Mail"),
        ("111-0000002-0000002", "", None, dt.datetime(2026, 7, 22, 23, 30, tzinfo=utc), dt.date(2026, 7, 22), "UPS",
         None, "1Z999AA10123456784", "Ground"),
        ("111-0000003-0000003", "22345678901234", 2, dt.datetime(2026, 7, 23, 7, tzinfo=utc), dt.date(2026, 7, 23),
         "Other", "YunExpress", None, "Standard"),
    ]  # fmt: skip


def test_a_corrected_upload_replaces_the_item_it_confirms(warehouse: Warehouse, tmp_path: Path) -> None:
    # given the file imported, then a correction of the third order with a tracking number
    import_file(warehouse, US, OPTIONS)
    fix = tmp_path / "ship_confirm_fix.txt"
    fix.write_text(
        HEADER + "111-0000003-0000003\t22345678901234\t2\t2026-07-24\tOther\tYunExpress\tYT123\tStandard\n"
    )
    # when the correction is imported
    import_file(warehouse, fix, OPTIONS)
    # then the item has the corrected day and tracking, and the other two are untouched
    assert [(r[0], r[4], r[7]) for r in _rows(warehouse)] == [
        ("111-0000001-0000001", dt.date(2026, 7, 21), "9400111899223856912345"),
        ("111-0000002-0000002", dt.date(2026, 7, 22), "1Z999AA10123456784"),
        ("111-0000003-0000003", dt.date(2026, 7, 24), "YT123"),
    ]


def test_a_ship_date_that_is_no_date_is_refused_with_its_row(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a confirmation whose second row says 'tomorrow'
    bad = tmp_path / "ship_confirm_bad.txt"
    bad.write_text(
        HEADER + "111-1\t\t1\t2026-07-21\tUPS\t\t1Z1\tGround\n111-2\t\t1\ttomorrow\tUPS\t\t1Z2\tGround\n"
    )
    # when imported, then it is refused naming row 3 and the column, and nothing is loaded
    with pytest.raises(FileRefused) as refused:
        import_file(warehouse, bad, OPTIONS)
    assert str(refused.value) == (
        "ship_confirm_bad.txt: 1 of 2 rows of this Shipping confirmation flat file (order fulfilment upload) cannot "
        "be read\n  - row 3, column 'ship-date'; expected a ship date such as 2026-07-21 or 2026-07-21T14:05:00-07:00\n"
        "  What to do: Fix the file, or run with --keep-going to import the good rows and get the others in a "
        "rejects file."
    )
    assert warehouse.count("order_shipment") == 0


def test_without_a_marketplace_the_file_is_refused(warehouse: Warehouse) -> None:
    # given the file and no --marketplace, when imported, then the option to give is named
    with pytest.raises(FileRefused, match="marketplace"):
        import_file(warehouse, US)
    assert warehouse.count("order_shipment") == 0
