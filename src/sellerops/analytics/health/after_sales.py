"""The after-sales cases a seller must answer: negative feedback still without a reply, and recent claims."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class FeedbackCase:
    """Negative seller feedback on one order, with the order's first SKU and total where the orders show them."""

    marketplace: str
    order_id: str
    feedback_date: dt.date
    rating: int
    comments: str | None
    sku: str | None
    order_total: Decimal | None
    currency: str | None


@dataclass(frozen=True)
class ClaimCase:
    """An A-to-z claim or chargeback on one order; `amount` is what the settlement took (negative)."""

    marketplace: str
    order_id: str
    claim_type: str  # a_to_z | chargeback
    claim_date: dt.date
    amount: Decimal | None
    currency: str | None
    reason: str | None
    sku: str | None


def _first_sku(order_line: Any) -> Any:
    return order_line.group_by(
        sku_marketplace=order_line.marketplace, sku_order_id=order_line.order_id
    ).aggregate(first_sku=order_line.sku.min())


def unanswered_feedback(
    seller_feedback: Any,
    order_header: Any,
    order_line: Any,
    *,
    as_of: dt.date,
    max_rating: int = 2,
    lookback_days: int = 60,
) -> list[FeedbackCase]:
    """Feedback of at most `max_rating` stars left in the `lookback_days` up to `as_of` that has no reply yet
    (Amazon lets a seller ask for removal within 60 days). Sorted by marketplace, day and order."""
    first = as_of - dt.timedelta(days=lookback_days - 1)
    fb = seller_feedback
    response = fb.response.strip()
    fb = fb.filter(
        (fb.rating <= max_rating)
        & fb.feedback_date.between(first, as_of)
        & (fb.response.isnull() | (response == ""))
    )
    heads = order_header.select(
        head_marketplace="marketplace",
        head_order_id="order_id",
        order_total="order_total",
        currency="currency",
    )
    skus = _first_sku(order_line)
    joined = fb.left_join(
        heads, (fb.marketplace == heads.head_marketplace) & (fb.order_id == heads.head_order_id)
    )
    joined = joined.left_join(
        skus, (joined.marketplace == skus.sku_marketplace) & (joined.order_id == skus.sku_order_id)
    )
    rows = (
        joined.select("marketplace", "order_id", "feedback_date", "rating", "comments", "first_sku", "order_total",
                      "currency")
        .order_by(["marketplace", "feedback_date", "order_id"])
        .to_pyarrow()
        .to_pylist()
    )  # fmt: skip
    return [
        FeedbackCase(r["marketplace"], r["order_id"], r["feedback_date"], r["rating"], r["comments"],
                     r["first_sku"], r["order_total"], r["currency"])
        for r in rows
    ]  # fmt: skip


def recent_claims(claim: Any, order_line: Any, *, as_of: dt.date, lookback_days: int = 14) -> list[ClaimCase]:
    """Claims and chargebacks dated in the `lookback_days` up to `as_of`, one per claim row (a claim posted in
    two settlements is two rows). Sorted by marketplace, day, order and type."""
    first = as_of - dt.timedelta(days=lookback_days - 1)
    cl = claim.filter(claim.claim_date.between(first, as_of))
    skus = _first_sku(order_line)
    joined = cl.left_join(skus, (cl.marketplace == skus.sku_marketplace) & (cl.order_id == skus.sku_order_id))
    rows = (
        joined.select("marketplace", "order_id", "claim_type", "claim_date", "claim_at", "amount", "currency",
                      "reason", "first_sku")
        .order_by(["marketplace", "claim_date", "order_id", "claim_type", "claim_at"])
        .to_pyarrow()
        .to_pylist()
    )  # fmt: skip
    return [
        ClaimCase(r["marketplace"], r["order_id"], r["claim_type"], r["claim_date"], r["amount"], r["currency"],
                  r["reason"], r["first_sku"])
        for r in rows
    ]  # fmt: skip
