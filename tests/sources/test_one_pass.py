"""Large delimited files typed in one pass: the rows the careful path gives, and the careful path's words (and
rows) for any file it cannot take."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from sellerops.core.marketplaces import get_marketplace
from sellerops.errors import FileRefused, Problem
from sellerops.sources import one_pass
from sellerops.sources.amazon.reports.all_orders import local_date_over
from sellerops.sources.importer import ImportResult, import_file
from sellerops.sources.kinds import install_macros
from sellerops.warehouse import Warehouse

ORDERS_HEADER = (
    "amazon-order-id\tpurchase-date\tlast-updated-date\torder-status\tsales-channel\tsku\tquantity\tcurrency\t"
    "item-price\n"
)
AT, LATER = "2025-07-01T10:00:00+00:00", "2025-07-01T12:00:00+00:00"
CLEAN_ORDERS = (
    f"111-1\t{AT}\t{LATER}\tShipped\tAmazon.com\tA\t1\tUSD\t10.00\n"
    f"111-1\t{AT}\t{LATER}\tShipped\tAmazon.com\tA\t2\tUSD\t20.00\n"
    f"111-1\t{AT}\t{LATER}\tShipped\tAmazon.com\tB\t1\tUSD\t5.50\n"
    f"111-2\t2025-07-02T03:00:00+00:00\t{LATER}\tCancelled\tAmazon.com\tC\t0\tUSD\t\n"
)


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every eligible file tries the one-pass path whatever its size; the list says, per file, if it went through."""
    monkeypatch.setattr(one_pass, "ONE_PASS_MIN_BYTES", 0)
    went: list[bool] = []
    real = one_pass.prepare

    def spy(*args: object) -> object:
        prepared = real(*args)  # type: ignore[arg-type]
        went.append(prepared is not None)
        return prepared

    monkeypatch.setattr(one_pass, "prepare", spy)
    return went


