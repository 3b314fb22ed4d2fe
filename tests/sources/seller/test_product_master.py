"""The seller's product master workbook: every sheet loads in one import, bad cells are named by sheet, row and
column, and each sheet replaces what it should. Workbooks are written here with xlsxwriter, cell by cell."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest
import xlsxwriter

from sellerops.analytics.replenish import MODES as PLAN_MODES
from sellerops.analytics.replenish import ROUTES as PLAN_ROUTES
from sellerops.errors import FileRefused
from sellerops.sources.importer import import_file
from sellerops.sources.seller.product_master import MODES, ROUTES
from sellerops.sources.seller.template import write_product_template
from sellerops.warehouse import TABLES, Warehouse
from sellerops.warehouse.migrations import MIGRATIONS, migrate
from support import import_twice

D = dt.date
Rows = list[list[object]]
PRODUCTS: Rows = [
    [
        "SKU",
        "Title",
        "Supplier",
        "Unit cost",
        "Cost currency",
        "Case pack",
        "MOQ",
        "Lead time (days)",
        "Weight (kg)",
    ],
    ["NV-YL-BLK-M", "Yoga Leggings", "Ningbo Textile", 5.1, "usd", 24, 500, 21, 0.25],
    ["NV-WB-SAGE-1L", "Water Bottle", "Yiwu Metal", "4.40", "USD", 20, 0, 28, None],
]
LANES: Rows = [
    ["Marketplace", "Route", "Mode", "SKU", "Transit days", "Cost per unit", "Cost per kg", "Currency"],
    ["US", "local_to_fba", "海运", None, 35, 0.6, None, "USD"],
    ["amazon.US", "local to fba", "Air", None, 9, None, 6.5, "usd"],
    ["amazon.us", "overseas_to_fba", "truck", "NV-YL-BLK-M", 5, 0.3, None, "USD"],
]
ORDERS: Rows = [
    ["PO number", "SKU", "Order date", "Expected date", "Quantity ordered", "Quantity received"],
    ["PO-31", "NV-YL-BLK-M", "2026-02-01", "2026/03/20", 1200, 200],
    ["PO-32", "NV-WB-SAGE-1L", None, "2026-04-02", 600, None],
]
STOCK: Rows = [
    ["Warehouse", "Warehouse type", "Marketplace", "SKU", "Stock date", "On hand"],
    ["Shenzhen", "local", None, "NV-YL-BLK-M", "2026-03-01", 300],
    ["LA 3PL", "海外仓", "US", "NV-YL-BLK-M", "2026-03-01", 40],
]
CAPACITY: Rows = [["Marketplace", "Capacity (units)", "Valid from"], ["GB", 8000, "2026-03-01"]]


def workbook(path: Path, sheets: dict[str, Rows]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    book.close()
    return path


def everything(tmp_path: Path) -> Path:
    return workbook(
        tmp_path / "product-master.xlsx",
        {"Products": PRODUCTS, "Shipping lanes": LANES, "Purchase orders": ORDERS, "Warehouse stock": STOCK,
         "FBA capacity": CAPACITY},
    )  # fmt: skip


def rows(warehouse: Warehouse, table: str) -> list[tuple[object, ...]]:
    return warehouse.con.execute(f"SELECT * EXCLUDE (import_id) FROM {table} ORDER BY ALL").fetchall()


def test_the_routes_and_modes_the_importer_accepts_are_the_plans() -> None:
    assert (ROUTES, MODES) == (PLAN_ROUTES, PLAN_MODES)


def test_every_sheet_of_the_workbook_loads_in_one_import(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a product master with all five sheets
    # when it is imported (twice: the second changes nothing)
    result = import_twice(warehouse, everything(tmp_path))
    # then the importer matched the Products sheet, and read the four others beside it
    assert (result.report_type, result.rows_loaded, result.rows_rejected) == ("seller.product_master", 2, 0)
    assert result.notes == [
        "sheet 'Shipping lanes': 3 rows read as the Product master: shipping lanes (seller's workbook)",
        "sheet 'Purchase orders': 2 rows read as the Product master: open purchase orders (seller's workbook)",
        "sheet 'Warehouse stock': 2 rows read as the Product master: stock in own warehouses (seller's workbook)",
        "sheet 'FBA capacity': 1 rows read as the Product master: FBA capacity limits (seller's workbook)",
    ]
    # and every row is in its table: currencies upper-cased, 'US'/'GB' as marketplace codes, Chinese words for
    # sea and overseas read as such, dates in either form, blank SKU = a lane for every SKU
    money, kg = Decimal, Decimal
    assert rows(warehouse, "product") == [
        ("NV-WB-SAGE-1L", None, None, "Water Bottle", None, None, money("4.4000"), "USD", None, None, None, None,
         20, 0, 28, "Yiwu Metal"),
        ("NV-YL-BLK-M", None, None, "Yoga Leggings", None, None, money("5.1000"), "USD", None, None, None,
         kg("0.250"), 24, 500, 21, "Ningbo Textile"),
    ]  # fmt: skip
    assert rows(warehouse, "shipping_lane") == [
        ("amazon.US", "local_to_fba", "air", "", 9, None, money("6.5000"), "USD"),
        ("amazon.US", "local_to_fba", "sea", "", 35, money("0.6000"), None, "USD"),
        ("amazon.US", "overseas_to_fba", "truck", "NV-YL-BLK-M", 5, money("0.3000"), None, "USD"),
    ]
    assert rows(warehouse, "purchase_order") == [
        ("PO-31", "NV-YL-BLK-M", None, D(2026, 2, 1), D(2026, 3, 20), 1200, 200, None, None, None, None),
        ("PO-32", "NV-WB-SAGE-1L", None, None, D(2026, 4, 2), 600, None, None, None, None, None),
    ]
    assert rows(warehouse, "warehouse_stock") == [
        ("LA 3PL", "overseas", "amazon.US", "NV-YL-BLK-M", D(2026, 3, 1), 40, None),
        ("Shenzhen", "local", None, "NV-YL-BLK-M", D(2026, 3, 1), 300, None),
    ]
    assert rows(warehouse, "fba_capacity") == [("amazon.UK", 8000, D(2026, 3, 1), None)]


def test_a_later_list_replaces_the_earlier_and_a_partial_master_updates_only_its_skus(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given the full workbook imported
    import_file(warehouse, everything(tmp_path))
    # when a later workbook lists one product (a new cost) and one open PO only
    later = workbook(
        tmp_path / "later.xlsx",
        {"Products": [PRODUCTS[0], ["NV-WB-SAGE-1L", "Water Bottle", "Yiwu Metal", 4.6, "USD", 20, 0, 28, None]],
         "Purchase orders": [ORDERS[0], ORDERS[2]]},
    )  # fmt: skip
    result = import_file(warehouse, later)
    # then the other SKU keeps its row, PO-31 (no longer listed) is closed, the lanes are untouched
    assert warehouse.con.execute("SELECT sku, unit_cost FROM product ORDER BY sku").fetchall() == [
        ("NV-WB-SAGE-1L", Decimal("4.6000")),
        ("NV-YL-BLK-M", Decimal("5.1000")),
    ]
    assert warehouse.con.execute("SELECT po_number FROM purchase_order").fetchall() == [("PO-32",)]
    assert warehouse.count("shipping_lane") == 3
    # 1 product and 2 POs replaced (PO-32 by itself, PO-31 closed)
    assert result.rows_replaced == 3


def test_a_bad_cell_in_another_sheet_is_named_by_sheet_row_and_column_and_nothing_loads(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given a workbook whose Shipping lanes sheet says 'five' days on its third row and 'boat' as a mode
    bad = [LANES[0], LANES[1], ["US", "local_to_fba", "boat", None, "five", 2.4, None, "USD"]]
    path = workbook(tmp_path / "bad.xlsx", {"Products": PRODUCTS, "Shipping lanes": bad})
    # when it is imported
    with pytest.raises(FileRefused) as refused:
        import_file(warehouse, path)
    # then the refusal names the sheet, the row and both columns, and no sheet was loaded
    assert str(refused.value) == (
        "bad.xlsx, sheet 'Shipping lanes': 1 of 2 rows of this Product master: shipping lanes (seller's workbook) "
        "cannot be read\n"
        "  - row 3, column 'Mode'; expected a shipping mode: sea, air, truck, rail, express\n"
        "  - row 3, column 'Transit days': found 'five'; expected a whole number such as 5,824\n"
        "  What to do: Fix the sheet and import the workbook again."
    )
    assert (
        warehouse.count("product"),
        warehouse.count("shipping_lane"),
        warehouse.count("import_ledger"),
    ) == (
        0,
        0,
        0,
    )


def test_a_sku_twice_on_the_products_sheet_is_refused(warehouse: Warehouse, tmp_path: Path) -> None:
    path = workbook(tmp_path / "twice.xlsx", {"Products": [*PRODUCTS, PRODUCTS[1]]})
    with pytest.raises(FileRefused, match=r"row 2, column 'SKU'; expected each SKU on one row only"):
        import_file(warehouse, path)
    assert warehouse.count("product") == 0


def test_chinese_headers_in_a_csv_read_as_the_same_columns(warehouse: Warehouse, tmp_path: Path) -> None:
    # given the Products sheet as a CSV saved from a Chinese spreadsheet
    path = tmp_path / "产品资料.csv"
    path.write_text(
        "SKU,品名,采购单价,币种,装箱数,最小起订量,采购交期(天)\nNV-FH-BLK,毛线帽,2.2,CNY,50,300,15\n", "utf-8"
    )
    # when it is imported alone
    result = import_twice(warehouse, path)
    # then it is the product master, in Chinese
    assert (result.report_type, result.header_language) == ("seller.product_master", "zh")
    assert rows(warehouse, "product") == [
        ("NV-FH-BLK", None, None, "毛线帽", None, None, Decimal("2.2000"), "CNY", None, None, None, None, 50, 300, 15,
         None),
    ]  # fmt: skip


def test_the_template_has_every_sheet_and_header_and_imports_as_an_empty_master(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given the template written by `sellerops product template`
    path = write_product_template(tmp_path / "template.xlsx")
    book = openpyxl.load_workbook(path, read_only=True)
    headers = {s.title: [c.value for c in next(s.iter_rows(max_row=1))] for s in book.worksheets}
    book.close()
    # then it has the five sheets with their headers, and a guide
    assert headers["Products"] == [
        "SKU", "Parent SKU", "ASIN", "Title", "Brand", "Category", "Supplier", "Unit cost", "Cost currency",
        "Case pack", "MOQ", "Lead time (days)", "Length (cm)", "Width (cm)", "Height (cm)", "Weight (kg)",
    ]  # fmt: skip
    assert headers["FBA capacity"] == ["Marketplace", "Capacity (units)", "Valid from", "Note"]
    assert list(headers) == [
        "Products", "Shipping lanes", "Purchase orders", "Warehouse stock", "FBA capacity", "Read me"
    ]  # fmt: skip
    # and imported as it is, it loads every sheet with no rows
    result = import_file(warehouse, path)
    assert (result.report_type, result.rows_read, len(result.notes)) == ("seller.product_master", 0, 4)


def test_the_chinese_template_imports_too(warehouse: Warehouse, tmp_path: Path) -> None:
    path = write_product_template(tmp_path / "模板.xlsx", language="zh")
    result = import_file(warehouse, path)
    assert (result.report_type, result.header_language) == ("seller.product_master", "zh")


def test_an_older_warehouse_gains_the_replenishment_tables(tmp_path: Path) -> None:
    # given a warehouse made by the first migration only
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    con.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMPTZ)"
    )
    MIGRATIONS[0].apply(con)
    con.execute("INSERT INTO schema_migrations VALUES (1, 'initial', now())")
    new = {"purchase_order", "shipping_lane", "warehouse_stock", "fba_capacity"}
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert tables & new == set()
    # when it is migrated, then it has every table a new warehouse has
    assert migrate(con) == [2]
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert tables == {t.name for t in TABLES} | {"schema_migrations"}
    con.close()
