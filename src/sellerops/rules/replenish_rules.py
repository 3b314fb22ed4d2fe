"""The replenishment plan's SKUs that must be ordered now become findings: the seeds' "never run out"."""

from __future__ import annotations

from decimal import Decimal

from sellerops.analytics.replenish import ReplenishmentLine, ReplenishmentPlan
from sellerops.rules.config import RulesConfig
from sellerops.rules.findings import Evidence, Finding

REORDER_RULE = "stock.reorder_now"


def findings_from_plan(plan: ReplenishmentPlan, *, config: RulesConfig) -> list[Finding]:
    """One finding per SKU and marketplace whose position is at or below its reorder point. `value` is the slack:
    days of cover left after the lead time (negative: it runs out before an order placed today can arrive)."""
    return [f for line in plan.lines if line.order_now and (f := _finding(line, config)) is not None]


def _finding(line: ReplenishmentLine, config: RulesConfig) -> Finding | None:
    rule = config.rule(REORDER_RULE, marketplace=line.marketplace)
    if not rule.enabled:
        return None
    slack = None if line.days_of_cover is None else Decimal(line.days_of_cover - line.lead_time_days)
    evidence = [
        Evidence("days_of_cover", line.days_of_cover, None, "days"),
        Evidence("stockout_date", line.stockout_date),
        Evidence("lead_time_days", line.lead_time_days, None, "days"),
        Evidence("last_order_date", line.last_order_date),
        Evidence("mean_daily_demand", Decimal(str(round(line.mean_daily_demand, 2)))),
        Evidence("fba_on_hand", line.fba_on_hand),
        Evidence("fba_inbound", line.fba_inbound),
        Evidence("reorder_point", line.reorder_point),
        Evidence("safety_stock", line.safety_stock),
        Evidence("units_needed", line.need),
    ]
    values = {
        "marketplace": line.marketplace, "sku": line.sku, "cover": "—" if line.days_of_cover is None else str(line.days_of_cover),
        "lead": str(line.lead_time_days), "need": str(line.need),
    }  # fmt: skip
    return rule.finding(
        values,
        marketplace=line.marketplace,
        entity=line.sku,
        metric="days_of_cover",
        as_of=line.as_of,
        value=None if line.days_of_cover is None else Decimal(line.days_of_cover),
        sku=line.sku,
        threshold=Decimal(line.lead_time_days),
        evidence=evidence,
        severity=rule.severity_for(slack),
    )
