"""All Orders flat file: the 32-, 31- (by last update) and 35-column layouts, re-downloads, refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from sellerops.core.marketplaces import get_marketplace
from sellerops.errors import FileRefused
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse
from support import TEST_DATA, import_twice, read_csv_rows

ORDERS = TEST_DATA / "amazon" / "orders"
US_32 = ORDERS / "all_orders_32col_us.tsv"
US_UPDATE = ORDERS / "all_orders_by_last_update_us.tsv"
UK_35 = ORDERS / "all_orders_35col_uk.tsv"
UTC = dt.UTC

HEADER_SQL = (
    "SELECT order_id, status, purchase_date, sales_channel, fulfillment_channel, order_total, currency, "
    "items_shipped, items_unshipped, is_business, merchant_order_id, ship_city FROM order_header ORDER BY order_id"
)
LINE_SQL = (
    "SELECT order_id, line_id, order_status, item_status, quantity, item_price, item_promotion_discount, currency "
    "FROM order_line ORDER BY order_id, line_id"
)


def _rows(warehouse: Warehouse, sql: str) -> list[tuple[object, ...]]:
    return warehouse.con.execute(sql).fetchall()


def test_32_column_file_gives_lines_and_one_header_per_order(warehouse: Warehouse) -> None:
    # given the official 32-column layout: two lines in one order, a pending order without prices, a cancelled
    # order, a business order, a Non-Amazon (multi-channel) order and one SKU twice in one order
    file_rows = read_csv_rows(US_32, delimiter="\t")

    # when it is imported twice
    result = import_twice(warehouse, US_32)

    # then every line loaded once, the marketplace came from the sales channel and the period from the
    # purchase dates in Los Angeles time (05:30 UTC on 1 July is still 30 June there)
    assert (result.status, result.rows_read, result.rows_loaded, result.marketplace, result.period) == (
        "loaded", len(file_rows), 8, "amazon.US", "2025-06-30..2025-07-06",
    )  # fmt: skip
    assert _rows(warehouse, "SELECT marketplace_source, period_source FROM import_ledger") == [
        ("sales-channel Amazon.com", "purchase-date column")
    ]
    assert _rows(warehouse, LINE_SQL) == [
        (
            "111-0000001-0000001",
            "LUNA-1KG#1",
            "Shipped",
            "Shipped",
            2,
            Decimal("79.98"),
            Decimal("-8.00"),
            "USD",
        ),
        (
            "111-0000001-0000001",
            "MARS-500G#1",
            "Shipped",
            "Shipped",
            1,
            Decimal("24.99"),
            Decimal("0.00"),
            "USD",
        ),
        ("111-0000002-0000002", "LUNA-1KG#1", "Pending", "Unshipped", 1, None, None, "USD"),
        ("111-0000003-0000003", "MARS-500G#1", "Cancelled", "Cancelled", 0, None, None, "USD"),
        ("111-0000004-0000004", "LUNA-1KG#1", "Shipped", "Shipped", 10, Decimal("350.00"), None, "USD"),
        ("111-0000006-0000006", "LUNA-1KG#1", "Shipped", "Shipped", 1, Decimal("39.99"), None, "USD"),
        ("111-0000006-0000006", "LUNA-1KG#2", "Shipped", "Shipped", 1, Decimal("39.99"), None, "USD"),
        ("S01-0000005-0000005", "MARS-500G#1", "Shipped", "Shipped", 1, Decimal("24.99"), None, "USD"),
    ]
    # and the order total is what the buyer pays: 79.98 + 6.40 + 5.99 + 0.48 - 8.00 - 5.99 + 24.99 + 2.00 = 105.85;
    # unknown while pending, none for a cancelled order
    assert _rows(warehouse, HEADER_SQL) == [
        ("111-0000001-0000001", "Shipped", dt.date(2025, 6, 30), "Amazon.com", "Amazon", Decimal("105.85"), "USD",
         3, 0, False, None, "SEATTLE"),
        ("111-0000002-0000002", "Pending", dt.date(2025, 7, 3), "Amazon.com", "Amazon", None, "USD", 0, 1, False,
         None, "AUSTIN"),
        ("111-0000003-0000003", "Cancelled", dt.date(2025, 7, 4), "Amazon.com", "Amazon", None, "USD", 0, 0, False,
         None, "DENVER"),
        ("111-0000004-0000004", "Shipped", dt.date(2025, 7, 5), "Amazon.com", "Merchant", Decimal("350.00"), "USD",
         10, 0, True, "ACME-4471", "BOSTON"),
        ("111-0000006-0000006", "Shipped", dt.date(2025, 7, 6), "Amazon.com", "Amazon", Decimal("90.69"), "USD", 2,
         0, False, None, "MIAMI"),
        ("S01-0000005-0000005", "Shipped", dt.date(2025, 7, 6), "Non-Amazon", "Amazon", Decimal("24.99"), "USD", 1,
         0, False, "SHOPIFY-1005", "PORTLAND"),
    ]  # fmt: skip
    assert _rows(warehouse, "SELECT promotion_ids FROM order_line WHERE promotion_ids IS NOT NULL") == [
        ("Core Free Shipping,PROMO-10OFF",)
    ]


def test_by_last_update_file_updates_orders_and_replaces_their_lines(warehouse: Warehouse) -> None:
    # given the 32-column download loaded
    import_file(warehouse, US_32)

    # when the by-last-update file (no cpf) arrives: order 2 shipped, order 1 lost its Mars line, order 7 is new
    result = import_twice(warehouse, US_UPDATE)

    # then the changed orders are updated, order 1 keeps only the line it still has, and untouched orders stay
    assert (result.rows_loaded, result.period, result.notes) == (3, "2025-06-30..2025-07-08", [])
    assert _rows(
        warehouse, "SELECT order_id, line_id, order_status, item_price FROM order_line ORDER BY ALL"
    ) == [
        ("111-0000001-0000001", "LUNA-1KG#1", "Shipped", Decimal("79.98")),
        ("111-0000002-0000002", "LUNA-1KG#1", "Shipped", Decimal("39.99")),
        ("111-0000003-0000003", "MARS-500G#1", "Cancelled", None),
        ("111-0000004-0000004", "LUNA-1KG#1", "Shipped", Decimal("350.00")),
        ("111-0000006-0000006", "LUNA-1KG#1", "Shipped", Decimal("39.99")),
        ("111-0000006-0000006", "LUNA-1KG#2", "Shipped", Decimal("39.99")),
        ("111-0000007-0000007", "MARS-500G#1", "Pending", None),
        ("S01-0000005-0000005", "MARS-500G#1", "Shipped", Decimal("24.99")),
    ]
    assert _rows(
        warehouse,
        "SELECT order_id, status, order_total, last_updated_at FROM order_header WHERE order_id IN "
        "('111-0000001-0000001', '111-0000002-0000002', '111-0000007-0000007') ORDER BY order_id",
    ) == [
        ("111-0000001-0000001", "Shipped", Decimal("78.86"), dt.datetime(2025, 7, 6, 9, 0, tzinfo=UTC)),
        ("111-0000002-0000002", "Shipped", Decimal("43.49"), dt.datetime(2025, 7, 5, 8, 0, tzinfo=UTC)),
        ("111-0000007-0000007", "Pending", None, dt.datetime(2025, 7, 8, 15, 30, tzinfo=UTC)),
    ]
    assert warehouse.count("order_header") == 7


def test_older_download_imported_after_a_newer_one_leaves_the_newer_orders(warehouse: Warehouse) -> None:
    # given the later download loaded first
    import_file(warehouse, US_UPDATE)

    # when the earlier download is imported afterwards
    result = import_file(warehouse, US_32)

    # then orders 1 and 2 keep their later state, and the orders only the earlier file has are added
    assert result.notes == [
        "2 orders were left as they were: the warehouse already holds a later update of them"
    ]
    assert _rows(warehouse, "SELECT order_id, status FROM order_header ORDER BY order_id") == [
        ("111-0000001-0000001", "Shipped"),
        ("111-0000002-0000002", "Shipped"),
        ("111-0000003-0000003", "Cancelled"),
        ("111-0000004-0000004", "Shipped"),
        ("111-0000006-0000006", "Shipped"),
        ("111-0000007-0000007", "Pending"),
        ("S01-0000005-0000005", "Shipped"),
    ]
    assert _rows(
        warehouse,
        "SELECT order_id, line_id, item_price FROM order_line "
        "WHERE order_id IN ('111-0000001-0000001', '111-0000002-0000002') ORDER BY ALL",
    ) == [
        ("111-0000001-0000001", "LUNA-1KG#1", Decimal("79.98")),
        ("111-0000002-0000002", "LUNA-1KG#1", Decimal("39.99")),
    ]


def test_35_column_uk_file_reads_local_dates_across_the_clock_change(warehouse: Warehouse) -> None:
    # given the 35-column variant from Amazon.co.uk; 23:30 UTC on 30 March 2025 is 00:30 BST on 31 March
    # when it is imported twice
    result = import_twice(warehouse, UK_35)

    # then the marketplace and dates are the UK's, and a discount written as a positive number still lowers the total
    assert (result.marketplace, result.period, result.rows_loaded) == (
        "amazon.UK",
        "2025-03-31..2025-03-31",
        2,
    )
    assert _rows(warehouse, HEADER_SQL) == [
        ("202-0000001-0000001", "Shipped", dt.date(2025, 3, 31), "Amazon.co.uk", "Amazon", Decimal("27.26"), "GBP",
         3, 0, False, None, "LONDON"),
        ("202-0000002-0000002", "Shipping", dt.date(2025, 3, 31), "Amazon.co.uk", "Amazon", Decimal("8.99"), "GBP",
         0, 1, True, None, "LEEDS"),
    ]  # fmt: skip
    assert _rows(
        warehouse, "SELECT item_promotion_discount, ship_postcode FROM order_line ORDER BY order_id"
    ) == [
        (Decimal("-2.70"), "SW1A 1AA"),
        (None, "LS1 4AP"),
    ]


HEAD = "amazon-order-id\tpurchase-date\torder-status\tsales-channel\tsku\tquantity\tcurrency\titem-price\n"


def _write(tmp_path: Path, body: str, header: str = HEAD) -> Path:
    path = tmp_path / "orders.txt"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_no_sales_channel_and_euro_amounts_ask_for_the_marketplace(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given a file without a sales-channel column, in euros (five marketplaces sell in euros)
    header = "amazon-order-id\tpurchase-date\torder-status\tsku\tquantity\tcurrency\titem-price\n"
    path = _write(tmp_path, "302-1-1\t2025-05-01T10:00:00+00:00\tShipped\tA\t1\tEUR\t10.00\n", header)

    # when it is imported without --marketplace, then it is refused, naming the option, and nothing is written
    with pytest.raises(FileRefused, match="--marketplace") as refused:
        import_file(warehouse, path)
    assert "no sales-channel column and several marketplaces sell in EUR" in str(refused.value)
    assert (warehouse.count("order_line"), warehouse.count("order_header"), warehouse.count("import_ledger")) == (
        0, 0, 0,
    )  # fmt: skip

    # and with --marketplace amazon.DE it loads in Berlin time
    result = import_file(warehouse, path, ImportOptions(marketplace=get_marketplace("amazon.DE")))
    assert (result.marketplace, result.period) == ("amazon.DE", "2025-05-01..2025-05-01")


def test_only_non_amazon_orders_take_the_marketplace_from_the_currency(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given multi-channel orders only, in pounds
    path = _write(tmp_path, "S02-1-1\t2025-05-01T10:00:00+00:00\tShipped\tNon-Amazon\tA\t1\tGBP\t10.00\n")
    # when imported, then the one marketplace that sells in pounds is taken, and the ledger says why
    result = import_file(warehouse, path)
    assert result.marketplace == "amazon.UK"
    assert _rows(warehouse, "SELECT marketplace_source FROM import_ledger") == [
        ("currency GBP in 'currency'",)
    ]


def test_several_marketplaces_in_one_file_are_refused(warehouse: Warehouse, tmp_path: Path) -> None:
    # given orders from Amazon.de and Amazon.fr in one file
    path = _write(
        tmp_path,
        "302-1-1\t2025-05-01T10:00:00+00:00\tShipped\tAmazon.de\tA\t1\tEUR\t10.00\n"
        "171-1-1\t2025-05-01T11:00:00+00:00\tShipped\tAmazon.fr\tA\t1\tEUR\t10.00\n",
    )
    # when imported, then it is refused and nothing is written
    with pytest.raises(FileRefused, match=r"names several marketplaces \(Amazon.de, Amazon.fr\)"):
        import_file(warehouse, path)
    assert warehouse.count("order_line") == 0


def test_marketplace_option_contradicting_the_sales_channel_is_refused(warehouse: Warehouse) -> None:
    # given a US file and --marketplace amazon.UK, when imported, then it is refused and nothing is written
    with pytest.raises(
        FileRefused, match=r"amazon.US \(sales-channel Amazon.com\) but --marketplace amazon.UK"
    ):
        import_file(warehouse, US_32, ImportOptions(marketplace=get_marketplace("amazon.UK")))
    assert warehouse.count("order_header") == 0


def test_unreadable_quantity_is_refused_with_row_and_column(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a line whose quantity is not a number
    path = _write(
        tmp_path,
        "111-1-1\t2025-05-01T10:00:00+00:00\tShipped\tAmazon.com\tA\t1\tUSD\t10.00\n"
        "111-1-2\t2025-05-01T10:00:00+00:00\tShipped\tAmazon.com\tA\ttwo\tUSD\t10.00\n",
    )
    # when imported, then the message names row 3, the column and the value, and nothing is written
    with pytest.raises(FileRefused, match=r"row 3, column 'quantity': found 'two'"):
        import_file(warehouse, path)
    assert warehouse.count("order_line") == 0


def test_older_29_column_layout_with_url_loads(warehouse: Warehouse, tmp_path: Path) -> None:
    # given the MWS-era layout: a `url` column, no is-business-order, purchase-order-number or price-designation
    header = (
        "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\t"
        "sales-channel\torder-channel\turl\tship-service-level\tproduct-name\tsku\tasin\titem-status\tquantity\t"
        "currency\titem-price\titem-tax\tshipping-price\tshipping-tax\tgift-wrap-price\tgift-wrap-tax\t"
        "item-promotion-discount\tship-promotion-discount\tship-city\tship-state\tship-postal-code\tship-country\t"
        "promotion-ids\n"
    )
    row = (
        "403-1-1\t\t2017-06-17T08:04:21+00:00\t2017-06-18T22:07:59+00:00\tShipped\tAmazon\tAmazon.it\t\t\t"
        "SecondDay\tLamp\tLAMP-1\tB0LAMP\tShipped\t1\tEUR\t89.95\t16.22\t\t\t\t\t\t\tROMA\tRM\t00184\tIT\t\n"
    )
    # when imported, then the marketplace comes from the sales channel and the line loads
    result = import_file(warehouse, _write(tmp_path, row, header))
    assert (result.marketplace, result.period, result.rows_loaded) == (
        "amazon.IT",
        "2017-06-17..2017-06-17",
        1,
    )
    assert _rows(warehouse, "SELECT order_id, order_total, currency, is_business FROM order_header") == [
        ("403-1-1", Decimal("106.17"), "EUR", None)
    ]
