"""Campaigns, ad groups and targets that stopped getting impressions become findings, explained by their cause;
and the structure lint's problems, as tasks for the week."""

from __future__ import annotations

from decimal import Decimal

from sellerops.analytics.ads import NoImpressionSettings, NoImpressionsReport
from sellerops.analytics.ads.lint import AdsLint, LintFinding, LintSettings
from sellerops.core.process import ProcessNode
from sellerops.core.text import Text
from sellerops.rules.config import RulesConfig
from sellerops.rules.findings import Evidence, Finding
from sellerops.rules.settings import RuleSettings

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
            rule.finding(
                values,
                marketplace=report.marketplace,
                metric="impressions",
                as_of=report.as_of,
                value=Decimal(0),
                entity=f"{silent.level}:{silent.campaign_name}/{silent.ad_group_name or ''}/{silent.targeting or ''}",
                evidence=evidence,
                action=action,
                process_node=CAUSE_NODE.get(cause.key, rule.process_node),
                severity=rule.severity_for(Decimal(1) if silent.kind == "stopped" else Decimal(0)),
            )
        )
    return findings


STRUCTURE_RULE = "ads.structure"
TOP_GROUPS = 10  # ad groups without negatives named in the finding, by spend


def lint_settings(config: RulesConfig, *, marketplace: str) -> LintSettings:
    return LintSettings(
        lookback_days=int(config.rule(STRUCTURE_RULE, marketplace=marketplace).threshold("lookback_days"))
    )


def findings_from_lint(lint: AdsLint, *, config: RulesConfig) -> list[Finding]:
    """Low-urgency findings for the structure problems (campaigns on broad match only, an auto campaign with no
    manual exact counterpart, a keyword bidding against itself): one per problem. Ad groups without negatives
    are one finding per marketplace listing them by spend: most young accounts have dozens, and one task to
    work through them beats dozens of tasks. They cost money slowly, so they are tasks for the week."""
    rule = config.rule(STRUCTURE_RULE, marketplace=lint.marketplace)
    if not rule.enabled:
        return []
    findings = [_lint_finding(lint, f, rule) for f in lint.findings if f.check != "no_negatives"]
    bare = [f for f in lint.findings if f.check == "no_negatives"]
    if bare:
        findings.append(_no_negatives(lint, bare, rule))
    return findings


def _lint_finding(lint: AdsLint, f: LintFinding, rule: RuleSettings) -> Finding:
    evidence = [Evidence("check", f.check)]
    if f.campaign_name:
        evidence.append(Evidence("campaign", f.campaign_name))
    if f.ad_group_name:
        evidence.append(Evidence("ad_group", f.ad_group_name))
    evidence += [Evidence(x.name, x.value, None, x.unit) for x in f.figures]
    evidence += [Evidence("member", f"{m.campaign_name} / {m.ad_group_name}") for m in f.members]
    evidence += [Evidence("source", f"{s.table} import {s.import_id} row {s.source_row}") for s in f.sources]
    values = {"marketplace": lint.marketplace, "subject": f.subject, "check": f.check.replace("_", " ")}
    return _structure(
        lint, rule, f.check, tuple(evidence), f"{f.check}:{f.campaign_name or ''}/{f.ad_group_name or ''}/{f.subject}",
        values, rule.suggested_action.render({**values, "reason": f.reason.en}, {"reason": f.reason.zh}),
    )  # fmt: skip


def _spend(f: LintFinding) -> Decimal:
    return next(
        (Decimal(str(x.value)) for x in f.figures if x.name == "spend" and x.value is not None), Decimal(0)
    )


def _no_negatives(lint: AdsLint, bare: list[LintFinding], rule: RuleSettings) -> Finding:
    ranked = sorted(bare, key=lambda f: (-_spend(f), f.campaign_name or "", f.ad_group_name or ""))
    named = [
        Evidence("ad_group_spend", f"{f.campaign_name} / {f.ad_group_name}: {_spend(f)}")
        for f in ranked[:TOP_GROUPS]
    ]
    evidence = (Evidence("check", "no_negatives"), Evidence("ad_groups", len(ranked)), *named)
    subject = f"{len(ranked)} ad groups without negatives"
    values = {"marketplace": lint.marketplace, "subject": subject, "check": "no negatives"}
    action = Text(
        f"Add negatives to these ad groups, the biggest spenders first: {ranked[0].reason.en}",
        f"按花费从高到低为这些广告组添加否定词:{ranked[0].reason.zh}",
    )
    return _structure(lint, rule, "no_negatives", evidence, "no_negatives", values, action)


def _structure(
    lint: AdsLint, rule: RuleSettings, check: str, evidence: tuple[Evidence, ...], entity: str,
    values: dict[str, str], action: Text,
) -> Finding:  # fmt: skip
    return rule.finding(
        values,
        marketplace=lint.marketplace,
        entity=entity,
        metric=check,
        as_of=lint.as_of,
        evidence=evidence,
        action=action,
    )
