"""ACoS outside the healthy band, per SKU over the trailing seven days, becomes a finding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sellerops.analytics.ads import SkuEconomics
from sellerops.analytics.kpi import kpi_totals
from sellerops.core.money import Money
from sellerops.rules.config import RulesConfig
from sellerops.rules.findings import Evidence, Finding
from sellerops.rules.settings import percent

ACOS_RULE = "ads.acos_band"
TRAILING_DAYS = 7
ECONOMICS_DAYS = 90  # a SKU's margin structure (price, fees, cost) moves slowly: read it over a quarter
_SIDE = {"above": "高于", "below": "低于"}


def acos_window(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The trailing seven days ending on `as_of`, both included."""
    return as_of - dt.timedelta(days=TRAILING_DAYS - 1), as_of


def sku_ad_totals(sales_traffic: Any, order_line: Any, ad_performance: Any, *, as_of: dt.date) -> Any:
    """kpi_totals by SKU over the trailing seven days: the input `findings_from_acos` expects."""
    start, end = acos_window(as_of)
    return kpi_totals(sales_traffic, order_line, ad_performance, start=start, end=end, by="sku")


def findings_from_acos(
    sku_totals: Any,
    *,
    config: RulesConfig,
    as_of: dt.date,
    categories: Mapping[str, str] | None = None,
    economics: Mapping[tuple[str, str], SkuEconomics] | None = None,
) -> list[Finding]:
    """One finding per marketplace and SKU whose 7-day ACoS lies outside [low, high], among SKUs that spent at
    least `min_spend` (in the marketplace's currency) so that a few cents of spend do not flood the list.

    `sku_totals` is kpi_totals(..., by="sku") over `acos_window(as_of)` (an Ibis or PyArrow table, or its rows).
    Spend with no attributed sales has no ACoS and counts as above the band. Money at stake above the band is the
    spend beyond what the band's upper edge allows for the sales it brought (spend − high × sales); below the
    band nothing is being lost, so there is none. `categories` (SKU → category) picks category overrides.
    `economics` ((marketplace, SKU) → `sku_economics`) adds the SKU's break-even ACoS to the evidence: above
    it, each ad-attributed sale loses money (an upper bound when a cost is unknown)."""
    rows = _rows(sku_totals)
    findings = []
    for row in rows:
        marketplace, sku, currency = row["marketplace"], row["sku"], row["currency"]
        spend, sales = row.get("ad_spend"), row.get("ad_sales") or Decimal(0)
        if not sku or spend is None:
            continue
        rule = config.rule(ACOS_RULE, marketplace=marketplace, category=(categories or {}).get(sku))
        low, high = rule.threshold("low"), rule.threshold("high")
        if not rule.enabled or spend < rule.threshold("min_spend"):
            continue
        acos = row.get("acos") if sales > 0 else None
        if acos is not None and low <= acos <= high:
            continue
        side = "below" if acos is not None and acos < low else "above"
        stake = Money(spend - high * sales, currency) if side == "above" else None
        evidence = [
            Evidence("ad_spend", spend, None, currency),
            Evidence("ad_sales", sales, None, currency),
            Evidence("acos", acos, high if side == "above" else low, "%"),
            Evidence("ad_clicks", row.get("ad_clicks")),
        ]
        if stake is not None:
            evidence.append(Evidence("spend_above_band", stake.amount, None, currency))
        known = (economics or {}).get((marketplace, sku))
        if known is not None and known.break_even_acos is not None:
            name = "break_even_acos_upper_bound" if known.upper_bound else "break_even_acos"
            evidence.append(Evidence(name, known.break_even_acos, None, "%"))
        values = {
            "marketplace": marketplace, "sku": sku, "acos": percent(acos) if acos is not None else "∞",
            "side": side, "low": percent(low), "high": percent(high), "spend": str(Money(spend, currency)),
            "sales": str(Money(sales, currency)),
        }  # fmt: skip
        findings.append(
            rule.finding(
                values,
                marketplace=marketplace,
                entity=sku,
                metric="acos",
                as_of=as_of,
                value=acos,
                sku=sku,
                threshold=high if side == "above" else low,
                evidence=evidence,
                money_at_stake=stake,
                severity=rule.severity_for(acos if acos is not None else Decimal("Infinity")),
                zh_values={"side": _SIDE[side]},
            )
        )
    return sorted(findings, key=lambda f: (f.marketplace, f.entity))


def _rows(table: Any) -> list[dict[str, Any]]:
    if isinstance(table, list):
        return table
    if hasattr(table, "to_pyarrow"):
        table = table.to_pyarrow()
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows
