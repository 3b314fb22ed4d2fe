"""Fee risk from hand-built records: the next aged inventory surcharge (first-in first-out) and the
low-inventory-level fee, priced from the shipped fee tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sellerops.analytics.stock import (
    AgedStock,
    AgedSurchargeRisk,
    LowInventoryFeeRisk,
    ProductFacts,
    aged_surcharge_risk,
    low_inventory_fee_risk,
)
from sellerops.analytics.stock.inputs import DayStock
from sellerops.core.fees import load_stock_fees

D = dt.date
AS_OF = D(2026, 10, 31)
FEES = load_stock_fees()


def _aged(
    sku: str, ages: tuple[int, int, int, int, int], demand: str, estimate: str | None = None
) -> AgedStock:
    return AgedStock(
        marketplace="amazon.US", sku=sku, snapshot_date=AS_OF, fulfillable=sum(ages), sellable=sum(ages),
        unsellable=0, ages_known=True, age_0_90=ages[0], age_91_180=ages[1], age_181_270=ages[2],
        age_271_365=ages[3], age_365_plus=ages[4], daily_demand=Decimal(demand), days_of_supply=None,
        excess_units=0, amazon_excess=None, amazon_surcharge_estimate=Decimal(estimate) if estimate else None,
        unit_cost=None, currency=None, import_id=1,
    )  # fmt: skip


def _product(sku: str, sides_cm: tuple[str, str, str] | None, category: str | None = None,
             weight_kg: str | None = None) -> ProductFacts:  # fmt: skip
    sides = tuple(Decimal(s) for s in sides_cm) if sides_cm else None
    return ProductFacts(sku, None, None, category, sides, Decimal(weight_kg) if weight_kg else None)  # type: ignore[arg-type]


def test_the_next_surcharge_is_priced_first_in_first_out_at_each_buckets_cheapest_and_dearest_band() -> None:
    # given, on 31 Oct 2026 (next assessment 15 Nov: 15 days on; the 2026 table is in force):
    # S: 0.5 cu ft a unit (30.48 × 30.48 × 15.24 cm = 12 × 12 × 6 in = 864 in³), selling 0.5 a day
    # T: shoes (exempt from the 181–270 day bands), 10 × 10 × 10 in = 1000/1728 cu ft, no sales
    # U: no product master entry; V: nothing older than 90 days
    aged = [
        _aged("S", (10, 40, 20, 6, 4), "0.5", estimate="12.34"),
        _aged("T", (0, 0, 10, 0, 2), "0"),
        _aged("U", (0, 0, 5, 0, 0), "0"),
        _aged("V", (100, 0, 0, 0, 0), "3"),
    ]
    products = {
        "S": _product("S", ("30.48", "30.48", "15.24"), "Home"),
        "T": _product("T", ("25.4", "25.4", "25.4"), "Shoes"),
    }
    # when the risk is priced
    risks = aged_surcharge_risk(aged, products, fees=FEES)
    # then
    # S: ⌊0.5 × 15⌋ = 7 units sold by 15 Nov, oldest first: 4 of 365+ and 3 of 271–365 → charged 20 + 3 units.
    #    181–270 bands 0.50 / 1.00 / 1.50 per cu ft → 0.25 … 0.75 a unit: 20 × 0.25 = 5.00 … 20 × 0.75 = 15.00;
    #    271–365 bands 5.45 / 5.70 / 5.90 → 2.725 … 2.95 a unit: 3 × 2.725 = 8.175 … 3 × 2.95 = 8.85;
    #    low 13.175 → 13.18, high 23.85. In 90 days ⌊45⌋ sold: 4 + 6 + 20, then 15 of the 40 aged 91–180 → 25 enter.
    # T: 365+ bands: 366–455 max(6.90 × 0.5787…, 0.30) = 3.99305…; 456+ max(7.90 × 0.5787…, 0.35) = 4.57175…;
    #    2 units → 7.986… → 7.99 and 9.1435… → 9.14; its 10 units of 181–270 pay nothing (exempt)
    # U: units to charge but no volume → no price
    assert risks == (
        AgedSurchargeRisk("amazon.US", "S", AS_OF, D(2026, 11, 15), 20, 3, 0, 25, Decimal("0.5000"),
                          Decimal("13.18"), Decimal("23.85"), "USD", Decimal("12.34"), False),
        AgedSurchargeRisk("amazon.US", "T", AS_OF, D(2026, 11, 15), 10, 0, 2, 0, Decimal("0.5787"),
                          Decimal("7.99"), Decimal("9.14"), "USD", None, True),
        AgedSurchargeRisk("amazon.US", "U", AS_OF, D(2026, 11, 15), 5, 0, 0, 0, None, None, None, "USD", None,
                          False),
    )  # fmt: skip
    assert risks[0].units_charged == 23


def test_the_surcharge_uses_the_table_in_force_on_the_assessment_day() -> None:
    # given a snapshot on 20 Dec 2023: the next assessment is 15 Jan 2024, under the 2023 table (271–300: 3.80)
    aged = [_aged("S", (0, 0, 0, 1, 0), "0")]
    aged = [AgedStock(**{**aged[0].__dict__, "snapshot_date": D(2023, 12, 20)})]
    products = {"S": _product("S", ("30.48", "30.48", "15.24"))}
    # when priced
    (risk,) = aged_surcharge_risk(aged, products, fees=FEES)
    # then 1 unit × 0.5 cu ft × 3.80 … 4.20 (2023's 271–365 bands)
    assert (risk.assessment_date, risk.charge_low, risk.charge_high) == (
        D(2024, 1, 15), Decimal("1.90"), Decimal("2.10"),
    )  # fmt: skip


def _days() -> list[dt.date]:
    return [D(2026, 8, 10), D(2026, 8, 20), D(2026, 8, 30), D(2026, 9, 10), D(2026, 9, 20), D(2026, 9, 30),
            D(2026, 10, 10), D(2026, 10, 20), D(2026, 10, 30)]  # fmt: skip


def _rows(early: int, late: int) -> dict[dt.date, DayStock]:
    """`early` available units on the six snapshot days before the last 30 days, `late` on the three within."""
    return {day: DayStock(early if day < D(2026, 10, 2) else late, 0, 0) for day in _days()}


def test_low_inventory_fee_on_both_views_of_historical_supply() -> None:
    # given nine snapshot days over the 90 days to 31 Oct (three in the last 30) and the units shipped
    by_sku = {
        "L": _rows(20, 20),
        "M": _rows(100, 10),
        "N": _rows(5, 5),
        "O": _rows(50, 50),
    }
    sold_30 = {"L": 30, "M": 60, "N": 15}
    sold_90 = {"L": 90, "M": 150, "N": 45, "O": 9}
    products = {
        # 10 × 8 × 0.5 in, 0.2 kg = 0.44 lb: small standard
        "L": _product("L", ("25.4", "20.32", "1.27"), weight_kg="0.2"),
        # 11.8 × 7.9 × 3.9 in, 1 kg = 2.2 lb: large standard
        "M": _product("M", ("30", "20", "10"), weight_kg="1"),
    }
    # when the fee test runs
    risks = low_inventory_fee_risk(
        _days(), by_sku, sold_30, sold_90, products, fees=FEES, marketplace="amazon.US", as_of=AS_OF
    )
    # then
    # L: short 20 available ÷ (30/30) = 20.0 days; long 20 ÷ (90/90) = 20.0 → both < 28; small standard at
    #    20 days (14–21 band) = 0.63 a unit × 30 units at the last 30 days' pace = 18.90
    # M: short 10 ÷ (60/30) = 5.0; long (6 × 100 + 3 × 10)/9 = 70 ÷ (150/90) = 42.0 → not both under 28
    # N: 5 ÷ (15/30) = 10.0 and 5 ÷ (45/90) = 10.0 → at risk, but no size to price it
    # O: nothing shipped in the last 30 days → no short view, no fee (long: 50 ÷ (9/90) = 500.0)
    assert risks == (
        LowInventoryFeeRisk("amazon.US", "L", AS_OF, Decimal("20.0"), Decimal("20.0"), 28, True, "small_standard",
                            Decimal("0.63"), 30, Decimal("18.90"), "USD"),
        LowInventoryFeeRisk("amazon.US", "M", AS_OF, Decimal("5.0"), Decimal("42.0"), 28, False, "large_standard",
                            Decimal(0), 60, Decimal("0.00"), "USD"),
        LowInventoryFeeRisk("amazon.US", "N", AS_OF, Decimal("10.0"), Decimal("10.0"), 28, True, None, None, 15,
                            None, "USD"),
        LowInventoryFeeRisk("amazon.US", "O", AS_OF, None, Decimal("500.0"), 28, False, None, None, 0, None,
                            "USD"),
    )  # fmt: skip


def test_a_marketplace_without_a_low_inventory_table_gets_no_records() -> None:
    # given UK stock (fees.md has no UK low-inventory-level table)
    by_sku = {"L": _rows(20, 20)}
    # when the fee test runs
    risks = low_inventory_fee_risk(
        _days(), by_sku, {"L": 30}, {"L": 90}, {}, fees=FEES, marketplace="amazon.UK", as_of=AS_OF
    )
    # then nothing is claimed
    assert risks == ()
