"""Shipments now: overseas → FBA, local → FBA by sea or air, within the FBA capacity limit (see plan.py)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sellerops.analytics.replenish.costs import air_extra_cost
from sellerops.analytics.replenish.models import Lane, PlanSettings, SharedStock, ShipmentLine
from sellerops.analytics.replenish.policy import days_of_cover, demand_over, history_error, safety_stock
from sellerops.analytics.replenish.work import NEVER, Work, served_first, whole_units
from sellerops.core.money import Money


@dataclass(frozen=True)
class _Wanted:
    """A shipment the stock calls for, before the FBA capacity limit is applied."""

    urgency: int  # days FBA stock lasts
    item: Work
    lane: Lane
    units: int
    reason: str

    @property
    def order(self) -> tuple[int, str, str, bool, bool]:
        # Most urgent first; within a SKU the overseas warehouse's short hop, then air, then sea.
        lane = self.lane
        market, sku = self.item.outlook.marketplace, self.item.outlook.sku
        return (self.urgency, market, sku, lane.route != "overseas_to_fba", lane.mode != "air")


def plan_shipments(
    by_sku: Mapping[str, list[Work]],
    by_shared: Mapping[str, SharedStock],
    as_of: dt.date,
    settings: PlanSettings,
    capacity: Mapping[str, int],
) -> tuple[list[ShipmentLine], list[tuple[str, str, int]]]:
    wanted: list[_Wanted] = []
    for sku, items in sorted(by_sku.items()):
        local_left = by_shared[sku].local_on_hand if sku in by_shared else 0
        for item in sorted(items, key=served_first):
            if (
                item.main is None
            ):  # merchant-fulfilled: keeps what the plan set aside for it, local stock first
                local_left -= min(local_left, item.allocated)
                continue
            found = _wanted(item, item.main, local_left, settings)
            local_left -= sum(w.units for w in found if w.lane.route == "local_to_fba")
            wanted += found
    return _within_capacity(wanted, by_sku, as_of, capacity)


def _wanted(item: Work, main: Lane, local_left: int, settings: PlanSettings) -> list[_Wanted]:
    """Overseas → FBA up to FBA's target for that short hop; local → FBA up to the sea lane's target for FBA and
    overseas stock together, by air for what sea would bring after the forecast stock-out."""
    daily, fba, overseas = item.outlook.daily, item.position.fba_total, item.position.overseas_on_hand
    fba_cover = days_of_cover(daily, fba)
    urgency = NEVER if fba_cover is None else fba_cover
    found: list[_Wanted] = []
    hop = item.from_overseas
    if overseas and hop is not None:
        target = _target(item, hop.transit_days, settings)
        units = min(overseas, max(0, target - fba))
        if units:
            reason = f"FBA stock lasts {_days(fba_cover)}; FBA target {target} for {hop.transit_days}+{settings.review_days} days"
            found.append(_Wanted(urgency, item, hop, units, reason))
    target = _target(item, main.transit_days, settings)
    units = min(local_left, max(0, target - fba - overseas))
    if not units:
        return found
    lasts = days_of_cover(daily, fba + overseas)
    reason = f"FBA + overseas stock lasts {_days(lasts)}; target {target} for {main.transit_days}+{settings.review_days} days"
    first_short = (NEVER if lasts is None else lasts) + 1
    air, air_units = item.air, 0
    if air is not None and main.transit_days > first_short:
        gap_from = max(first_short, air.transit_days)
        air_units = min(
            units, whole_units(demand_over(daily, main.transit_days - gap_from, start=gap_from - 1))
        )
        if air_units:
            found.append(
                _Wanted(urgency, item, air, air_units, f"{reason}; sea arrives after day {first_short}")
            )
    if units > air_units:
        found.append(_Wanted(urgency, item, main, units - air_units, reason))
    return found


def _within_capacity(
    wanted: list[_Wanted], by_sku: Mapping[str, list[Work]], as_of: dt.date, capacity: Mapping[str, int]
) -> tuple[list[ShipmentLine], list[tuple[str, str, int]]]:
    """Send in what FBA's capacity limit (units on hand and inbound) admits, most urgent first; local stock that
    does not fit goes to the overseas warehouse when there is a lane to it, overseas stock stays where it is."""
    headroom = {
        market: limit
        - sum(
            i.position.fba_total
            for items in by_sku.values()
            for i in items
            if i.outlook.marketplace == market
        )
        for market, limit in capacity.items()
    }
    shipments: list[ShipmentLine] = []
    held: dict[tuple[str, str], int] = defaultdict(int)
    diverted: dict[tuple[str, str], tuple[Work, Lane, int]] = {}
    for want in sorted(wanted, key=lambda w: w.order):
        item, market, sku = want.item, want.item.outlook.marketplace, want.item.outlook.sku
        sent = want.units
        if market in headroom:
            sent = max(0, min(want.units, headroom[market]))
            headroom[market] -= sent
        if sent:
            shipments.append(_shipment(item, want.lane, sent, as_of, want.reason))
        rest = want.units - sent
        if not rest:
            continue
        held[(sku, market)] += rest
        if want.lane.route == "local_to_fba" and item.to_overseas is not None:
            before = diverted[(sku, market)][2] if (sku, market) in diverted else 0
            diverted[(sku, market)] = (item, item.to_overseas, before + rest)
    for (_, market), (item, lane, units) in sorted(diverted.items()):
        reason = (
            f"over the FBA capacity limit for {market}: kept in the overseas warehouse until FBA has room"
        )
        shipments.append(_shipment(item, lane, units, as_of, reason))
    shipments.sort(key=lambda s: (s.marketplace, s.route, s.sku, s.mode))
    return shipments, [(sku, market, units) for (sku, market), units in sorted(held.items())]


def _target(item: Work, transit_days: int, settings: PlanSettings) -> int:
    """FBA's order-up-to level for a source `transit_days` away: forecast demand over transit + review, plus
    safety stock for the same interval."""
    protection = transit_days + settings.review_days
    safety = safety_stock(
        rmse_daily=item.outlook.rmse_daily, protection_days=protection, mean_daily_demand=item.mean,
        service_level=settings.service_level, history_error=history_error(item.outlook.history, protection),
        fill_rate=settings.fill_rate, cycle_demand=demand_over(item.outlook.daily, settings.review_days),
    )  # fmt: skip
    return whole_units(demand_over(item.outlook.daily, protection)) + safety


def _shipment(item: Work, lane: Lane, units: int, as_of: dt.date, reason: str) -> ShipmentLine:
    cost = lane.cost_per_unit
    extra = air_extra_cost(lane, item.main, units) if lane.mode == "air" and item.main else None
    return ShipmentLine(
        sku=item.outlook.sku, marketplace=item.outlook.marketplace, route=lane.route, mode=lane.mode,
        quantity=units, arrival_date=as_of + dt.timedelta(days=lane.transit_days),
        freight_cost=Money(cost.amount * units, cost.currency) if cost else None,
        extra_cost_vs_sea=extra, reason=reason,
    )  # fmt: skip


def _days(cover: int | None) -> str:
    return "beyond the horizon" if cover is None else f"{cover} days"
