"""`sellerops plan replenish` and `sellerops product template` through the command line, on a hand-built warehouse:
ten units a day for 120 days on amazon.US, 100 units at FBA, and a product master imported through the importer."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from typer.testing import CliRunner

from sellerops.cli.app import app
from sellerops.sources.importer import import_file
from sellerops.warehouse import open_warehouse

runner = CliRunner()
AS_OF = dt.date(2026, 6, 30)
SKU = "NV-WB-SAGE-1L"


def _master(path: Path) -> Path:
    sheets = {
        "Products": [
            ["SKU", "Unit cost", "Cost currency", "Case pack", "MOQ", "Lead time (days)", "Weight (kg)"],
            [SKU, 4.4, "USD", 24, 200, 20, 0.5],
        ],
        "Shipping lanes": [
            ["Marketplace", "Route", "Mode", "Transit days", "Cost per kg", "Currency"],
            ["US", "local_to_fba", "sea", 35, 1.2, "USD"],
            ["US", "local_to_fba", "air", 10, 6.5, "USD"],
        ],
    }
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    book.close()
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "wh" / "sellerops.duckdb"
    with open_warehouse(path) as warehouse:
        import_file(warehouse, _master(tmp_path / "product-master.xlsx"))
        con = warehouse.con
        for k in range(120):
            day = AS_OF - dt.timedelta(days=k)
            con.execute(
                "INSERT INTO order_line (marketplace, order_id, line_id, purchase_at, purchase_date, order_status, "
                "fulfillment_channel, sku, quantity, import_id) VALUES ('amazon.US', ?, '1', ?, ?, 'Shipped', "
                "'Amazon', ?, 10, 99)",
                [f"111-{k:07d}", dt.datetime.combine(day, dt.time(12), dt.UTC), day, SKU],
            )
        con.execute(
            "INSERT INTO inventory_snapshot (marketplace, warehouse, sku, snapshot_at, snapshot_date, fulfillable, "
            "reserved, import_id) VALUES ('amazon.US', 'FBA', ?, ?, ?, 100, 0, 99)",
            [SKU, dt.datetime.combine(AS_OF, dt.time(23), dt.UTC), AS_OF],
        )
    return path


def test_plan_replenish_writes_the_workbook_and_the_csvs(db: Path, tmp_path: Path) -> None:
    # when the plan is made for the warehouse's last day of orders
    out = tmp_path / "reports"
    result = runner.invoke(
        app, ["plan", "replenish", "--db", str(db), "--format", "xlsx,csv", "--out", str(out)]
    )
    # then it says what it did and wrote one workbook and one CSV per section
    assert result.exit_code == 0, result.output
    assert "Replenishment plan for 2026-06-30" in result.output
    stem = "replenish-2026-06-30"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{stem}.xlsx"]
        + [f"{stem}-{k}.csv" for k in ("purchases", "shipments", "lines", "held", "skipped", "about")]
    )
    book = openpyxl.load_workbook(out / f"{stem}.xlsx", read_only=True)
    assert book.sheetnames == [
        "Purchase orders",
        "Shipments",
        "Plan by SKU",
        "Held by FBA capacity",
        "Not planned",
        "About",
    ]
    book.close()
    # and the purchase: 10 a day, 100 units at FBA, nothing else: a purchase in whole cases of 24, at least the MOQ
    # of 200, priced at 4.40 USD; FBA's 100 units run out on day 11, long before sea (20 + 35 days), so some fly
    with (out / f"{stem}-purchases.csv").open(encoding="utf-8") as handle:
        (purchase,) = list(csv.DictReader(handle))
    quantity = int(purchase["Order quantity"])
    assert (purchase["SKU"], quantity % 24, quantity >= 200, purchase["Unit cost"], purchase["Unit cost currency"]) == (
        SKU, 0, True, "4.4", "USD",
    )  # fmt: skip
    assert int(purchase["Units to send by air"]) > 0
    # and the line: the lead time is production + sea, 20 + 35 = 55 days; FBA's 100 units last 10 days
    with (out / f"{stem}-lines.csv").open(encoding="utf-8") as handle:
        (line,) = list(csv.DictReader(handle))
    assert (line["Marketplace"], line["Lead time (days)"], line["FBA on hand"], line["Order now"]) == (
        "amazon.US", "55", "100", "yes",
    )  # fmt: skip
    assert line["FBA days of cover"] == "10"
    assert line["FBA stock-out"] == "2026-07-11"


def test_plan_needs_a_product_master(tmp_path: Path) -> None:
    # given a warehouse with orders but no product master
    path = tmp_path / "wh" / "sellerops.duckdb"
    with open_warehouse(path) as warehouse:
        warehouse.con.execute(
            "INSERT INTO order_line (marketplace, order_id, line_id, purchase_at, purchase_date, order_status, sku, "
            "quantity, import_id) VALUES ('amazon.US', '1', '1', TIMESTAMPTZ '2026-06-30 12:00:00+00', "
            "DATE '2026-06-30', 'Shipped', 'A', 1, 1)"
        )
    result = runner.invoke(app, ["plan", "replenish", "--db", str(path), "--out", str(tmp_path / "out")])
    # then it says what to do, and writes nothing
    assert result.exit_code == 1
    assert "no product master" in result.output
    assert "sellerops product template" in result.output
    assert not (tmp_path / "out").exists()


def test_a_format_other_than_xlsx_or_csv_is_refused(db: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["plan", "replenish", "--db", str(db), "--format", "pdf", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "use xlsx, csv or xlsx,csv" in result.output


def test_product_template_writes_the_workbook_that_imports(tmp_path: Path) -> None:
    # when the template is written
    path = tmp_path / "master.xlsx"
    result = runner.invoke(app, ["product", "template", "--out", str(path)])
    # then it is there, and the importer reads it as the product master
    assert result.exit_code == 0, result.output
    with open_warehouse(tmp_path / "wh.duckdb") as warehouse:
        assert import_file(warehouse, path).report_type == "seller.product_master"


def test_product_template_must_be_a_workbook(tmp_path: Path) -> None:
    result = runner.invoke(app, ["product", "template", "--out", str(tmp_path / "master.csv")])
    assert result.exit_code == 1
    assert "give a file name ending in .xlsx" in result.output
    assert not (tmp_path / "master.csv").exists()
