"""The hold list on a hand-built order book: every reason, figure and the order of the list worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sellerops.analytics.orders import HeldOrder, HoldPolicy, HoldReason, hold_list
from sellerops.warehouse import Warehouse

US = "amazon.US"
NOW = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
LA = ("Los Angeles", "CA", "90001", "US")
AUSTIN = ("Austin", "TX", "78701", "US")


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=dt.UTC)


# order, marketplace, channel, status, purchased, latest ship, address, lines (sku, quantity)
OPEN_BOOK = [
    # 18 h before its latest ship time: ship it now
    ("O1", US, "Merchant", "Unshipped", at(11, 1, 8), at(11, 2, 6), LA, [("MUG", 1)]),
    # payment pending 54 h (30 Oct 06:00 → 1 Nov 12:00)
    ("O2", US, "Merchant", "Pending", at(10, 30, 6), None, LA, [("MUG", 1)]),
    # 90001 is a California postal code, not New York's
    (
        "O3",
        US,
        "Merchant",
        "Unshipped",
        at(11, 1, 9),
        at(11, 4, 12),
        ("New York", "NY", "90001", "US"),
        [("MUG", 1)],
    ),
    # same postal code, city and items as S1, placed 1.5 h after it
    ("O4", US, "Merchant", "Unshipped", at(11, 1, 7, 30), at(11, 3, 23, 59), AUSTIN, [("LAMP", 1)]),
    # both lines above their limit (6, see below), and 2 h past its latest ship time
    ("O5", US, "Merchant", "Unshipped", at(10, 31, 9), at(11, 1, 10), LA, [("LAMP", 7), ("MUG", 7)]),
    # nothing wrong
    ("O6", US, "Merchant", "Unshipped", at(11, 1, 10), at(11, 5), LA, [("MUG", 2)]),
    # Amazon ships it: never on the list, whatever its address (its line counts in the MUG norm)
    ("O7", US, "Amazon", "Unshipped", at(11, 1, 9, 30), None, ("", "", "", "US"), [("MUG", 1)]),
    # cancelled: not open
    ("O8", US, "Merchant", "Cancelled", at(11, 1, 9), None, ("", "", "", ""), [("MUG", 1)]),
    # no country at all
    ("O9", US, "Merchant", "Unshipped", at(11, 1, 9), None, ("Austin", "TX", "78701", ""), [("MUG", 1)]),
    # another marketplace
    ("O10", "amazon.UK", "Merchant", "Pending", at(10, 1), None, ("", "", "", ""), [("MUG", 1)]),
]
# The norm: 17 MUG lines of 1 and 2 of 2 in the last 90 days, plus O7's 1 → 20 lines, sorted 18 ones then 2 twos;
# the 95th percentile sits at position 0.95 × 19 = 18.05 → between two 2s → 2; limit 3 × 2 = 6.
# LAMP has one line (S1) < 20, so the marketplace's norm stands in: 21 lines, 19 ones and 2 twos; position
# 0.95 × 20 = 19 → 2; limit 3 × 2 = 6.
HISTORY = [
    *[(f"H{i}", "Shipped", at(9, 1) + dt.timedelta(days=i), "MUG", 1) for i in range(17)],
    ("H17", "Shipped", at(10, 1), "MUG", 2),
    ("H18", "Shipped", at(10, 2), "MUG", 2),
    ("S1", "Shipped", at(11, 1, 6), "LAMP", 1),
    # a cancelled line and one 91 days back: neither counts
    ("X1", "Cancelled", at(10, 3), "MUG", 50),
    ("X2", "Shipped", NOW - dt.timedelta(days=91), "MUG", 100),
]


def _seed(warehouse: Warehouse, book: list[tuple[object, ...]], history: list[tuple[object, ...]]) -> None:
    con = warehouse.con
    for order_id, market, channel, status, purchased, latest, (city, state, postcode, country), lines in book:
        assert isinstance(purchased, dt.datetime)
        con.execute(
            "INSERT INTO order_header (marketplace, order_id, purchase_at, purchase_date, status, "
            "fulfillment_channel, order_total, currency, latest_ship_at, ship_city, ship_state, ship_postcode, "
            "ship_country, import_id) VALUES (?, ?, ?, ?, ?, ?, 10, 'USD', ?, ?, ?, ?, ?, 1)",
            [
                market,
                order_id,
                purchased,
                purchased.date(),
                status,
                channel,
                latest,
                city,
                state,
                postcode,
                country,
            ],
        )
        for n, (sku, quantity) in enumerate(lines):  # type: ignore[arg-type]
            con.execute(
                "INSERT INTO order_line (marketplace, order_id, line_id, purchase_at, purchase_date, order_status, "
                "sku, quantity, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
                [market, order_id, str(n), purchased, purchased.date(), status, sku, quantity],
            )
    for order_id, status, purchased, sku, quantity in history:
        assert isinstance(purchased, dt.datetime)
        city, state, postcode, country = AUSTIN if order_id == "S1" else LA
        con.execute(
            "INSERT INTO order_header (marketplace, order_id, purchase_at, purchase_date, status, "
            "fulfillment_channel, ship_city, ship_state, ship_postcode, ship_country, import_id) "
            "VALUES (?, ?, ?, ?, ?, 'Merchant', ?, ?, ?, ?, 1)",
            [US, order_id, purchased, purchased.date(), status, city, state, postcode, country],
        )
        con.execute(
            "INSERT INTO order_line (marketplace, order_id, line_id, purchase_at, purchase_date, order_status, "
            "sku, quantity, import_id) VALUES (?, ?, '0', ?, ?, ?, ?, ?, 1)",
            [US, order_id, purchased, purchased.date(), status, sku, quantity],
        )


def _holds(warehouse: Warehouse, **kwargs: object) -> tuple[HeldOrder, ...]:
    db = warehouse.ibis()
    return hold_list(db.table("order_header"), db.table("order_line"), marketplace=US, now=NOW, **kwargs)  # type: ignore[arg-type]


def _held(order_id: str, status: str, purchased: dt.datetime, latest: dt.datetime | None, skus: tuple[str, ...],
          *reasons: HoldReason) -> HeldOrder:  # fmt: skip
    return HeldOrder(US, order_id, status, purchased, latest, Decimal(10), "USD", skus, reasons)


def test_the_hold_list_names_every_abnormal_open_order_with_its_figures(warehouse: Warehouse) -> None:
    # given the order book above
    _seed(warehouse, OPEN_BOOK, HISTORY)
    # when the hold list is drawn up at noon UTC on 1 November
    holds = _holds(warehouse)
    # then every open merchant order with a reason is on it, the earliest latest-ship time first, then the
    # orders without one by purchase time; O6 (fine), O7 (AFN), O8 (cancelled) and O10 (UK) are not
    six = Decimal(6)
    assert holds == (
        _held("O5", "Unshipped", at(10, 31, 9), at(11, 1, 10), ("LAMP", "MUG"),
              HoldReason("quantity_outlier", "LAMP quantity 7 > 6.0 (3 × the marketplace's 95th percentile)",
                         Decimal(7), six),
              HoldReason("quantity_outlier", "MUG quantity 7 > 6.0 (3 × the SKU's 95th percentile)", Decimal(7), six),
              HoldReason("ship_by_near", "overdue by 2.0 h", Decimal(-2), Decimal(24))),
        _held("O1", "Unshipped", at(11, 1, 8), at(11, 2, 6), ("MUG",),
              HoldReason("ship_by_near", "18.0 h left to ship", Decimal(18), Decimal(24))),
        _held("O4", "Unshipped", at(11, 1, 7, 30), at(11, 3, 23, 59), ("LAMP",),
              HoldReason("duplicate", "same address and items as S1, 1.5 h earlier", Decimal("1.5"), Decimal(2))),
        _held("O3", "Unshipped", at(11, 1, 9), at(11, 4, 12), ("MUG",),
              HoldReason("address_invalid", "postal_code invalid")),
        _held("O2", "Pending", at(10, 30, 6), None, ("MUG",),
              HoldReason("payment_pending", "pending for 54.0 h", Decimal(54), Decimal(24))),
        _held("O9", "Unshipped", at(11, 1, 9), None, ("MUG",),
              HoldReason("address_invalid", "country_code required")),
    )  # fmt: skip
    assert [h.action for h in holds] == ["hold", "expedite", "hold", "hold", "hold", "hold"]


def test_thresholds_come_from_the_policy(warehouse: Warehouse) -> None:
    # given the same book, and a team that waits 60 h for payments and wants 72 h warning of ship-by times
    _seed(warehouse, OPEN_BOOK, HISTORY)
    # when the hold list is drawn up with that policy and a quantity factor of 4 (limits 4 × 2 = 8)
    policy = HoldPolicy(pending_hours=60, ship_by_hours=72, quantity_factor=Decimal(4))
    holds = {h.order_id: [r.code for r in h.reasons] for h in _holds(warehouse, policy=policy)}
    # then O2 (54 h) is no longer held for payment, O4 (60.0 h left) and O3 (72.0 h left) are due to ship soon,
    # and O5's quantities of 7 are within the limit of 8
    assert holds == {
        "O5": ["ship_by_near"],
        "O1": ["ship_by_near"],
        "O4": ["duplicate", "ship_by_near"],
        "O3": ["address_invalid", "ship_by_near"],
        "O9": ["address_invalid"],
    }


def test_a_quiet_shop_is_judged_by_the_floor(warehouse: Warehouse) -> None:
    # given a shop whose every past line is a single unit (95th percentile 1, × 3 = 3, below the floor of 5)
    history = [(f"H{i}", "Shipped", at(10, 1) + dt.timedelta(hours=i), "MUG", 1) for i in range(25)]
    book = [
        ("F1", US, "Merchant", "Unshipped", at(11, 1, 9), None, LA, [("MUG", 5)]),
        ("F2", US, "Merchant", "Unshipped", at(11, 1, 10), None, AUSTIN, [("MUG", 6)]),
    ]
    _seed(warehouse, book, history)
    # when the hold list is drawn up
    holds = _holds(warehouse)
    # then 5 is ordinary and 6 is above the floor
    assert holds == (
        _held("F2", "Unshipped", at(11, 1, 10), None, ("MUG",),
              HoldReason("quantity_outlier", "MUG quantity 6 > 5 (the floor)", Decimal(6), Decimal(5))),
    )  # fmt: skip


def test_an_empty_book_gives_an_empty_list_and_a_naive_time_is_refused(warehouse: Warehouse) -> None:
    db = warehouse.ibis()
    assert hold_list(db.table("order_header"), db.table("order_line"), marketplace=US, now=NOW) == ()
    with pytest.raises(ValueError, match="aware"):
        hold_list(
            db.table("order_header"), db.table("order_line"), marketplace=US, now=NOW.replace(tzinfo=None)
        )