def _orders(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "orders.txt"
    path.write_text(ORDERS_HEADER + body, encoding="utf-8")
    return path


def _summary(result: ImportResult) -> tuple[object, ...]:
    return (result.status, result.rows_read, result.rows_loaded, result.marketplace, result.period)


def test_a_clean_orders_file_is_typed_in_one_pass(
    warehouse: Warehouse, tmp_path: Path, taken: list[bool]
) -> None:
    # given an order with SKU A twice and B once, and an order cancelled whole without a price
    path = _orders(tmp_path, CLEAN_ORDERS)

    # when it is imported
    result = import_file(warehouse, path)

    # then it went through in one pass, A's lines are numbered in file order, and the headers are the lines'
    # (10:00 UTC is 03:00 in Los Angeles; 03:00 UTC on 2 July is still 1 July there)
    assert taken == [True]
    assert _summary(result) == ("loaded", 4, 4, "amazon.US", "2025-07-01..2025-07-01")
    assert warehouse.con.execute(
        "SELECT order_id, line_id, quantity, item_price, purchase_date FROM order_line ORDER BY order_id, line_id"
    ).fetchall() == [
        ("111-1", "A#1", 1, Decimal("10.0000"), dt.date(2025, 7, 1)),
        ("111-1", "A#2", 2, Decimal("20.0000"), dt.date(2025, 7, 1)),
        ("111-1", "B#1", 1, Decimal("5.5000"), dt.date(2025, 7, 1)),
        ("111-2", "C#1", 0, None, dt.date(2025, 7, 1)),
    ]
    assert warehouse.con.execute(
        "SELECT order_id, status, purchase_date, order_total, currency FROM order_header ORDER BY order_id"
    ).fetchall() == [
        ("111-1", "Shipped", dt.date(2025, 7, 1), Decimal("35.5000"), "USD"),
        ("111-2", "Cancelled", dt.date(2025, 7, 1), None, "USD"),
    ]


def test_an_unreadable_cell_is_refused_with_its_row_column_and_value(
    warehouse: Warehouse, tmp_path: Path, taken: list[bool]
) -> None:
    # given a quantity written as a word on file row 3
    path = _orders(tmp_path, CLEAN_ORDERS.replace("\tA\t2\t", "\tA\ttwo\t"))

    # when it is imported, then the one pass gives way and the file is refused naming the cell; nothing is written
    with pytest.raises(FileRefused, match="1 of 4 rows") as refused:
        import_file(warehouse, path)
    assert taken == [False]
    assert refused.value.problems == (Problem(3, "quantity", "two", "a whole number such as 5,824"),)
    assert (warehouse.count("order_line"), warehouse.count("import_ledger")) == (0, 0)


def test_the_header_pasted_again_is_refused(warehouse: Warehouse, tmp_path: Path, taken: list[bool]) -> None:
    # given a second download pasted under the first, header and all
    path = _orders(tmp_path, CLEAN_ORDERS + ORDERS_HEADER + CLEAN_ORDERS)

    # when it is imported, then it is refused at the row where the header appears again
    with pytest.raises(FileRefused, match="the header row appears again") as refused:
        import_file(warehouse, path)
    assert taken == [False]
    assert [p.row for p in refused.value.problems] == [6]


@pytest.mark.parametrize(
    ("body", "rows"),
    [
        # an amount with its currency symbol: the fast parser cannot read it, the full one can
        (CLEAN_ORDERS.replace("\t5.50\n", "\t$5.50\n"), 4),
        # a blank line between rows: row numbers need the careful reading
        (CLEAN_ORDERS.replace("\t10.00\n", "\t10.00\n\n"), 4),
    ],
    ids=["currency-symbol", "blank-line"],
)
def test_files_the_one_pass_cannot_take_load_the_careful_way(
    warehouse: Warehouse, tmp_path: Path, taken: list[bool], body: str, rows: int
) -> None:
    # given a file with something only the careful path reads
    path = _orders(tmp_path, body)

    # when it is imported, then it loads all the same, with the same order total
    result = import_file(warehouse, path)
    assert taken == [False]
    assert _summary(result) == ("loaded", rows, rows, "amazon.US", "2025-07-01..2025-07-01")
    assert warehouse.con.execute(
        "SELECT order_total FROM order_header WHERE order_id = '111-1'"
    ).fetchall() == [(Decimal("35.5000"),)]


@pytest.mark.parametrize(
    ("old", "new", "total"),
    [
        # a blank-looking price: the reader, asked for a decimal, cannot parse it; the careful path reads it as
        # blank, so the order's total is unknown (a line still ordered has no price)
        ("\tB\t1\tUSD\t5.50\n", "\tB\t1\tUSD\t--\n", None),
        # a price with a thousands separator: the careful path's full parser reads 1,005.50
        ("\tB\t1\tUSD\t5.50\n", '\tB\t1\tUSD\t"1,005.50"\n', Decimal("1035.5000")),
    ],
    ids=["dashes-price", "thousands-separator"],
)
def test_numbers_the_reader_cannot_parse_itself_load_the_careful_way(
    warehouse: Warehouse, tmp_path: Path, taken: list[bool], old: str, new: str, total: Decimal | None
) -> None:
    # given a file whose numeric columns the one pass has the reader parse, with one cell it cannot
    path = _orders(tmp_path, CLEAN_ORDERS.replace(old, new))

    # when it is imported, then the careful path takes it, and order 111-1's total is as that path reads the cell
    result = import_file(warehouse, path)
    assert taken == [False]
    assert _summary(result) == ("loaded", 4, 4, "amazon.US", "2025-07-01..2025-07-01")
    assert warehouse.con.execute(
        "SELECT order_total FROM order_header WHERE order_id = '111-1'"
    ).fetchall() == [(total,)]


@pytest.mark.parametrize("one_pass_first", [True, False], ids=["one-pass", "careful"])
def test_a_price_in_scientific_notation_reads_the_same_either_way(
    warehouse: Warehouse, tmp_path: Path, request: pytest.FixtureRequest, one_pass_first: bool
) -> None:
    # given prices as Excel may leave them: 1.0E+01 for 10.00, '20.' for 20.00 (and 5.50 as it is)
    path = _orders(tmp_path, CLEAN_ORDERS.replace("\t10.00\n", "\t1.0E+01\n").replace("\t20.00\n", "\t20.\n"))
    # when it is imported by the one pass (the reader parses the decimals) or by the careful path (a small file)
    taken: list[bool] = request.getfixturevalue("taken") if one_pass_first else []
    result = import_file(warehouse, path)
    # then both read the same prices, and order 111-1 totals 35.50
    assert taken == ([True] if one_pass_first else [])
    assert _summary(result) == ("loaded", 4, 4, "amazon.US", "2025-07-01..2025-07-01")
    assert warehouse.con.execute(
        "SELECT line_id, item_price FROM order_line WHERE order_id = '111-1' ORDER BY line_id"
    ).fetchall() == [("A#1", Decimal("10.0000")), ("A#2", Decimal("20.0000")), ("B#1", Decimal("5.5000"))]
    assert warehouse.con.execute(
        "SELECT order_total FROM order_header WHERE order_id = '111-1'"
    ).fetchall() == [(Decimal("35.5000"),)]


def test_a_custom_search_term_report_reads_each_date_range_once(
    warehouse: Warehouse, tmp_path: Path, taken: list[bool]
) -> None:
    # given a custom report whose rows each cover their own week
    path = tmp_path / "custom.csv"
    path.write_text(
        "Date range,Campaign name,Campaign ID,Target value,Target match type,Search term,Budget currency,"
        "Impressions,Clicks,Total cost\n"
        '"Oct 01, 2025 - Oct 07, 2025",SP 1,"=""4681""",kw,EXACT,term a,USD,10,1,0.50\n'
        '"Oct 08, 2025 - Oct 14, 2025",SP 1,"=""4681""",kw,EXACT,term b,USD,20,0,0.00\n',
        encoding="utf-8",
    )

    # when it is imported
    result = import_file(warehouse, path)

    # then it went through in one pass; the file's period spans the ranges and each row keeps its own
    assert taken == [True]
    assert _summary(result) == ("loaded", 2, 2, "amazon.US", "2025-10-01..2025-10-14")
    assert warehouse.con.execute(
        "SELECT source_row, period_from, period_to, campaign_id, spend FROM ad_performance ORDER BY source_row"
    ).fetchall() == [
        (2, dt.date(2025, 10, 1), dt.date(2025, 10, 7), "4681", Decimal("0.5000")),
        (3, dt.date(2025, 10, 8), dt.date(2025, 10, 14), "4681", Decimal("0.0000")),
    ]


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ('="468170906203317"', "468170906203317"),
        ('  ="12 3" ', "12 3"),
        ("=123", "123"),
        ('=a"', "a"),
        ('="""', '"'),
        ('=""', None),
        ("=", None),
        ("  ", None),
        ("B0ABC", "B0ABC"),
        ('="12\n3"', '="12\n3"'),  # a line break inside: the cell is kept whole
    ],
)
def test_an_excel_escaped_id_loses_its_wrapping(cell: str, value: str | None) -> None:
    # given the id macro; when a cell is read, then only Excel's ="…" wrapping goes
    con = duckdb.connect()
    install_macros(con)
    assert con.execute("SELECT so_id(?)", [cell]).fetchone() == (value,)


