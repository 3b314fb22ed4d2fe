"""Seller feedback: dates read as the marketplace writes them, the newer columns, re-downloads, refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sellerops.core.marketplaces import get_marketplace
from sellerops.errors import FileRefused
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse
from support import TEST_DATA, import_twice

FEEDBACK = TEST_DATA / "amazon" / "feedback"
US = FEEDBACK / "seller_feedback_us.tsv"
UK = FEEDBACK / "seller_feedback_uk_extra_columns.tsv"
HEADER = "Date\tRating\tComments\tYour Response\tOrder ID\tRater Email\n"


def _options(code: str) -> ImportOptions:
    return ImportOptions(marketplace=get_marketplace(code))


def test_us_feedback_reads_dates_month_first(warehouse: Warehouse) -> None:
    # given the six-column US report, dated 10/20/23, 12/01/23 and 12/31/23
    # when imported twice for amazon.US
    result = import_twice(warehouse, US, _options("amazon.US"))
    # then 12/01/23 is the first of December, and every field is as written
    assert (result.rows_loaded, result.period) == (3, "2023-10-20..2023-12-31")
    assert warehouse.con.execute(
        "SELECT feedback_date, rating, order_id, comments, response, rater_email, arrived_on_time, rater_role "
        "FROM seller_feedback ORDER BY feedback_date"
    ).fetchall() == [
        (dt.date(2023, 10, 20), 1, "112-1234567-1234567", "Item arrived damaged and seller never replied.", None,
         "abc123xyz@marketplace.amazon.com", None, None),
        (dt.date(2023, 12, 1), 2, "113-7654321-7654321", "Slow shipping",
         "We are sorry for the delay; a refund was issued.", "def456uvw@marketplace.amazon.com", None, None),
        (dt.date(2023, 12, 31), 3, "114-0000000-0000001", "OK product, packaging could be better", None,
         "ghi789rst@marketplace.amazon.com", None, None),
    ]  # fmt: skip


def test_uk_feedback_reads_dates_day_first_with_the_newer_columns(warehouse: Warehouse) -> None:
    # given the newer layout (Arrived on Time, Item as Described, Customer Service, Rater Role), dated 03/11/2023
    # when imported twice for amazon.UK
    result = import_twice(warehouse, UK, _options("amazon.UK"))
    # then 03/11/2023 is 3 November, and the yes/no answers are booleans ('-' is no answer)
    assert (result.rows_loaded, result.period) == (2, "2023-10-20..2023-11-03")
    assert warehouse.con.execute(
        "SELECT feedback_date, rating, order_id, arrived_on_time, item_as_described, customer_service, rater_role, "
        "response FROM seller_feedback ORDER BY feedback_date"
    ).fetchall() == [
        (dt.date(2023, 10, 20), 1, "203-2222222-2222222", False, False, None, "Buyer", "Refunded in full."),
        (dt.date(2023, 11, 3), 2, "202-1111111-1111111", False, True, True, "Buyer", None),
    ]


def test_a_date_impossible_in_the_marketplace_order_is_refused(warehouse: Warehouse) -> None:
    # given the UK file (20/10/2023, day first) imported as amazon.US, which writes month first
    # when imported, then the impossible date is refused by row and column, and nothing is written
    with pytest.raises(
        FileRefused, match=r"row 3, column 'Date'; expected a real date written month first \(MM/DD/YY\)"
    ):
        import_file(warehouse, UK, _options("amazon.US"))
    assert (warehouse.count("seller_feedback"), warehouse.count("import_ledger")) == (0, 0)


def test_feedback_without_marketplace_is_refused(warehouse: Warehouse) -> None:
    # given a feedback report and no --marketplace, when imported, then it is refused naming the option
    with pytest.raises(FileRefused, match=r"dates read differently by marketplace(.|\n)*--marketplace"):
        import_file(warehouse, US)
    assert warehouse.count("seller_feedback") == 0


def test_a_rating_outside_one_to_five_is_refused(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a rating of 7
    path = tmp_path / "feedback.txt"
    path.write_text(HEADER + "10/20/23\t7\tgreat\t\t112-1\tx@marketplace.amazon.com\n", encoding="utf-8")
    # when imported, then it is refused naming the row and column
    with pytest.raises(FileRefused, match=r"row 2, column 'Rating'; expected a star rating from 1 to 5"):
        import_file(warehouse, path, _options("amazon.US"))
    assert warehouse.count("seller_feedback") == 0


def test_re_download_drops_feedback_no_longer_listed(warehouse: Warehouse, tmp_path: Path) -> None:
    # given the US feedback loaded
    import_file(warehouse, US, _options("amazon.US"))
    # when a re-download of the same dates no longer lists the December 1 feedback (the buyer removed it)
    lines = US.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "feedback_again.txt"
    path.write_text(lines[0] + lines[1] + lines[3], encoding="utf-8")
    result = import_file(warehouse, path, _options("amazon.US"))
    # then it is gone, and the rest is as the new download says
    assert (result.period, result.rows_replaced) == ("2023-10-20..2023-12-31", 3)
    assert warehouse.con.execute("SELECT order_id FROM seller_feedback ORDER BY ALL").fetchall() == [
        ("112-1234567-1234567",),
        ("114-0000000-0000001",),
    ]
