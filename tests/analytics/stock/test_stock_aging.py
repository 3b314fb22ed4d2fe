"""Aged and excess stock on the last snapshot day, with the demand from sales or from a forecast."""

from __future__ import annotations

from decimal import Decimal

from stock_rows import D, line, product, snapshot, tables

from sellerops.analytics.stock import AgedStock, aged_stock
from sellerops.warehouse import Warehouse

AS_OF = D(2026, 10, 31)


def _seed(warehouse: Warehouse) -> None:
    # A: an early row of the day, then the day's latest (10:00): 85 + 5 sellable, 2 unsellable
    snapshot(warehouse, "A", AS_OF, 1, hour=0)
    snapshot(warehouse, "A", AS_OF, 85, reserved=5, unsellable=2, ages=(40, 20, 15, 10, 5), hour=10,
             estimated_excess=12, estimated_ais_next=Decimal("3.75"), import_id=11)  # fmt: skip
    snapshot(warehouse, "B", AS_OF, 50)  # a Manage Inventory row: no age buckets
    snapshot(warehouse, "F", AS_OF, 31, ages=(31, 0, 0, 0, 0))
    snapshot(warehouse, "G", D(2026, 10, 30), 9)  # gone from the last day: nothing left
    # trailing 30 days = 2 Oct .. 31 Oct: A sells 30 + 15, F sells 7; the line of 1 Oct is outside
    line(warehouse, "A", D(2026, 10, 2), 30)
    line(warehouse, "A", D(2026, 10, 31), 15)
    line(warehouse, "A", D(2026, 10, 1), 100)
    line(warehouse, "F", D(2026, 10, 20), 7)
    product(warehouse, "A", "4.00")


def _aged(sku: str, **values: object) -> AgedStock:
    base: dict[str, object] = {
        "marketplace": "amazon.US", "sku": sku, "snapshot_date": AS_OF, "unsellable": 0, "ages_known": True,
        "age_0_90": 0, "age_91_180": 0, "age_181_270": 0, "age_271_365": 0, "age_365_plus": 0,
        "amazon_excess": None, "amazon_surcharge_estimate": None, "unit_cost": None, "currency": None,
        "import_id": 10,
    }  # fmt: skip
    return AgedStock(**{**base, **values})  # type: ignore[arg-type]


def test_buckets_days_of_supply_and_excess_from_trailing_sales(warehouse: Warehouse) -> None:
    # given the last snapshot day and 30 days of sales
    _seed(warehouse)
    t = tables(warehouse)
    # when aged stock is read
    aged = aged_stock(
        t["inventory_snapshot"], t["order_line"], t["product"], marketplace="amazon.US", as_of=AS_OF
    )
    # then
    # A: 45 units / 30 days = 1.5 a day; 90 sellable / 1.5 = 60.0 days; allowance 1.5 × 90 = 135 → no excess
    # B: no sales → no days of supply, all 50 excess; no age buckets reported
    # F: 7 / 30 = 0.2333 a day; 31 / (7/30) = 132.857… → 132.9 days; allowance ⌈7/30 × 90⌉ = 21 → 10 excess
    assert aged == (
        _aged("A", fulfillable=85, sellable=90, unsellable=2, age_0_90=40, age_91_180=20, age_181_270=15,
              age_271_365=10, age_365_plus=5, daily_demand=Decimal("1.5000"), days_of_supply=Decimal("60.0"),
              excess_units=0, amazon_excess=12, amazon_surcharge_estimate=Decimal("3.7500"),
              unit_cost=Decimal("4.0000"), currency="USD", import_id=11),
        _aged("B", fulfillable=50, sellable=50, ages_known=False, daily_demand=Decimal("0.0000"),
              days_of_supply=None, excess_units=50),
        _aged("F", fulfillable=31, sellable=31, age_0_90=31, daily_demand=Decimal("0.2333"),
              days_of_supply=Decimal("132.9"), excess_units=10),
    )  # fmt: skip
    assert aged[0].aged_over_180 == 15 + 10 + 5


def test_a_forecast_replaces_the_trailing_demand(warehouse: Warehouse) -> None:
    # given the same stock and a forecast of half a unit a day for A (and nothing for the others)
    _seed(warehouse)
    t = tables(warehouse)
    # when aged stock is read with that demand
    aged = aged_stock(
        t["inventory_snapshot"], t["order_line"], t["product"], marketplace="amazon.US", as_of=AS_OF,
        demand={"A": Decimal("0.5")}, excess_days=60,
    )  # fmt: skip
    # then A has 90 / 0.5 = 180.0 days of supply and 90 − 0.5 × 60 = 60 units of excess; F has no demand now
    assert [(a.sku, a.daily_demand, a.days_of_supply, a.excess_units) for a in aged] == [
        ("A", Decimal("0.5000"), Decimal("180.0"), 60),
        ("B", Decimal("0.0000"), None, 50),
        ("F", Decimal("0.0000"), None, 31),
    ]
