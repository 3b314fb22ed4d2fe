"""Account health on a hand-built order set: every rate is a fraction worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from sellerops.analytics.health import (
    AMAZON_TARGETS,
    AccountHealth,
    BreachingOrder,
    ClaimCase,
    FeedbackCase,
    HealthMetric,
    HealthTarget,
    account_health,
    recent_claims,
    unanswered_feedback,
)
from sellerops.warehouse import Warehouse

D = dt.date
LONDON = ZoneInfo("Europe/London")  # British Summer Time in July: UTC+1
AS_OF = D(2026, 7, 31)


def uk(month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    """A London wall-clock time in 2026, as the UTC instant the warehouse stores."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=LONDON).astimezone(dt.UTC)


# order, channel, status, purchase day, shipped, latest ship, tracking, delivered, latest delivery
ORDERS = [
    ("M1", "Merchant", "Shipped", D(2026, 7, 20), uk(7, 21), uk(7, 22, 23, 59), "TRK1", uk(7, 24), uk(7, 26)),
    ("M2", "Merchant", "Shipped", D(2026, 7, 22), uk(7, 25), uk(7, 24, 23, 59), "TRK2", uk(7, 29), uk(7, 28)),
    # shipped 00:30 London on 2 July = 23:30 UTC on 1 July: the local day, 2 July, is the 30-day window's first
    ("M3", "Merchant", "Shipped", D(2026, 7, 1), uk(7, 2, 0, 30), uk(7, 3, 23, 59), "  ", uk(7, 4), uk(7, 6)),
    # shipped late 23:30 London on 1 July: day 31 of the 30-day window, so not counted
    ("M4", "Merchant", "Shipped", D(2026, 6, 30), uk(7, 1, 23, 30), uk(7, 1, 23, 0), "TRK4", None, None),
    ("M5", "Merchant", "Cancelled", D(2026, 7, 26), None, uk(7, 28, 23, 59), None, None, None),
    ("M6", "Merchant", "Shipped", D(2026, 7, 25), uk(7, 26), uk(7, 27, 23, 59), "TRK6", uk(7, 27), uk(7, 30)),
    # cancelled on day 8 of the 7-day window: out of it; cancelled orders never count in the defect rate
    ("M7", "Merchant", "Cancelled", D(2026, 7, 24), None, None, None, None, None),
    # placed on day 60 of the 60-day window: in
    ("M8", "Merchant", "Shipped", D(2026, 6, 2), uk(6, 3), uk(6, 4, 23, 59), "TRK8", uk(6, 6), uk(6, 8)),
    # placed on day 61: out, whatever its chargeback
    ("M9", "Merchant", "Shipped", D(2026, 6, 1), uk(6, 2), uk(6, 3, 23, 59), "TRK9", uk(6, 5), uk(6, 7)),
    # no latest ship date known: left out of the late shipment rate only
    ("M10", "Merchant", "Shipped", D(2026, 7, 28), uk(7, 29), None, "TRK10", None, None),
    (
        "M11",
        "Merchant",
        "Shipped",
        D(2026, 7, 15),
        uk(7, 16),
        uk(7, 17, 23, 59),
        "TRK11",
        uk(7, 18),
        uk(7, 20),
    ),
    (
        "M12",
        "Merchant",
        "Shipped",
        D(2026, 7, 21),
        uk(7, 23),
        uk(7, 22, 23, 59),
        "TRK12",
        uk(7, 25),
        uk(7, 26),
    ),
    ("M13", "Merchant", "Shipped", D(2026, 7, 5), uk(7, 6), uk(7, 7, 23, 59), "TRK13", None, None),
    # shipped 23:30 London on 31 July (22:30 UTC): the last day of every window
    ("M14", "Merchant", "Shipped", D(2026, 7, 30), uk(7, 31, 23, 30), uk(8, 2, 23, 59), "TRK14", None, None),
    # shipped, but the header knows nothing of it: its shipping confirmation says when (below)
    ("M15", "Merchant", "Shipped", D(2026, 7, 8), None, uk(7, 10, 23, 59), None, None, None),
    ("A1", "Amazon", "Shipped", D(2026, 7, 10), uk(7, 10), None, None, None, None),
    ("A2", "Amazon", "Shipped", D(2026, 7, 11), uk(7, 11), None, None, None, None),
    ("A3", "Amazon", "Shipped", D(2026, 7, 12), uk(7, 12), None, None, None, None),
    ("A4", "Amazon", "Shipped", D(2026, 7, 13), uk(7, 13), None, None, None, None),
    # Amazon shipped it after the latest ship date: not the seller's late shipment
    ("A5", "Amazon", "Shipped", D(2026, 7, 14), uk(7, 20), uk(7, 15), None, None, None),
    ("A6", "Amazon", "Shipped", D(2026, 6, 1), uk(6, 1), None, None, None, None),
]
TOTALS = {"M2": Decimal("25.0000"), "M8": Decimal("40.0000"), "A1": Decimal("12.5000")}
FEEDBACK = [
    ("M2", D(2026, 7, 30), 1),
    ("M11", D(2026, 7, 20), 3),  # neutral: not a defect
    ("M11", D(2026, 8, 2), 2),  # negative, but after as_of: not known yet
]
CLAIMS = [
    ("M8", "a_to_z", D(2026, 7, 10)),
    ("M9", "chargeback", D(2026, 7, 15)),
    ("A1", "chargeback", D(2026, 7, 20)),
]


