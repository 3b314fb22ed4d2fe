"""The records anomaly detection hands on: a move, the numbers behind it, and the events that may explain it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from sellerops.core.money import Money
from sellerops.core.process import ProcessNode

Direction = Literal["up", "down"]
Figure = Decimal | int | str | dt.date | None

# Causes that are the seller's own plan or the calendar: worth showing among the movers, not a problem to fix.
EXPLAINED_CAUSES = frozenset({"promotion", "promotion_ended", "price_cut", "shopping_event"})


@dataclass(frozen=True)
class MoveEvidence:
    """One number behind a move; the same fields as `sellerops.rules.findings.Evidence`, so the rules layer converts
    one into the other field by field. `unit` is "", "%", "days", "hours" or a currency."""

    name: str
    value: Figure
    baseline: Figure = None
    unit: str = ""


@dataclass(frozen=True)
class FactorShares:
    """How much of a sales change each factor explains: ln(S1/S0) = ln(T1/T0) + ln(C1/C0) + ln(P1/P0), each term
    divided by ln(S1/S0), so the three shares add up to 1 (a share above 1 is a factor that moved more than sales
    did, offset by another moving the other way)."""

    sessions: Decimal
    conversion: Decimal
    price: Decimal


@dataclass(frozen=True)
class KnownEvent:
    """A shopping event or a promotion the seller knows about. No marketplace means every marketplace; no SKUs means
    every SKU of those marketplaces."""

    name: str
    kind: str  # "shopping_event", "coupon", "lightning_deal", "price_cut", ...
    start_date: dt.date
    end_date: dt.date
    marketplace: str | None = None
    skus: tuple[str, ...] = ()

    def covers(self, marketplace: str, sku: str, start: dt.date, end: dt.date) -> bool:
        return (
            (self.marketplace is None or self.marketplace == marketplace)
            and (not self.skus or sku in self.skus)
            and self.start_date <= end
            and start <= self.end_date
        )


@dataclass(frozen=True)
class ExplainedMove:
    """A significant move of one SKU on one marketplace, pinned to a step of the process with its evidence.

    `metric` is what moved ("ordered_sales", "ad_spend", "budget_utilisation", "late_shipments",
    "negative_feedback", "conversion_vs_category"); `value` and `baseline` are that metric per day over the move's
    days (a rate for rates). `shares` is set for sales moves only. `money_at_stake` is the sales lost or the money
    overspent against the baseline over the move's days, None when the move is in the seller's favour.
    `known_event` names the promotion or shopping event that explains the move, if one does."""

    marketplace: str
    sku: str | None  # the child SKU; for a campaign's move, the SKU whose sales the campaign carries most
    parent_asin: str | None
    campaign: str | None  # the campaign, for moves of ads figures
    start_date: dt.date
    end_date: dt.date
    metric: str
    direction: Direction
    value: Decimal
    baseline: Decimal
    change: Decimal  # relative: value / baseline - 1
    shares: FactorShares | None
    process_node: ProcessNode
    cause: str
    evidence: tuple[MoveEvidence, ...]
    money_at_stake: Money | None
    score: Decimal  # strength of the move in standard errors; higher ranks first
    known_event: str | None = None

    @property
    def explained(self) -> bool:
        """Whether a known plan or event accounts for the move (show it among the movers, open no task for it)."""
        return self.cause in EXPLAINED_CAUSES
