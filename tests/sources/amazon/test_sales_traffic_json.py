"""Sales and Traffic report (SP-API JSON): per-SKU days, multi-day child reports, account rows, replacement."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sellerops.errors import FileRefused
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse
from support import TEST_DATA, warehouse_state

DATA = TEST_DATA / "amazon" / "sales_traffic"
UK_DAY = DATA / "sales_traffic_uk_sku_2025-07-14.json"
US_CHILD = DATA / "sales_traffic_us_child_2025-06-01_03.json"
day = dt.date


def _doc(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _write(tmp_path: Path, name: str, doc: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _sku_rows(warehouse: Warehouse) -> list[tuple[Any, ...]]:
    return warehouse.con.execute(
        "SELECT marketplace, period_from, period_to, sku, units_ordered, ordered_sales FROM sales_traffic ORDER BY ALL"
    ).fetchall()


def test_sku_day_loads_exact_values_and_twice_changes_nothing(warehouse: Warehouse) -> None:
    # given one UK day by SKU, and its totals read with json and Decimal
    doc = json.loads(UK_DAY.read_text(encoding="utf-8"), parse_float=Decimal)
    asin_rows = doc["salesAndTrafficByAsin"]
    units = sum(r["salesByAsin"]["unitsOrdered"] for r in asin_rows)
    sales = sum(r["salesByAsin"]["orderedProductSales"]["amount"] for r in asin_rows)
    # when imported twice
    first = import_file(warehouse, UK_DAY)
    state = warehouse_state(warehouse)
    second = import_file(warehouse, UK_DAY)
    # then the day, the marketplace and every value come from the document itself
    assert (first.report_type, first.marketplace, first.period, first.rows_read) == (
        "amazon.sales_traffic_json", "amazon.UK", "2025-07-14..2025-07-14", 4,
    )  # fmt: skip
    assert warehouse.con.execute(
        "SELECT sum(units_ordered), sum(ordered_sales) FROM sales_traffic"
    ).fetchone() == (
        units,
        sales,
    )
    assert warehouse.con.execute(
        "SELECT * EXCLUDE (import_id, marketplace, period_from, period_to) FROM sales_traffic ORDER BY parent_asin, sku"
    ).fetchall() == [
        ("B0PARENT01", "B0CHILD001", "TEA-100G", None, 100, 3, 60, 40, 165, 4, 95, 70, Decimal("0.962500"),
         Decimal("1.000000"), 3, 1, Decimal("59.9700"), Decimal("19.9900"), "GBP", 2, 1, None, None, None, None),
        ("B0PARENT01", "B0CHILD001", "TEA-100G-FBM", None, 100, None, 60, 40, 165, None, 95, 70, Decimal("0.037500"),
         None, 1, None, Decimal("19.9900"), None, "GBP", 1, None, None, None, None, None),
        ("B0PARENT02", "B0CHILD002", "MUG-RED", None, 80, None, 50, 30, 135, None, 85, 50, Decimal("1.000000"), None,
         1, None, Decimal("16.5000"), None, "GBP", 1, None, None, None, None, None),
    ]  # fmt: skip
    # and the account row for the day is kept apart, with its refunds, claims and feedback
    assert warehouse.con.execute("SELECT * EXCLUDE (import_id) FROM account_sales_traffic").fetchall() == [
        ("amazon.UK", day(2025, 7, 14), day(2025, 7, 14), Decimal("96.4600"), None, "GBP", 5, None, 4, None, 1, 0,
         Decimal("0.0000"), Decimal("77.4700"), 4, 3, 180, None, 110, 70, 300, None, 180, 120, Decimal("0.975000"),
         None, 3, 2, 2, 1),
    ]  # fmt: skip
    assert (second.status, second.import_id) == ("already_imported", first.import_id)
    assert warehouse_state(warehouse) == state


def test_multi_day_child_report_covers_its_stated_dates_with_empty_sku(warehouse: Warehouse) -> None:
    # given a US report by child ASIN for 1–3 June, with one account row per day
    result = import_file(warehouse, US_CHILD)
    # then the ASIN rows cover the whole range and the day rows one day each
    assert (result.marketplace, result.period) == ("amazon.US", "2025-06-01..2025-06-03")
    assert warehouse.con.execute(
        "SELECT period_from, period_to, parent_asin, child_asin, sku, sessions, page_views, buy_box_ratio, "
        "units_ordered, ordered_sales, order_items, currency FROM sales_traffic ORDER BY child_asin"
    ).fetchall() == [
        (day(2025, 6, 1), day(2025, 6, 3), "B0USPARENT", "B0USCHILD1", "", 600, 950, Decimal("0.995000"), 10,
         Decimal("249.9000"), 9, "USD"),
        (day(2025, 6, 1), day(2025, 6, 3), "B0USPARENT", "B0USCHILD2", "", 400, 520, Decimal("0.982500"), 7,
         Decimal("180.8500"), 7, "USD"),
    ]  # fmt: skip
    assert warehouse.con.execute(
        "SELECT period_from, period_to, ordered_sales, units_ordered, units_refunded, claims_granted, claims_amount, "
        "sessions, page_views, buy_box_ratio, negative_feedback_received FROM account_sales_traffic ORDER BY 1"
    ).fetchall() == [
        (day(2025, 6, 1), day(2025, 6, 1), Decimal("120.5000"), 5, 0, 0, Decimal("0.0000"), 260, 400,
         Decimal("0.991000"), 0),
        (day(2025, 6, 2), day(2025, 6, 2), Decimal("0.0000"), 0, 1, 0, Decimal("0.0000"), 240, 350,
         Decimal("0.980000"), 0),
        (day(2025, 6, 3), day(2025, 6, 3), Decimal("310.2500"), 12, 0, 1, Decimal("24.1000"), 500, 720,
         Decimal("0.998000"), 1),
    ]  # fmt: skip


def test_importing_a_day_replaces_only_that_day_of_that_marketplace(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given 14 and 15 July for the UK, and 14 July for Germany
    import_file(warehouse, UK_DAY)
    next_day = _doc(UK_DAY)
    next_day["reportSpecification"].update(
        dataStartTime="2025-07-15T00:00:00Z", dataEndTime="2025-07-15T23:59:59Z"
    )
    next_day["salesAndTrafficByDate"][0]["date"] = "2025-07-15"
    import_file(warehouse, _write(tmp_path, "uk-15.json", next_day))
    german = copy.deepcopy(_doc(UK_DAY))
    german["reportSpecification"]["marketplaceIds"] = ["A1PA6795UKMFR9"]
    text = json.dumps(german).replace('"GBP"', '"EUR"')
    (tmp_path / "de-14.json").write_text(text, encoding="utf-8")
    import_file(warehouse, tmp_path / "de-14.json")
    # when a corrected 14 July arrives for the UK with one SKU only
    corrected = _doc(UK_DAY)
    corrected["salesAndTrafficByAsin"] = corrected["salesAndTrafficByAsin"][2:]
    corrected["salesAndTrafficByAsin"][0]["salesByAsin"]["unitsOrdered"] = 2
    result = import_file(warehouse, _write(tmp_path, "uk-14-corrected.json", corrected))
    # then UK 14 July holds the correction only; UK 15 July and Germany are untouched
    assert result.rows_replaced == 3 + 1
    assert [(r[0], r[1], r[3], r[4]) for r in _sku_rows(warehouse)] == [
        ("amazon.DE", day(2025, 7, 14), "MUG-RED", 1),
        ("amazon.DE", day(2025, 7, 14), "TEA-100G", 3),
        ("amazon.DE", day(2025, 7, 14), "TEA-100G-FBM", 1),
        ("amazon.UK", day(2025, 7, 14), "MUG-RED", 2),
        ("amazon.UK", day(2025, 7, 15), "MUG-RED", 1),
        ("amazon.UK", day(2025, 7, 15), "TEA-100G", 3),
        ("amazon.UK", day(2025, 7, 15), "TEA-100G-FBM", 1),
    ]
    assert warehouse.con.execute(
        "SELECT marketplace, period_from FROM account_sales_traffic ORDER BY ALL"
    ).fetchall() == [
        ("amazon.DE", day(2025, 7, 14)),
        ("amazon.UK", day(2025, 7, 14)),
        ("amazon.UK", day(2025, 7, 15)),
    ]


def test_a_day_without_sales_empties_that_day(warehouse: Warehouse, tmp_path: Path) -> None:
    # given 14 July loaded
    import_file(warehouse, UK_DAY)
    # when a re-download says nothing sold or was viewed that day
    empty = _doc(UK_DAY)
    empty["salesAndTrafficByAsin"], empty["salesAndTrafficByDate"] = [], []
    result = import_file(warehouse, _write(tmp_path, "uk-14-empty.json", empty))
    # then the day's rows are gone
    assert (result.period, result.rows_replaced) == ("2025-07-14..2025-07-14", 4)
    assert (warehouse.count("sales_traffic"), warehouse.count("account_sales_traffic")) == (0, 0)


def test_weekly_account_rows_span_seven_days(warehouse: Warehouse, tmp_path: Path) -> None:
    doc = _doc(US_CHILD)
    doc["reportSpecification"].update(dataStartTime="2025-06-01", dataEndTime="2025-06-14")
    doc["reportSpecification"]["reportOptions"]["dateGranularity"] = "WEEK"
    doc["salesAndTrafficByDate"] = doc["salesAndTrafficByDate"][:2]
    doc["salesAndTrafficByDate"][1]["date"] = "2025-06-08"
    import_file(warehouse, _write(tmp_path, "weekly.json", doc))
    assert warehouse.con.execute(
        "SELECT period_from, period_to FROM account_sales_traffic ORDER BY 1"
    ).fetchall() == [
        (day(2025, 6, 1), day(2025, 6, 7)),
        (day(2025, 6, 8), day(2025, 6, 14)),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"marketplaceIds": ["A1F83G8C2ARO7P", "A1PA6795UKMFR9"]}, r"several marketplaces together"),
        ({"marketplaceIds": ["AXXXXXXXXXXXX"]}, r"'AXXXXXXXXXXXX' is not a marketplace sellerops knows"),
        ({"marketplaceIds": []}, r"(?s)no marketplaceIds.*--marketplace"),
        ({"dataStartTime": None, "dataEndTime": None}, r"(?s)no dataStartTime/dataEndTime.*--period"),
        ({"marketplaceIds": ["ATVPDKIKX0DER"]}, r"amounts are in GBP but amazon\.US sells in USD"),
    ],
    ids=["two-marketplaces", "unknown-id", "no-marketplace", "no-dates", "wrong-currency"],
)
def test_report_that_cannot_be_placed_is_refused(
    warehouse: Warehouse, tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    doc = _doc(UK_DAY)
    doc["reportSpecification"].update(change)
    with pytest.raises(FileRefused, match=message):
        import_file(warehouse, _write(tmp_path, "bad.json", doc))
    assert (warehouse.count("sales_traffic"), warehouse.count("import_ledger")) == (0, 0)


def test_sku_report_row_without_sku_is_refused(warehouse: Warehouse, tmp_path: Path) -> None:
    doc = _doc(UK_DAY)
    del doc["salesAndTrafficByAsin"][1]["sku"]
    with pytest.raises(FileRefused, match=r"(?s)row 2, column 'sku'.*a sku \(the report is by SKU\)"):
        import_file(warehouse, _write(tmp_path, "bad.json", doc))


def test_parent_report_rows_have_empty_child_and_sku(warehouse: Warehouse, tmp_path: Path) -> None:
    doc = _doc(US_CHILD)
    doc["reportSpecification"]["reportOptions"]["asinGranularity"] = "PARENT"
    for row in doc["salesAndTrafficByAsin"]:
        row["parentAsin"] = row.pop("childAsin")
    import_file(warehouse, _write(tmp_path, "parent.json", doc))
    assert warehouse.con.execute(
        "SELECT parent_asin, child_asin, sku, units_ordered FROM sales_traffic ORDER BY 1"
    ).fetchall() == [("B0USCHILD1", "", "", 10), ("B0USCHILD2", "", "", 7)]
