"""Business Report (Detail Page Sales and Traffic By Child Item): every real layout, exact totals, twice."""

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
from support import column_total, datasets_dir, read_csv_rows, warehouse_state

UK = "fridaysalami_uk_foodservice"
# Every real Business Report, with the period it covers (weeks from SOURCES.md; the others chosen for the test).
FILES = [
    (f"{UK}/weekly_Wk28_2025.csv", "2025-07-07..2025-07-13", 22),
    (f"{UK}/weekly_Wk29_2025.csv", "2025-07-14..2025-07-20", 22),
    (f"{UK}/weekly_Week11_2026.csv", "2026-03-09..2026-03-15", 22),
    (f"{UK}/weekly_Week12_2026.csv", "2026-03-16..2026-03-22", 22),
    (f"{UK}/BusinessReport-16-07-2025_(2).csv", "2025-06-01..2025-06-30", 38),
    (f"{UK}/amazon-sales-data_BusinessReport_2025-07-16.csv", "2025-04-01..2025-06-30", 38),
    (f"{UK}/BusinessReport-23-07-2025.csv", "2025-07-21..2025-07-21", 22),
    (f"{UK}/BusinessReport-23-07-2025_(1).csv", "2025-07-01..2025-07-20", 22),
    (f"{UK}/BusinessReport-23-07-2025_(3).csv", "2025-01-01..2025-03-31", 38),
    (f"{UK}/BusinessReport-15-10-2025.csv", "2025-09-01..2025-09-30", 21),
    (f"{UK}/BusinessReport-31-03-2026.csv", "2026-02-01..2026-02-28", 22),
    (f"{UK}/BusinessReport-02-04-2026.csv", "2026-03-01..2026-03-31", 22),
    ("ahmedkhalidse8_us_haircare/business_report_by_child_asin.csv", "2025-12-01..2025-12-31", 25),
]


def _options(name: str, period: str) -> ImportOptions:
    market = get_marketplace("amazon.US") if "haircare" in name else None
    return ImportOptions(marketplace=market, period=Period.parse(period))


def _find(rows: list[dict[str, str]], *names: str) -> str:
    """The header as this file spells it (dash and case vary between layouts)."""
    headers = rows[0].keys()
    norm = {h.replace("–", "-").casefold(): h for h in headers}
    return next(norm[n.casefold()] for n in names if n.casefold() in norm)


@pytest.mark.datasets
@pytest.mark.parametrize(("name", "period", "width"), FILES, ids=[f[0].split("/")[-1] for f in FILES])
def test_real_business_report_imports_with_exact_totals_and_twice_changes_nothing(
    warehouse: Warehouse, name: str, period: str, width: int
) -> None:
    # given a real Business Report and its totals read by hand
    path = datasets_dir() / "amazon_business_reports" / name
    rows = read_csv_rows(path)
    assert len(rows[0]) == width
    expected = {
        "rows": len(rows),
        "sessions": column_total(rows, _find(rows, "Sessions - Total")),
        "page_views": column_total(rows, _find(rows, "Page Views - Total")),
        "units": column_total(rows, _find(rows, "Units Ordered")),
        "sales": column_total(rows, _find(rows, "Ordered Product Sales")),
        "order_items": column_total(rows, _find(rows, "Total Order Items")),
    }

    # when it is imported twice
    first = import_file(warehouse, path, _options(name, period))
    state = warehouse_state(warehouse)
    second = import_file(warehouse, path, _options(name, period))

    # then every row loaded once, with exactly the file's totals
    assert (first.status, first.rows_read, first.rows_loaded, first.rows_rejected) == (
        "loaded",
        len(rows),
        len(rows),
        0,
    )
    got = warehouse.con.execute(
        "SELECT count(*), sum(sessions), sum(page_views), sum(units_ordered), sum(ordered_sales), sum(order_items), "
        "min(period_from), max(period_to), any_value(currency) FROM sales_traffic"
    ).fetchone()
    assert got is not None
    start, end = Period.parse(period).start, Period.parse(period).end
    currency = "USD" if "haircare" in name else "GBP"
    assert got == (
        expected["rows"], expected["sessions"], expected["page_views"], expected["units"], expected["sales"],
        expected["order_items"], start, end, currency,
    )  # fmt: skip
    # and the second import changed nothing
    assert second.status == "already_imported"
    assert second.import_id == first.import_id
    assert warehouse_state(warehouse) == state


