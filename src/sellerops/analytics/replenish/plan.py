"""The replenishment plan: per SKU and marketplace, how long the stock lasts, what to buy and what to ship now.

The policy is a periodic review (every `review_days`) with an order-up-to level, the textbook (R, S) policy,
run on a forecast instead of a flat average:

* protection interval P = lead time L (production + the main local→FBA lane, usually sea) + review R; a
  merchant-fulfilled (MFN) marketplace sells from the local warehouse: L is production alone, no shipments;
* safety stock SS = z(service level) · √(P·σ_d² + d̄²·σ_L²) (see `policy.safety_stock`);
* order-up-to S = forecast demand over P + SS; reorder point = forecast demand over L + SS;
* a marketplace needs S − (FBA on hand + inbound + its overseas warehouse; an MFN one has none); the local
  warehouse and open POs (shared by every marketplace) go to MFN marketplaces first, then to the neediest; what
  is still missing is bought, rounded up to the case pack and the MOQ;
* last order date = forecast stock-out date − L − safety days (SS / mean daily demand);
* shipments now: the overseas warehouse tops FBA up to its own (shorter) protection interval, the local
  warehouse tops up FBA + overseas to the sea lane's; the part that sea would deliver after the forecast
  stock-out goes by air (with what that costs over sea); an FBA capacity limit caps what is sent in (most
  urgent SKU first) and the rest goes to, or stays in, the overseas warehouse.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence

from sellerops.analytics.replenish.costs import add_cost, air_extra_cost
from sellerops.analytics.replenish.models import (
    DemandOutlook,
    Lane,
    Mode,
    PlanSettings,
    PurchaseLine,
    ReplenishmentLine,
    ReplenishmentPlan,
    Route,
    SharedStock,
    SkippedLine,
    StockPosition,
    SupplyTerms,
)
from sellerops.analytics.replenish.policy import (
    COVER_LIMIT_DAYS,
    days_of_cover,
    demand_over,
    history_error,
    round_order,
    safety_stock,
)
from sellerops.analytics.replenish.shipments import plan_shipments
from sellerops.analytics.replenish.work import NEVER, Work, served_first, whole_units
from sellerops.core.money import Money
from sellerops.errors import InputError


def plan_replenishment(
    outlooks: Sequence[DemandOutlook],
    positions: Sequence[StockPosition],
    shared: Sequence[SharedStock],
    supply: Sequence[SupplyTerms],
    lanes: Sequence[Lane],
    *,
    as_of: dt.date,
    fba_capacity: Mapping[str, int] | None = None,
    settings: PlanSettings | None = None,
) -> ReplenishmentPlan:
    """The plan for every SKU and marketplace that has an outlook; lines that cannot be planned (no supply
    terms, no lane) are listed in `skipped` with what is missing."""
    settings = settings or PlanSettings()
    if settings.review_days < 1:
        raise InputError("the review period must be at least one day")
    by_position = {(p.sku, p.marketplace): p for p in positions}
    by_shared = {s.sku: s for s in shared}
    by_terms = {t.sku: t for t in supply}
    work: list[Work] = []
    skipped: list[SkippedLine] = []
    for outlook in sorted(outlooks, key=lambda o: (o.sku, o.marketplace)):
        item = _prepare(outlook, by_position, by_terms, lanes, settings)
        if isinstance(item, SkippedLine):
            skipped.append(item)
        else:
            work.append(item)

    by_sku: dict[str, list[Work]] = defaultdict(list)
    for item in work:
        by_sku[item.outlook.sku].append(item)
    lines: list[ReplenishmentLine] = []
    purchases: list[PurchaseLine] = []
    for sku, items in sorted(by_sku.items()):
        stock = by_shared.get(sku, SharedStock(sku))
        _allocate(items, stock.local_on_hand + stock.on_order)
        lines += [_line(item, as_of, settings) for item in items]
        purchase = _purchase(items, lines[-len(items) :], as_of)
        if purchase is not None:
            purchases.append(purchase)
    shipments, held = plan_shipments(by_sku, by_shared, as_of, settings, fba_capacity or {})
    return ReplenishmentPlan(
        as_of, settings, tuple(lines), tuple(purchases), tuple(shipments), tuple(held), tuple(skipped)
    )


def pick_lane(
    lanes: Sequence[Lane], marketplace: str, route: Route, sku: str, *, mode: Mode | None = None
) -> Lane | None:
    """The lane for this SKU on this route (its own first, else the marketplace's default); with no `mode`, the
    slowest one, which is the cheap one purchases normally travel by."""
    found = [
        lane
        for lane in lanes
        if lane.marketplace == marketplace and lane.route == route and (mode is None or lane.mode == mode)
    ]
    own = [lane for lane in found if lane.sku == sku]
    chosen = own or [lane for lane in found if lane.sku is None]
    return max(chosen, key=lambda lane: (lane.transit_days, lane.mode)) if chosen else None


def _prepare(
    outlook: DemandOutlook,
    by_position: Mapping[tuple[str, str], StockPosition],
    by_terms: Mapping[str, SupplyTerms],
    lanes: Sequence[Lane],
    settings: PlanSettings,
) -> Work | SkippedLine:
    sku, market = outlook.sku, outlook.marketplace
    terms = by_terms.get(sku)
    if terms is None:
        return SkippedLine(
            sku, market, "not in the product master: its lead time, case pack and MOQ are unknown"
        )
    position = by_position.get((sku, market), StockPosition(sku, market))
    main = air = None
    if position.fulfilment == "fba":
        main = pick_lane(lanes, market, "local_to_fba", sku, mode="sea") or pick_lane(
            lanes, market, "local_to_fba", sku
        )
        if main is None:
            return SkippedLine(sku, market, f"no local→FBA shipping lane for {market} in the product master")
        air = pick_lane(lanes, market, "local_to_fba", sku, mode="air")
        if air is not None and air.transit_days >= main.transit_days:
            air = None
    lead_time = terms.production_days + (main.transit_days if main else 0)
    protection = lead_time + settings.review_days
    over_protection = demand_over(outlook.daily, protection)
    mean = over_protection / protection
    safety = safety_stock(
        rmse_daily=outlook.rmse_daily,
        protection_days=protection,
        mean_daily_demand=mean,
        service_level=settings.service_level,
        lead_time_sd_days=terms.lead_time_sd_days,
        history_error=history_error(outlook.history, protection),
        fill_rate=settings.fill_rate,
        cycle_demand=demand_over(outlook.daily, settings.review_days),
    )
    order_up_to = whole_units(over_protection) + safety
    own = position.fba_total + position.overseas_on_hand
    cover = days_of_cover(outlook.daily, own)
    return Work(
        outlook, position, terms, main, air,
        pick_lane(lanes, market, "local_to_overseas", sku), pick_lane(lanes, market, "overseas_to_fba", sku),
        lead_time, safety, whole_units(demand_over(outlook.daily, lead_time)) + safety, order_up_to, mean,
        max(0, order_up_to - own), NEVER if cover is None else cover,
    )  # fmt: skip


def _allocate(items: list[Work], shared_units: int) -> None:
    """The local warehouse and open POs go to merchant-fulfilled marketplaces first, then to the one that runs out
    first, up to its need."""
    left = shared_units
    for item in sorted(items, key=served_first):
        item.allocated = min(left, item.need)
        item.uncovered = item.need - item.allocated
        left -= item.allocated


def _line(item: Work, as_of: dt.date, settings: PlanSettings) -> ReplenishmentLine:
    daily, position = item.outlook.daily, item.position
    fba_cover = days_of_cover(daily, position.fba_total) if item.main else None
    cover = days_of_cover(daily, item.own + item.allocated)
    stockout = _after(as_of, cover)
    # Safety stock in days of demand; a SKU that barely sells could hold "years" of it, which no calendar needs.
    safety_days = min(math.ceil(item.safety / item.mean), COVER_LIMIT_DAYS) if item.mean > 0 else 0
    last_order = stockout - dt.timedelta(days=item.lead_time + safety_days) if stockout is not None else None
    return ReplenishmentLine(
        sku=item.outlook.sku, marketplace=item.outlook.marketplace, as_of=as_of,
        fba_on_hand=position.fba_on_hand, fba_inbound=position.fba_inbound,
        overseas_on_hand=position.overseas_on_hand, shared_allocated=item.allocated,
        mean_daily_demand=round(item.mean, 4), forecast_rmse_daily=round(item.outlook.rmse_daily, 4),
        fba_days_of_cover=fba_cover, fba_stockout_date=_after(as_of, fba_cover), days_of_cover=cover,
        stockout_date=stockout, lead_time_days=item.lead_time, safety_stock=item.safety,
        reorder_point=item.reorder_point, order_up_to=item.order_up_to, need=item.need,
        last_order_date=last_order, order_now=item.uncovered > 0, fulfilment=position.fulfilment,
    )  # fmt: skip


def _purchase(items: list[Work], lines: list[ReplenishmentLine], as_of: dt.date) -> PurchaseLine | None:
    """One purchase order per SKU for what its marketplaces still lack; air for the part sea brings too late."""
    short = sum(item.uncovered for item in items)
    terms = items[0].terms
    quantity = round_order(short, case_pack=terms.case_pack, moq=terms.moq)
    if quantity == 0:
        return None
    extra: Money | None = None
    for item, line in zip(items, lines, strict=True):
        if not item.uncovered or item.air is None or item.main is None:
            continue
        sea_arrival = item.lead_time
        air_arrival = terms.production_days + item.air.transit_days
        first_short = (NEVER if line.days_of_cover is None else line.days_of_cover) + 1
        if sea_arrival <= first_short:
            continue
        gap_from = max(first_short, air_arrival)
        gap = demand_over(item.outlook.daily, sea_arrival - gap_from, start=gap_from - 1)
        item.air_units = min(item.uncovered, whole_units(gap))
        extra = add_cost(extra, air_extra_cost(item.air, item.main, item.air_units))
    known = [line.last_order_date for line in lines if line.last_order_date is not None]
    cost = terms.unit_cost
    return PurchaseLine(
        sku=terms.sku, supplier=terms.supplier, quantity=quantity, unrounded=short,
        cases=quantity // max(terms.case_pack, 1), ready_date=as_of + dt.timedelta(days=terms.production_days),
        last_order_date=min(known) if known else None, unit_cost=cost,
        value=Money(cost.amount * quantity, cost.currency) if cost else None,
        air_units=sum(item.air_units for item in items), air_extra_cost=extra,
    )  # fmt: skip


def _after(as_of: dt.date, cover: int | None) -> dt.date | None:
    return None if cover is None else as_of + dt.timedelta(days=cover + 1)
