"""Orders that need a look before they ship: the hold list."""

from sellerops.analytics.orders.holds import OPEN_STATUSES, hold_list
from sellerops.analytics.orders.models import (
    ACTION_OF,
    HOLD_REASONS,
    Action,
    HeldOrder,
    HoldPolicy,
    HoldReason,
    HoldReasonCode,
)

__all__ = [
    "ACTION_OF",
    "HOLD_REASONS",
    "OPEN_STATUSES",
    "Action",
    "HeldOrder",
    "HoldPolicy",
    "HoldReason",
    "HoldReasonCode",
    "hold_list",
]
