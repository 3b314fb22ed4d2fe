"""Turnover on a hand-built 10-day window: every figure worked out by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

from stock_rows import D, line, product, snapshot, tables

from sellerops.analytics.stock import StockTurnover, TurnoverBand, TurnoverReport, stock_turnover
from sellerops.warehouse import Warehouse

AS_OF = D(2026, 10, 31)
FIRST = D(2026, 10, 22)  # a 10-day window: 22..31 October
BAND = TurnoverBand()


def _seed(warehouse: Warehouse) -> None:
    # Snapshots on 4 of the 10 days; the other days are left out of the average, not guessed.
    # A: 100, 80, 60, 40 units in the warehouse (fulfillable + reserved + unsellable) → mean 280 / 4 = 70
    snapshot(warehouse, "A", D(2026, 10, 22), 90, reserved=8, unsellable=2)
    snapshot(warehouse, "A", D(2026, 10, 25), 80)
    snapshot(warehouse, "A", D(2026, 10, 28), 60)
    snapshot(warehouse, "A", D(2026, 10, 31), 40)
    # B: 200 on three days, absent (none left) on the 28th → mean 600 / 4 = 150
    for day in (D(2026, 10, 22), D(2026, 10, 25), D(2026, 10, 31)):
        snapshot(warehouse, "B", day, 200)
    # E, costed in CNY: 10 a day → mean 10
    for day in (D(2026, 10, 22), D(2026, 10, 25), D(2026, 10, 28), D(2026, 10, 31)):
        snapshot(warehouse, "E", day, 10)
    # C has stock but no unit cost; a snapshot before the window and another warehouse's stock do not count
    snapshot(warehouse, "C", D(2026, 10, 31), 5)
    snapshot(warehouse, "A", D(2026, 10, 21), 999)
    snapshot(warehouse, "A", D(2026, 10, 31), 999, store="MFN")
    # A sells 30 + 10 = 40 FBA units in the window; a cancelled line, a merchant line and a line the day
    # before the window do not count
    line(warehouse, "A", D(2026, 10, 23), 30)
    line(warehouse, "A", D(2026, 10, 31), 10, status="Pending")
    line(warehouse, "A", D(2026, 10, 24), 5, status="Cancelled")
    line(warehouse, "A", D(2026, 10, 24), 7, channel="Merchant")
    line(warehouse, "A", D(2026, 10, 21), 9)
    line(warehouse, "B", D(2026, 10, 30), 2)
    line(warehouse, "E", D(2026, 10, 29), 6)
    line(warehouse, "D", D(2026, 10, 29), 1)  # sold, never stocked, not in the product master
    product(warehouse, "A", "5.00")
    product(warehouse, "B", "2.50")
    product(warehouse, "E", "20.00", "CNY")
    product(warehouse, "C", None, None)


def _turnover(**values: object) -> StockTurnover:
    base: dict[str, object] = {
        "marketplace": "amazon.US", "window_from": FIRST, "window_to": AS_OF, "snapshot_days": 4, "band": BAND,
    }  # fmt: skip
    return StockTurnover(**{**base, **values})  # type: ignore[arg-type]


def test_turnover_of_each_sku_and_of_the_stock_per_currency(warehouse: Warehouse) -> None:
    # given four snapshot days and the sales of a 10-day window
    _seed(warehouse)
    t = tables(warehouse)
    # when turnover is computed over those 10 days
    report = stock_turnover(
        t["inventory_snapshot"],
        t["order_line"],
        t["product"],
        marketplace="amazon.US",
        as_of=AS_OF,
        window_days=10,
    )
    # then each figure is the hand-worked one:
    # A: COGS 40 × 5.00 = 200.00; value 70 × 5.00 = 350.00; 200 / 350 × 365 / 10 = 20.857… → 20.86 (above 8);
    #    365 / 20.857… = 17.5 days
    # B: COGS 2 × 2.50 = 5.00; value 150 × 2.50 = 375.00; 5 / 375 × 36.5 = 0.4866… → 0.49; 365 / 0.4866… = 750.0
    # E: COGS 6 × 20 = 120.00 CNY; value 200.00; 120 / 200 × 36.5 = 21.90; 365 / 21.9 = 16.7
    # USD total: COGS 205.00, 220 units worth 725.00; 205 / 725 × 36.5 = 10.3206… → 10.32; 365 / 10.3206… = 35.4
    a = _turnover(sku="A", units_sold=40, cogs=Decimal("200.00"), average_units=Decimal("70.00"),
                  average_value=Decimal("350.00"), currency="USD", turnover=Decimal("20.86"),
                  days_of_inventory=Decimal("17.5"), status="above_band")  # fmt: skip
    b = _turnover(sku="B", units_sold=2, cogs=Decimal("5.00"), average_units=Decimal("150.00"),
                  average_value=Decimal("375.00"), currency="USD", turnover=Decimal("0.49"),
                  days_of_inventory=Decimal("750.0"), status="below_band")  # fmt: skip
    e = _turnover(sku="E", units_sold=6, cogs=Decimal("120.00"), average_units=Decimal("10.00"),
                  average_value=Decimal("200.00"), currency="CNY", turnover=Decimal("21.90"),
                  days_of_inventory=Decimal("16.7"), status="above_band")  # fmt: skip
    cny = _turnover(sku=None, units_sold=6, cogs=Decimal("120.00"), average_units=Decimal("10.00"),
                    average_value=Decimal("200.00"), currency="CNY", turnover=Decimal("21.90"),
                    days_of_inventory=Decimal("16.7"), status="above_band")  # fmt: skip
    usd = _turnover(sku=None, units_sold=42, cogs=Decimal("205.00"), average_units=Decimal("220.00"),
                    average_value=Decimal("725.00"), currency="USD", turnover=Decimal("10.32"),
                    days_of_inventory=Decimal("35.4"), status="above_band")  # fmt: skip
    assert report == TurnoverReport(skus=(a, b, e), totals=(cny, usd), skus_without_cost=("C", "D"))


def test_the_band_is_judged_on_the_unrounded_turnover(warehouse: Warehouse) -> None:
    # given the same stock, judged against a band whose ends sit on either side of the USD total (10.3206…)
    _seed(warehouse)
    t = tables(warehouse)
    band = TurnoverBand(low=Decimal("10.3207"), high=Decimal(12))
    # when turnover is computed
    report = stock_turnover(
        t["inventory_snapshot"], t["order_line"], t["product"], marketplace="amazon.US", as_of=AS_OF,
        window_days=10, band=band,
    )  # fmt: skip
    # then the total shows 10.32 but is below 10.3207; with the low end at 10.32 it is inside the band
    assert [(x.currency, x.turnover, x.status) for x in report.totals] == [
        ("CNY", Decimal("21.90"), "above_band"), ("USD", Decimal("10.32"), "below_band"),
    ]  # fmt: skip
    inside = stock_turnover(
        t["inventory_snapshot"], t["order_line"], t["product"], marketplace="amazon.US", as_of=AS_OF,
        window_days=10, band=TurnoverBand(low=Decimal("10.32"), high=Decimal(12)),
    )  # fmt: skip
    assert inside.totals[1].status == "ok"


def test_no_snapshot_in_the_window_means_no_data(warehouse: Warehouse) -> None:
    # given sales but no snapshot within the window
    product(warehouse, "A", "5.00")
    line(warehouse, "A", D(2026, 10, 30), 3)
    snapshot(warehouse, "A", D(2026, 9, 1), 50)
    t = tables(warehouse)
    # when turnover is computed
    report = stock_turnover(
        t["inventory_snapshot"],
        t["order_line"],
        t["product"],
        marketplace="amazon.US",
        as_of=AS_OF,
        window_days=10,
    )
    # then nothing can be divided by: no turnover, status no_data
    none = _turnover(sku="A", snapshot_days=0, units_sold=3, cogs=Decimal("15.00"), average_units=Decimal("0.00"),
                     average_value=Decimal("0.00"), currency="USD", turnover=None, days_of_inventory=None,
                     status="no_data")  # fmt: skip
    total = _turnover(**{**none.__dict__, "sku": None})
    assert report == TurnoverReport((none,), (total,), ())
