"""The replenishment plan on hand-built cases: every figure is worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sellerops.analytics.replenish import (
    DemandOutlook,
    Lane,
    OpenPurchaseOrder,
    PurchaseLine,
    ReplenishmentLine,
    SharedStock,
    ShipmentLine,
    SkippedLine,
    StockPosition,
    SupplyTerms,
    plan_replenishment,
)
from sellerops.core.money import Money
from sellerops.errors import InputError

D = dt.date
AS_OF = D(2026, 3, 2)
SKU = "NV-YL-BLK-M"


def usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


US_LANES = (
    Lane("amazon.US", "local_to_fba", "sea", 28, usd("0.60")),
    Lane("amazon.US", "local_to_fba", "air", 7, usd("2.40")),
    Lane("amazon.US", "overseas_to_fba", "truck", 5, usd("0.30")),
    Lane("amazon.US", "local_to_overseas", "sea", 30, usd("0.55")),
)


def test_one_marketplace_plan_with_overseas_stock_air_and_a_capacity_limit() -> None:
    # given 10 units a day forecast with a daily error of 4, 60 units at FBA, 40 in the US overseas warehouse,
    # 300 in the local warehouse and a PO of 200; 21 days' production, cases of 24, MOQ 500; FBA limit 250 units
    plan = plan_replenishment(
        [DemandOutlook(SKU, "amazon.US", (10.0,) * 120, 4.0)],
        [StockPosition(SKU, "amazon.US", fba_fulfillable=60, overseas_on_hand=40)],
        [SharedStock(SKU, 300, (OpenPurchaseOrder("PO-1", SKU, 200, D(2026, 3, 20)),))],
        [SupplyTerms(SKU, 21, usd("5.10"), case_pack=24, moq=500, supplier="Ningbo Textile")],
        US_LANES,
        as_of=AS_OF,
        fba_capacity={"amazon.US": 250},
    )
    # then the line: lead time L = 21 + 28 = 49 days, protection P = 49 + 7 = 56;
    # safety stock = 1.644854 × 4 × √56 = 49.24 → 50; reorder point = 10 × 49 + 50 = 540;
    # order-up-to = 10 × 56 + 50 = 610; own stock 60 + 40 = 100, so the need is 510.
    # FBA's 60 units serve 6 days: stock-out on day 7 = 9 March. With the 500 shared units set aside (all of
    # local + PO, need 510) 600 units serve 60 days: stock-out on day 61 = 2 May. Safety days 50 / 10 = 5, so the
    # last order day is 2 May − (49 + 5) days = 9 March; 10 units are still uncovered, so order now.
    assert plan.lines == (
        ReplenishmentLine(
            sku=SKU, marketplace="amazon.US", as_of=AS_OF, fba_on_hand=60, fba_inbound=0, overseas_on_hand=40,
            shared_allocated=500, mean_daily_demand=10.0, forecast_rmse_daily=4.0, fba_days_of_cover=6,
            fba_stockout_date=D(2026, 3, 9), days_of_cover=60, stockout_date=D(2026, 5, 2), lead_time_days=49,
            safety_stock=50, reorder_point=540, order_up_to=610, need=510, last_order_date=D(2026, 3, 9),
            order_now=True,
        ),
    )  # fmt: skip
    # and the purchase: 10 units short → one case of 24 → below the MOQ of 500 → 21 cases = 504 units,
    # 504 × 5.10 = 2,570.40 USD, ready on 2 March + 21 days = 23 March; sea reaches FBA on day 49, before the
    # stock-out on day 61, so nothing flies
    assert plan.purchases == (
        PurchaseLine(
            sku=SKU, supplier="Ningbo Textile", quantity=504, unrounded=10, cases=21, ready_date=D(2026, 3, 23),
            last_order_date=D(2026, 3, 9), unit_cost=usd("5.10"), value=usd("2570.40"), air_units=0,
            air_extra_cost=None,
        ),
    )  # fmt: skip
    # and the shipments. Overseas → FBA (5 days): FBA target = 10 × 12 + 1.644854 × 4 × √12 (22.79 → 23) = 143;
    # FBA has 60, so 83 wanted, all 40 overseas units go. Local → FBA by sea (28 days): target = 10 × 35 +
    # 1.644854 × 4 × √35 (38.92 → 39) = 389, less FBA + overseas 100 = 289 wanted from the 300 local units.
    # FBA + overseas last 10 days, sea arrives on day 28: days 11..27 (17 days × 10 = 170 units) go by air, 119
    # by sea. The FBA limit leaves 250 − 60 = 190 units of room: 40 from overseas, then 150 of the 170 by air;
    # the other 20 air units and all 119 sea units (139) go by sea to the overseas warehouse instead.
    assert plan.shipments == (
        ShipmentLine(
            SKU, "amazon.US", "local_to_fba", "air", 150, D(2026, 3, 9), usd("360.00"), usd("270.00"),
            "FBA + overseas stock lasts 10 days; target 389 for 28+7 days; sea arrives after day 11",
        ),
        ShipmentLine(
            SKU, "amazon.US", "local_to_overseas", "sea", 139, D(2026, 4, 1), usd("76.45"), None,
            "over the FBA capacity limit for amazon.US: kept in the overseas warehouse until FBA has room",
        ),
        ShipmentLine(
            SKU, "amazon.US", "overseas_to_fba", "truck", 40, D(2026, 3, 7), usd("12.00"), None,
            "FBA stock lasts 6 days; FBA target 143 for 5+7 days",
        ),
    )  # fmt: skip
    assert plan.held_by_capacity == ((SKU, "amazon.US", 139),)
    assert plan.skipped == ()


def test_shared_stock_goes_to_the_marketplace_that_runs_out_first_and_late_purchases_fly() -> None:
    # given one SKU on the US (10 a day, 200 at FBA) and the UK (5 a day, 50 at FBA), no forecast error,
    # 100 units in the local warehouse, 21 days' production, single units, no MOQ; the UK has only sea (35 days)
    lanes = (*US_LANES[:2], Lane("amazon.UK", "local_to_fba", "sea", 35))
    plan = plan_replenishment(
        [DemandOutlook(SKU, "amazon.US", (10.0,) * 90, 0.0), DemandOutlook(SKU, "amazon.UK", (5.0,) * 90, 0.0)],
        [StockPosition(SKU, "amazon.US", fba_fulfillable=200), StockPosition(SKU, "amazon.UK", fba_fulfillable=50)],
        [SharedStock(SKU, 100)],
        [SupplyTerms(SKU, 21)],
        lanes,
        as_of=AS_OF,
    )  # fmt: skip
    # then UK: L = 21 + 35 = 56, order-up-to = 5 × 63 = 315, need 265; its 50 units last 10 days (US: 20), so it
    # gets the 100 local units first; 150 units serve 30 days: stock-out on day 31 = 2 April, last order day
    # 2 April − 56 days = 5 February (already past). US: L = 49, order-up-to 10 × 56 = 560, need 360, nothing
    # left to set aside: 200 units serve 20 days, stock-out 23 March, last order 23 March − 49 days = 2 February.
    assert [
        (x.marketplace, x.shared_allocated, x.need, x.order_up_to, x.reorder_point) for x in plan.lines
    ] == [
        ("amazon.UK", 100, 265, 315, 280),
        ("amazon.US", 0, 360, 560, 490),
    ]
    assert [(x.marketplace, x.stockout_date, x.last_order_date, x.order_now) for x in plan.lines] == [
        ("amazon.UK", D(2026, 4, 2), D(2026, 2, 5), True),
        ("amazon.US", D(2026, 3, 23), D(2026, 2, 2), True),
    ]
    # and one purchase for both: 165 + 360 = 525 units. US sea arrives on day 49 but the US runs out on day 21;
    # air (ready day 21 + 7 = day 28) covers days 28..48: 21 days × 10 = 210 units, at 1.80 USD more each = 378
    assert plan.purchases == (
        PurchaseLine(
            sku=SKU, supplier=None, quantity=525, unrounded=525, cases=525, ready_date=D(2026, 3, 23),
            last_order_date=D(2026, 2, 2), unit_cost=None, value=None, air_units=210, air_extra_cost=usd("378.00"),
        ),
    )  # fmt: skip
    # and the 100 local units ship to the UK by sea (target 5 × 42 = 210 less its 50 units: 160 wanted)
    assert plan.shipments == (
        ShipmentLine(
            SKU, "amazon.UK", "local_to_fba", "sea", 100, D(2026, 4, 6), None, None,
            "FBA + overseas stock lasts 10 days; target 210 for 35+7 days",
        ),
    )  # fmt: skip


def test_what_cannot_be_planned_is_listed_with_what_is_missing() -> None:
    # given a SKU missing from the product master, and a marketplace with no lane
    plan = plan_replenishment(
        [DemandOutlook("GHOST", "amazon.US", (1.0,), 0.0), DemandOutlook(SKU, "amazon.DE", (1.0,), 0.0)],
        [],
        [],
        [SupplyTerms(SKU, 21)],
        US_LANES,
        as_of=AS_OF,
    )
    # then nothing is planned for either, and each says why
    assert (plan.lines, plan.purchases, plan.shipments) == ((), (), ())
    assert plan.skipped == (
        SkippedLine(
            "GHOST", "amazon.US", "not in the product master: its lead time, case pack and MOQ are unknown"
        ),
        SkippedLine(SKU, "amazon.DE", "no local→FBA shipping lane for amazon.DE in the product master"),
    )


def test_enough_stock_means_no_purchase_and_no_shipment() -> None:
    # given 1 unit a day and 500 units at FBA: far above the order-up-to of 1 × 56 + 0 = 56
    plan = plan_replenishment(
        [DemandOutlook(SKU, "amazon.US", (1.0,) * 30, 0.0)],
        [StockPosition(SKU, "amazon.US", fba_fulfillable=500)],
        [SharedStock(SKU, 1000)],
        [SupplyTerms(SKU, 21, case_pack=24, moq=500)],
        US_LANES,
        as_of=AS_OF,
    )
    # then no order, no shipment; 500 units last 500 days, and the last order day is 500 + 1 − 49 days away
    assert (plan.purchases, plan.shipments) == ((), ())
    (line,) = plan.lines
    assert (line.need, line.order_now, line.stockout_date, line.last_order_date) == (
        0,
        False,
        AS_OF + dt.timedelta(days=501),
        AS_OF + dt.timedelta(days=501 - 49),
    )


def test_a_merchant_fulfilled_marketplace_lives_on_the_local_warehouse_and_is_served_first() -> None:
    # given one SKU shipped by the seller from the local warehouse on the US (4 a day) and sold through FBA on the
    # UK (10 a day, nothing at FBA), no forecast error; 300 units in the local warehouse; 21 days' production,
    # single units; the UK has sea (28 days) and air (7 days) lanes, the US none
    uk_lanes = tuple(
        Lane("amazon.UK", x.route, x.mode, x.transit_days, x.cost_per_unit) for x in US_LANES[:2]
    )
    plan = plan_replenishment(
        [DemandOutlook(SKU, "amazon.US", (4.0,) * 90, 0.0), DemandOutlook(SKU, "amazon.UK", (10.0,) * 90, 0.0)],
        [StockPosition(SKU, "amazon.US", fulfilment="merchant"), StockPosition(SKU, "amazon.UK")],
        [SharedStock(SKU, 300)],
        [SupplyTerms(SKU, 21)],
        uk_lanes,
        as_of=AS_OF,
    )  # fmt: skip
    # then the US (merchant): L = production alone = 21 days, P = 28; reorder point 4 × 21 = 84, order-up-to
    # 4 × 28 = 112; no stock of its own, need 112. Both marketplaces' own stock lasts 0 days, and the merchant
    # one is served first (the UK would win the tie by name): 112 local units set aside, lasting 28 days:
    # stock-out 31 March, last order 31 March − 21 days = 10 March; no FBA cover to speak of.
    # The UK: L = 21 + 28 = 49, order-up-to 10 × 56 = 560, need 560, the 188 units left set aside: they last 18
    # days, stock-out 21 March, last order 21 March − 49 days = 31 January; FBA (0 units) runs out tomorrow.
    assert plan.lines == (
        ReplenishmentLine(
            sku=SKU, marketplace="amazon.UK", as_of=AS_OF, fba_on_hand=0, fba_inbound=0, overseas_on_hand=0,
            shared_allocated=188, mean_daily_demand=10.0, forecast_rmse_daily=0.0, fba_days_of_cover=0,
            fba_stockout_date=D(2026, 3, 3), days_of_cover=18, stockout_date=D(2026, 3, 21), lead_time_days=49,
            safety_stock=0, reorder_point=490, order_up_to=560, need=560, last_order_date=D(2026, 1, 31),
            order_now=True,
        ),
        ReplenishmentLine(
            sku=SKU, marketplace="amazon.US", as_of=AS_OF, fba_on_hand=0, fba_inbound=0, overseas_on_hand=0,
            shared_allocated=112, mean_daily_demand=4.0, forecast_rmse_daily=0.0, fba_days_of_cover=None,
            fba_stockout_date=None, days_of_cover=28, stockout_date=D(2026, 3, 31), lead_time_days=21,
            safety_stock=0, reorder_point=84, order_up_to=112, need=112, last_order_date=D(2026, 3, 10),
            order_now=False, fulfilment="merchant",
        ),
    )  # fmt: skip
    # and one purchase for the UK's 560 − 188 = 372 uncovered units; UK sea arrives on day 49, after its stock-out
    # on day 19; air (day 21 + 7 = 28) covers days 28..48: 21 × 10 = 210 units, 1.80 USD more each = 378.00
    assert plan.purchases == (
        PurchaseLine(
            sku=SKU, supplier=None, quantity=372, unrounded=372, cases=372, ready_date=D(2026, 3, 23),
            last_order_date=D(2026, 1, 31), unit_cost=None, value=None, air_units=210, air_extra_cost=usd("378.00"),
        ),
    )  # fmt: skip
    # and the shipments: the US keeps its 112 local units; of the 188 left the UK wants 10 × 35 = 350, and as its
    # FBA is empty, all 188 fly (sea would arrive after day 1): freight 188 × 2.40 = 451.20, 188 × 1.80 = 338.40
    # more than sea
    assert plan.shipments == (
        ShipmentLine(
            SKU, "amazon.UK", "local_to_fba", "air", 188, D(2026, 3, 9), usd("451.20"), usd("338.40"),
            "FBA + overseas stock lasts 0 days; target 350 for 28+7 days; sea arrives after day 1",
        ),
    )  # fmt: skip
    assert plan.skipped == ()


def test_a_merchant_fulfilled_position_cannot_hold_fba_stock() -> None:
    with pytest.raises(InputError, match=r"NV-YL-BLK-M on amazon\.US is merchant-fulfilled"):
        StockPosition(SKU, "amazon.US", fba_fulfillable=5, fulfilment="merchant")
