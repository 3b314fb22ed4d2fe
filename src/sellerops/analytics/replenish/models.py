"""Typed records of a replenishment plan: what goes in (demand outlook, stock, supply terms, lanes) and what
comes out (one line per SKU and marketplace, the purchase orders to place and the shipments to send)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sellerops.core.money import Money
from sellerops.errors import InputError

Route = Literal["local_to_fba", "local_to_overseas", "overseas_to_fba"]
Mode = Literal["sea", "air", "truck", "rail", "express"]
Fulfilment = Literal["fba", "merchant"]
ROUTES: tuple[Route, ...] = ("local_to_fba", "local_to_overseas", "overseas_to_fba")
MODES: tuple[Mode, ...] = ("sea", "air", "truck", "rail", "express")


@dataclass(frozen=True)
class DemandOutlook:
    """The forecast one plan line uses: mean units per day from the day after `as_of` on, and the typical
    error of one day's forecast (the backtest RMSE). Days past the end repeat the mean of the last 28.
    `history` is the SKU's daily demand up to `as_of` (oldest first), from which the error over a whole lead
    time is also measured (`policy.history_error`); empty when unknown."""

    sku: str
    marketplace: str
    daily: tuple[float, ...]
    rmse_daily: float
    history: tuple[float, ...] = ()


@dataclass(frozen=True)
class StockPosition:
    """Stock that can only serve one marketplace: at FBA (on hand and on its way in) and in an overseas
    warehouse that forwards to that marketplace's FBA.

    `fulfilment` "merchant": the seller ships this marketplace's orders from the local warehouse (MFN, FBM). It holds
    no stock of its own (its stock is the local warehouse's and the open POs, `SharedStock`), needs no lane and is
    bought supplier → local warehouse only."""

    sku: str
    marketplace: str
    fba_fulfillable: int = 0
    fba_reserved: int = 0
    inbound_working: int = 0
    inbound_shipped: int = 0
    inbound_receiving: int = 0
    overseas_on_hand: int = 0
    fulfilment: Fulfilment = "fba"

    def __post_init__(self) -> None:
        if self.fulfilment == "merchant" and self.fba_total + self.overseas_on_hand:
            raise InputError(
                f"{self.sku} on {self.marketplace} is merchant-fulfilled, so it has no FBA or overseas stock of its "
                "own: count its stock in the local warehouse (SharedStock) instead"
            )

    @property
    def fba_on_hand(self) -> int:
        return self.fba_fulfillable + self.fba_reserved

    @property
    def fba_inbound(self) -> int:
        return self.inbound_working + self.inbound_shipped + self.inbound_receiving

    @property
    def fba_total(self) -> int:
        return self.fba_on_hand + self.fba_inbound


@dataclass(frozen=True)
class OpenPurchaseOrder:
    """Units ordered from the supplier and not yet received at the local warehouse."""

    po_number: str
    sku: str
    units_open: int
    expected_date: dt.date | None


@dataclass(frozen=True)
class SharedStock:
    """Stock any marketplace can draw on: the local (origin) warehouse and open purchase orders."""

    sku: str
    local_on_hand: int = 0
    open_orders: tuple[OpenPurchaseOrder, ...] = ()

    @property
    def on_order(self) -> int:
        return sum(po.units_open for po in self.open_orders)


@dataclass(frozen=True)
class SupplyTerms:
    """How a SKU is bought: days from placing an order to goods ready at the local warehouse (production and
    trucking), their spread when known, the case pack and the supplier's minimum order."""

    sku: str
    production_days: int
    unit_cost: Money | None = None
    case_pack: int = 1
    moq: int = 0
    lead_time_sd_days: float = 0.0
    supplier: str | None = None


@dataclass(frozen=True)
class Lane:
    """One way of moving goods: a route, a shipping mode, the days door to door and the cost per unit.
    `sku` None is the marketplace's default for every SKU; a SKU's own lane wins over it."""

    marketplace: str
    route: Route
    mode: Mode
    transit_days: int
    cost_per_unit: Money | None = None
    sku: str | None = None


@dataclass(frozen=True)
class PlanSettings:
    """The buyer's choices: how often the plan is made, and how safe it must be: either the chance of not running
    out before the next delivery (cycle service level), or, when `fill_rate` is set, the share of demand to serve
    from stock (safety stock per SKU sized for it; see `policy.z_for_fill_rate`)."""

    service_level: float = 0.95
    review_days: int = 7
    fill_rate: float | None = None


@dataclass(frozen=True)
class ReplenishmentLine:
    """One SKU on one marketplace: where its stock is, how long it lasts, and what to do now.

    `safety_stock`, `reorder_point` and `order_up_to` are for the purchase lead time (production + the main
    local→FBA lane; production alone for a merchant-fulfilled line); `need` is what the marketplace lacks against
    `order_up_to` from its own stock (none for a merchant-fulfilled line, which lives on the local warehouse)."""

    sku: str
    marketplace: str
    as_of: dt.date
    fba_on_hand: int
    fba_inbound: int
    overseas_on_hand: int
    shared_allocated: int  # local warehouse stock and open POs set aside for this marketplace
    mean_daily_demand: float
    forecast_rmse_daily: float
    fba_days_of_cover: int | None  # None: beyond the forecast horizon, or merchant-fulfilled (no FBA stock)
    fba_stockout_date: dt.date | None
    days_of_cover: int | None  # all stock, including what is set aside from the local warehouse and POs
    stockout_date: dt.date | None
    lead_time_days: int
    safety_stock: int
    reorder_point: int
    order_up_to: int
    need: int
    last_order_date: dt.date | None
    order_now: bool
    fulfilment: Fulfilment = "fba"


@dataclass(frozen=True)
class PurchaseLine:
    """A purchase order to place with the supplier, rounded up to whole cases and the MOQ."""

    sku: str
    supplier: str | None
    quantity: int
    unrounded: int  # units short before rounding
    cases: int
    ready_date: dt.date  # at the local warehouse, if ordered today
    last_order_date: dt.date | None
    unit_cost: Money | None
    value: Money | None
    air_units: int  # of `quantity`, units to fly on because sea would arrive after the stock-out
    air_extra_cost: Money | None


@dataclass(frozen=True)
class ShipmentLine:
    """Units to move now from one stock point to the next."""

    sku: str
    marketplace: str
    route: Route
    mode: Mode
    quantity: int
    arrival_date: dt.date
    freight_cost: Money | None
    extra_cost_vs_sea: Money | None  # for air: what flying costs over sea for these units
    reason: str


@dataclass(frozen=True)
class SkippedLine:
    sku: str
    marketplace: str | None
    reason: str


@dataclass(frozen=True)
class ReplenishmentPlan:
    as_of: dt.date
    settings: PlanSettings
    lines: tuple[ReplenishmentLine, ...]
    purchases: tuple[PurchaseLine, ...]
    shipments: tuple[ShipmentLine, ...]
    held_by_capacity: tuple[
        tuple[str, str, int], ...
    ]  # (sku, marketplace, units) kept out of FBA by its limit
    skipped: tuple[SkippedLine, ...]