def test_business_report_without_period_is_refused_and_names_the_option(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given a valid UK Business Report and no --period
    path = tmp_path / "BusinessReport-16-07-2025.csv"
    path.write_text(
        "\ufeff(Parent) ASIN,(Child) ASIN,Title,SKU,Sessions – Total,Page views – Total,"
        'Units ordered,Ordered Product Sales,Total order items\nB01,B01,Tea,TEA-1,"1,024",2000,12,£120.50,11\n',
        encoding="utf-8",
    )
    # when it is imported, then it is refused with the option to give, and nothing is written
    with pytest.raises(FileRefused, match=r"--period FROM\.\.TO") as refused:
        import_file(warehouse, path)
    assert "download day" in str(refused.value)
    assert warehouse.count("sales_traffic") == 0
    assert warehouse.count("import_ledger") == 0


def test_business_report_marketplace_from_pound_sign_and_totals(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a small report with quoted thousands, a pound sign and percentages
    path = tmp_path / "br.csv"
    path.write_text(
        "\ufeff(Parent) ASIN,(Child) ASIN,Title,SKU,Sessions – Total,Page views – Total,"
        "Featured Offer (Buy Box) percentage,Units ordered,Ordered Product Sales,Total order items\n"
        'P1,B01,Tea,TEA-1,"5,824","6,001",92.30%,12,"£2,560.45",11\n'
        "P1,B02,Tea large,TEA-2,10,12,100.00%,1,£3.10,1\n",
        encoding="utf-8",
    )
    # when imported for one week
    result = import_file(warehouse, path, ImportOptions(period=Period.parse("2025-07-07..2025-07-13")))
    # then the marketplace comes from the currency and every value is exact
    assert (result.marketplace, result.rows_loaded) == ("amazon.UK", 2)
    rows = warehouse.con.execute(
        "SELECT child_asin, sku, sessions, page_views, buy_box_ratio, units_ordered, ordered_sales, order_items, "
        "currency FROM sales_traffic ORDER BY child_asin"
    ).fetchall()
    assert rows == [
        ("B01", "TEA-1", 5824, 6001, Decimal("0.923000"), 12, Decimal("2560.4500"), 11, "GBP"),
        ("B02", "TEA-2", 10, 12, Decimal("1.000000"), 1, Decimal("3.1000"), 1, "GBP"),
    ]


def test_overlapping_period_replaces_instead_of_adding(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a week loaded once
    header = "(Parent) ASIN,(Child) ASIN,Title,SKU,Sessions – Total,Page views – Total,Units ordered,Ordered Product Sales,Total order items\n"
    first = tmp_path / "a.csv"
    first.write_text(header + "P1,B01,Tea,TEA-1,100,120,5,£50.00,5\n", encoding="utf-8")
    import_file(warehouse, first, ImportOptions(period=Period.parse("2025-07-07..2025-07-13")))
    # when a corrected download of the same week arrives
    second = tmp_path / "b.csv"
    second.write_text(header + "P1,B01,Tea,TEA-1,110,130,6,£60.00,6\n", encoding="utf-8")
    result = import_file(warehouse, second, ImportOptions(period=Period.parse("2025-07-07..2025-07-13")))
    # then the week holds the new figures only
    assert result.rows_replaced == 1
    assert warehouse.con.execute(
        "SELECT sessions, units_ordered, ordered_sales FROM sales_traffic"
    ).fetchall() == [(110, 6, Decimal("60.0000"))]


def test_chinese_headers_are_read_and_the_language_is_recorded(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a Business Report downloaded from the Chinese Seller Central, GB18030-encoded
    path = tmp_path / "业务报告.csv"
    text = (
        "（父）ASIN,（子）ASIN,标题,SKU,会话次数 – 总计,页面浏览量 – 总计,推荐报价（购买按钮）百分比,"
        "已订购商品数量,已订购商品销售额,订单商品总数\n"
        'B0P,B0C,保温杯 500毫升,CUP-500,"1,204",1500,95.00%,31,"$620.00",30\n'
    )
    path.write_bytes(text.encode("gb18030"))
    # when it is imported for a US week
    result = import_file(
        warehouse,
        path,
        ImportOptions(
            marketplace=get_marketplace("amazon.US"), period=Period.parse("2025-07-07..2025-07-13")
        ),
    )
    # then every column is read and the ledger records the language and encoding
    assert (result.header_language, result.encoding, result.rows_loaded) == ("zh", "gb18030", 1)
    assert warehouse.con.execute(
        "SELECT sku, title, sessions, page_views, buy_box_ratio, units_ordered, ordered_sales, order_items FROM sales_traffic"
    ).fetchall() == [
        ("CUP-500", "保温杯 500毫升", 1204, 1500, Decimal("0.950000"), 31, Decimal("620.0000"), 30)
    ]


def test_a_week_and_a_day_of_the_same_dates_do_not_delete_each_other(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given a weekly report loaded
    header = "(Parent) ASIN,(Child) ASIN,Title,SKU,Sessions – Total,Page views – Total,Units ordered,Ordered Product Sales,Total order items\n"
    week = tmp_path / "week.csv"
    week.write_text(header + "P1,B01,Tea,TEA-1,700,900,30,£300.00,28\n", encoding="utf-8")
    import_file(warehouse, week, ImportOptions(period=Period.parse("2025-07-07..2025-07-13")))
    # when a one-day report inside that week arrives, and then the day again, corrected
    day = tmp_path / "day.csv"
    day.write_text(header + "P1,B01,Tea,TEA-1,100,120,5,£50.00,5\n", encoding="utf-8")
    first = import_file(warehouse, day, ImportOptions(period=Period.parse("2025-07-08..2025-07-08")))
    day.write_text(header + "P1,B01,Tea,TEA-1,101,121,6,£60.00,6\n", encoding="utf-8")
    second = import_file(warehouse, day, ImportOptions(period=Period.parse("2025-07-08..2025-07-08")))
    # then the week stays, and the day was replaced by its correction only
    assert (first.rows_replaced, second.rows_replaced) == (0, 1)
    assert warehouse.con.execute(
        "SELECT period_from, period_to, units_ordered FROM sales_traffic ORDER BY period_to - period_from, period_from"
    ).fetchall() == [
        (dt.date(2025, 7, 8), dt.date(2025, 7, 8), 6),
        (dt.date(2025, 7, 7), dt.date(2025, 7, 13), 30),
    ]
