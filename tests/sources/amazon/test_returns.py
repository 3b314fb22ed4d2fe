"""FBA customer returns: the documented layouts and date forms, unknown codes kept, re-downloads, refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sellerops.core.marketplaces import get_marketplace
from sellerops.errors import FileRefused
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse
from support import TEST_DATA, import_twice, read_csv_rows

RETURNS = TEST_DATA / "amazon" / "returns"
UTC = dt.UTC
ROW_SQL = (
    "SELECT return_at, return_date, order_id, sku, quantity, disposition, reason, status, license_plate_number, seq, "
    "customer_comments FROM return_line ORDER BY ALL"
)


def _options(code: str) -> ImportOptions:
    return ImportOptions(marketplace=get_marketplace(code))


def test_sp_api_layout_with_iso_dates_keeps_unknown_reason_codes(warehouse: Warehouse) -> None:
    # given the 13-column download with ISO timestamps, two units of one order told apart by their LPN,
    # a comment with a comma and a reason code no list knows yet
    path = RETURNS / "fba_returns_us_iso.tsv"
    file_rows = read_csv_rows(path, delimiter="\t")
    # when imported twice for amazon.US
    result = import_twice(warehouse, path, _options("amazon.US"))
    # then every row is there as written; 02:10 UTC on 7 June is 6 June in Los Angeles
    assert (result.rows_loaded, result.period) == (len(file_rows), "2025-06-05..2025-06-09")
    assert warehouse.con.execute(ROW_SQL).fetchall() == [
        (dt.datetime(2025, 6, 5, 15, 31, 40, tzinfo=UTC), dt.date(2025, 6, 5), "114-2962899-5762619", "LUNA-1KG", 1,
         "CUSTOMER_DAMAGED", "NOT_COMPATIBLE", "Unit returned to inventory", "LPNNC5N165ZVR", 1, None),
        (dt.datetime(2025, 6, 5, 15, 31, 40, tzinfo=UTC), dt.date(2025, 6, 5), "114-2962899-5762619", "LUNA-1KG", 1,
         "SELLABLE", "UNWANTED_ITEM", "Unit returned to inventory", "LPNNC5N165ZVS", 1, None),
        (dt.datetime(2025, 6, 7, 2, 10, tzinfo=UTC), dt.date(2025, 6, 6), "112-0000001-0000009", "MARS-500G", 2,
         "DEFECTIVE", "QUALITY_UNACCEPTABLE", "Reimbursed", "LPNPP8Q2XK1WA", 1, "bag split open, dust everywhere"),
        (dt.datetime(2025, 6, 9, 18, 45, 12, tzinfo=UTC), dt.date(2025, 6, 9), "113-0000004-0000007", "MARS-500G", 1,
         "SELLABLE", "BRAND_NEW_REASON_2025", "Unit returned to inventory", "LPNRR0000TEST", 1, "changed my mind"),
    ]  # fmt: skip


def test_amazon_order_id_and_day_month_name_year_without_lpn(warehouse: Warehouse) -> None:
    # given the BR/IT/AU header `amazon-order-id`, dates as 03-FEB-2025, no license-plate-number column,
    # and the same SKU of one order returned twice on one day
    result = import_twice(warehouse, RETURNS / "fba_returns_it_ddmonyyyy.tsv", _options("amazon.IT"))
    # then a bare day is midnight in Rome, and the two units are numbered in file order
    assert (result.rows_loaded, result.period) == (3, "2025-02-03..2025-02-28")
    assert warehouse.con.execute(ROW_SQL).fetchall() == [
        (dt.datetime(2025, 2, 2, 23, 0, tzinfo=UTC), dt.date(2025, 2, 3), "405-1111111-2222222", "SALAMI-FENNEL", 1,
         "EXPIRED", "EXPIRED_ITEM", "Unit returned to inventory", "", 2, None),
        (dt.datetime(2025, 2, 2, 23, 0, tzinfo=UTC), dt.date(2025, 2, 3), "405-1111111-2222222", "SALAMI-FENNEL", 1,
         "SELLABLE", "APPAREL_STYLE", "Unit returned to inventory", "", 1, None),
        (dt.datetime(2025, 2, 27, 23, 0, tzinfo=UTC), dt.date(2025, 2, 28), "405-3333333-4444444", "SALAMI-CHILLI", 3,
         "CARRIER_DAMAGED", "DAMAGED_BY_CARRIER", "Reimbursed", "", 1, "scatola rotta"),
    ]  # fmt: skip


def test_au_capitalised_headers_and_day_month_year(warehouse: Warehouse) -> None:
    # given the AU spelling (Return-date, SKU, Fulfilment-centre-id) and dates as 30-04-2025
    result = import_twice(warehouse, RETURNS / "fba_returns_au_capitalised.tsv", _options("amazon.AU"))
    # then both rows load, day first, at midnight in Sydney
    assert (result.rows_loaded, result.period) == (2, "2025-04-01..2025-04-30")
    assert warehouse.con.execute(
        "SELECT return_at, return_date, fulfillment_center, license_plate_number FROM return_line ORDER BY ALL"
    ).fetchall() == [
        (dt.datetime(2025, 3, 31, 13, 0, tzinfo=UTC), dt.date(2025, 4, 1), "SYD1", "LPNAU0000001"),
        (dt.datetime(2025, 4, 29, 14, 0, tzinfo=UTC), dt.date(2025, 4, 30), "MEL1", "LPNAU0000002"),
    ]


def test_re_download_of_the_same_dates_replaces_the_returns(warehouse: Warehouse, tmp_path: Path) -> None:
    # given the June returns loaded
    original = RETURNS / "fba_returns_us_iso.tsv"
    import_file(warehouse, original, _options("amazon.US"))
    # when a re-download of the same days arrives: one return's status moved on, one return is no longer listed
    lines = original.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = [lines[0], lines[1], lines[2].replace("Unit returned to inventory", "Reimbursed"), lines[3]]
    path = tmp_path / "returns_again.tsv"
    path.write_text("".join(changed), encoding="utf-8")
    result = import_file(warehouse, path, _options("amazon.US"))
    # then the warehouse holds exactly the new download for those days
    assert (result.period, result.rows_replaced) == ("2025-06-05..2025-06-06", 3)
    assert warehouse.con.execute(
        "SELECT order_id, license_plate_number, status FROM return_line ORDER BY ALL"
    ).fetchall() == [
        ("112-0000001-0000009", "LPNPP8Q2XK1WA", "Reimbursed"),
        ("113-0000004-0000007", "LPNRR0000TEST", "Unit returned to inventory"),
        ("114-2962899-5762619", "LPNNC5N165ZVR", "Unit returned to inventory"),
        ("114-2962899-5762619", "LPNNC5N165ZVS", "Reimbursed"),
    ]


def test_returns_without_marketplace_are_refused(warehouse: Warehouse) -> None:
    # given a returns report and no --marketplace, when imported, then it is refused naming the option
    with pytest.raises(FileRefused, match=r"does not name its marketplace(.|\n)*--marketplace"):
        import_file(warehouse, RETURNS / "fba_returns_us_iso.tsv")
    assert (warehouse.count("return_line"), warehouse.count("import_ledger")) == (0, 0)


def test_a_return_date_in_no_known_form_is_refused(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a return dated 15-03-25: a two-digit year, which no returns layout writes
    path = tmp_path / "returns.tsv"
    path.write_text(
        "return-date\torder-id\tsku\tquantity\tdetailed-disposition\n"
        "2025-03-14T10:00:00+00:00\t111-1\tA\t1\tSELLABLE\n"
        "15-03-25\t111-2\tA\t1\tSELLABLE\n",
        encoding="utf-8",
    )
    # when imported, then it is refused naming row 3 and the column, and nothing is written
    with pytest.raises(FileRefused, match=r"row 3, column 'return-date'; expected a return date such as"):
        import_file(warehouse, path, _options("amazon.US"))
    assert warehouse.count("return_line") == 0
