"""Typed records of multi-channel stock: the pool, each channel's buffer, the quantity each listing should show,
and what is wrong with what it shows now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from sellerops.errors import InputError

TargetReason = Literal["share", "max_listed", "zero_out", "no_stock"]
ChannelIssue = Literal["oversell_risk", "lost_sales"]


@dataclass(frozen=True)
class ChannelBuffer:
    """How much of the shared pool one channel may show.

    The listing shows ⌊share × available-to-promise⌋, at most `max_listed`, and nothing once available-to-promise
    is at or below `zero_out_at` (the last units are kept for the other channels, or for orders already
    promised). The rules file fills these in per channel."""

    share: Decimal = Decimal(1)
    max_listed: int | None = None
    zero_out_at: int = 0

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.share <= Decimal(1):
            raise InputError(f"a channel's share of the stock must be between 0 and 1, not {self.share}")
        if self.max_listed is not None and self.max_listed < 0:
            raise InputError(f"max_listed must be 0 or more, not {self.max_listed}")
        if self.zero_out_at < 0:
            raise InputError(f"zero_out_at must be 0 or more, not {self.zero_out_at}")

    def target(self, available_to_promise: int) -> tuple[int, TargetReason]:
        """What the channel should show for a pool with `available_to_promise` units, and what decided it."""
        if available_to_promise <= 0:
            return 0, "no_stock"
        if available_to_promise <= self.zero_out_at:
            return 0, "zero_out"
        shown = int(self.share * available_to_promise)  # int() floors a positive Decimal
        if self.max_listed is not None and shown > self.max_listed:
            return self.max_listed, "max_listed"
        return shown, "share"


@dataclass(frozen=True)
class StockPool:
    """One pool of stock (a warehouse of the seller's) and the channels (marketplace codes) that sell from it."""

    warehouse: str
    channels: Mapping[str, ChannelBuffer] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.channels:
            raise InputError(
                f"the pool {self.warehouse!r} sells on no channel; give at least one marketplace"
            )


@dataclass(frozen=True)
class PoolPosition:
    """One SKU of the pool: available-to-promise = on hand − reserved − open orders (negative: already oversold).

    On hand is fulfillable + reserved as the warehouse's latest snapshot gives them, so the formula leaves the
    fulfillable units less the open orders of the pool's channels."""

    warehouse: str
    sku: str
    snapshot_at: dt.datetime | None  # None: the SKU is listed but the pool's snapshot has no row for it
    on_hand: int
    reserved: int
    open_order_units: int
    open_orders: tuple[str, ...]  # marketplace:order id, sorted
    available_to_promise: int
    import_id: int | None


@dataclass(frozen=True)
class ChannelQuantity:
    """The quantity one listing shows now and the quantity it should show."""

    marketplace: str
    sku: str
    listing_id: str | None
    status: str | None
    listing_date: dt.date
    listed: int | None  # None: the listings report gave no quantity
    target: int
    reason: TargetReason
    available_to_promise: int

    @property
    def needs_update(self) -> bool:
        return self.listed != self.target


@dataclass(frozen=True)
class ChannelStockFinding:
    """A listing that can sell more than the pool holds (oversell risk), or shows nothing while the pool has
    stock the channel's buffer would show (lost sales). `value` is what it shows; `threshold` is what it may show
    at most (oversell) or should show (lost sales)."""

    issue: ChannelIssue
    marketplace: str
    sku: str
    listing_id: str | None
    metric: str
    value: int
    threshold: int
    available_to_promise: int
    open_orders: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (table, key values) of the rows behind it


@dataclass(frozen=True)
class QuantityUpdate:
    """One line of a channel's quantity-update file."""

    marketplace: str
    sku: str
    listing_id: str | None
    quantity: int
    previous: int | None


@dataclass(frozen=True)
class ChannelPlan:
    """What the pool can promise and what each channel's listings should show."""

    warehouse: str
    as_of: dt.date
    positions: tuple[PoolPosition, ...]
    quantities: tuple[ChannelQuantity, ...]
    findings: tuple[ChannelStockFinding, ...]

    def updates(self, marketplace: str | None = None) -> tuple[QuantityUpdate, ...]:
        """The lines to send: every listing whose quantity differs from its target (of one channel, or all)."""
        return tuple(
            QuantityUpdate(q.marketplace, q.sku, q.listing_id, q.target, q.listed)
            for q in self.quantities
            if q.needs_update and (marketplace is None or q.marketplace == marketplace)
        )
