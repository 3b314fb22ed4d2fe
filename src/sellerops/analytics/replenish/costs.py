"""Freight money in the plan: what flying costs over sea, and totals that never add two currencies."""

from __future__ import annotations

from sellerops.analytics.replenish.models import Lane
from sellerops.core.money import Money


def air_extra_cost(air: Lane, sea: Lane, units: int) -> Money | None:
    """What sending `units` by air costs over sea; None when either cost is unknown or they differ in currency."""
    a, s = air.cost_per_unit, sea.cost_per_unit
    if a is None or s is None or a.currency != s.currency or not units:
        return None
    return Money((a.amount - s.amount) * units, a.currency)


def add_cost(total: Money | None, more: Money | None) -> Money | None:
    """`total` + `more`; a cost in another currency is left out rather than added."""
    if more is None:
        return total
    if total is None:
        return more
    return total + more if total.currency == more.currency else total
