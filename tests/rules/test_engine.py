"""Every rule over one small warehouse for one day: the findings, most urgent first."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sellerops.core.money import Money
from sellerops.rules.config import load_rules
from sellerops.rules.engine import findings_for_day
from sellerops.warehouse import Warehouse

D = dt.date
AS_OF = D(2026, 7, 31)


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def _seed(warehouse: Warehouse) -> None:
    con = warehouse.con
    con.execute("INSERT INTO product (sku, category, import_id) VALUES ('S1', 'Home', 1)")
    for n in range(1, 5):
        day = D(2026, 7, 19 + n)
        con.execute(
            "INSERT INTO order_header (marketplace, order_id, purchase_at, purchase_date, status, fulfillment_channel, "
            "order_total, currency, shipped_at, latest_ship_at, tracking_number, import_id) "
            "VALUES ('amazon.UK', ?, ?, ?, 'Shipped', 'Merchant', 10, 'GBP', ?, ?, 'T', 1)",
            [f"O{n}", _at(day), day, _at(day + dt.timedelta(days=1)), _at(day + dt.timedelta(days=2))],
        )
        con.execute(
            "INSERT INTO order_line (marketplace, order_id, line_id, purchase_at, purchase_date, order_status, sku, "
            "quantity, currency, import_id) VALUES ('amazon.UK', ?, 'S1#1', ?, ?, 'Shipped', 'S1', 1, 'GBP', 1)",
            [f"O{n}", _at(day), day],
        )
    con.execute(
        "INSERT INTO seller_feedback (marketplace, feedback_date, rating, order_id, import_id) "
        "VALUES ('amazon.UK', ?, 1, 'O1', 2)",
        [D(2026, 7, 30)],
    )
    con.execute(
        "INSERT INTO claim (marketplace, claim_type, order_id, claim_at, claim_date, amount, currency, import_id) "
        "VALUES ('amazon.UK', 'chargeback', 'O2', ?, ?, -20, 'GBP', 3)",
        [_at(D(2026, 7, 29)), D(2026, 7, 29)],
    )
    con.execute(
        "INSERT INTO ad_performance (report_type, marketplace, period_from, period_to, ad_product, clicks, spend, "
        "sales, currency, advertised_sku, source_row, import_id) "
        "VALUES ('advertised_product', 'amazon.UK', ?, ?, 'SP', 40, 50, 100, 'GBP', 'S1', 1, 4)",
        [D(2026, 7, 28), D(2026, 7, 28)],
    )


def test_the_days_findings_come_most_urgent_first(warehouse: Warehouse) -> None:
    # given four UK merchant orders of S1: O1 with 1-star feedback, O2 with a chargeback; and S1's ads at 50 % ACoS
    _seed(warehouse)
    # when every rule runs for 31 July
    findings = findings_for_day(warehouse.ibis(), config=load_rules(), as_of=AS_OF)
    # then the order defect rate 2/4 (critical, O1 + O2 = 20 at stake), then the high ones by money at stake:
    # the chargeback (20), the ACoS (50 − 0.35 × 100 = 15), the 1-star feedback (O1's 10)
    gbp = lambda amount: Money(Decimal(amount), "GBP")  # noqa: E731
    assert [(f.rule, f.severity, f.entity, f.sku, f.value, f.money_at_stake) for f in findings] == [
        ("health.order_defect_rate", "critical", "amazon.UK", None, Decimal("0.5"), gbp(20)),
        ("after_sales.chargeback", "high", "O2", "S1", Decimal(20), gbp(20)),
        ("ads.acos_band", "high", "S1", "S1", Decimal("0.5"), gbp(15)),
        ("after_sales.negative_feedback", "high", "O1", "S1", Decimal(1), gbp(10)),
    ]
