"""`plan replenish`: read demand, stock and the product master from the warehouse, forecast, and plan.

Which SKUs are planned: every SKU and marketplace that FBA holds stock of (the latest FBA inventory snapshot on or
before the plan day) or that sold through FBA in the last 90 days; and, as merchant-fulfilled lines, every other
SKU and marketplace that sold merchant-fulfilled (MFN, FBM) in the last 90 days: they ship from the local warehouse,
so their stock is its stock and the open POs, and they are bought supplier → local warehouse only. Demand is units
ordered per day (cancelled orders left out); days that FBA was out of stock are censored for the forecast
(`find_stock_outs`), each SKU's variation parent lets a new SKU borrow its siblings' pattern, and the promotion
table's promotions and the shopping calendar's events (with the team's own) are event days whose past uplift the
forecast applies to their future days.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from zoneinfo import ZoneInfo

import pandas as pd

from sellerops.analytics.anomalies import KnownEvent
from sellerops.analytics.forecast import find_stock_outs, forecast_demand
from sellerops.analytics.replenish import (
    MODES,
    ROUTES,
    Lane,
    OpenPurchaseOrder,
    PlanSettings,
    ReplenishmentPlan,
    SharedStock,
    StockPosition,
    SupplyTerms,
    event_days,
    outlooks_from_forecast,
    plan_replenishment,
    promotion_event,
)
from sellerops.core.calendar import shopping_events
from sellerops.core.marketplaces import get_marketplace
from sellerops.core.money import Money
from sellerops.errors import InputError
from sellerops.warehouse import Warehouse, open_warehouse

log = logging.getLogger(__name__)

HISTORY_DAYS = 365
ACTIVE_DAYS = 90
AIR_DIVISOR_CM3 = 6000  # IATA volumetric weight: length × width × height in cm / 6000 = kg charged by air
FORECAST_MARGIN_DAYS = 28
MERCHANT_CHANNELS = ("Merchant", "MFN")  # All Orders says Merchant, the SP-API Orders API MFN


def latest_demand_day(warehouse: Warehouse) -> dt.date | None:
    row = warehouse.con.execute("SELECT max(purchase_date) FROM order_line").fetchone()
    return row[0] if row and isinstance(row[0], dt.date) else None


def plan_from_warehouse(
    db: str | os.PathLike[str] | None,
    *,
    as_of: dt.date | None = None,
    marketplace: str | None = None,
    settings: PlanSettings | None = None,
    events: Sequence[KnownEvent] = (),
) -> ReplenishmentPlan:
    """The replenishment plan for `as_of` (default: the last day with orders), optionally for one marketplace."""
    with open_warehouse(db, read_only=True) as warehouse:
        return plan_in(warehouse, as_of=as_of, marketplace=marketplace, settings=settings, events=events)


def plan_in(
    warehouse: Warehouse,
    *,
    as_of: dt.date | None = None,
    marketplace: str | None = None,
    settings: PlanSettings | None = None,
    events: Sequence[KnownEvent] = (),
) -> ReplenishmentPlan:
    """`plan_from_warehouse` over a warehouse already open (the daily run's). `events` are the team's own events
    (the rules file's `events:`), forecast beside sellerops' shopping calendar and the promotion table."""
    settings = settings or PlanSettings()
    code = get_marketplace(marketplace).code if marketplace else None
    day = as_of or latest_demand_day(warehouse)
    if day is None:
        raise InputError("the warehouse has no orders to plan from; import the All Orders report first")
    supply = _supply(warehouse)
    if not supply:
        raise InputError(
            "the warehouse has no product master (lead times, case packs, MOQs); write the template with "
            "`sellerops product template`, fill it in and import it"
        )
    lanes = _lanes(warehouse, supply)
    fba = _series(warehouse, day, code)
    merchant = _merchant_series(warehouse, day, code, set(fba))
    series = sorted(fba + merchant)
    history = _history(warehouse, day, series)
    stock = _fba_stock(warehouse, day, fba)
    positions = _positions(warehouse, day, fba) + [
        StockPosition(sku, market, fulfilment="merchant") for market, sku in merchant
    ]
    shared = _shared(warehouse, day)
    capacity = _capacity(warehouse, day)
    parents = _parents(warehouse, series)
    horizon = _horizon(supply, lanes, settings)
    log.info("forecasting %d series %d days ahead from %s", len(series), horizon, day)
    keys = {_uid(m, s): (s, m) for m, s in series}
    if not keys:
        return plan_replenishment([], [], [], [], [], as_of=day, settings=settings)
    censored = find_stock_outs(history, stock)
    first, last = day - dt.timedelta(days=HISTORY_DAYS - 1), day + dt.timedelta(days=horizon)
    known = [*_calendar(series, first, last), *events, *_promotions(warehouse, series, first, last)]
    forecast = forecast_demand(
        history, horizon, stock_outs=censored[["unique_id", "ds"]], parents=parents,
        events=event_days(known, keys, start=first, end=last),
    )  # fmt: skip
    outlooks = outlooks_from_forecast(
        forecast.points, forecast.accuracy, as_of=day, keys=keys, history=history
    )
    return plan_replenishment(
        outlooks, positions, shared, list(supply.values()), lanes, as_of=day, fba_capacity=capacity,
        settings=settings,
    )  # fmt: skip


def _uid(marketplace: str, sku: str) -> str:
    return f"{marketplace}|{sku}"


def _series(warehouse: Warehouse, day: dt.date, code: str | None) -> list[tuple[str, str]]:
    """(marketplace, sku) pairs FBA holds or sold in the last 90 days."""
    where = "AND marketplace = ?" if code else ""
    params: list[object] = [day, day - dt.timedelta(days=ACTIVE_DAYS), day]
    rows = warehouse.con.execute(
        f"""
        SELECT DISTINCT marketplace, sku FROM (
            SELECT marketplace, sku FROM inventory_snapshot
            WHERE warehouse = 'FBA' AND snapshot_date = (
                SELECT max(snapshot_date) FROM inventory_snapshot WHERE warehouse = 'FBA' AND snapshot_date <= ?)
            UNION ALL
            SELECT marketplace, sku FROM order_line
            WHERE fulfillment_channel IN ('Amazon', 'AFN') AND purchase_date BETWEEN ? AND ? AND sku IS NOT NULL)
        WHERE true {where} ORDER BY ALL""",
        [*params, code] if code else params,
    ).fetchall()
    return [(str(m), str(s)) for m, s in rows]


def _merchant_series(
    warehouse: Warehouse, day: dt.date, code: str | None, fba: set[tuple[str, str]]
) -> list[tuple[str, str]]:
    """(marketplace, sku) pairs that sold merchant-fulfilled in the last 90 days and are not planned as FBA."""
    rows = warehouse.con.execute(
        f"""
        SELECT DISTINCT marketplace, sku FROM order_line
        WHERE fulfillment_channel IN {MERCHANT_CHANNELS} AND purchase_date BETWEEN ? AND ? AND sku IS NOT NULL
              {"AND marketplace = ?" if code else ""}
        ORDER BY ALL""",
        [day - dt.timedelta(days=ACTIVE_DAYS), day, *([code] if code else [])],
    ).fetchall()
    return [(str(m), str(s)) for m, s in rows if (str(m), str(s)) not in fba]


def _calendar(series: list[tuple[str, str]], start: dt.date, end: dt.date) -> list[KnownEvent]:
    """sellerops' shopping calendar (Prime Day, Black Friday, 11.11, …) on each planned marketplace it applies to."""
    markets = sorted({m for m, _ in series})
    return [
        KnownEvent(e.name, "shopping_event", e.start_date, e.end_date, market)
        for e in shopping_events(start, end)
        for market in markets
        if e.applies_to(market)
    ]


def _promotions(
    warehouse: Warehouse, series: list[tuple[str, str]], start: dt.date, end: dt.date
) -> list[KnownEvent]:
    """The planned SKUs' promotions that overlap start..end, in the marketplace's local dates (both days included; no
    end: still running at the end of the window)."""
    wanted = set(series)
    rows = warehouse.con.execute(
        "SELECT marketplace, sku, promotion_type, start_at, end_at FROM promotion WHERE start_at IS NOT NULL "
        "ORDER BY ALL"
    ).fetchall()
    found = []
    for market, sku, kind, start_at, end_at in rows:
        if (market, sku) not in wanted:
            continue
        zone = ZoneInfo(get_marketplace(market).time_zone)
        first = start_at.astimezone(zone).date()
        last = end_at.astimezone(zone).date() if end_at is not None else end
        if first <= end and start <= last:
            found.append(promotion_event(market, sku, kind, first, last))
    return found


def _history(warehouse: Warehouse, day: dt.date, series: list[tuple[str, str]]) -> pd.DataFrame:
    """Units ordered per series and day; every series gets a row on the plan day so the forecast starts after it."""
    frame = warehouse.con.execute(
        """
        SELECT marketplace || '|' || sku AS unique_id, CAST(purchase_date AS TIMESTAMP) AS ds,
               CAST(sum(quantity) AS DOUBLE) AS y
        FROM order_line
        WHERE purchase_date BETWEEN ? AND ? AND order_status <> 'Cancelled' AND sku IS NOT NULL
        GROUP BY ALL""",
        [day - dt.timedelta(days=HISTORY_DAYS - 1), day],
    ).df()
    wanted = {_uid(m, s) for m, s in series}
    frame = frame[frame["unique_id"].isin(wanted)]
    last = pd.DataFrame({"unique_id": sorted(wanted), "ds": pd.Timestamp(day), "y": 0.0})
    present = set(frame.loc[frame["ds"] == pd.Timestamp(day), "unique_id"])
    frame = pd.concat([frame, last[~last["unique_id"].isin(present)]], ignore_index=True)
    return frame.sort_values(["unique_id", "ds"], ignore_index=True)


def _fba_stock(warehouse: Warehouse, day: dt.date, series: list[tuple[str, str]]) -> pd.DataFrame:
    frame = warehouse.con.execute(
        """
        SELECT marketplace || '|' || sku AS unique_id, CAST(snapshot_date AS TIMESTAMP) AS ds,
               CAST(arg_max(fulfillable, snapshot_at) AS DOUBLE) AS fulfillable
        FROM inventory_snapshot WHERE warehouse = 'FBA' AND snapshot_date BETWEEN ? AND ? AND fulfillable IS NOT NULL
        GROUP BY ALL""",
        [day - dt.timedelta(days=HISTORY_DAYS - 1), day],
    ).df()
    return frame[frame["unique_id"].isin({_uid(m, s) for m, s in series})].reset_index(drop=True)


def _positions(warehouse: Warehouse, day: dt.date, series: list[tuple[str, str]]) -> list[StockPosition]:
    fba = {
        (str(m), str(s)): values
        for m, s, *values in warehouse.con.execute(
            """
            SELECT marketplace, sku, coalesce(fulfillable, 0), coalesce(reserved, 0), coalesce(inbound_working, 0),
                   coalesce(inbound_shipped, 0), coalesce(inbound_receiving, 0)
            FROM inventory_snapshot WHERE warehouse = 'FBA' AND snapshot_date <= ?
            QUALIFY row_number() OVER (PARTITION BY marketplace, sku ORDER BY snapshot_at DESC) = 1""",
            [day],
        ).fetchall()
    }
    overseas: dict[tuple[str, str], int] = defaultdict(int)
    for market, sku, units in _own_stock(warehouse, day, "overseas"):
        overseas[(market, sku)] += units
    out = []
    for market, sku in series:
        fulfillable, reserved, working, shipped, receiving = (int(v) for v in fba.get((market, sku), [0] * 5))
        out.append(
            StockPosition(
                sku, market, fulfillable, reserved, working, shipped, receiving, overseas[(market, sku)]
            )
        )
    return out


def _own_stock(warehouse: Warehouse, day: dt.date, kind: str) -> list[tuple[str, str, int]]:
    """Each own warehouse's latest count on or before the plan day, less what is reserved."""
    rows = warehouse.con.execute(
        """
        SELECT coalesce(marketplace, ''), sku, greatest(on_hand - coalesce(reserved, 0), 0)
        FROM warehouse_stock WHERE warehouse_type = ? AND snapshot_date <= ?
        QUALIFY row_number() OVER (PARTITION BY warehouse, sku ORDER BY snapshot_date DESC) = 1""",
        [kind, day],
    ).fetchall()
    return [(str(m), str(s), int(u)) for m, s, u in rows]


def _shared(warehouse: Warehouse, day: dt.date) -> list[SharedStock]:
    local: dict[str, int] = defaultdict(int)
    for _, sku, units in _own_stock(warehouse, day, "local"):
        local[sku] += units
    orders: dict[str, list[OpenPurchaseOrder]] = defaultdict(list)
    for po, sku, units, expected in warehouse.con.execute(
        """
        SELECT po_number, sku, quantity_ordered - coalesce(quantity_received, 0), expected_date
        FROM purchase_order WHERE quantity_ordered > coalesce(quantity_received, 0) ORDER BY ALL"""
    ).fetchall():
        orders[str(sku)].append(OpenPurchaseOrder(str(po), str(sku), int(units), expected))
    return [SharedStock(sku, local[sku], tuple(orders[sku])) for sku in sorted(set(local) | set(orders))]


def has_product_master(warehouse: Warehouse) -> bool:
    """Whether the seller's product master (lead times) has been imported: the plan needs it."""
    found = warehouse.con.execute("SELECT count(*) FROM product WHERE lead_time_days IS NOT NULL").fetchone()
    return bool(found and found[0])


def _supply(warehouse: Warehouse) -> dict[str, SupplyTerms]:
    rows = warehouse.con.execute(
        """
        SELECT sku, lead_time_days, unit_cost, cost_currency, coalesce(case_pack, 1), coalesce(moq, 0), supplier
        FROM product WHERE lead_time_days IS NOT NULL ORDER BY sku"""
    ).fetchall()
    return {
        str(sku): SupplyTerms(
            str(sku),
            int(lead),
            Money(Decimal(cost), str(currency)) if cost is not None and currency else None,
            case_pack=max(int(pack), 1),
            moq=int(moq),
            supplier=supplier,
        )
        for sku, lead, cost, currency, pack, moq, supplier in rows
    }


def _lanes(warehouse: Warehouse, supply: dict[str, SupplyTerms]) -> list[Lane]:
    """The lanes, with a per-kg cost turned into a per-unit cost for every SKU whose weight is known (air and
    express charge the volumetric weight when it is more)."""
    weights = {
        str(sku): (float(kg), dims)
        for sku, kg, *dims in warehouse.con.execute(
            "SELECT sku, weight_kg, length_cm, width_cm, height_cm FROM product WHERE weight_kg IS NOT NULL"
        ).fetchall()
    }
    out: list[Lane] = []
    rows = warehouse.con.execute(
        "SELECT marketplace, route, mode, sku, transit_days, cost_per_unit, cost_per_kg, coalesce(currency, '') "
        "FROM shipping_lane ORDER BY ALL"
    ).fetchall()
    for market, route, mode, sku, days, per_unit, per_kg, currency in rows:
        if route not in ROUTES or mode not in MODES:
            continue
        own = str(sku) or None
        cost = Money(Decimal(per_unit), currency) if per_unit is not None and currency else None
        out.append(Lane(market, route, mode, int(days), cost, own))
        if cost is not None or per_kg is None or not currency:
            continue
        for each in [own] if own else sorted(supply):
            if each is None or each not in weights:
                continue
            kg, dims = weights[each]
            if mode in ("air", "express") and all(d is not None for d in dims):
                kg = max(kg, float(dims[0]) * float(dims[1]) * float(dims[2]) / AIR_DIVISOR_CM3)
            unit = (Decimal(per_kg) * Decimal(str(kg))).quantize(Decimal("0.0001"))
            out.append(Lane(market, route, mode, int(days), Money(unit, currency), each))
    return out


def _capacity(warehouse: Warehouse, day: dt.date) -> dict[str, int]:
    rows = warehouse.con.execute(
        "SELECT marketplace, capacity_units FROM fba_capacity WHERE valid_from IS NULL OR valid_from <= ?",
        [day],
    ).fetchall()
    return {str(m): int(u) for m, u in rows}


def _parents(warehouse: Warehouse, series: list[tuple[str, str]]) -> pd.DataFrame:
    parent = dict(
        warehouse.con.execute("SELECT sku, parent_sku FROM product WHERE parent_sku IS NOT NULL").fetchall()
    )
    rows = [(_uid(m, s), _uid(m, str(parent[s]))) for m, s in series if s in parent]
    return pd.DataFrame(rows, columns=["unique_id", "parent_id"])


def _horizon(supply: dict[str, SupplyTerms], lanes: list[Lane], settings: PlanSettings) -> int:
    """Long enough for the slowest purchase: production + the slowest lane + review, plus four weeks."""
    production = max((t.production_days for t in supply.values()), default=0)
    transit = max((lane.transit_days for lane in lanes), default=0)
    return production + transit + settings.review_days + FORECAST_MARGIN_DAYS
