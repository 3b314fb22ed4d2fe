"""Typed records of the ads plan: the settings each step reads, the lines of a bulk sheet and the proposals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, NamedTuple

from sellerops.core.text import Text

ProposalKind = Literal[
    "harvest_campaign",
    "harvest",
    "negative_exact",
    "negative_phrase",
    "negative_product",
    "bid",
    "budget_raise",
    "budget_cut",
]
BulkEntity = Literal[
    "Campaign",
    "Ad Group",
    "Product Ad",
    "Keyword",
    "Negative Keyword",
    "Product Targeting",
    "Negative Product Targeting",
]
BulkOperation = Literal["Create", "Update"]


class SourceRow(NamedTuple):
    """One imported row a proposal rests on: the file (`import_id`) and its row (`source_row`); for an ads
    change-history row, `source_row` is None (that table is keyed by the change itself). A named tuple: a plan
    cites hundreds of thousands of them, and a tuple is several times cheaper to make than a frozen dataclass."""

    table: str
    import_id: int
    source_row: int | None


@dataclass(frozen=True)
class AdFigure:
    """A number behind a proposal: clicks 14, spend 9.80 USD, ACoS 0.22 …; `unit` is "", "%" or a currency."""

    name: str
    value: Decimal | int | str | None
    unit: str = ""


@dataclass(frozen=True)
class BulkLine:
    """One row of a Sponsored Products bulk sheet. IDs are the ones the source reports carry; a line that creates
    an entity has no id of its own yet. A campaign or ad group the sheet itself creates has none either: its rows,
    and the rows of what goes into it, name it by a placeholder (`name`, the text the seller will see), which is
    how a bulk upload ties a new ad group to its new campaign."""

    entity: BulkEntity
    operation: BulkOperation
    campaign_id: str
    ad_group_id: str | None = None
    keyword_id: str | None = None
    product_targeting_id: str | None = None
    keyword_text: str | None = None
    match_type: str | None = None  # the sheet's words: Exact, Negative Exact, Negative Phrase
    targeting_expression: str | None = None  # a product target's expression, e.g. asin="B07XJ8C8F5"
    bid: Decimal | None = None
    daily_budget: Decimal | None = None
    state: str | None = None
    # Only on the rows that create a campaign, an ad group or a product ad:
    name: str | None = None  # the new campaign's or ad group's name
    targeting_type: str | None = None  # Manual or Auto
    start_date: dt.date | None = None
    bidding_strategy: str | None = None
    default_bid: Decimal | None = None
    sku: str | None = None


@dataclass(frozen=True)
class AdProposal:
    """A change the plan proposes, why, the figures and source rows behind it, and its bulk sheet lines.

    `lines` is empty when the IDs an upload needs are not in any imported report (`missing` says which): the
    proposal is still shown, for a person to make by hand or after importing a bulk download."""

    kind: ProposalKind
    marketplace: str
    currency: str
    campaign_name: str | None
    ad_group_name: str | None
    subject: str  # the search term, n-gram, target or campaign the proposal is about
    reason: Text
    figures: tuple[AdFigure, ...]
    sources: tuple[SourceRow, ...]
    lines: tuple[BulkLine, ...] = ()
    missing: str | None = None
    period_from: dt.date | None = None
    period_to: dt.date | None = None


@dataclass(frozen=True)
class HarvestSettings:
    min_orders: int
    min_clicks: int
    target_acos: Decimal
    min_daily_budget: Decimal  # a new harvest campaign's daily budget is never under this


@dataclass(frozen=True)
class NegativeSettings:
    min_clicks: int
    target_acos: Decimal
    ngram_max_words: int
    ngram_min_terms: int


@dataclass(frozen=True)
class BidSettings:
    min_clicks: int
    target_acos: Decimal
    max_step: Decimal  # the largest change per step, as a fraction of the current bid
    min_bid: Decimal  # the marketplace's minimum bid, in its currency
    cooldown_days: int


@dataclass(frozen=True)
class BudgetSettings:
    min_share: Decimal  # a day counts as capped when spend ≥ this share of the daily budget
    min_capped_days: int
    window_days: int
    target_acos: Decimal
    cut_acos: Decimal
    raise_step: Decimal
    cut_step: Decimal


@dataclass(frozen=True)
class AdPlan:
    """Every proposal for one marketplace and day, in a stable order (kind, campaign, ad group, subject)."""

    marketplace: str
    as_of: dt.date
    proposals: tuple[AdProposal, ...] = field(default_factory=tuple)
