"""Settlement flat file (the wide layout): every real Amazon.ca file to the cent, twice, re-downloads, claims."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from sellerops.core.marketplaces import get_marketplace
from sellerops.errors import FileRefused
from sellerops.sources.context import ImportOptions
from sellerops.sources.importer import import_file
from sellerops.warehouse import Warehouse
from support import TEST_DATA, datasets_dir, warehouse_state

UTC = dt.UTC
CA = "amazon_settlements/adwweaver_ca"
# Every real settlement: file, period (UTC dates of start..end), header width.
FILES = [
    ("settlement_23874396421.txt", "2025-06-05..2025-07-31", 33),
    ("settlement_23874397121.txt", "2025-07-31..2025-08-14", 36),
    ("settlement_24288684721.txt", "2025-08-14..2025-08-28", 36),
    ("settlement_24391894961.txt", "2025-08-28..2025-09-11", 36),
    ("settlement_24495221541.txt", "2025-09-11..2025-09-25", 36),
    ("settlement_24596907561.txt", "2025-09-25..2025-10-09", 36),
    ("settlement_24702193891.txt", "2025-10-09..2025-10-23", 36),
]


def _by_hand(path: Path) -> dict[str, object]:
    """The summary row, and every filled amount cell outside it, read with csv and Decimal only."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    amount_columns = [h for h in rows[0] if h.endswith("amount") and h != "total-amount"]
    cells = [Decimal(r[h]) for r in rows[1:] for h in amount_columns if r[h].strip()]
    return {
        "width": len(rows[0]),
        "settlement_id": rows[0]["settlement-id"],
        "total": Decimal(rows[0]["total-amount"]),
        "cells": len(cells),
        "sum": sum(cells, Decimal(0)),
        "quantity": sum(int(r["quantity-purchased"]) for r in rows if r["quantity-purchased"].strip()),
        "rows": len(rows),
    }


def _lines(warehouse: Warehouse) -> list[tuple[object, ...]]:
    return warehouse.con.execute(
        "SELECT * EXCLUDE (import_id) FROM fee_txn ORDER BY settlement_id, line_no"
    ).fetchall()


@pytest.mark.datasets
@pytest.mark.parametrize(("name", "period", "width"), FILES, ids=[f[0] for f in FILES])
def test_real_settlement_amounts_add_up_to_the_summary_total_and_twice_changes_nothing(
    warehouse: Warehouse, name: str, period: str, width: int
) -> None:
    # given a real settlement and its amounts added up by hand
    path = datasets_dir() / CA / name
    expected = _by_hand(path)
    assert expected["width"] == width
    assert expected["sum"] == expected["total"]

    # when it is imported twice
    first = import_file(warehouse, path)
    state = warehouse_state(warehouse)
    second = import_file(warehouse, path)

    # then one fee_txn row per filled amount cell, adding up exactly to the summary row's total
    assert (first.status, first.marketplace, first.period, first.rows_read) == (
        "loaded",
        "amazon.CA",
        period,
        expected["rows"],
    )
    got = warehouse.con.execute(
        "SELECT count(*), sum(amount), coalesce(sum(quantity), 0), count(DISTINCT line_no), "
        "min(settlement_id), max(settlement_id), min(currency), max(currency), min(marketplace) FROM fee_txn"
    ).fetchone()
    sid = expected["settlement_id"]
    cells, total = expected["cells"], expected["total"]
    assert got == (cells, total, expected["quantity"], cells, sid, sid, "CAD", "CAD", "amazon.CA")
    settlement = warehouse.con.execute(
        "SELECT settlement_id, marketplace, CAST(start_at AS DATE), CAST(end_at AS DATE), total_amount, currency "
        "FROM settlement"
    ).fetchall()
    start, _, end = period.partition("..")
    assert settlement == [
        (sid, "amazon.CA", dt.date.fromisoformat(start), dt.date.fromisoformat(end), total, "CAD")
    ]
    assert warehouse.count("claim") == 0
    # and the second import changed nothing
    assert (second.status, second.import_id) == ("already_imported", first.import_id)
    assert warehouse_state(warehouse) == state


