"""Advertising: metrics at every level, and a plan of harvests, negatives, bids and budgets with their evidence."""

from sellerops.analytics.ads.abtest import AbTest, ArmSpec, ab_test
from sellerops.analytics.ads.bids import propose_bids, suggested_bid
from sellerops.analytics.ads.budgets import campaign_days, propose_budgets
from sellerops.analytics.ads.directory import AdDirectory, AdGroupRef, TargetRef, ad_directory
from sellerops.analytics.ads.economics import SkuEconomics, sku_economics
from sellerops.analytics.ads.harvest import propose_harvest
from sellerops.analytics.ads.lint import AdsLint, LintFinding, LintMember, LintSettings, lint_ads
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
from sellerops.analytics.ads.no_impressions import (
    NoImpressions,
    NoImpressionSettings,
    NoImpressionsReport,
    explain_no_impressions,
)
from sellerops.analytics.ads.no_impressions_causes import SilenceCause
from sellerops.analytics.ads.plan import PlanSettings, ads_marketplaces, plan_ads
from sellerops.analytics.ads.proportions import (
    AbTestSettings,
    Arm,
    ControlChange,
    ProportionTest,
    compare_proportions,
    needed_per_arm,
)
from sellerops.analytics.ads.snapshot import BulkSnapshot, SnapshotEntity, bulk_snapshot

__all__ = [
    "LEVELS",
    "LEVEL_KEYS",
    "AbTest",
    "AbTestSettings",
    "AdDirectory",
    "AdFigure",
    "AdGroupRef",
    "AdPlan",
    "AdProposal",
    "AdsLint",
    "Arm",
    "ArmSpec",
    "BidSettings",
    "BudgetSettings",
    "BulkLine",
    "BulkSnapshot",
    "ControlChange",
    "HarvestSettings",
    "Level",
    "LintFinding",
    "LintMember",
    "LintSettings",
    "NegativeSettings",
    "NoImpressionSettings",
    "NoImpressions",
    "NoImpressionsReport",
    "PlanSettings",
    "ProportionTest",
    "ProposalKind",
    "SilenceCause",
    "SkuEconomics",
    "SnapshotEntity",
    "SourceRow",
    "TargetRef",
    "ab_test",
    "ad_directory",
    "ad_metrics",
    "ads_marketplaces",
    "bulk_snapshot",
    "campaign_days",
    "compare_proportions",
    "explain_no_impressions",
    "lint_ads",
    "needed_per_arm",
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
