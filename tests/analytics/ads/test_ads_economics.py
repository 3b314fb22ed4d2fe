"""Break-even ACoS per SKU from its sales, the fees its settlements show and the product master's unit cost."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sellerops.analytics.ads import SkuEconomics, sku_economics
from sellerops.warehouse import Warehouse

START, END = dt.date(2026, 10, 1), dt.date(2026, 10, 31)


def _line(w: Warehouse, order: str, sku: str, qty: int, price: str, discount: str = "0", *,
          status: str = "Shipped", day: int = 10, market: str = "amazon.US", currency: str = "USD") -> None:  # fmt: skip
    at = dt.datetime(2026, 10, day, 12, tzinfo=dt.UTC)
    w.con.execute(
        "INSERT INTO order_line (marketplace, order_id, line_id, purchase_at, purchase_date, order_status, sku, "
        "quantity, currency, item_price, item_promotion_discount, import_id) VALUES (?, ?, '1', ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        [market, order, at, at.date(), status, sku, qty, currency, Decimal(price), Decimal(discount)],
    )


def _fee(w: Warehouse, line: int, sku: str, kind: str, what: str, amount: str, *, qty: int | None = None,
         txn: str = "Order") -> None:  # fmt: skip
    w.con.execute(
        "INSERT INTO fee_txn (settlement_id, line_no, marketplace, posted_date, transaction_type, sku, quantity, "
        "amount_type, amount_description, amount, currency, source_row, import_id) "
        "VALUES ('S1', ?, 'amazon.US', DATE '2026-10-12', ?, ?, ?, ?, ?, ?, 'USD', ?, 2)",
        [line, txn, sku, qty, kind, what, Decimal(amount), line],
    )


def _product(w: Warehouse, sku: str, cost: str, currency: str) -> None:
    w.con.execute(
        "INSERT INTO product (sku, unit_cost, cost_currency, import_id) VALUES (?, ?, ?, 3)",
        [sku, Decimal(cost), currency],
    )


def test_break_even_acos_is_the_margin_before_ads_over_revenue(warehouse: Warehouse) -> None:
    # given SKU A: 2 units for 40.00, 1 for 20.00 less 5.00 off and, on 1 October, 1 for 20.00 (a cancelled line
    # does not count);
    # its settlement shows 2 units charged 6.00 commission and 8.00 FBA fees → 7.00 a unit (a refund's fees do not
    # count); unit cost 6.00 USD
    _line(warehouse, "O1", "A", 2, "40.00")
    _line(warehouse, "O2", "A", 1, "20.00", "-5.00")
    _line(warehouse, "O3", "A", 1, "20.00", status="Cancelled")
    _line(warehouse, "O4", "A", 1, "20.00", day=1)  # 1 October: the first day counts
    _fee(warehouse, 1, "A", "ItemPrice", "Principal", "40.00", qty=2)
    _fee(warehouse, 2, "A", "ItemFees", "Commission", "-6.00")
    _fee(warehouse, 3, "A", "ItemFees", "FBAPerUnitFulfillmentFee", "-8.00")
    _fee(warehouse, 4, "A", "ItemFees", "RefundCommission", "-1.00", txn="Refund")
    _product(warehouse, "A", "6.00", "USD")
    # and SKU B: 1 unit at 30.00, never settled, its cost kept in CNY
    _line(warehouse, "O5", "B", 1, "30.00")
    _product(warehouse, "B", "50.00", "CNY")
    # and a UK sale, left out by the marketplace filter
    _line(warehouse, "O6", "A", 1, "15.00", market="amazon.UK", currency="GBP")
    db = warehouse.ibis()
    # when the economics of October are worked out for the US
    found = sku_economics(db.table("order_line"), db.table("fee_txn"), db.table("product"), start=START, end=END,
                          marketplace="amazon.US")  # fmt: skip
    # then A: 4 units, revenue 80 + 20 − 5 = 75.00 (O1 40, O2 15, O4 20); fees 4 × 7.00 = 28.00; cost 4 × 6 = 24.00;
    # margin 75 − 28 − 24 = 23.00; break-even 23 / 75 = 0.30666… → 0.3067
    # and B: fees and cost unknown, so its break-even 30 / 30 = 1 is only an upper bound
    assert found == [
        SkuEconomics("amazon.US", "A", "USD", 4, Decimal("75.00"), Decimal("28.00"), Decimal("24.00"),
                     Decimal("23.00"), Decimal("0.3067"), ()),
        SkuEconomics("amazon.US", "B", "USD", 1, Decimal("30.00"), None, None, Decimal("30.00"), Decimal("1.0000"),
                     ("fees", "unit_cost")),
    ]  # fmt: skip
    assert [e.upper_bound for e in found] == [False, True]
