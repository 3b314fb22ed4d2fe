"""Replenishment: from a demand forecast and where the stock is, what to buy and what to ship, and when."""

from sellerops.analytics.replenish.events import event_days, promotion_event
from sellerops.analytics.replenish.models import (
    MODES,
    ROUTES,
    DemandOutlook,
    Fulfilment,
    Lane,
    Mode,
    OpenPurchaseOrder,
    PlanSettings,
    PurchaseLine,
    ReplenishmentLine,
    ReplenishmentPlan,
    Route,
    SharedStock,
    ShipmentLine,
    SkippedLine,
    StockPosition,
    SupplyTerms,
)
from sellerops.analytics.replenish.outlook import outlooks_from_forecast
from sellerops.analytics.replenish.plan import pick_lane, plan_replenishment
from sellerops.analytics.replenish.policy import (
    days_of_cover,
    demand_over,
    round_order,
    safety_stock,
    z_score,
)

__all__ = [
    "MODES",
    "ROUTES",
    "DemandOutlook",
    "Fulfilment",
    "Lane",
    "Mode",
    "OpenPurchaseOrder",
    "PlanSettings",
    "PurchaseLine",
    "ReplenishmentLine",
    "ReplenishmentPlan",
    "Route",
    "SharedStock",
    "ShipmentLine",
    "SkippedLine",
    "StockPosition",
    "SupplyTerms",
    "days_of_cover",
    "demand_over",
    "event_days",
    "outlooks_from_forecast",
    "pick_lane",
    "plan_replenishment",
    "promotion_event",
    "round_order",
    "safety_stock",
    "z_score",
]
