"""Stranded FBA stock against the listings report, and the IPI proxy from its four components."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from stock_rows import D, listing, product, snapshot, tables

from sellerops.analytics.stock import (
    AgedStock,
    IpiComponent,
    IpiPolicy,
    IpiProxy,
    StrandedStock,
    ipi_from,
    stranded_stock,
)
from sellerops.analytics.stock.inputs import DayStock
from sellerops.warehouse import Warehouse

AS_OF = D(2026, 10, 31)
LISTED = D(2026, 10, 28)


def _seed_stock(warehouse: Warehouse) -> None:
    snapshot(warehouse, "P1", AS_OF, 10)
    snapshot(warehouse, "P2", AS_OF, 5)
    snapshot(warehouse, "P3", AS_OF, 4)
    snapshot(warehouse, "P4", AS_OF, 3)
    snapshot(warehouse, "P5", AS_OF, 2, listing_exists=False)  # the Manage Inventory report: no FBA listing
    snapshot(warehouse, "P6", AS_OF, 0, reserved=5)  # nothing fulfillable: nothing stranded
    product(warehouse, "P2", "3.00")


def _seed_listings(warehouse: Warehouse) -> None:
    listing(warehouse, "P1", LISTED)
    listing(warehouse, "P2", LISTED, status="Inactive")
    listing(warehouse, "P3", D(2026, 10, 21))  # only in an older report: closed since
    listing(warehouse, "P3", LISTED, marketplace="amazon.UK")
    listing(warehouse, "P4", LISTED, channel="DEFAULT")  # offered as merchant-fulfilled
    listing(warehouse, "P5", LISTED)
    listing(warehouse, "P6", LISTED)
    listing(warehouse, "P2", D(2026, 11, 1))  # after as_of: not yet known


def _stranded(sku: str, units: int, reason: str, status: str | None, **values: object) -> StrandedStock:
    base: dict[str, object] = {
        "value": None,
        "currency": None,
        "listing_snapshot_date": LISTED,
        "import_id": 10,
    }
    return StrandedStock("amazon.US", sku, AS_OF, units, reason, status, **{**base, **values})  # type: ignore[arg-type]


def test_stranded_units_and_why(warehouse: Warehouse) -> None:
    # given FBA stock and the latest listings report on or before as_of (28 Oct)
    _seed_stock(warehouse)
    _seed_listings(warehouse)
    t = tables(warehouse)
    # when stranded stock is read
    stranded = stranded_stock(
        t["inventory_snapshot"], t["listing"], t["product"], marketplace="amazon.US", as_of=AS_OF
    )
    # then P1 sells; P2 is inactive (5 × 3.00 = 15.00 tied up); P3 has no listing in the latest report; P4 is
    # offered merchant-fulfilled; P5's own inventory row says no FBA listing exists; P6 has nothing fulfillable
    assert stranded == (
        _stranded("P2", 5, "listing_inactive", "Inactive", value=Decimal("15.00"), currency="USD"),
        _stranded("P3", 4, "no_listing", None),
        _stranded("P4", 3, "listed_as_merchant", "Active"),
        _stranded("P5", 2, "no_listing", "Active"),
    )


def test_without_a_listings_report_only_the_inventory_flag_strands(warehouse: Warehouse) -> None:
    # given stock and no listings report at all
    _seed_stock(warehouse)
    t = tables(warehouse)
    # when stranded stock is read
    stranded = stranded_stock(
        t["inventory_snapshot"], t["listing"], t["product"], marketplace="amazon.US", as_of=AS_OF
    )
    # then nothing can be judged missing from a report nobody loaded: only P5 (afn-listing-exists = No)
    assert stranded == (_stranded("P5", 2, "no_listing", None, listing_snapshot_date=None),)


def _aged(sku: str, sellable: int, excess: int) -> AgedStock:
    return AgedStock(
        "amazon.US", sku, AS_OF, sellable, sellable, 0, False, 0, 0, 0, 0, 0, Decimal(0), None, excess, None, None,
        None, None, 1,
    )  # fmt: skip


def _row(fulfillable: int) -> DayStock:
    return DayStock(fulfillable, 0, 0)


def test_the_ipi_proxy_weighs_its_four_components() -> None:
    # given snapshot days 1, 15 and 31 Oct: X holds 100 each day; Y 50, none, then 20
    days = [D(2026, 10, 1), D(2026, 10, 15), D(2026, 10, 31)]
    by_sku = {
        "X": {d: _row(100) for d in days},
        "Y": {D(2026, 10, 1): _row(50), D(2026, 10, 31): _row(20)},
    }
    aged = [_aged("X", 100, 20), _aged("Y", 20, 0)]
    stranded = [
        StrandedStock("amazon.US", "Y", AS_OF, 10, "listing_inactive", "Inactive", AS_OF, None, None, 1)
    ]
    # when the proxy is computed from 185 units shipped in 90 days and 90 + 30 sold in 60
    ipi = ipi_from(
        aged, stranded, days, by_sku, {"X": 150, "Y": 35}, {"X": 90, "Y": 30}, marketplace="amazon.US",
        as_of=AS_OF, policy=IpiPolicy(),
    )  # fmt: skip
    # then
    # excess 20 / 120 = 0.1667 → (0.1667 − 0.25) / (0 − 0.25) = 0.3333
    # sell-through: on hand (300 + 70) / 3 days = 123.33; 185 / 123.33 = 1.5 → (1.5 − 0.8) / 1.2 = 0.5833
    # stranded 10 / 120 = 0.0833 → (0.0833 − 0.10) / (0 − 0.10) = 0.1667
    # in-stock over 15 and 31 Oct (1 Oct is 30 days back): X 2/2, Y 1/2, weighted 90:30 → 105/120 = 0.875
    #   → (0.875 − 0.7) / 0.3 = 0.5833
    # score 1000 × (0.4 × 0.3333 + 0.4 × 0.5833 + 0.1 × 0.1667 + 0.1 × 0.5833) = 441.67 → 442 (above 400)
    # points lost: 0.4 × 0.6667 × 1000 = 266.7; 0.4 × 0.4167 × 1000 = 166.7; 83.3; 41.7
    assert ipi == IpiProxy(
        "amazon.US", AS_OF, 442, 400, "ok",
        (
            IpiComponent("excess", Decimal("0.1667"), Decimal("0.3333"), Decimal("0.4"), Decimal("266.7")),
            IpiComponent("sell_through", Decimal("1.5000"), Decimal("0.5833"), Decimal("0.4"), Decimal("166.7")),
            IpiComponent("stranded", Decimal("0.0833"), Decimal("0.1667"), Decimal("0.1"), Decimal("83.3")),
            IpiComponent("in_stock", Decimal("0.8750"), Decimal("0.5833"), Decimal("0.1"), Decimal("41.7")),
        ),
        sellable_units=120, excess_units=20, stranded_units=10, fulfillable_units=120, units_shipped_90d=185,
        average_units_90d=Decimal("123.33"),
    )  # fmt: skip


def _single_cover(cover_days: int) -> IpiProxy:
    """One SKU holding `cover_days` units all 90 days, selling 1 a day: `cover_days` days of cover."""
    days = [AS_OF - dt.timedelta(days=n) for n in range(90)]
    by_sku = {"X": {d: _row(cover_days) for d in days}}
    excess = max(0, cover_days - 90)
    return ipi_from(
        [_aged("X", cover_days, excess)], [], days, by_sku, {"X": 90}, {"X": 60}, marketplace="amazon.US",
        as_of=AS_OF, policy=IpiPolicy(),
    )  # fmt: skip


def test_the_proxy_puts_the_seeds_two_sellers_on_their_sides_of_the_line() -> None:
    # given seed 001: sellers with IPI > 500 hold 68 days of cover, sellers with IPI < 350 hold 112
    # when the proxy scores a seller whose stock is all at 68 days, then all at 112 (nothing stranded, always in stock)
    high, low = _single_cover(68), _single_cover(112)
    # then 68 days: sell-through 90/68 = 1.3235 → 0.4363; no excess → 1000 × (0.4 + 0.4 × 0.4363 + 0.2) = 775
    # and 112 days: excess 22/112 = 0.1964 → 0.2143; sell-through 90/112 = 0.8036 → 0.0030
    #   → 1000 × (0.4 × 0.2143 + 0.4 × 0.0030 + 0.2) = 287
    assert (high.score, high.status, low.score, low.status) == (775, "ok", 287, "below_line")


def test_no_stock_at_all_gives_no_score() -> None:
    # given no stock, no sales
    ipi = ipi_from([], [], [], {}, {}, {}, marketplace="amazon.US", as_of=AS_OF, policy=IpiPolicy())
    # then no component can be measured and there is no score
    assert (ipi.score, ipi.status, [c.value for c in ipi.components]) == (None, "no_data", [None] * 4)
