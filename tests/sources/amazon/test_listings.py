"""Listings reports: the real UK Active Listings file with exact totals, All Listings, same-day replacement."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from sellerops.core.marketplaces import get_marketplace
from sellerops.core.periods import Period
from sellerops.errors import FileRefused
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse
from support import TEST_DATA, datasets_dir, plain_number, read_csv_rows, warehouse_state

UK, US = get_marketplace("amazon.UK"), get_marketplace("amazon.US")
DAY = Period.parse("2026-02-26")
ACTIVE_UK = "amazon_listings/fridaysalami_uk_foodservice/Active+Listings+Report_02-26-2026.csv"
LISTINGS = TEST_DATA / "amazon" / "listings"
UTC = dt.UTC


def _listings(warehouse: Warehouse, where: str = "true") -> list[tuple[object, ...]]:
    return warehouse.con.execute(
        f"SELECT sku, status, quantity, price, open_at, fulfillment_channel FROM listing WHERE {where} ORDER BY sku"
    ).fetchall()


@pytest.mark.datasets
def test_real_uk_active_listings_import_with_exact_totals_and_twice_changes_nothing(
    warehouse: Warehouse,
) -> None:
    # given the real UK Active Listings file and its totals read with the csv module
    path = datasets_dir() / ACTIVE_UK
    rows = read_csv_rows(path)
    expected = (
        len(rows),
        sum(int(r["quantity"]) for r in rows),
        sum((plain_number(r["price"]) for r in rows), Decimal(0)),
    )
    channels = Counter(r["fulfillment-channel"] for r in rows)

    # when it is imported twice for the day it was downloaded
    options = ImportOptions(marketplace=UK, period=DAY)
    first = import_file(warehouse, path, options)
    state = warehouse_state(warehouse)
    second = import_file(warehouse, path, options)

    # then every row is one listing of that day, with exactly the file's totals
    assert (first.status, first.report_type, first.rows_read, first.rows_loaded) == (
        "loaded", "amazon.active_listings", len(rows), len(rows),
    )  # fmt: skip
    assert expected == (4736, 82053, Decimal("145013.79"))
    got = warehouse.con.execute(
        "SELECT count(*), sum(quantity), sum(price), min(snapshot_date), max(snapshot_date), "
        "list(DISTINCT currency), list(DISTINCT status), list(DISTINCT marketplace) FROM listing"
    ).fetchone()
    assert got == (*expected, DAY.end, DAY.end, ["GBP"], ["Active"], ["amazon.UK"])
    by_channel = dict(
        warehouse.con.execute("SELECT fulfillment_channel, count(*) FROM listing GROUP BY ALL").fetchall()
    )
    assert by_channel == dict(channels) == {"DEFAULT": 4736}
    # and the second import changed nothing
    assert (second.status, second.import_id) == ("already_imported", first.import_id)
    assert warehouse_state(warehouse) == state


@pytest.mark.datasets
def test_real_uk_listings_keep_bst_gmt_open_dates_case_distinct_skus_and_b2b_tiers(
    warehouse: Warehouse,
) -> None:
    # given the real UK file imported
    import_file(warehouse, datasets_dir() / ACTIVE_UK, ImportOptions(marketplace=UK, period=DAY))
    # then open-date in BST is an hour ahead of UTC, in GMT equal to it; "14/05/2024" is day first
    assert warehouse.con.execute(
        "SELECT sku, open_at FROM listing WHERE sku IN ('0X-U12R-J16J', 'COL04') ORDER BY sku"
    ).fetchall() == [
        ("0X-U12R-J16J", dt.datetime(2024, 5, 14, 8, 48, 59, tzinfo=UTC)),
        ("COL04", dt.datetime(2020, 11, 12, 13, 33, 28, tzinfo=UTC)),
    ]
    # and two SKUs that differ only in case are two listings
    assert warehouse.con.execute(
        "SELECT sku, asin, listing_id FROM listing WHERE lower(sku) = 'cambr002 - 002 prime' ORDER BY sku"
    ).fetchall() == [
        ("CAMBR002 - 002 Prime", "B0D7J1KHMK", "0619BL8CN7R"),
        ("CAMBR002 - 002 prime", "B09FP7YNBH", "0622AVUZJOZ"),
    ]
    # and the business price with its quantity tier is kept
    assert warehouse.con.execute(
        "SELECT business_price, business_price_tiers FROM listing WHERE business_price IS NOT NULL ORDER BY sku"
    ).fetchall() == [
        (
            Decimal("16.5200"),
            '{"quantity":{"type":"fixed","tiers":[{"from":10,"price":"14.0000"}]},"progressive":null}',
        ),
        (Decimal("7.0000"), None),
    ]


def test_listings_without_period_is_refused_and_names_the_download_day(warehouse: Warehouse) -> None:
    # given an All Listings file and no --period
    # when it is imported, then it is refused naming --period D..D, and nothing is written
    with pytest.raises(FileRefused, match=r"give the day the report was downloaded with --period D\.\.D"):
        import_file(warehouse, LISTINGS / "all_listings_us.txt", ImportOptions(marketplace=US))
    assert (warehouse.count("listing"), warehouse.count("import_ledger")) == (0, 0)


def test_listings_without_marketplace_is_refused(warehouse: Warehouse) -> None:
    with pytest.raises(FileRefused, match="--marketplace"):
        import_file(warehouse, LISTINGS / "all_listings_us.txt", ImportOptions(period=DAY))
    assert warehouse.count("listing") == 0


def test_all_listings_carry_status_and_pdt_pst_open_dates(warehouse: Warehouse) -> None:
    # given a tab-separated All Listings file with an FBA row (no quantity), a thousands price and an inactive row
    result = import_file(
        warehouse, LISTINGS / "all_listings_us.txt", ImportOptions(marketplace=US, period=DAY)
    )
    # then each row is exact, open-date shifted from PDT (-7) or PST (-8) to UTC
    assert (result.report_type, result.rows_loaded) == ("amazon.all_listings", 3)
    assert _listings(warehouse) == [
        ("KIT-OLD", "Inactive", 0, Decimal("19.5000"), dt.datetime(2023, 3, 1, 16, 0, tzinfo=UTC), "DEFAULT"),
        (
            "LHS-1KG",
            "Active",
            None,
            Decimal("49.9900"),
            dt.datetime(2024, 7, 21, 16, 58, 12, tzinfo=UTC),
            "AMAZON_NA",
        ),
        (
            "MGS-5KG",
            "Active",
            7,
            Decimal("1249.0000"),
            dt.datetime(2025, 1, 16, 2, 30, tzinfo=UTC),
            "DEFAULT",
        ),
    ]


def test_active_listings_of_the_same_day_replace_active_rows_and_keep_inactive_ones(
    warehouse: Warehouse,
) -> None:
    # given the All Listings of a day loaded
    options = ImportOptions(marketplace=US, period=DAY)
    import_file(warehouse, LISTINGS / "all_listings_us.txt", options)
    # when that day's Active Listings (one listing left active, at a new price) arrives
    result = import_file(warehouse, LISTINGS / "active_listings_us_no_b2b.txt", options)
    # then the active set is the new file's; the inactive listing stays; nothing is added twice
    assert (result.report_type, result.rows_replaced) == ("amazon.active_listings", 2)
    assert [(r[0], r[1], r[3]) for r in _listings(warehouse)] == [
        ("KIT-OLD", "Inactive", Decimal("19.5000")),
        ("LHS-1KG", "Active", Decimal("47.9900")),
    ]


def test_another_day_is_another_snapshot(warehouse: Warehouse) -> None:
    import_file(warehouse, LISTINGS / "all_listings_us.txt", ImportOptions(marketplace=US, period=DAY))
    import_file(
        warehouse,
        LISTINGS / "active_listings_us_no_b2b.txt",
        ImportOptions(marketplace=US, period=Period.parse("2026-02-27")),
    )
    assert warehouse.con.execute(
        "SELECT snapshot_date, count(*) FROM listing GROUP BY ALL ORDER BY 1"
    ).fetchall() == [(dt.date(2026, 2, 26), 3), (dt.date(2026, 2, 27), 1)]


HEADER = (
    "item-name,item-description,listing-id,seller-sku,price,quantity,open-date,asin1,fulfillment-channel\n"
)


def test_slashed_open_dates_month_first_when_a_day_above_12_comes_second(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given a US file whose slashed dates can only be month first
    path = tmp_path / "listings.csv"
    path.write_text(
        HEADER + "Kit,,L1,SKU-1,10.00,3,07/21/2024 09:58:12 PDT,B01,DEFAULT\n"
        "Kit 2,,L2,SKU-2,12.00,1,01/02/2025 10:00:00,B02,DEFAULT\n",
        encoding="utf-8",
    )
    import_file(warehouse, path, ImportOptions(marketplace=US, period=DAY))
    # then July 21st is read, and a time without a zone is the marketplace's own (PST in January)
    assert [r[4] for r in _listings(warehouse)] == [
        dt.datetime(2024, 7, 21, 16, 58, 12, tzinfo=UTC),
        dt.datetime(2025, 1, 2, 18, 0, tzinfo=UTC),
    ]


def test_unreadable_open_date_is_refused_with_row_and_column(warehouse: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "listings.csv"
    path.write_text(
        HEADER
        + "Kit,,L1,SKU-1,10.00,3,14/05/2024 09:48:59 BST,B01,DEFAULT\nKit,,L2,SKU-2,10.00,3,yesterday,B02,DEFAULT\n",
        encoding="utf-8",
    )
    with pytest.raises(FileRefused) as refused:
        import_file(warehouse, path, ImportOptions(marketplace=UK, period=DAY))
    assert [(p.row, p.column) for p in refused.value.problems] == [(3, "open-date")]
    assert warehouse.count("listing") == 0


def test_same_sku_twice_in_one_file_is_refused(warehouse: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "listings.csv"
    row = "Kit,,L1,SKU-1,10.00,3,14/05/2024 09:48:59 BST,B01,DEFAULT\n"
    path.write_text(HEADER + row + row, encoding="utf-8")
    with pytest.raises(FileRefused, match="more than once"):
        import_file(warehouse, path, ImportOptions(marketplace=UK, period=DAY))
    assert warehouse.count("listing") == 0


def test_an_unchanged_listings_report_downloaded_another_day_is_another_snapshot(
    warehouse: Warehouse,
) -> None:
    # given an All Listings report imported for one day
    path = LISTINGS / "all_listings_us.txt"
    us = get_marketplace("amazon.US")
    first = import_file(
        warehouse, path, ImportOptions(marketplace=us, period=Period.parse("2026-02-19..2026-02-19"))
    )
    # when the very same bytes are imported again for that day, and then for the next week
    again = import_file(
        warehouse, path, ImportOptions(marketplace=us, period=Period.parse("2026-02-19..2026-02-19"))
    )
    later = import_file(
        warehouse, path, ImportOptions(marketplace=us, period=Period.parse("2026-02-26..2026-02-26"))
    )
    # then the repeat changes nothing and the later day is a snapshot of its own
    assert (first.status, again.status, again.import_id, later.status) == (
        "loaded",
        "already_imported",
        first.import_id,
        "loaded",
    )
    days = warehouse.con.execute(
        "SELECT snapshot_date, count(*) FROM listing GROUP BY ALL ORDER BY 1"
    ).fetchall()
    assert [d for d, _ in days] == [dt.date(2026, 2, 19), dt.date(2026, 2, 26)]
    assert days[0][1] == days[1][1]
