"""`plan_in` on hand-built warehouses: promotions and shopping events in the plan's forecast, and merchant-fulfilled
SKUs bought for the local warehouse.

Every SKU sells exactly 10 units a day on its ordinary days, so the pooled weekday index is 1 on every weekday, the
backtest of every model is exact (one-day error 0) and the forecast of an ordinary day is exactly 10. With 100 days
of history, a lead time L of 20 days + 14 days of sea and a review R of 7 days (P = 41), the history gives
100 − 56 − 41 + 1 = 4 origins (a merchant-fulfilled SKU, P = 20 + 7 = 27: 18), fewer than the 28 `history_error`
needs: safety stock is 0 and every figure of a line can be worked out by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from typer.testing import CliRunner

from sellerops.analytics.replenish import (
    PurchaseLine,
    ReplenishmentLine,
    ReplenishmentPlan,
)
from sellerops.cli.app import app
from sellerops.core.money import Money
from sellerops.jobs.replenish import plan_in
from sellerops.reports.replenish_plan import plan_sections
from sellerops.warehouse import Warehouse, open_warehouse

D = dt.date
AS_OF = D(2026, 6, 30)
FIRST = AS_OF - dt.timedelta(days=99)  # 23 March 2026: 100 days of history
PACIFIC = ZoneInfo("America/Los_Angeles")
_order_number = iter(range(10**6))


def _sell(
    warehouse: Warehouse,
    marketplace: str,
    sku: str,
    *,
    channel: str = "Amazon",
    first: D = FIRST,
    last: D = AS_OF,
    busy: tuple[D, ...] = (),
) -> None:
    """10 units a day from `first` to `last`, 30 on the `busy` days."""
    rows = []
    for k in range((last - first).days + 1):
        day = first + dt.timedelta(days=k)
        number = f"{next(_order_number):07d}"
        at = dt.datetime.combine(day, dt.time(12), dt.UTC)
        rows.append([marketplace, number, at, day, channel, sku, 30 if day in busy else 10])
    warehouse.con.executemany(
        "INSERT INTO order_line (marketplace, order_id, line_id, purchase_at, purchase_date, order_status, "
        "fulfillment_channel, sku, quantity, import_id) VALUES (?, ?, '1', ?, ?, 'Shipped', ?, ?, ?, 1)",
        rows,
    )


def _product(warehouse: Warehouse, sku: str, *, lead_time: int = 20, case_pack: int = 10) -> None:
    warehouse.con.execute(
        "INSERT INTO product (sku, unit_cost, cost_currency, case_pack, moq, lead_time_days, supplier, import_id) "
        "VALUES (?, 2.50, 'USD', ?, 0, ?, 'Yiwu Supply', 1)",
        [sku, case_pack, lead_time],
    )


def _sea_lane(warehouse: Warehouse, marketplace: str) -> None:
    warehouse.con.execute(
        "INSERT INTO shipping_lane (marketplace, route, mode, sku, transit_days, cost_per_unit, currency, "
        "import_id) VALUES (?, 'local_to_fba', 'sea', '', 14, 0.40, 'USD', 1)",
        [marketplace],
    )


def _fba(warehouse: Warehouse, marketplace: str, sku: str, fulfillable: int) -> None:
    warehouse.con.execute(
        "INSERT INTO inventory_snapshot (marketplace, warehouse, sku, snapshot_at, snapshot_date, fulfillable, "
        "reserved, import_id) VALUES (?, 'FBA', ?, ?, ?, ?, 0, 1)",
        [marketplace, sku, dt.datetime.combine(AS_OF, dt.time(23), dt.UTC), AS_OF, fulfillable],
    )


def _promotion(
    warehouse: Warehouse, promotion_id: str, sku: str, start: D, end: D, *, until: dt.time = dt.time(23, 59)
) -> None:
    """A lightning deal from midnight to `until` Pacific time, stored in UTC as the warehouse keeps it."""
    begins = dt.datetime.combine(start, dt.time(0, 0), PACIFIC)
    ends = dt.datetime.combine(end, until, PACIFIC)
    warehouse.con.execute(
        "INSERT INTO promotion (marketplace, promotion_id, sku, promotion_type, start_at, end_at, import_id) "
        "VALUES ('amazon.US', ?, ?, 'lightning_deal', ?, ?, 1)",
        [promotion_id, sku, begins, ends],
    )


def _line(plan: ReplenishmentPlan, marketplace: str, sku: str) -> ReplenishmentLine:
    (found,) = [x for x in plan.lines if (x.marketplace, x.sku) == (marketplace, sku)]
    return found


def test_a_promotion_next_month_is_planned_with_the_uplift_past_promotions_measured(
    warehouse: Warehouse,
) -> None:
    # given two US FBA SKUs selling 10 a day; A had a lightning deal from 10 April 00:00 to 12 April 23:59 Pacific
    # time and sold 30 a day on it, and has another one booked from 20 July 00:00 to 22 July 12:00; B has none.
    # Both: 20 days' production, 14 days of sea
    promo = (D(2026, 4, 10), D(2026, 4, 11), D(2026, 4, 12))
    _sell(warehouse, "amazon.US", "A", busy=promo)
    _sell(warehouse, "amazon.US", "B")
    _promotion(warehouse, "LD-APRIL", "A", D(2026, 4, 10), D(2026, 4, 12))
    _promotion(warehouse, "LD-JULY", "A", D(2026, 7, 20), D(2026, 7, 22), until=dt.time(12))
    for sku in ("A", "B"):
        _product(warehouse, sku)
        _fba(warehouse, "amazon.US", sku, 300)
    _sea_lane(warehouse, "amazon.US")
    # when the plan is made
    plan = plan_in(warehouse, as_of=AS_OF)
    # then the uplift is the April deal's 3 × 30 units over its baseline 3 × 10 (its 8 weeks before, all 10 a day):
    # 3.0, read in Pacific dates (in UTC the April deal ran into 13 April, an ordinary day, and would measure
    # (90 + 10) / 40 = 2.5: order-up-to 455); the July deal's days (days 20–22 after 30 June) are forecast at
    # 10 × 3 = 30.
    # A: L = 20 + 14 = 34 days, P = 41; demand over L = 34 × 10 + 3 × 20 = 400 = the reorder point (no safety
    # stock), over P = 41 × 10 + 60 = 470 = order-up-to; FBA's 300 units serve days 1–24 (19 × 10 + 3 × 30 +
    # 2 × 10 = 300): stock-out on day 25, 25 July; last order date 25 July − 34 days = 21 June; need 470 − 300 = 170
    assert _line(plan, "amazon.US", "A") == ReplenishmentLine(
        sku="A", marketplace="amazon.US", as_of=AS_OF, fba_on_hand=300, fba_inbound=0, overseas_on_hand=0,
        shared_allocated=0, mean_daily_demand=round(470 / 41, 4), forecast_rmse_daily=0.0, fba_days_of_cover=24,
        fba_stockout_date=D(2026, 7, 25), days_of_cover=24, stockout_date=D(2026, 7, 25), lead_time_days=34,
        safety_stock=0, reorder_point=400, order_up_to=470, need=170, last_order_date=D(2026, 6, 21),
        order_now=True,
    )  # fmt: skip
    # and B, without a promotion, is flat: 10 a day, order-up-to 410, 300 units last 30 days (stock-out 31 July)
    line_b = _line(plan, "amazon.US", "B")
    assert (line_b.reorder_point, line_b.order_up_to, line_b.need, line_b.days_of_cover) == (
        340,
        410,
        110,
        30,
    )
    # and the purchases: 170 and 110 units, whole cases of 10
    assert [(p.sku, p.quantity, p.cases) for p in plan.purchases] == [("A", 170, 17), ("B", 110, 11)]


def test_black_friday_in_the_history_is_kept_out_of_the_baseline(warehouse: Warehouse) -> None:
    # given a US FBA SKU that sold 30 a day over Black Friday to Cyber Monday 2025 (28 November – 1 December, in
    # sellerops' calendar) and 10 on every other day of its 100 days up to 20 December
    as_of = D(2025, 12, 20)
    black_friday = tuple(D(2025, 11, 28) + dt.timedelta(days=k) for k in range(4))
    _sell(warehouse, "amazon.US", "A", first=as_of - dt.timedelta(days=99), last=as_of, busy=black_friday)
    _product(warehouse, "A")
    _fba(warehouse, "amazon.US", "A", 0)
    _sea_lane(warehouse, "amazon.US")
    # when the plan is made
    plan = plan_in(warehouse, as_of=as_of)
    # then the event days are not read as demand: 10 a day ahead, reorder point 34 × 10 = 340, order-up-to
    # 41 × 10 = 410 (an 8-week mean over the spike would say (52 × 10 + 4 × 30) / 56 = 11.43 a day)
    line = _line(plan, "amazon.US", "A")
    assert (line.mean_daily_demand, line.reorder_point, line.order_up_to) == (10.0, 340, 410)


def test_a_merchant_fulfilled_sku_is_bought_for_the_local_warehouse(warehouse: Warehouse) -> None:
    # given a SKU the seller ships from the local warehouse (All Orders says "Merchant"), 10 a day, with 150 units
    # there (20 of them reserved for open orders: 130 free) and a PO of 100 units still open; 20 days' production,
    # cases of 12; no shipping lane and no FBA stock
    _sell(warehouse, "amazon.US", "M", channel="Merchant")
    _product(warehouse, "M", case_pack=12)
    warehouse.con.execute(
        "INSERT INTO warehouse_stock (warehouse, warehouse_type, marketplace, sku, snapshot_date, on_hand, "
        "reserved, import_id) VALUES ('Shenzhen', 'local', NULL, 'M', ?, 150, 20, 1)",
        [AS_OF],
    )
    warehouse.con.execute(
        "INSERT INTO purchase_order (po_number, sku, expected_date, quantity_ordered, quantity_received, import_id) "
        "VALUES ('PO-7', 'M', ?, 100, 0, 1)",
        [D(2026, 7, 10)],
    )
    # when the plan is made
    plan = plan_in(warehouse, as_of=AS_OF)
    # then it is planned as merchant-fulfilled: L = production alone, 20 days; P = 27; reorder point 200,
    # order-up-to 270; no stock of its own, so the need is 270; the local 130 + PO 100 = 230 units are set aside
    # for it and serve days 1–23 (stock-out 24 July); last order date 24 July − 20 days = 4 July
    assert plan.lines == (
        ReplenishmentLine(
            sku="M", marketplace="amazon.US", as_of=AS_OF, fba_on_hand=0, fba_inbound=0, overseas_on_hand=0,
            shared_allocated=230, mean_daily_demand=10.0, forecast_rmse_daily=0.0, fba_days_of_cover=None,
            fba_stockout_date=None, days_of_cover=23, stockout_date=D(2026, 7, 24), lead_time_days=20,
            safety_stock=0, reorder_point=200, order_up_to=270, need=270, last_order_date=D(2026, 7, 4),
            order_now=True, fulfilment="merchant",
        ),
    )  # fmt: skip
    # and the purchase: 270 − 230 = 40 units short → 4 cases of 12 = 48, ready at the local warehouse in 20 days;
    # nothing is shipped anywhere
    assert plan.purchases == (
        PurchaseLine(
            sku="M", supplier="Yiwu Supply", quantity=48, unrounded=40, cases=4, ready_date=D(2026, 7, 20),
            last_order_date=D(2026, 7, 4), unit_cost=Money(Decimal("2.50"), "USD"), value=Money(Decimal("120.00"), "USD"),
            air_units=0, air_extra_cost=None,
        ),
    )  # fmt: skip
    assert (plan.shipments, plan.skipped) == ((), ())
    # and the plan's sheet says how it is supplied
    lines = next(s for s in plan_sections(plan) if s.key == "lines")
    assert dict(zip(lines.headers, lines.rows[0], strict=True))["Fulfilment"] == (
        "merchant-fulfilled: supplier → local warehouse"
    )


def test_the_rules_files_events_reach_every_sku_of_their_marketplace_through_the_cli(tmp_path: Path) -> None:
    # given US SKUs A (FBA) and M (merchant-fulfilled) that sold 30 a day in the team's own "Brand days" of 1–3 May
    # and a UK FBA SKU U that sold 10; the rules file lists May's brand days and the next ones, 20–22 July, for
    # the US (no SKUs: every US SKU)
    brand_days = (D(2026, 5, 1), D(2026, 5, 2), D(2026, 5, 3))
    db = tmp_path / "wh" / "sellerops.duckdb"
    with open_warehouse(db) as warehouse:
        _sell(warehouse, "amazon.US", "A", busy=brand_days)
        _sell(warehouse, "amazon.US", "M", channel="Merchant", busy=brand_days)
        _sell(warehouse, "amazon.UK", "U")
        for sku in ("A", "M", "U"):
            _product(warehouse, sku)
        _sea_lane(warehouse, "amazon.US")
        _sea_lane(warehouse, "amazon.UK")
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "events:\n"
        "  - {name: Brand days, start: 2026-05-01, end: 2026-05-03, marketplace: amazon.US}\n"
        "  - {name: Brand days, start: 2026-07-20, end: 2026-07-22, marketplace: amazon.US}\n",
        encoding="utf-8",
    )
    # when the plan is made with that rules file
    out = tmp_path / "reports"
    result = CliRunner().invoke(
        app,
        ["plan", "replenish", "--db", str(db), "--rules", str(rules), "--format", "csv", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    with (out / "replenish-2026-06-30-lines.csv").open(encoding="utf-8") as handle:
        lines = [
            (x["Marketplace"], x["SKU"], x["Fulfilment"], x["Order up to"]) for x in csv.DictReader(handle)
        ]
    # then the two US SKUs get the brand days' uplift, (3 × 30 + 3 × 30) / (6 × 10) = 3, on 20–22 July (days
    # 20–22): A over P = 41 days: 410 + 3 × 20 = 470; M (merchant: P = 20 + 7 = 27 days) 270 + 60 = 330;
    # the UK SKU stays flat: 410
    assert lines == [
        ("amazon.UK", "U", "FBA: supplier → local warehouse → FBA", "410"),
        ("amazon.US", "A", "FBA: supplier → local warehouse → FBA", "470"),
        ("amazon.US", "M", "merchant-fulfilled: supplier → local warehouse", "330"),
    ]
