"""The ads plan of one marketplace and day: harvest, negatives, bids and budgets, each proposal with its rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sellerops.analytics.ads.bids import propose_bids
from sellerops.analytics.ads.budgets import campaign_days, propose_budgets
from sellerops.analytics.ads.directory import ad_directory
from sellerops.analytics.ads.harvest import Keyed, propose_harvest
from sellerops.analytics.ads.metrics import within
from sellerops.analytics.ads.models import (
    AdPlan,
    AdProposal,
    BidSettings,
    BudgetSettings,
    HarvestSettings,
    NegativeSettings,
)
from sellerops.analytics.ads.negatives import propose_negatives
from sellerops.analytics.ads.terms import (
    SEARCH_TERM_GRAINS,
    TARGET_GRAINS,
    TARGET_KEYS,
    TERM_KEYS,
    grain_rows,
    key_of,
    pick_grain,
    sources_of,
    totals,
)

KIND_ORDER = (
    "harvest_campaign",  # first: the harvests after it add keywords to the campaigns it creates
    "harvest",
    "negative_phrase",
    "negative_exact",
    "negative_product",
    "bid",
    "budget_raise",
    "budget_cut",
)


@dataclass(frozen=True)
class PlanSettings:
    """Every threshold of one marketplace's plan; `lookback_days` is the window search terms and targets are
    judged over (ending on the plan's day); budgets look at their own shorter window."""

    lookback_days: int
    harvest: HarvestSettings
    negative: NegativeSettings
    bid: BidSettings
    budget: BudgetSettings


def ads_marketplaces(ad_performance: Any, *, as_of: dt.date, lookback_days: int) -> list[str]:
    """The marketplaces with ads rows in the window ending on `as_of`."""
    t = within(ad_performance, start=as_of - dt.timedelta(days=lookback_days - 1), end=as_of)
    found: list[str] = sorted(t.select("marketplace").distinct().marketplace.to_pyarrow().to_pylist())
    return found


def plan_ads(
    ad_performance: Any, ad_entity: Any, ad_change: Any | None, *, marketplace: str, as_of: dt.date,
    settings: PlanSettings,
) -> AdPlan:  # fmt: skip
    """Every proposal for `marketplace` on `as_of`, ordered by kind, campaign, ad group and subject."""
    start = as_of - dt.timedelta(days=settings.lookback_days - 1)
    directory = ad_directory(ad_entity, ad_performance, ad_change, marketplace=marketplace)
    proposals: list[AdProposal] = []
    term_grain = pick_grain(
        ad_performance, marketplace=marketplace, start=start, end=as_of, report_types=SEARCH_TERM_GRAINS
    )
    term_rows = None
    if term_grain is not None:
        term_rows = grain_rows(
            ad_performance, marketplace=marketplace, grain=term_grain, start=start, end=as_of
        )
        terms = totals(term_rows, TERM_KEYS)

        def term_key(row: dict[str, Any]) -> str:
            return key_of(row, TERM_KEYS)

        keyed = propose_harvest(
            terms, directory, settings=settings.harvest, min_bid=settings.bid.min_bid, marketplace=marketplace,
            key_of=term_key, as_of=as_of,
        )  # fmt: skip
        keyed += propose_negatives(
            terms, directory, settings=settings.negative, marketplace=marketplace, key_of=term_key
        )
        proposals += _with_sources(keyed, term_rows, TERM_KEYS)
    target_grain = pick_grain(
        ad_performance, marketplace=marketplace, start=start, end=as_of, report_types=TARGET_GRAINS
    )
    target_rows = (
        grain_rows(ad_performance, marketplace=marketplace, grain=target_grain, start=start, end=as_of)
        if target_grain is not None
        else term_rows
    )
    if target_rows is not None:

        def target_key(row: dict[str, Any]) -> str:
            return key_of(row, TARGET_KEYS)

        keyed = propose_bids(
            totals(target_rows, TARGET_KEYS), directory, settings=settings.bid, as_of=as_of,
            marketplace=marketplace, key_of=target_key,
        )  # fmt: skip
        proposals += _with_sources(keyed, target_rows, TARGET_KEYS)
    budget_start = as_of - dt.timedelta(days=settings.budget.window_days - 1)
    days = campaign_days(ad_performance, marketplace=marketplace, start=budget_start, end=as_of)
    proposals += [
        p for p, _ in propose_budgets(days, directory, settings=settings.budget, marketplace=marketplace)
    ]
    proposals.sort(
        key=lambda p: (KIND_ORDER.index(p.kind), p.campaign_name or "", p.ad_group_name or "", p.subject)
    )
    return AdPlan(marketplace=marketplace, as_of=as_of, proposals=tuple(proposals))


def _with_sources(keyed: list[Keyed], rows: Any, keys: tuple[str, ...]) -> list[AdProposal]:
    """Fill in each proposal's source rows with one query for all of them."""
    found = sources_of(rows, keys, set().union(*(k for _, k in keyed)) if keyed else set())
    out = []
    for proposal, wanted in keyed:
        if len(wanted) == 1 and not proposal.sources:  # the usual case: one group's rows, already in order
            (only,) = wanted
            out.append(dataclasses.replace(proposal, sources=found.get(only, ())))
            continue
        cited = {s for k in wanted for s in found.get(k, ())} | set(proposal.sources)
        out.append(dataclasses.replace(proposal, sources=tuple(sorted(cited, key=_order))))
    return out


def _order(source: Any) -> tuple[str, int, int]:
    return (source.table, source.import_id, source.source_row if source.source_row is not None else -1)