@pytest.mark.datasets
def test_oldest_settlement_takes_its_marketplace_from_the_currency_because_no_row_names_one(
    warehouse: Warehouse,
) -> None:
    # given the 33-column settlement, whose rows all leave marketplace-name blank
    path = datasets_dir() / CA / "settlement_23874396421.txt"
    # when imported
    result = import_file(warehouse, path)
    # then the marketplace comes from CAD, and the ledger says so
    source = warehouse.con.execute(
        "SELECT marketplace, marketplace_source, period_source FROM import_ledger"
    ).fetchone()
    assert source == (
        "amazon.CA",
        "settlement currency CAD (no row names a marketplace)",
        "settlement-start-date..settlement-end-date (UTC dates)",
    )
    assert result.notes == []
    assert warehouse.con.execute(
        "SELECT line_no, posted_at, posted_date, transaction_type, shipment_id, amount_type, amount_description, amount "
        "FROM fee_txn ORDER BY line_no"
    ).fetchall() == [
        (39, dt.datetime(2025, 7, 31, 20, 13, 8, tzinfo=UTC), dt.date(2025, 7, 31), "Inbound Transportation Fee",
         "FBA18ZN0LT90", "other-transaction", "Inbound Transportation Fee", Decimal("-321.6900")),
        (49, dt.datetime(2025, 6, 6, 23, 4, 51, tzinfo=UTC), dt.date(2025, 6, 6), "Subscription Fee", None,
         "other-transaction", "Subscription Fee", Decimal("-32.0900")),
        (59, dt.datetime(2025, 6, 6, 23, 9, 23, tzinfo=UTC), dt.date(2025, 6, 6), "Successful charge", None,
         "other-transaction", "Successful charge", Decimal("32.0900")),
    ]  # fmt: skip


@pytest.mark.datasets
def test_real_order_item_becomes_v2_lines_with_its_quantity_on_the_principal(warehouse: Warehouse) -> None:
    # given the settlement whose first order item has a quantity row (file row 3), then price and three fees
    import_file(warehouse, datasets_dir() / CA / "settlement_24288684721.txt")
    # then the item reads as V2 lines; the quantity row itself gives no line
    rows = warehouse.con.execute(
        "SELECT line_no, source_row, posted_date, order_id, order_item_code, sku, quantity, amount_type, "
        "amount_description, amount FROM fee_txn WHERE order_id = '701-0590237-2315442' ORDER BY line_no"
    ).fetchall()
    assert rows == [
        (41, 4, dt.date(2025, 8, 17), "701-0590237-2315442", "136104483693001", "SALTT30-ALLT", 1, "ItemPrice",
         "Principal", Decimal("60.0000")),
        (52, 5, dt.date(2025, 8, 17), "701-0590237-2315442", "136104483693001", "SALTT30-ALLT", None, "ItemFees",
         "FBAPerUnitFulfillmentFee", Decimal("-8.2500")),
        (62, 6, dt.date(2025, 8, 17), "701-0590237-2315442", "136104483693001", "SALTT30-ALLT", None, "ItemFees",
         "Commission", Decimal("-9.6300")),
        (72, 7, dt.date(2025, 8, 17), "701-0590237-2315442", "136104483693001", "SALTT30-ALLT", None, "ItemFees",
         "DigitalServicesFee", Decimal("-0.2900")),
    ]  # fmt: skip


