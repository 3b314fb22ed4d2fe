"""One SKU × marketplace while the plan is made, shared by the plan and its shipments."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sellerops.analytics.replenish.models import DemandOutlook, Lane, StockPosition, SupplyTerms

NEVER = 10**6  # sorts "does not run out" after every real stock-out


@dataclass
class Work:
    """One SKU × marketplace while the plan is made."""

    outlook: DemandOutlook
    position: StockPosition
    terms: SupplyTerms
    main: Lane | None  # local → FBA, the lane purchases travel by; None: merchant-fulfilled
    air: Lane | None  # local → FBA by air, when faster than the main lane
    to_overseas: Lane | None
    from_overseas: Lane | None
    lead_time: int
    safety: int
    reorder_point: int
    order_up_to: int
    mean: float
    need: int
    urgency: int  # days the marketplace's own stock (FBA + overseas) lasts
    allocated: int = 0
    uncovered: int = 0
    air_units: int = 0

    @property
    def own(self) -> int:
        return self.position.fba_total + self.position.overseas_on_hand


def served_first(item: Work) -> tuple[bool, int, str]:
    # Merchant-fulfilled orders ship from the local warehouse every day; FBA marketplaces still have their own stock.
    return (item.main is not None, item.urgency, item.outlook.marketplace)


def whole_units(value: float) -> int:
    """Forecast units, rounded up: a plan never counts on a fraction of a unit."""
    return math.ceil(value - 1e-9) if value > 0 else 0
