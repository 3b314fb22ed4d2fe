"""The steps of a seller's operation that a finding is pinned to (DESIGN.md §2)."""

from __future__ import annotations

from typing import Literal

ProcessNode = Literal[
    "traffic/ads",
    "listing/content",
    "price/promotion",
    "inventory/fulfilment",
    "reviews/after-sales",
    "account-health",
]
PROCESS_NODES: tuple[ProcessNode, ...] = (
    "traffic/ads",
    "listing/content",
    "price/promotion",
    "inventory/fulfilment",
    "reviews/after-sales",
    "account-health",
)