@pytest.mark.datasets
def test_redownloaded_settlement_replaces_its_lines_instead_of_adding(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given a settlement imported, and another settlement beside it
    original = datasets_dir() / CA / "settlement_24288684721.txt"
    import_file(warehouse, original)
    import_file(warehouse, datasets_dir() / CA / "settlement_23874397121.txt")
    before = _lines(warehouse)
    # when the same settlement arrives again as a different file (one more trailing newline)
    again = tmp_path / "settlement-redownload.txt"
    again.write_bytes(original.read_bytes() + b"\n")
    result = import_file(warehouse, again)
    # then its 153 lines and its settlement row were replaced, and nothing was added or lost
    assert (result.status, result.rows_replaced) == ("loaded", 153 + 1)
    assert _lines(warehouse) == before
    assert warehouse.con.execute(
        "SELECT settlement_id, count(*) FROM fee_txn GROUP BY ALL ORDER BY 1"
    ).fetchall() == [("23874397121", 15), ("24288684721", 153)]
    assert warehouse.count("settlement") == 2


def test_chargeback_and_a_to_z_rows_become_claims(warehouse: Warehouse) -> None:
    # given a UK wide-layout settlement with a chargeback (price, shipping, commission back) and a claim
    path = TEST_DATA / "amazon" / "settlement" / "settlement_flat_claims_uk.txt"
    # when imported twice
    first = import_file(warehouse, path)
    state = warehouse_state(warehouse)
    assert import_file(warehouse, path).status == "already_imported"
    # then each is one claim per order and posting, with the net settled amount and a London calendar day
    assert (first.marketplace, first.period) == ("amazon.UK", "2025-09-01..2025-09-15")
    assert warehouse.con.execute(
        "SELECT * EXCLUDE (import_id) FROM claim ORDER BY order_id"
    ).fetchall() == [
        ("amazon.UK", "chargeback", "202-1000000-1000001", dt.datetime(2025, 9, 3, 23, 30, tzinfo=UTC),
         dt.date(2025, 9, 4), Decimal("-21.4400"), "GBP", None, "Chargeback Refund"),
        ("amazon.UK", "a_to_z", "202-2000000-2000002", dt.datetime(2025, 9, 10, 10, 0, tzinfo=UTC),
         dt.date(2025, 9, 10), Decimal("-11.7600"), "GBP", None, "a-to-z guarantee claim"),
    ]  # fmt: skip
    assert warehouse.con.execute("SELECT count(*), sum(amount) FROM fee_txn").fetchone() == (
        4,
        Decimal("-33.2000"),
    )
    assert warehouse_state(warehouse) == state


def test_reimported_settlement_replaces_its_claims(warehouse: Warehouse, tmp_path: Path) -> None:
    # given the claims settlement imported once
    path = TEST_DATA / "amazon" / "settlement" / "settlement_flat_claims_uk.txt"
    import_file(warehouse, path)
    # when a copy whose chargeback was posted a second later arrives (a corrected re-download)
    again = tmp_path / "again.txt"
    again.write_text(
        path.read_text(encoding="utf-8").replace("23:30:00+00:00", "23:30:01+00:00"), encoding="utf-8"
    )
    import_file(warehouse, again)
    # then the old chargeback is gone, not kept beside the new one
    assert warehouse.con.execute("SELECT claim_type, claim_at FROM claim ORDER BY claim_type").fetchall() == [
        ("a_to_z", dt.datetime(2025, 9, 10, 10, 0, tzinfo=UTC)),
        ("chargeback", dt.datetime(2025, 9, 3, 23, 30, 1, tzinfo=UTC)),
    ]


HEADER = (
    "settlement-id\tsettlement-start-date\tsettlement-end-date\tdeposit-date\ttotal-amount\tcurrency\t"
    "transaction-type\torder-id\tmarketplace-name\tposted-date\tsku\tquantity-purchased\tprice-type\tprice-amount\t"
    "item-related-fee-type\titem-related-fee-amount\tother-amount\n"
)
SUMMARY = (
    "9001\t2025-09-01T00:00:00+00:00\t2025-09-15T00:00:00+00:00\t2025-09-17T00:00:00+00:00\t{total}\t{cur}\n"
)


def _write(tmp_path: Path, body: str, *, total: str = "10.00", cur: str = "EUR") -> Path:
    path = tmp_path / "settlement.txt"
    path.write_text(HEADER + SUMMARY.format(total=total, cur=cur).replace("\n", "\t" * 11 + "\n") + body)
    return path


def test_euro_settlement_without_marketplace_name_is_refused_and_names_the_option(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    # given an EUR settlement whose only row names no marketplace
    path = _write(tmp_path, "9001\t\t\t\t\t\tStorage Fee\t\t\t2025-09-05T10:00:00+00:00\t\t\t\t\t\t\t10.00\n")
    # when imported without --marketplace, then it is refused and nothing is written
    with pytest.raises(FileRefused, match=r"--marketplace") as refused:
        import_file(warehouse, path)
    assert "its currency EUR is used by several" in str(refused.value)
    assert (warehouse.count("fee_txn"), warehouse.count("import_ledger")) == (0, 0)
    # and with --marketplace it loads
    result = import_file(warehouse, path, ImportOptions(marketplace=get_marketplace("amazon.FR")))
    assert (result.marketplace, warehouse.count("fee_txn")) == ("amazon.FR", 1)


def test_settlement_naming_two_marketplaces_is_refused(warehouse: Warehouse, tmp_path: Path) -> None:
    body = (
        "9001\t\t\t\t\t\tOrder\t1\tAmazon.de\t2025-09-05T10:00:00+00:00\tA\t1\tPrincipal\t5.00\t\t\t\n"
        "9001\t\t\t\t\t\tOrder\t2\tAmazon.fr\t2025-09-05T10:00:00+00:00\tA\t1\tPrincipal\t5.00\t\t\t\n"
    )
    with pytest.raises(FileRefused, match=r"several marketplaces \(Amazon\.de, Amazon\.fr\)"):
        import_file(warehouse, _write(tmp_path, body))
    assert warehouse.count("fee_txn") == 0


def test_two_settlements_pasted_together_are_refused(warehouse: Warehouse, tmp_path: Path) -> None:
    body = "9002\t2025-09-15T00:00:00+00:00\t2025-09-29T00:00:00+00:00\t\t5.00\tEUR" + "\t" * 11 + "\n"
    with pytest.raises(FileRefused, match=r"more than one settlement \(9001, 9002\)"):
        import_file(warehouse, _write(tmp_path, body))
    assert warehouse.count("settlement") == 0


def test_unreadable_posted_date_names_row_and_column(warehouse: Warehouse, tmp_path: Path) -> None:
    body = "9001\t\t\t\t\t\tOrder\t1\tAmazon.de\tyesterday\tA\t1\tPrincipal\t10.00\t\t\t\n"
    with pytest.raises(FileRefused, match=r"row 3, column 'posted-date'"):
        import_file(warehouse, _write(tmp_path, body))
    assert warehouse.count("import_ledger") == 0
