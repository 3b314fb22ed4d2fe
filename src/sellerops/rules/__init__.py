"""Thresholds as data, and the rules that turn analytics into findings."""

from sellerops.rules.ads_rules import acos_window, findings_from_acos, sku_ad_totals
from sellerops.rules.after_sales_rules import findings_from_claims, findings_from_feedback
from sellerops.rules.config import RulesConfig, load_rules
from sellerops.rules.engine import findings_for_day
from sellerops.rules.findings import SEVERITIES, Evidence, Finding, Severity
from sellerops.rules.health_rules import findings_from_health, health_targets
from sellerops.rules.settings import RuleSettings, Template

__all__ = [
    "SEVERITIES",
    "Evidence",
    "Finding",
    "RuleSettings",
    "RulesConfig",
    "Severity",
    "Template",
    "acos_window",
    "findings_for_day",
    "findings_from_acos",
    "findings_from_claims",
    "findings_from_feedback",
    "findings_from_health",
    "health_targets",
    "load_rules",
    "sku_ad_totals",
]
