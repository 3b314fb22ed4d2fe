"""Settlement flat file V2: US 'UTC' timestamps and month-first dates, German day-first dates and decimal commas."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from sellerops.errors import FileRefused
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse
from support import TEST_DATA, warehouse_state

UTC = dt.UTC
DATA = TEST_DATA / "amazon" / "settlement"


def test_us_v2_settlement_loads_every_amount_and_its_claims(warehouse: Warehouse) -> None:
    # given a US V2 file (24 columns, 'UTC' timestamps, posted-date as MM/DD/YY) with a chargeback and a claim
    path = DATA / "settlement_v2_us.txt"
    # when imported twice
    first = import_file(warehouse, path)
    state = warehouse_state(warehouse)
    assert import_file(warehouse, path).status == "already_imported"
    assert warehouse_state(warehouse) == state
    # then the settlement, every amount, and the two claims are there exactly
    assert (first.report_type, first.marketplace, first.period, first.rows_read, first.notes) == (
        "amazon.settlement_v2", "amazon.US", "2025-06-01..2025-06-15", 14, [],
    )  # fmt: skip
    assert warehouse.con.execute("SELECT * EXCLUDE (import_id) FROM settlement").fetchall() == [
        ("11223344556", "amazon.US", dt.datetime(2025, 6, 1, tzinfo=UTC), dt.datetime(2025, 6, 15, tzinfo=UTC),
         dt.datetime(2025, 6, 17, tzinfo=UTC), Decimal("67.0600"), "USD"),
    ]  # fmt: skip
    lines = warehouse.con.execute(
        "SELECT line_no, posted_at, posted_date, transaction_type, order_id, amount_type, amount_description, "
        "amount, quantity, promotion_id FROM fee_txn ORDER BY line_no"
    ).fetchall()
    o1, at1 = "111-1234567-1234567", dt.datetime(2025, 6, 9, 5, 23, 19, tzinfo=UTC)
    at2, at3 = dt.datetime(2025, 6, 12, 18, tzinfo=UTC), dt.datetime(2025, 6, 13, 7, 10, tzinfo=UTC)
    day = dt.date
    assert lines == [
        (30, at1, day(2025, 6, 9), "Order", o1, "ItemPrice", "Principal", Decimal("25.0000"), 1, None),
        (40, at1, day(2025, 6, 9), "Order", o1, "ItemPrice", "Tax", Decimal("2.0000"), None, None),
        (50, at1, day(2025, 6, 9), "Order", o1, "ItemWithheldTax", "MarketplaceFacilitatorTax-Principal",
         Decimal("-2.0000"), None, None),
        (60, at1, day(2025, 6, 9), "Order", o1, "ItemFees", "Commission", Decimal("-3.7500"), None, None),
        (70, at1, day(2025, 6, 9), "Order", o1, "ItemFees", "FBAPerUnitFulfillmentFee", Decimal("-4.2100"), None,
         None),
        (80, at1, day(2025, 6, 9), "Order", o1, "Promotion", "Principal", Decimal("-2.5000"), None, "PROMO-SUMMER"),
        (90, at2, day(2025, 6, 12), "Refund", "111-7654321-7654321", "ItemPrice", "Principal", Decimal("-19.9900"),
         None, None),
        (100, at2, day(2025, 6, 12), "Refund", "111-7654321-7654321", "ItemFees", "Commission", Decimal("3.0000"),
         None, None),
        (110, at3, day(2025, 6, 13), "Chargeback Refund", "111-5555555-5555555", "ItemPrice", "Principal",
         Decimal("-30.0000"), None, None),
        (120, at3, day(2025, 6, 13), "Chargeback Refund", "111-5555555-5555555", "ItemFees", "Commission",
         Decimal("4.5000"), None, None),
        (130, dt.datetime(2025, 6, 14, 1, 30, tzinfo=UTC), day(2025, 6, 13), "A-to-z Guarantee Claim",
         "111-6666666-6666666", "ItemPrice", "Principal", Decimal("-15.0000"), None, None),
        (140, dt.datetime(2025, 6, 10, 12, tzinfo=UTC), day(2025, 6, 10), "other-transaction", None,
         "other-transaction", "Subscription Fee", Decimal("-39.9900"), None, None),
        (150, dt.datetime(2025, 6, 14, 16, 45, tzinfo=UTC), day(2025, 6, 14), "Order", "111-8888888-8888888",
         "ItemPrice", "Principal", Decimal("150.0000"), 3, None),
    ]  # fmt: skip
    assert sum(line[7] for line in lines) == Decimal("67.06")
    # the claim posted at 01:30 UTC on 14 June is 13 June in Los Angeles
    assert warehouse.con.execute(
        "SELECT claim_type, order_id, claim_at, claim_date, amount, currency, reason FROM claim ORDER BY order_id"
    ).fetchall() == [
        ("chargeback", "111-5555555-5555555", at3, day(2025, 6, 13), Decimal("-25.5000"), "USD", "Chargeback Refund"),
        ("a_to_z", "111-6666666-6666666", dt.datetime(2025, 6, 14, 1, 30, tzinfo=UTC), day(2025, 6, 13),
         Decimal("-15.0000"), "USD", "A-to-z Guarantee Claim"),
    ]  # fmt: skip


def test_german_v2_settlement_reads_day_first_dates_and_decimal_commas(warehouse: Warehouse) -> None:
    # given a German V2 file: 23 columns (no promotion-id), 19.07.2025 13:27:57 UTC, 1.250,00
    path = DATA / "settlement_v2_de_decimal_comma.txt"
    # when imported
    result = import_file(warehouse, path)
    # then the amounts are read with a decimal comma (and the ledger says so), the dates day first
    assert (result.marketplace, result.period, result.notes) == (
        "amazon.DE",
        "2025-07-19..2025-08-02",
        ["numbers read with a decimal comma: every amount has two decimals after its last separator"],
    )
    assert warehouse.con.execute("SELECT start_at, end_at, total_amount, currency FROM settlement").fetchone() == (
        dt.datetime(2025, 7, 19, 13, 27, 57, tzinfo=UTC), dt.datetime(2025, 8, 2, 13, 27, 57, tzinfo=UTC),
        Decimal("1034.4000"), "EUR",
    )  # fmt: skip
    assert warehouse.con.execute(
        "SELECT line_no, posted_at, posted_date, amount_description, amount, quantity FROM fee_txn ORDER BY line_no"
    ).fetchall() == [
        (30, dt.datetime(2025, 7, 23, 18, 21, 50, tzinfo=UTC), dt.date(2025, 7, 23), "Principal", Decimal("1250.0000"), 1),
        (40, dt.datetime(2025, 7, 23, 18, 21, 50, tzinfo=UTC), dt.date(2025, 7, 23), "Commission", Decimal("-187.5000"), None),
        (50, dt.datetime(2025, 7, 23, 18, 21, 50, tzinfo=UTC), dt.date(2025, 7, 23), "FBAPerUnitFulfillmentFee",
         Decimal("-4.9000"), None),
        (60, dt.datetime(2025, 7, 28, 23, 30, tzinfo=UTC), dt.date(2025, 7, 28), "Principal", Decimal("-19.9900"), None),
        (70, dt.datetime(2025, 8, 1, 8, tzinfo=UTC), dt.date(2025, 8, 1), "StorageRenewalBilling", Decimal("-3.2100"),
         None),
    ]  # fmt: skip
    assert warehouse.count("claim") == 0


V2_HEADER = (
    "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\t"
    "transaction-type\torder-id\tmerchant-order-id\tadjustment-id\tshipment-id\tmarketplace-name\tamount-type\t"
    "amount-description\tamount\tfulfillment-id\tposted-date\tposted-date-time\torder-item-code\t"
    "merchant-order-item-id\tmerchant-adjustment-item-id\tsku\tquantity-purchased\n"
)


def _v2(rows: list[dict[str, str]]) -> str:
    names = V2_HEADER.rstrip("\n").split("\t")
    return V2_HEADER + "".join("\t".join(r.get(n, "") for n in names) + "\n" for r in rows)


def test_uk_posted_date_is_read_day_first_without_posted_date_time(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given a UK V2 file whose posted-date is 09/06/25 (9 June) and which has no posted-date-time value
    summary = {"settlement-id": "5", "settlement-start-date": "2025-06-01T00:00:00+00:00",
               "settlement-end-date": "2025-06-15T00:00:00+00:00", "deposit-date": "", "total-amount": "12.00",
               "currency": "GBP"}  # fmt: skip
    line = {"settlement-id": "5", "transaction-type": "Order", "order-id": "203-1", "marketplace-name": "Amazon.co.uk",
            "amount-type": "ItemPrice", "amount-description": "Principal", "amount": "12.00", "posted-date": "09/06/25"}  # fmt: skip
    path = tmp_path / "uk.txt"
    path.write_text(_v2([summary, line]), encoding="utf-8")
    # when imported
    import_file(warehouse, path)
    # then the date is 9 June, there is no time, and the deposit date may be blank
    assert warehouse.con.execute("SELECT posted_at, posted_date, amount FROM fee_txn").fetchall() == [
        (None, dt.date(2025, 6, 9), Decimal("12.0000"))
    ]
    assert warehouse.con.execute("SELECT deposit_at FROM settlement").fetchall() == [(None,)]


def test_amount_without_amount_type_is_refused_with_its_row(warehouse: Warehouse, tmp_path: Path) -> None:
    summary = {"settlement-id": "6", "settlement-start-date": "2025-06-01 00:00:00 UTC",
               "settlement-end-date": "2025-06-15 00:00:00 UTC", "total-amount": "1.00", "currency": "USD"}  # fmt: skip
    line = {"settlement-id": "6", "transaction-type": "Order", "order-id": "1", "amount": "1.00",
            "posted-date": "2025-06-02"}  # fmt: skip
    path = tmp_path / "us.txt"
    path.write_text(_v2([summary, line]), encoding="utf-8")
    with pytest.raises(FileRefused, match=r"row 3, column 'amount-type'.*an amount-type for every amount"):
        import_file(warehouse, path)
    assert warehouse.count("import_ledger") == 0


def test_amounts_that_do_not_add_up_to_the_total_are_noted(warehouse: Warehouse, tmp_path: Path) -> None:
    # given a file whose summary says 100.00 but whose only line is 60.00 (a cut-off download)
    summary = {"settlement-id": "7", "settlement-start-date": "2025-06-01 00:00:00 UTC",
               "settlement-end-date": "2025-06-15 00:00:00 UTC", "total-amount": "100.00", "currency": "USD"}  # fmt: skip
    line = {"settlement-id": "7", "transaction-type": "Order", "order-id": "1", "amount-type": "ItemPrice",
            "amount-description": "Principal", "amount": "60.00", "posted-date": "2025-06-02"}  # fmt: skip
    path = tmp_path / "cut.txt"
    path.write_text(_v2([summary, line]), encoding="utf-8")
    # when imported, then it loads, and the ledger warns that the amounts fall short
    result = import_file(warehouse, path)
    assert result.notes == [
        "the 1 amounts add up to 60.0000 USD but the summary row's total-amount is 100.0000: the file may be incomplete"
    ]