def test_local_dates_from_tabulated_offsets_match_the_clocks_either_side_of_each_change() -> None:
    # given purchases either side of Los Angeles' clock changes of 2025 (PST, UTC-8, until 9 March 10:00 UTC;
    # PDT, UTC-7, until 2 November 09:00 UTC)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("CREATE TABLE t (bought TIMESTAMPTZ)")
    instants = [
        "2025-01-15 07:59:59.5+00",  # 23:59:59.5 PST on 14 January
        "2025-03-09 09:59:59+00",  # 01:59:59 PST on 9 March, the last second before the change
        "2025-03-10 07:30:00+00",  # 00:30 PDT on 10 March (23:30 on the 9th if still PST)
        "2025-11-02 06:59:59+00",  # 23:59:59 PDT on 1 November
        "2025-11-03 07:30:00+00",  # 23:30 PST on 2 November (00:30 on the 3rd if still PDT)
        None,
    ]
    con.executemany("INSERT INTO t VALUES (?::TIMESTAMPTZ)", [[i] for i in instants])

    # when their local dates are worked out from the offsets tabulated over the span
    date_sql = local_date_over(con, get_marketplace("amazon.US"), "bought", "t")

    # then each is the day the clocks in Los Angeles showed
    assert con.execute(f"SELECT {date_sql} FROM t ORDER BY bought NULLS LAST").fetchall() == [
        (dt.date(2025, 1, 14),),
        (dt.date(2025, 3, 9),),
        (dt.date(2025, 3, 10),),
        (dt.date(2025, 11, 1),),
        (dt.date(2025, 11, 2),),
        (None,),
    ]


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("Amazon.com", "Amazon.com"),
        ("  SEATTLE ", "SEATTLE"),
        ("\u00a0Köln\u3000", "Köln"),  # no-break and ideographic spaces are trimmed too
        ("Kö ", "Kö"),
        ("\tA\t", "\tA\t"),  # tabs are not spaces to trim()
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_a_text_cell_is_trimmed_and_blank_is_none(cell: str | None, value: str | None) -> None:
    # given the text macro; when a cell is read, then it is trimmed of spaces, and a blank one is no value
    con = duckdb.connect()
    install_macros(con)
    assert con.execute("SELECT so_text(?)", [cell]).fetchone() == (value,)
