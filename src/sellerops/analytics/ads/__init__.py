"""Advertising: metrics at every level, and a plan of harvests, negatives, bids and budgets with their evidence."""

from sellerops.analytics.ads.bids import propose_bids, suggested_bid
from sellerops.analytics.ads.budgets import campaign_days, propose_budgets
from sellerops.analytics.ads.directory import AdDirectory, AdGroupRef, TargetRef, ad_directory
from sellerops.analytics.ads.economics import SkuEconomics, sku_economics
from sellerops.analytics.ads.harvest import propose_harvest
from sellerops.analytics.ads.metrics import LEVEL_KEYS, LEVELS, Level, ad_metrics, with_ratios, within
from sellerops.analytics.ads.models import (
    AdFigure,
    AdPlan,
    AdProposal,
    BidSettings,
    BudgetSettings,
    BulkLine,
    HarvestSettings,
    NegativeSettings,
    ProposalKind,
    SourceRow,
)
from sellerops.analytics.ads.negatives import ngrams, propose_negatives, target_cost_per_order
from sellerops.analytics.ads.plan import PlanSettings, ads_marketplaces, plan_ads

__all__ = [
    "LEVELS",
    "LEVEL_KEYS",
    "AdDirectory",
    "AdFigure",
    "AdGroupRef",
    "AdPlan",
    "AdProposal",
    "BidSettings",
    "BudgetSettings",
    "BulkLine",
    "HarvestSettings",
    "Level",
    "NegativeSettings",
    "PlanSettings",
    "ProposalKind",
    "SkuEconomics",
    "SourceRow",
    "TargetRef",
    "ad_directory",
    "ad_metrics",
    "ads_marketplaces",
    "campaign_days",
    "ngrams",
    "plan_ads",
    "propose_bids",
    "propose_budgets",
    "propose_harvest",
    "propose_negatives",
    "sku_economics",
    "suggested_bid",
    "target_cost_per_order",
    "with_ratios",
    "within",
]
