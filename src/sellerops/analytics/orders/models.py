"""The hold list's records: which open orders to stop (or to rush) before they ship, and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

HoldReasonCode = Literal[
    "address_invalid", "payment_pending", "duplicate", "quantity_outlier", "ship_by_near"
]
HOLD_REASONS: tuple[HoldReasonCode, ...] = (
    "address_invalid",
    "payment_pending",
    "duplicate",
    "quantity_outlier",
    "ship_by_near",
)
# What to do with the order: look before shipping it, or ship it now.
Action = Literal["hold", "expedite"]
ACTION_OF: dict[HoldReasonCode, Action] = {
    "address_invalid": "hold",
    "payment_pending": "hold",
    "duplicate": "hold",
    "quantity_outlier": "hold",
    "ship_by_near": "expedite",
}


@dataclass(frozen=True)
class HoldPolicy:
    """When an open order is abnormal. The rules file's `orders.*` thresholds fill it in."""

    pending_hours: int = 24  # payment still pending after this long
    ship_by_hours: int = 24  # latest ship time this close (or already past)
    duplicate_hours: int = 2  # same address and same items placed this close together (a re-submitted order)
    quantity_floor: int = 5  # a line quantity below this is never unusual
    quantity_factor: Decimal = Decimal(3)  # ... else unusual above this × the SKU's 95th percentile
    history_days: int = 90  # the window the SKU's norm is taken from
    min_history_lines: int = 20  # fewer lines than this: the marketplace's norm stands in for the SKU's


@dataclass(frozen=True)
class HoldReason:
    code: HoldReasonCode
    detail: str  # e.g. "postal_code invalid", "same address and items as 111-…", "quantity 40 > 12"
    value: Decimal | None = None  # the figure judged (hours pending, hours left, quantity)
    threshold: Decimal | None = None

    @property
    def action(self) -> Action:
        return ACTION_OF[self.code]


@dataclass(frozen=True)
class HeldOrder:
    """One open merchant-fulfilled order with every reason it is on the list."""

    marketplace: str
    order_id: str
    status: str
    purchase_at: dt.datetime
    latest_ship_at: dt.datetime | None
    order_total: Decimal | None
    currency: str | None
    skus: tuple[str, ...]
    reasons: tuple[HoldReason, ...]

    @property
    def action(self) -> Action:
        """Hold wins over expedite: an order that must not ship yet is not rushed out."""
        return "hold" if any(r.action == "hold" for r in self.reasons) else "expedite"
