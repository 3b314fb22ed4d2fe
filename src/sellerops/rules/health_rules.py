"""Account-health breaches become findings: one per marketplace and metric, with the orders at risk."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sellerops.analytics.health import AccountHealth, HealthMetric, HealthMetricName, HealthTarget
from sellerops.core.money import Money
from sellerops.rules.config import RulesConfig
from sellerops.rules.findings import Evidence, Finding
from sellerops.rules.settings import percent

RULE_OF: dict[HealthMetricName, str] = {
    "order_defect_rate": "health.order_defect_rate",
    "late_shipment_rate": "health.late_shipment_rate",
    "pre_fulfillment_cancellation_rate": "health.pre_fulfillment_cancellation_rate",
    "valid_tracking_rate": "health.valid_tracking_rate",
    "on_time_delivery_rate": "health.on_time_delivery_rate",
}
_FULFILLMENT = {"mfn": ("merchant-fulfilled", "自发货"), "afn": ("FBA", "亚马逊配送")}


def health_targets(config: RulesConfig, *, marketplace: str) -> dict[HealthMetricName, HealthTarget]:
    """The targets account_health should judge a marketplace by, from the rules' thresholds."""
    targets: dict[HealthMetricName, HealthTarget] = {}
    for metric, rule_id in RULE_OF.items():
        rule = config.rule(rule_id, marketplace=marketplace)
        if "max_rate" in rule.thresholds:
            targets[metric] = HealthTarget(rule.thresholds["max_rate"], "<")
        else:
            targets[metric] = HealthTarget(rule.thresholds["min_rate"], ">")
    return targets


def _worst(breaches: list[HealthMetric]) -> HealthMetric:
    """The breach furthest past its target; the shorter window first on a tie (it is the more recent)."""

    def distance(m: HealthMetric) -> Decimal:
        rate = m.rate or Decimal(0)
        return rate - m.threshold if m.comparison == "<" else m.threshold - rate

    return sorted(breaches, key=lambda m: (-distance(m), m.window_days, m.fulfillment_type))[0]


def findings_from_health(health: AccountHealth, *, config: RulesConfig, as_of: dt.date) -> list[Finding]:
    """One finding per marketplace and breached metric. `value` is the worst breaching window's rate; the
    evidence gives every window of the metric; money at stake is the total of the orders counted against it
    (in the marketplace's currency: those orders' sales are what a suspension would stop)."""
    findings = []
    for metric, rule_id in RULE_OF.items():
        by_marketplace: dict[str, list[HealthMetric]] = {}
        for m in health.metrics:
            if m.metric == metric:
                by_marketplace.setdefault(m.marketplace, []).append(m)
        for marketplace, rows in by_marketplace.items():
            rule = config.rule(rule_id, marketplace=marketplace)
            breaches = [m for m in rows if m.status == "breach"]
            if not rule.enabled or not breaches:
                continue
            worst = _worst(breaches)
            orders = [
                o for o in health.breaching_orders if o.marketplace == marketplace and o.metric == metric
            ]
            totals: dict[str, Decimal] = {}
            for _order_id, total, currency in {(o.order_id, o.order_total, o.currency) for o in orders}:
                if total is not None and currency is not None:
                    totals[currency] = totals.get(currency, Decimal(0)) + total
            # One currency per marketplace in practice; were there several, the largest is shown, never a sum.
            stake = max((Money(a, c) for c, a in totals.items()), default=None, key=lambda m: m.amount)
            order_ids = sorted({o.order_id for o in orders})
            evidence = [
                Evidence(f"{m.fulfillment_type}.{m.window_days}d.rate", m.rate, m.threshold, "%") for m in rows
            ] + [
                Evidence(f"{m.fulfillment_type}.{m.window_days}d.counts", f"{m.numerator}/{m.denominator}")
                for m in rows
            ] + [Evidence("orders_at_risk", len(order_ids))]  # fmt: skip
            if stake is not None:
                evidence.append(Evidence("sales_at_risk", stake.amount, None, stake.currency))
            en, zh = _FULFILLMENT[worst.fulfillment_type]
            values = {
                "marketplace": marketplace, "rate": percent(worst.rate), "threshold": percent(worst.threshold),
                "window_days": worst.window_days, "orders": len(order_ids), "fulfillment": en,
            }  # fmt: skip
            findings.append(
                rule.finding(
                    values,
                    zh_values={"fulfillment": zh},
                    marketplace=marketplace,
                    entity=marketplace,
                    metric=metric,
                    as_of=as_of,
                    value=worst.rate,
                    threshold=worst.threshold,
                    evidence=evidence,
                    money_at_stake=stake,
                )
            )
    return sorted(findings, key=lambda f: (f.marketplace, f.rule))
