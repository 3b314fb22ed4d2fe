"""Campaigns, ad groups and targets that stopped getting impressions become findings, explained by their cause;
and the structure lint's problems, as tasks for the week."""

from __future__ import annotations

from decimal import Decimal

from sellerops.analytics.ads import NoImpressionSettings, NoImpressionsReport
from sellerops.analytics.ads.lint import AdsLint, LintSettings
from sellerops.core.process import ProcessNode
from sellerops.rules.config import RulesConfig
from sellerops.rules.findings import Evidence, Finding

SILENCE_RULE = "ads.no_impressions"
# The step of the process a cause points to: a stock-out or a suppressed listing is not the ads' fault.
CAUSE_NODE: dict[str, ProcessNode] = {
    "out_of_stock": "inventory/fulfilment",
    "listing_inactive": "listing/content",
}


def silence_settings(config: RulesConfig, *, marketplace: str) -> NoImpressionSettings:
    """The thresholds `explain_no_impressions` should use, from the `ads.no_impressions` rule."""
    rule = config.rule(SILENCE_RULE, marketplace=marketplace)
    return NoImpressionSettings(
        quiet_days=int(rule.threshold("quiet_days")),
        history_days=int(rule.threshold("history_days")),
        min_expected=int(rule.threshold("min_expected")),
        budget_share=rule.threshold("budget_share"),
        min_capped_days=int(rule.threshold("min_capped_days")),
    )


def findings_from_silence(report: NoImpressionsReport, *, config: RulesConfig) -> list[Finding]:
    """One finding per silent campaign, ad group or target; its first cause is the explanation and the process
    node follows it. No money at stake: what a silent ad would have sold is not known."""
    rule = config.rule(SILENCE_RULE, marketplace=report.marketplace)
    if not rule.enabled:
        return []
    findings = []
    for silent in report.findings:
        cause = silent.causes[0]
        evidence = [Evidence("cause", cause.key), Evidence("campaign", silent.campaign_name)]
        if silent.ad_group_name:
            evidence.append(Evidence("ad_group", silent.ad_group_name))
        if silent.last_served is not None:
            evidence.append(Evidence("last_served", silent.last_served))
        evidence += [Evidence(f.name, f.value, None, f.unit) for f in (*silent.figures, *cause.figures)]
        evidence += [
            Evidence("source", f"{s.table} import {s.import_id} row {s.source_row}") for s in silent.sources
        ]
        values = {
            "marketplace": report.marketplace,
            "subject": silent.subject,
            "days": str(rule.threshold("quiet_days")),
        }
        action = rule.suggested_action.render(
            {**values, "reason": cause.reason.en}, {"reason": cause.reason.zh}
        )
        findings.append(
            Finding(
                rule=SILENCE_RULE,
                severity=rule.severity_for(Decimal(1) if silent.kind == "stopped" else Decimal(0)),
                platform=report.marketplace.split(".")[0],
                marketplace=report.marketplace,
                sku=None,
                metric="impressions",
                value=Decimal(0),
                threshold=None,
                baseline=None,
                evidence=tuple(evidence),
                process_node=CAUSE_NODE.get(cause.key, rule.process_node),
                money_at_stake=None,
                suggested_action=action,
                as_of=report.as_of,
                entity=f"{silent.level}:{silent.campaign_name}/{silent.ad_group_name or ''}/{silent.targeting or ''}",
                title=rule.title.render(values),
            )
        )
    return findings


STRUCTURE_RULE = "ads.structure"


def lint_settings(config: RulesConfig, *, marketplace: str) -> LintSettings:
    return LintSettings(
        lookback_days=int(config.rule(STRUCTURE_RULE, marketplace=marketplace).threshold("lookback_days"))
    )


def findings_from_lint(lint: AdsLint, *, config: RulesConfig) -> list[Finding]:
    """One low-urgency finding per structure problem (campaigns on broad match only, an auto campaign with no
    manual exact counterpart, a keyword bidding against itself, an ad group without negatives): they cost money
    slowly, so they are tasks for the week, not the morning."""
    rule = config.rule(STRUCTURE_RULE, marketplace=lint.marketplace)
    if not rule.enabled:
        return []
    findings = []
    for f in lint.findings:
        evidence = [Evidence("check", f.check)]
        if f.campaign_name:
            evidence.append(Evidence("campaign", f.campaign_name))
        if f.ad_group_name:
            evidence.append(Evidence("ad_group", f.ad_group_name))
        evidence += [Evidence(x.name, x.value, None, x.unit) for x in f.figures]
        evidence += [Evidence("member", f"{m.campaign_name} / {m.ad_group_name}") for m in f.members]
        evidence += [
            Evidence("source", f"{s.table} import {s.import_id} row {s.source_row}") for s in f.sources
        ]
        values = {"marketplace": lint.marketplace, "subject": f.subject, "check": f.check.replace("_", " ")}
        findings.append(
            Finding(
                rule=STRUCTURE_RULE,
                severity=rule.severity_for(None),
                platform=lint.marketplace.split(".")[0],
                marketplace=lint.marketplace,
                sku=None,
                metric=f.check,
                value=None,
                threshold=None,
                baseline=None,
                evidence=tuple(evidence),
                process_node=rule.process_node,
                money_at_stake=None,
                suggested_action=rule.suggested_action.render(
                    {**values, "reason": f.reason.en}, {"reason": f.reason.zh}
                ),
                as_of=lint.as_of,
                entity=f"{f.check}:{f.campaign_name or ''}/{f.ad_group_name or ''}/{f.subject}",
                title=rule.title.render(values),
            )
        )
    return findings
