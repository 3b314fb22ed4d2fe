"""The Kaggle "Amazon Sale Report" extract (Amazon.in): the real file with exact totals, twice."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from sellerops.errors import FileRefused
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse
from support import datasets_dir, read_csv_rows, warehouse_state

SAMPLE = "amazon_in_apparel_kaggle_sample/amazon_sale_report_first796rows.csv"


@pytest.mark.datasets
def test_real_sale_report_imports_with_exact_totals_and_twice_changes_nothing(warehouse: Warehouse) -> None:
    # given the real 796-row extract and its totals read with the csv module
    path = datasets_dir() / SAMPLE
    rows = read_csv_rows(path)
    amounts = [Decimal(r["Amount"]) for r in rows if r["Amount"]]
    lines_per_order = Counter(r["Order ID"] for r in rows)
    status_lines = Counter(r["Status"] for r in rows)
    # Order IDs repeat across lines of one order, but (Order ID, SKU) never repeats in this file: the line key
    # (SKU plus its occurrence in the order) is SKU#1 everywhere.
    assert max(Counter((r["Order ID"], r["SKU"]) for r in rows).values()) == 1

    # when it is imported twice
    first = import_file(warehouse, path)
    state = warehouse_state(warehouse)
    second = import_file(warehouse, path)

    # then every row loaded, cancelled rows with a blank Amount included, with exactly the file's totals
    assert (first.status, first.rows_read, first.rows_loaded, first.rows_rejected) == ("loaded", 796, 796, 0)
    assert (first.marketplace, first.period) == ("amazon.IN", "2022-04-30..2022-04-30")
    got = warehouse.con.execute(
        "SELECT count(*), sum(quantity), sum(item_price), count(item_price), count(DISTINCT order_id), "
        "count(*) FILTER (WHERE line_id <> sku || '#1'), min(purchase_date), max(purchase_date), "
        "min(purchase_at), max(purchase_at) FROM order_line"
    ).fetchone()
    midnight_in_india = dt.datetime(2022, 4, 29, 18, 30, tzinfo=dt.UTC)
    assert got == (
        len(rows), sum(int(r["Qty"]) for r in rows), sum(amounts), len(amounts), len(lines_per_order), 0,
        dt.date(2022, 4, 30), dt.date(2022, 4, 30), midnight_in_india, midnight_in_india,
    )  # fmt: skip
    assert (len(rows), sum(int(r["Qty"]) for r in rows), len(amounts), len(lines_per_order)) == (
        796,
        720,
        743,
        755,
    )
    assert dict(
        warehouse.con.execute("SELECT order_status, count(*) FROM order_line GROUP BY ALL").fetchall()
    ) == dict(status_lines)
    assert warehouse.con.execute(
        "SELECT count(*) FILTER (WHERE currency = 'INR'), count(*) FILTER (WHERE currency IS NULL), "
        "count(*) FILTER (WHERE ship_postcode LIKE '%.0'), count(*) FILTER (WHERE is_business) FROM order_line"
    ).fetchone() == (743, 53, 0, sum(1 for r in rows if r["B2B"] == "True"))
    # and one header per order
    assert warehouse.count("order_header") == len(lines_per_order)
    # and the second import changed nothing
    assert (second.status, second.import_id) == ("already_imported", first.import_id)
    assert warehouse_state(warehouse) == state


@pytest.mark.datasets
def test_real_sale_report_first_order_reads_as_the_file_says(warehouse: Warehouse) -> None:
    # given the real extract, whose first row is a cancelled Easy Ship line priced at 647.62 INR
    import_file(warehouse, datasets_dir() / SAMPLE)
    # when its first order is read back, then every field is the file's (postcode without pandas' '.0')
    assert warehouse.con.execute(
        "SELECT order_id, line_id, order_status, item_status, fulfillment_channel, sales_channel, "
        "ship_service_level, asin, quantity, currency, item_price, ship_city, ship_state, ship_postcode, "
        "ship_country, promotion_ids, is_business FROM order_line WHERE order_id = '405-8078784-5731545'"
    ).fetchall() == [
        ("405-8078784-5731545", "SET389-KR-NP-S#1", "Cancelled", None, "Merchant", "Amazon.in", "Standard",
         "B09KXVBD7Z", 0, "INR", Decimal("647.62"), "MUMBAI", "MAHARASHTRA", "400081", "IN", None, False),
    ]  # fmt: skip
    # and its header has no total: the order was cancelled
    assert warehouse.con.execute(
        "SELECT status, order_total, currency FROM order_header WHERE order_id = '405-8078784-5731545'"
    ).fetchall() == [("Cancelled", None, "INR")]


def test_sale_report_order_total_sums_the_lines_still_ordered(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a small extract: one order with a shipped and a cancelled line, the cancelled one without amount
    path = tmp_path / "Amazon Sale Report.csv"
    path.write_text(
        "index,Order ID,Date,Status,Fulfilment,Sales Channel ,ship-service-level,Style,SKU,Category,Size,ASIN,"
        "Courier Status,Qty,currency,Amount,ship-city,ship-state,ship-postal-code,ship-country,promotion-ids,B2B,"
        "fulfilled-by,Unnamed: 22\n"
        "0,408-1-1,05-02-22,Shipped,Amazon,Amazon.in,Expedited,J1,J1-KR-M,kurta,M,B01,Shipped,2,INR,798.00,"
        "PUNE,MAHARASHTRA,411001.0,IN,,False,,\n"
        "1,408-1-1,05-02-22,Cancelled,Amazon,Amazon.in,Expedited,J2,J2-KR-L,kurta,L,B02,Cancelled,0,,,"
        "PUNE,MAHARASHTRA,411001.0,IN,,False,,\n",
        encoding="utf-8",
    )
    # when imported, then the order total is the shipped line's amount
    import_file(warehouse, path)
    assert warehouse.con.execute(
        "SELECT order_id, status, order_total, currency, items_shipped, purchase_date FROM order_header"
    ).fetchall() == [("408-1-1", "Shipped", Decimal("798.00"), "INR", 2, dt.date(2022, 5, 2))]


def test_sale_report_with_an_impossible_date_is_refused(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a row dated 30-04-22, day first, where the extract writes month first
    path = tmp_path / "sales.csv"
    path.write_text(
        "Order ID,Date,Status,Fulfilment,SKU,Qty,currency,Amount\n408-1-1,30-04-22,Shipped,Amazon,J1,1,INR,399\n",
        encoding="utf-8",
    )
    # when imported, then it is refused naming the row and column, and nothing is written
    with pytest.raises(
        FileRefused, match=r"row 2, column 'Date'; expected a date written month first, MM-DD-YY"
    ):
        import_file(warehouse, path)
    assert warehouse.count("order_line") == 0
