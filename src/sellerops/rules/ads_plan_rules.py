"""The ads plan's thresholds, read from the rules (ads.harvest, ads.negative, ads.bid, ads.budget) per marketplace."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sellerops.analytics.ads import (
    AdPlan,
    BidSettings,
    BudgetSettings,
    HarvestSettings,
    NegativeSettings,
    PlanSettings,
    ads_marketplaces,
    plan_ads,
)
from sellerops.rules.config import RulesConfig

PLAN_RULES = ("ads.harvest", "ads.negative", "ads.bid", "ads.budget")


def plan_settings(config: RulesConfig, *, marketplace: str) -> PlanSettings:
    h, n = (
        config.rule("ads.harvest", marketplace=marketplace),
        config.rule("ads.negative", marketplace=marketplace),
    )
    b, g = config.rule("ads.bid", marketplace=marketplace), config.rule("ads.budget", marketplace=marketplace)
    # A rule switched off proposes nothing: its thresholds are set out of reach rather than special-cased.
    never = 10**9
    return PlanSettings(
        lookback_days=int(h.threshold("lookback_days")),
        harvest=HarvestSettings(
            min_orders=int(h.threshold("min_orders")) if h.enabled else never,
            min_clicks=int(h.threshold("min_clicks")),
            target_acos=h.threshold("target_acos"),
            min_daily_budget=h.threshold("min_daily_budget"),
        ),
        negative=NegativeSettings(
            min_clicks=int(n.threshold("min_clicks")) if n.enabled else never,
            target_acos=n.threshold("target_acos") if n.enabled else Decimal(never),
            ngram_max_words=int(n.threshold("ngram_max_words")),
            ngram_min_terms=int(n.threshold("ngram_min_terms")) if n.enabled else never,
        ),
        bid=BidSettings(
            min_clicks=int(b.threshold("min_clicks")) if b.enabled else never,
            target_acos=b.threshold("target_acos"),
            max_step=b.threshold("max_step"),
            min_bid=b.threshold("min_bid"),
            cooldown_days=int(b.threshold("cooldown_days")),
        ),
        budget=BudgetSettings(
            min_share=g.threshold("min_share"),
            min_capped_days=int(g.threshold("min_capped_days")) if g.enabled else never,
            window_days=int(g.threshold("window_days")),
            target_acos=g.threshold("target_acos"),
            cut_acos=g.threshold("cut_acos"),
            raise_step=g.threshold("raise_step"),
            cut_step=g.threshold("cut_step"),
        ),
    )


def plan_all(
    ad_performance: Any, ad_entity: Any, ad_change: Any | None, *, config: RulesConfig, as_of: dt.date
) -> list[AdPlan]:
    """One plan per marketplace with ads rows in the harvest window ending on `as_of`."""
    lookback = int(config.rule("ads.harvest").threshold("lookback_days"))
    return [
        plan_ads(
            ad_performance,
            ad_entity,
            ad_change,
            marketplace=m,
            as_of=as_of,
            settings=plan_settings(config, marketplace=m),
        )
        for m in ads_marketplaces(ad_performance, as_of=as_of, lookback_days=lookback)
    ]
