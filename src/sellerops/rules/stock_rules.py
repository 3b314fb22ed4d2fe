"""Stock health becomes findings: turnover off its band, excess and aged stock, low-inventory fees, stranded units,
an IPI proxy under the storage-limit line; and channel listings that can oversell or show nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from sellerops.analytics.channels import ChannelStockFinding
from sellerops.analytics.stock import IpiPolicy, StockFinding, StockPolicy, TurnoverBand
from sellerops.core.money import Money
from sellerops.rules.config import RulesConfig
from sellerops.rules.findings import Evidence, Finding

RULE_OF: dict[str, str] = {
    "turnover": "stock.turnover",
    "excess": "stock.excess",
    "aged_stock": "stock.aged",
    "low_inventory_fee": "stock.low_inventory_fee",
    "stranded": "stock.stranded",
    "ipi": "stock.ipi",
    "oversell_risk": "channels.oversell_risk",
    "lost_sales": "channels.lost_sales",
}
# Units a report reader knows: a count of units reads best bare, cubic feet as they are.
_UNITS = {"units": "", "cu ft": ""}


def stock_policy(config: RulesConfig, *, marketplace: str) -> StockPolicy:
    """The thresholds `stock_health` should use for a marketplace, from the `stock.*` rules."""
    turnover = config.rule("stock.turnover", marketplace=marketplace)
    excess = config.rule("stock.excess", marketplace=marketplace)
    ipi = config.rule("stock.ipi", marketplace=marketplace)
    return StockPolicy(
        turnover_band=TurnoverBand(turnover.threshold("low"), turnover.threshold("high")),
        turnover_window_days=int(turnover.threshold("window_days")),
        excess_days=int(excess.threshold("excess_days")),
        demand_days=int(excess.threshold("demand_days")),
        ipi=replace(IpiPolicy(), line=int(ipi.threshold("line"))),
    )


def _figure(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}".rstrip("0")


def findings_from_stock(
    found: Sequence[StockFinding], *, config: RulesConfig, as_of: dt.date
) -> list[Finding]:
    """One finding per stock check and entity. Money at stake: the excess or stranded units at cost, the projected
    aged-inventory surcharge (its low end), the low-inventory fees of the next 30 days, the turnover band's idle
    stock at cost; none for the IPI proxy (its cost is the storage limit itself)."""
    return [f for s in found if (f := _finding(s, config=config, as_of=as_of)) is not None]


def _finding(s: StockFinding, *, config: RulesConfig, as_of: dt.date) -> Finding | None:
    rule = config.rule(RULE_OF[s.check], marketplace=s.marketplace)
    if not rule.enabled:
        return None
    stake = Money(s.money_at_stake, s.currency) if s.money_at_stake is not None and s.currency else None
    evidence = tuple(Evidence(f.name, f.value, None, _UNITS.get(f.unit, f.unit)) for f in s.facts)
    evidence += tuple(Evidence("source", f"{r.table} {'/'.join(r.key)}") for r in s.rows)
    values = {
        "marketplace": s.marketplace, "sku": s.sku or s.marketplace, "value": _figure(s.value),
        "threshold": _figure(s.threshold),
    }  # fmt: skip
    return rule.finding(
        values,
        marketplace=s.marketplace,
        entity=s.entity,
        metric=s.metric,
        as_of=as_of,
        value=s.value,
        sku=s.sku,
        threshold=s.threshold,
        evidence=evidence,
        money_at_stake=stake,
    )


def findings_from_channels(
    found: tuple[ChannelStockFinding, ...], *, config: RulesConfig, as_of: dt.date
) -> list[Finding]:
    """One finding per channel listing that shows more than the pool can sell, or nothing while stock exists."""
    findings = []
    for c in found:
        rule = config.rule(RULE_OF[c.issue], marketplace=c.marketplace)
        if not rule.enabled:
            continue
        evidence: list[Evidence] = [
            Evidence("listed_quantity", c.value),
            Evidence("quantity_to_show", c.threshold),
            Evidence("available_to_promise", c.available_to_promise),
        ]
        if c.open_orders:
            evidence.append(Evidence("open_orders", ", ".join(c.open_orders)))
        evidence += [Evidence("source", f"{table} {'/'.join(key)}") for table, key in c.rows]
        values = {
            "marketplace": c.marketplace, "sku": c.sku, "value": str(c.value), "threshold": str(c.threshold),
            "available": str(c.available_to_promise),
        }  # fmt: skip
        findings.append(
            rule.finding(
                values,
                marketplace=c.marketplace,
                metric=c.metric,
                as_of=as_of,
                value=Decimal(c.value),
                entity=c.sku if c.listing_id is None else f"{c.sku}@{c.listing_id}",
                sku=c.sku,
                threshold=Decimal(c.threshold),
                evidence=evidence,
            )
        )
    return findings
