"""Multi-channel stock: one pool sold on several channels, what each listing should show, and oversells
(docs/stock.md)."""

from sellerops.analytics.channels.allocate import OPEN_STATUSES, plan_channel_stock
from sellerops.analytics.channels.models import (
    ChannelBuffer,
    ChannelIssue,
    ChannelPlan,
    ChannelQuantity,
    ChannelStockFinding,
    PoolPosition,
    QuantityUpdate,
    StockPool,
    TargetReason,
)

__all__ = [
    "OPEN_STATUSES",
    "ChannelBuffer",
    "ChannelIssue",
    "ChannelPlan",
    "ChannelQuantity",
    "ChannelStockFinding",
    "PoolPosition",
    "QuantityUpdate",
    "StockPool",
    "TargetReason",
    "plan_channel_stock",
]
