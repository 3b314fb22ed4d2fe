"""Silent campaigns, ad groups and targets become findings, pinned to the step of the process their cause names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sellerops.analytics.ads import (
    AdFigure,
    NoImpressions,
    NoImpressionSettings,
    NoImpressionsReport,
    SilenceCause,
    SourceRow,
)
from sellerops.analytics.ads.lint import AdsLint, LintFinding
from sellerops.core.text import Text
from sellerops.rules.ads_silence_rules import findings_from_lint, findings_from_silence, silence_settings
from sellerops.rules.config import load_rules
from sellerops.rules.findings import Evidence

AS_OF = dt.date(2026, 10, 31)
US = "amazon.US"


def _report(*silent: NoImpressions) -> NoImpressionsReport:
    return NoImpressionsReport(US, AS_OF, dt.date(2026, 10, 25), dt.date(2026, 9, 25), "targeting", silent)


def test_the_settings_are_the_rules_thresholds() -> None:
    assert silence_settings(load_rules(), marketplace=US) == NoImpressionSettings(
        quiet_days=7, history_days=30, min_expected=10, budget_share=Decimal("0.95"), min_capped_days=3
    )


def test_a_target_silent_because_its_sku_is_out_of_stock_is_an_inventory_finding() -> None:
    # given a keyword that served until 24 October and whose advertised SKU has been out of stock since
    stock_out = SilenceCause(
        "out_of_stock", Text("Its SKU W-1 has had no FBA stock since 2026-10-24.", "其 SKU W-1 自 2026-10-24 起无 FBA 库存。"),
        (AdFigure("fulfillable", 0),), (SourceRow("inventory_snapshot", 5, None),),
    )  # fmt: skip
    silent = NoImpressions(
        US, "target", "SP | Widget | Exact", "exact", "widget", "EXACT", "stopped", dt.date(2026, 10, 24),
        (AdFigure("impressions_history", 900),), (stock_out,), (SourceRow("ad_performance", 3, 41),),
    )  # fmt: skip
    # when the rule judges the report
    (finding,) = findings_from_silence(_report(silent), config=load_rules())
    # then it is a medium finding (it stopped), pinned to inventory/fulfilment, with the cause's words and rows
    assert (finding.rule, finding.severity, finding.process_node, finding.entity) == (
        "ads.no_impressions", "medium", "inventory/fulfilment", "target:SP | Widget | Exact/exact/widget",
    )  # fmt: skip
    assert finding.title.en == "amazon.US: widget (exact) has had no impressions for 7 days"
    assert finding.suggested_action == Text(
        "Its SKU W-1 has had no FBA stock since 2026-10-24. Remove that cause, then check the next day's impressions.",
        "其 SKU W-1 自 2026-10-24 起无 FBA 库存。消除该原因后,次日检查曝光。",
    )
    assert finding.evidence == (
        Evidence("cause", "out_of_stock"), Evidence("campaign", "SP | Widget | Exact"), Evidence("ad_group", "exact"),
        Evidence("last_served", dt.date(2026, 10, 24)), Evidence("impressions_history", 900),
        Evidence("fulfillable", 0), Evidence("source", "ad_performance import 3 row 41"),
    )  # fmt: skip


def test_a_campaign_that_never_served_is_low_and_stays_with_the_ads() -> None:
    never = NoImpressions(
        US, "campaign", "SP | New", None, None, None, "never", None, (),
        (SilenceCause("not_in_data", Text("The data shows no cause.", "数据中未见原因。")),), (),
    )  # fmt: skip
    (finding,) = findings_from_silence(_report(never), config=load_rules())
    assert (finding.severity, finding.process_node, finding.title.en) == (
        "low", "traffic/ads", "amazon.US: SP | New has had no impressions for 7 days",
    )  # fmt: skip


def test_a_structure_problem_is_a_low_finding_for_the_week() -> None:
    # given the lint's finding that the auto campaign has no manual exact counterpart for its SKU
    lint = AdsLint(
        US, AS_OF, dt.date(2026, 10, 2), AS_OF, "bulk_download",
        (LintFinding("auto_without_exact", US, "SP | Widget | Auto", None, "SP | Widget | Auto",
                     Text("No manual exact campaign advertises W-1.", "没有手动精准广告活动推广 W-1。"),
                     (AdFigure("clicks", 40),), (), (SourceRow("ad_entity", 20, 2),)),),
    )  # fmt: skip
    # when the rule judges it
    (finding,) = findings_from_lint(lint, config=load_rules())
    # then it is low, due within the week, names the campaign and says what the lint found
    assert (finding.rule, finding.severity, finding.process_node, finding.entity, finding.title.en) == (
        "ads.structure", "low", "traffic/ads", "auto_without_exact:SP | Widget | Auto//SP | Widget | Auto",
        "amazon.US: SP | Widget | Auto — auto without exact",
    )  # fmt: skip
    assert finding.suggested_action == Text(
        "No manual exact campaign advertises W-1.", "没有手动精准广告活动推广 W-1。"
    )
    assert finding.evidence == (
        Evidence("check", "auto_without_exact"), Evidence("campaign", "SP | Widget | Auto"), Evidence("clicks", 40),
        Evidence("source", "ad_entity import 20 row 2"),
    )  # fmt: skip


def test_ad_groups_without_negatives_are_one_finding_listing_them_by_spend() -> None:
    # given three ad groups with no negatives, spending 12.00, 80.50 and 30.00
    def bare(group: str, spend: str) -> LintFinding:
        return LintFinding("no_negatives", US, "SP | Widget | Auto", group, group,
                           Text("It matches searches it did not choose.", "它匹配了未选择的搜索。"),
                           (AdFigure("spend", Decimal(spend), "USD"),))  # fmt: skip

    lint = AdsLint(US, AS_OF, dt.date(2026, 10, 2), AS_OF, "bulk_download",
                   (bare("a", "12.00"), bare("b", "80.50"), bare("c", "30.00")))  # fmt: skip
    # when the rule judges the lint
    (finding,) = findings_from_lint(lint, config=load_rules())
    # then one finding names all three, the biggest spender first
    assert (finding.entity, finding.title.en) == (
        "no_negatives", "amazon.US: 3 ad groups without negatives — no negatives",
    )  # fmt: skip
    assert finding.evidence == (
        Evidence("check", "no_negatives"), Evidence("ad_groups", 3),
        Evidence("ad_group_spend", "SP | Widget | Auto / b: 80.50"),
        Evidence("ad_group_spend", "SP | Widget | Auto / c: 30.00"),
        Evidence("ad_group_spend", "SP | Widget | Auto / a: 12.00"),
    )  # fmt: skip