def _seed(warehouse: Warehouse) -> None:
    con = warehouse.con
    for order, channel, status, day, shipped, latest, tracking, delivered, promised in ORDERS:
        con.execute(
            "INSERT INTO order_header (marketplace, order_id, purchase_at, purchase_date, status, fulfillment_channel, "
            "order_total, currency, shipped_at, latest_ship_at, tracking_number, delivered_at, latest_delivery_at, "
            "import_id) VALUES ('amazon.UK', ?, ?, ?, ?, ?, ?, 'GBP', ?, ?, ?, ?, ?, 1)",
            [order, uk(day.month, day.day, 9), day, status, channel, TOTALS.get(order, Decimal(10)), shipped,
             latest, tracking, delivered, promised],
        )  # fmt: skip
    for order, day, rating in FEEDBACK:
        con.execute(
            "INSERT INTO seller_feedback (marketplace, feedback_date, rating, order_id, import_id) "
            "VALUES ('amazon.UK', ?, ?, ?, 2)",
            [day, rating, order],
        )
    for order, kind, day in CLAIMS:
        con.execute(
            "INSERT INTO claim (marketplace, claim_type, order_id, claim_at, claim_date, amount, currency, import_id) "
            "VALUES ('amazon.UK', ?, ?, ?, ?, -10, 'GBP', 3)",
            [kind, order, uk(day.month, day.day), day],
        )
    con.execute(
        "INSERT INTO order_shipment (marketplace, order_id, order_item_id, quantity, shipped_at, ship_date, "
        "carrier_code, tracking_number, import_id) VALUES ('amazon.UK', 'M15', '', 1, ?, ?, 'Royal Mail', 'RM15', 4)",
        [uk(7, 9), D(2026, 7, 9)],
    )


def _health(warehouse: Warehouse, **kwargs: object) -> AccountHealth:
    db = warehouse.ibis()
    return account_health(
        db.table("order_header"), db.table("seller_feedback"), db.table("claim"),
        shipments=db.table("order_shipment"), as_of=AS_OF, **kwargs,
    )  # type: ignore[arg-type]  # fmt: skip


def _metric(
    metric: str, kind: str, days: int, num: int, den: int, rate: str | None, status: str
) -> HealthMetric:
    target = AMAZON_TARGETS[metric]  # type: ignore[index]
    return HealthMetric(
        "amazon.UK", metric, kind, days, AS_OF - dt.timedelta(days=days - 1), AS_OF, num, den,
        None if rate is None else Decimal(rate), target.threshold, target.comparison, status,
    )  # type: ignore[arg-type]  # fmt: skip


