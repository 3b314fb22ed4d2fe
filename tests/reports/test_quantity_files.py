"""Quantity-update files per channel: the layout each platform's file is written in, read back cell by cell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from sellerops.analytics.channels import QuantityUpdate
from sellerops.errors import InputError
from sellerops.reports.quantity_files import layout_for, write_quantity_files

AS_OF = dt.date(2026, 10, 31)
UPDATES = (
    QuantityUpdate("amazon.US", "MUG-01", "0712AB", 25, 40),
    QuantityUpdate("amazon.US", "CUP-02", None, 0, 5),
    QuantityUpdate("shopee.SG", "MUG-01", "23456789012", 12, 0),
    QuantityUpdate("lazada.MY", "MUG-01", "3001234567", 20, 0),
    QuantityUpdate("tiktok.US", "LAMP-9", "1729384756", 3, None),
    QuantityUpdate("aliexpress.ES", "LAMP-9", "1005001234567890", 0, 2),
)


def _sheet(path: Path) -> tuple[str, list[list[object]]]:
    book = CalamineWorkbook.from_path(str(path))
    name = book.sheet_names[0]
    return name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def test_one_file_per_marketplace_named_by_marketplace_and_day(tmp_path: Path) -> None:
    # when the updates of five channels are written
    paths = write_quantity_files(UPDATES, tmp_path, as_of=AS_OF)
    # then each marketplace has one file, Amazon's as text, the others as workbooks
    assert [p.name for p in paths] == [
        "quantity-aliexpress.ES-2026-10-31.xlsx",
        "quantity-amazon.US-2026-10-31.txt",
        "quantity-lazada.MY-2026-10-31.xlsx",
        "quantity-shopee.SG-2026-10-31.xlsx",
        "quantity-tiktok.US-2026-10-31.xlsx",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)


def test_amazon_price_and_quantity_file_is_tab_separated_with_only_sku_and_quantity(tmp_path: Path) -> None:
    # when Amazon's updates are written
    (path,) = write_quantity_files(UPDATES[:2], tmp_path, as_of=AS_OF)
    # then the flat file has its one header row and blank price, handling-time and channel columns
    assert path.read_bytes().decode("utf-8") == (
        "sku\tprice\tminimum-seller-allowed-price\tmaximum-seller-allowed-price\tquantity\thandling-time\t"
        "fulfillment-channel\n"
        "MUG-01\t\t\t\t25\t\t\n"
        "CUP-02\t\t\t\t0\t\t\n"
    )


def test_shopee_sales_info_sheet_has_its_key_marker_and_label_rows_and_data_from_row_7(
    tmp_path: Path,
) -> None:
    # when Shopee's update is written
    (path,) = write_quantity_files(UPDATES[2:3], tmp_path, as_of=AS_OF)
    name, rows = _sheet(path)
    # then row 1 keys, row 2 "sales_info", row 3 labels, rows 4–6 empty, row 7 the product id (as text), the SKU
    # and the stock; price and the other fields blank
    blank = [""] * 8
    assert (name, rows) == (
        "Sheet1",
        [
            ["et_title_product_id", "et_title_product_name", "et_title_variation_id", "et_title_variation_name",
             "et_title_parent_sku", "et_title_variation_sku", "et_title_variation_price", "et_title_variation_stock"],
            ["sales_info", *blank[1:]],
            ["Product ID", "Product Name", "Variation ID", "Variation Name", "Parent SKU", "SKU", "Price", "Stock"],
            blank,
            blank,
            blank,
            ["23456789012", "", "", "", "", "MUG-01", "", 12],
        ],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("update", "header", "row"),
    [
        (UPDATES[3], ["ItemId", "SellerSku", "Quantity"], ["3001234567", "MUG-01", 20]),
        (UPDATES[4], ["product_id", "sku_id", "seller_sku", "quantity"], ["1729384756", "", "LAMP-9", 3]),
        (UPDATES[5], ["product_id", "sku_code", "inventory"], ["1005001234567890", "LAMP-9", 0]),
    ],
)
def test_unverified_layouts_use_the_open_platform_field_names(
    tmp_path: Path, update: QuantityUpdate, header: list[str], row: list[object]
) -> None:
    (path,) = write_quantity_files([update], tmp_path, as_of=AS_OF)
    assert _sheet(path) == ("Sheet1", [header, row])


def test_an_unknown_platform_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no quantity-update layout for 'ebay\.US'"):
        write_quantity_files([UPDATES[0], QuantityUpdate("ebay.US", "X", None, 1, 0)], tmp_path, as_of=AS_OF)
    assert list(tmp_path.iterdir()) == []


def test_layouts_are_found_by_platform_whatever_the_case() -> None:
    assert [layout_for(m).platform for m in ("Amazon.UK", "tiktokshop.MY", "shopee.ph")] == [
        "amazon", "tiktok", "shopee",
    ]  # fmt: skip
