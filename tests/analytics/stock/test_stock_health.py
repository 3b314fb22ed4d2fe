"""Every stock check on one small warehouse, read once, and the findings they give (numbers worked out by hand)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from stock_rows import D, line, listing, product, snapshot, tables

from sellerops.analytics.stock import StockFact, StockFinding, StockRow, stock_health
from sellerops.warehouse import Warehouse

AS_OF = D(2026, 10, 31)
DAYS = (D(2026, 8, 15), D(2026, 9, 15), D(2026, 10, 15), D(2026, 10, 31))


def _seed(warehouse: Warehouse) -> None:
    for day in DAYS:
        last = day == AS_OF
        snapshot(warehouse, "SLOW", day, 300, ages=(100, 100, 60, 30, 10) if last else None)
        snapshot(warehouse, "FAST", day, 10, ages=(10, 0, 0, 0, 0) if last else None)
    snapshot(warehouse, "LOST", AS_OF, 40, ages=(40, 0, 0, 0, 0))
    line(warehouse, "SLOW", D(2026, 10, 20), 9)
    for day in (D(2026, 8, 10), D(2026, 9, 5), D(2026, 10, 5)):
        line(warehouse, "FAST", day, 30)
    product(warehouse, "SLOW", "2.00", sides_cm=("30.48", "30.48", "15.24"))  # 0.5 cu ft, no weight
    product(warehouse, "FAST", "10.00", sides_cm=("25.4", "20.32", "1.27"), weight_kg="0.2")  # small standard
    product(warehouse, "LOST", "1.00")
    listing(warehouse, "SLOW", D(2026, 10, 30))
    listing(warehouse, "FAST", D(2026, 10, 30))
    listing(warehouse, "LOST", D(2026, 10, 30), status="Inactive")


def test_each_check_yields_its_finding_with_the_hand_worked_numbers(warehouse: Warehouse) -> None:
    # given three SKUs: SLOW (too much, aging), FAST (selling out) and LOST (listing inactive)
    _seed(warehouse)
    t = tables(warehouse)
    # when every stock check runs on 31 Oct 2026
    health = stock_health(
        t["inventory_snapshot"],
        t["order_line"],
        t["product"],
        t["listing"],
        marketplace="amazon.US",
        as_of=AS_OF,
    )
    # then, one finding per breach:
    # turnover over 3 Aug..31 Oct (90 days, 4 snapshot days): COGS 9 × 2 + 90 × 10 = 918; value 300 × 2 + 10 × 10
    #   + (40 / 4) × 1 = 710; 918 / 710 × 365 / 90 = 5.2437 → 5.24 < 6; a year's COGS 918 × 365 / 90 = 3723 needs
    #   3723 / 6 = 620.50 of stock at 6 turns → 710 − 620.50 = 89.50 too much
    # excess (30-day demand: SLOW 9/30 = 0.3, FAST 1, LOST 0): SLOW 300 − ⌈0.3 × 90⌉ = 273 units (546.00),
    #   300 / 0.3 = 1000.0 days; LOST all 40 (40.00), no days of supply
    # aged: SLOW sells ⌊0.3 × 15⌋ = 4 by 15 Nov (from the 365+ bucket) → 60 + 30 + 6 = 96 units charged:
    #   low 60 × 0.25 + 30 × 2.725 + 6 × 3.45 = 117.45 (high 45.00 + 88.50 + 23.70 = 157.20); in 90 days ⌊27⌋ sold,
    #   all from the 271+ buckets, so the 100 units aged 91–180 enter the surcharge
    # low-inventory: FAST holds 10 a day and ships 30 in 30 days and 90 in 90 → 10.0 days on both views < 28;
    #   small standard under 14 days: 0.89 × 30 units = 26.70
    # stranded: LOST's listing is inactive: 40 units, 40.00
    # IPI: excess 313/350 and stranded 40/350 score 0; sell-through 99 / (1280 / 4) = 0.31 scores 0; in stock
    #   on 15 and 31 Oct every time → 1 → 1000 × 0.1 = 100 < 400
    summary = [
        (f.check, f.entity, f.metric, f.value, f.threshold, f.money_at_stake, f.currency)
        for f in health.findings
    ]
    assert summary == [
        ("turnover", "amazon.US", "inventory_turnover", Decimal("5.24"), Decimal(6), Decimal("89.50"), "USD"),
        ("excess", "LOST", "days_of_supply", None, Decimal(90), Decimal("40.00"), "USD"),
        ("excess", "SLOW", "days_of_supply", Decimal("1000.0"), Decimal(90), Decimal("546.00"), "USD"),
        ("aged_stock", "SLOW", "units_aged_over_180_days", Decimal(96), Decimal(0), Decimal("117.45"), "USD"),
        ("low_inventory_fee", "FAST", "historical_days_of_supply", Decimal("10.0"), Decimal(28), Decimal("26.70"),
         "USD"),
        ("stranded", "LOST", "stranded_units", Decimal(40), Decimal(0), Decimal("40.00"), "USD"),
        ("ipi", "amazon.US", "ipi_proxy", Decimal(100), Decimal(400), None, None),
    ]  # fmt: skip
    aged = health.findings[3]
    assert aged == StockFinding(
        "aged_stock", "amazon.US", "SLOW", "SLOW", "units_aged_over_180_days", Decimal(96), Decimal(0),
        Decimal("117.45"), "USD",
        (
            StockFact("assessment_date", D(2026, 11, 15)),
            StockFact("units_181_270_days", 60, "units"),
            StockFact("units_271_365_days", 30, "units"),
            StockFact("units_365_plus_days", 6, "units"),
            StockFact("units_entering_within_90_days", 100, "units"),
            StockFact("cubic_feet_per_unit", Decimal("0.5000"), "cu ft"),
            StockFact("charge_low", Decimal("117.45"), "USD"),
            StockFact("charge_high", Decimal("157.20"), "USD"),
            StockFact("amazon_estimate", None, "USD"),
        ),
        (StockRow("inventory_snapshot", ("amazon.US", "FBA", "SLOW", "2026-10-31"), 10),),
    )  # fmt: skip
    turnover = health.findings[0]
    assert turnover.facts[-3:] == (
        StockFact("turnover[SLOW]", Decimal("0.12")),  # 18 / 600 × 365 / 90 = 0.1217
        StockFact("turnover[FAST]", Decimal("36.50")),  # 900 / 100 × 365 / 90
        StockFact("turnover[LOST]", Decimal("0.00")),
    )


def test_a_healthy_warehouse_gives_no_findings(warehouse: Warehouse) -> None:
    # given one SKU holding 60 units every day of the 90, selling 1 a day, listed, all of it young
    for n in range(90):
        day = D(2026, 8, 3) + dt.timedelta(days=n)
        snapshot(warehouse, "OK", day, 60, ages=(60, 0, 0, 0, 0))
        line(warehouse, "OK", day, 1)
    product(warehouse, "OK", "3.00")
    listing(warehouse, "OK", AS_OF)
    t = tables(warehouse)
    # when every check runs
    health = stock_health(
        t["inventory_snapshot"],
        t["order_line"],
        t["product"],
        t["listing"],
        marketplace="amazon.US",
        as_of=AS_OF,
    )
    # then turnover 270 / 180 × 365 / 90 = 6.08 is in the band; 60 days of supply (< 90, ≥ 28 on both views);
    # nothing aged or stranded; IPI 1000 × (0.4 + 0.4 × (1.5 − 0.8) / 1.2 + 0.1 + 0.1) = 833
    assert health.findings == ()
    assert (health.turnover.totals[0].turnover, health.ipi.score) == (Decimal("6.08"), 833)