def test_every_rate_is_the_hand_computed_fraction(warehouse: Warehouse) -> None:
    # given the hand-built UK orders, feedback, claims and one shipping confirmation
    _seed(warehouse)
    # when account health is computed for 31 July
    health = _health(warehouse, marketplace="amazon.UK")
    # then
    assert health.metrics == (
        # merchant orders placed 2 June..31 July, not cancelled: M1 M2 M3 M4 M6 M8 M10 M11 M12 M13 M14 M15 = 12;
        # defects: M2 (1 star), M8 (A-to-z) = 2 → 2/12 = 0.1666666667 (M9 is day 61; M11's 2 stars come 2 Aug)
        _metric("order_defect_rate", "mfn", 60, 2, 12, "0.1666666667", "breach"),
        # Amazon-fulfilled A1..A5 (A6 is day 61); A1's chargeback → 1/5
        _metric("order_defect_rate", "afn", 60, 1, 5, "0.2", "breach"),
        # shipped 22..31 July (local) with a latest ship date: M2 (late) M6 M12 (late) M14; M10 has none → 2/4
        _metric("late_shipment_rate", "mfn", 10, 2, 4, "0.5", "breach"),
        # shipped 2..31 July: M1 M2 M3 M6 M11 M12 M13 M14 M15; M4 shipped 1 July, M10 unjudgeable → 2/9
        _metric("late_shipment_rate", "mfn", 30, 2, 9, "0.2222222222", "breach"),
        # merchant orders placed 25..31 July: M5 (cancelled) M6 M10 M14; M7 is day 8 → 1/4
        _metric("pre_fulfillment_cancellation_rate", "mfn", 7, 1, 4, "0.25", "breach"),
        # shipped 2..31 July: the 9 above + M10 = 10; M3's tracking is blank → 9/10
        _metric("valid_tracking_rate", "mfn", 30, 9, 10, "0.9", "breach"),
        # tracked, delivered and promised: M1 M2 M6 M11 M12 (M3 has no valid tracking) → M2 late → 4/5
        _metric("on_time_delivery_rate", "mfn", 30, 4, 5, "0.8", "breach"),
    )
    assert health.breaching_orders == (
        BreachingOrder("amazon.UK", "late_shipment_rate", "M12", "late_shipment", D(2026, 7, 23), Decimal(10), "GBP"),
        BreachingOrder("amazon.UK", "late_shipment_rate", "M2", "late_shipment", D(2026, 7, 25), Decimal(25), "GBP"),
        BreachingOrder("amazon.UK", "on_time_delivery_rate", "M2", "late_delivery", D(2026, 7, 29), Decimal(25), "GBP"),
        BreachingOrder("amazon.UK", "order_defect_rate", "M8", "a_to_z_claim", D(2026, 7, 10), Decimal(40), "GBP"),
        BreachingOrder("amazon.UK", "order_defect_rate", "A1", "chargeback", D(2026, 7, 20), Decimal("12.5"), "GBP"),
        BreachingOrder("amazon.UK", "order_defect_rate", "M2", "negative_feedback", D(2026, 7, 30), Decimal(25), "GBP"),
        BreachingOrder("amazon.UK", "pre_fulfillment_cancellation_rate", "M5", "cancelled", D(2026, 7, 26), Decimal(10),
                       "GBP"),
        BreachingOrder("amazon.UK", "valid_tracking_rate", "M3", "no_valid_tracking", D(2026, 7, 2), Decimal(10), "GBP"),
    )  # fmt: skip


def test_a_rate_equal_to_its_target_breaches_and_healthy_windows_list_no_orders(warehouse: Warehouse) -> None:
    # given the same orders, and targets where late shipment must stay below 50 % and the rest are lenient
    _seed(warehouse)
    targets = {
        **AMAZON_TARGETS,
        "late_shipment_rate": HealthTarget(Decimal("0.5"), "<"),
        "order_defect_rate": HealthTarget(Decimal("0.25"), "<"),
        "pre_fulfillment_cancellation_rate": HealthTarget(Decimal("0.3"), "<"),
        "valid_tracking_rate": HealthTarget(Decimal("0.8"), ">"),
        "on_time_delivery_rate": HealthTarget(Decimal("0.8"), ">"),
    }
    # when account health is computed
    health = _health(warehouse, marketplace="amazon.UK", targets=targets)
    # then 2/4 = 0.5 is not below 0.5, and 4/5 = 0.8 is not above 0.8: both breach; 2/9 < 0.5 is fine
    assert [(m.metric, m.window_days, m.status) for m in health.metrics] == [
        ("order_defect_rate", 60, "ok"), ("order_defect_rate", 60, "ok"), ("late_shipment_rate", 10, "breach"),
        ("late_shipment_rate", 30, "ok"), ("pre_fulfillment_cancellation_rate", 7, "ok"),
        ("valid_tracking_rate", 30, "ok"), ("on_time_delivery_rate", 30, "breach"),
    ]  # fmt: skip
    # and only the orders of the breached windows are listed: the late shipments of 22..31 July and M2's delivery
    assert [(o.metric, o.order_id, o.reason) for o in health.breaching_orders] == [
        ("late_shipment_rate", "M12", "late_shipment"), ("late_shipment_rate", "M2", "late_shipment"),
        ("on_time_delivery_rate", "M2", "late_delivery"),
    ]  # fmt: skip


def test_a_marketplace_without_orders_has_no_data(warehouse: Warehouse) -> None:
    # given UK orders only
    _seed(warehouse)
    # when Germany is asked for
    health = _health(warehouse, marketplace="amazon.DE")
    # then every rate is unknown, none breaches, no order is listed
    assert [(m.marketplace, m.numerator, m.denominator, m.rate, m.status) for m in health.metrics] == [
        ("amazon.DE", 0, 0, None, "no_data")
    ] * 7
    assert health.breaching_orders == ()


def test_a_lag_moves_every_window_back(warehouse: Warehouse) -> None:
    # given the same orders
    _seed(warehouse)
    # when windows end 14 days before as_of (as Amazon shows the defect rate)
    health = _health(warehouse, marketplace="amazon.UK", lag_days=14)
    # then the 60-day window is 19 May..17 July: merchant orders M3 M4 M8 M9 M11 M13 M15 = 7, with M8's claim and
    # M9's chargeback (both known by 31 July) → 2/7; Amazon's A1..A6 all fall in it, A1's chargeback → 1/6
    odr = [m for m in health.metrics if m.metric == "order_defect_rate"]
    assert [(m.window_from, m.window_to, m.numerator, m.denominator) for m in odr] == [
        (D(2026, 5, 19), D(2026, 7, 17), 2, 7),
        (D(2026, 5, 19), D(2026, 7, 17), 1, 6),
    ]


def test_unanswered_negative_feedback_within_the_lookback(warehouse: Warehouse) -> None:
    # given the UK orders with lines, and feedback: M2's 1 star unanswered, M11's 3 stars, M6's answered 2 stars,
    # M4's 2 stars on day 61 of the lookback
    _seed(warehouse)
    con = warehouse.con
    for order, sku in (("M2", "SKU-B"), ("M2", "SKU-A"), ("M6", "SKU-C")):
        con.execute(
            "INSERT INTO order_line (marketplace, order_id, line_id, purchase_at, purchase_date, order_status, sku, "
            "quantity, import_id) VALUES ('amazon.UK', ?, ?, ?, ?, 'Shipped', ?, 1, 1)",
            [order, sku, uk(7, 20), D(2026, 7, 20), sku],
        )
    con.execute(
        "INSERT INTO seller_feedback (marketplace, feedback_date, rating, order_id, response, import_id) VALUES "
        "('amazon.UK', ?, 2, 'M6', 'Sorry, refunded', 2), ('amazon.UK', ?, 2, 'M4', ' ', 2)",
        [D(2026, 7, 29), D(2026, 6, 1)],
    )
    db = warehouse.ibis()
    # when the unanswered feedback of 31 July is asked for
    cases = unanswered_feedback(
        db.table("seller_feedback"), db.table("order_header"), db.table("order_line"), as_of=AS_OF
    )
    # then only M2's, with its first SKU and its total
    assert cases == [FeedbackCase("amazon.UK", "M2", D(2026, 7, 30), 1, None, "SKU-A", Decimal(25), "GBP")]


def test_recent_claims_within_the_lookback(warehouse: Warehouse) -> None:
    # given the claims of 10, 15 and 20 July
    _seed(warehouse)
    db = warehouse.ibis()
    # when the claims of the 14 days up to 31 July (18..31 July) are asked for
    cases = recent_claims(db.table("claim"), db.table("order_line"), as_of=AS_OF, lookback_days=14)
    # then only A1's chargeback of 20 July
    assert cases == [
        ClaimCase("amazon.UK", "A1", "chargeback", D(2026, 7, 20), Decimal(-10), "GBP", None, None)
    ]
