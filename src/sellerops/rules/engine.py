"""Every rule of the morning check run over one warehouse for one day: the findings, sorted most urgent first.

Anomaly findings are not made here: the anomaly detector's moves become findings in
`sellerops.rules.anomaly_rules.findings_from_moves` (rule `anomaly.sales_move`, and
`listing.conversion_below_category` for the seeds' 7-days-below-the-category-mean rule), written with the
detector; the daily run adds them to this list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from ibis.common.exceptions import TableNotFound

from sellerops.analytics.ads import (
    NoImpressionSettings,
    ads_marketplaces,
    explain_no_impressions,
    sku_economics,
)
from sellerops.analytics.ads.lint import lint_ads
from sellerops.analytics.channels import plan_channel_stock
from sellerops.analytics.health import AccountHealth, account_health, recent_claims, unanswered_feedback
from sellerops.analytics.orders import hold_list
from sellerops.analytics.stock import stock_health
from sellerops.core.marketplaces import get_marketplace
from sellerops.rules.ads_rules import ECONOMICS_DAYS, findings_from_acos, sku_ad_totals
from sellerops.rules.ads_silence_rules import (
    findings_from_lint,
    findings_from_silence,
    lint_settings,
    silence_settings,
)
from sellerops.rules.after_sales_rules import (
    claim_lookback_days,
    feedback_window,
    findings_from_claims,
    findings_from_feedback,
)
from sellerops.rules.config import RulesConfig
from sellerops.rules.findings import SEVERITIES, Finding
from sellerops.rules.health_rules import findings_from_health, health_targets
from sellerops.rules.order_rules import findings_from_holds, hold_policy
from sellerops.rules.stock_rules import findings_from_channels, findings_from_stock, stock_policy


def _categories(db: Any) -> dict[str, str]:
    product = db.table("product")
    rows = product.filter(product.category.notnull()).select("sku", "category").to_pyarrow().to_pylist()
    return {r["sku"]: r["category"] for r in rows}


def _optional_table(db: Any, name: str) -> Any | None:
    """A table a warehouse made before it existed does not have (until it is migrated)."""
    try:
        return db.table(name)
    except TableNotFound:
        return None


def _marketplaces(db: Any) -> list[str]:
    orders = db.table("order_header")
    return sorted(r["marketplace"] for r in orders.select("marketplace").distinct().to_pyarrow().to_pylist())


def health_by_marketplace(
    db: Any, *, config: RulesConfig, as_of: dt.date, marketplaces: Sequence[str] | None = None
) -> dict[str, AccountHealth]:
    """Account health of each marketplace with orders (or of those named) on `as_of`, against the rules' targets."""
    markets = list(marketplaces) if marketplaces is not None else _marketplaces(db)
    orders, feedback, claims = db.table("order_header"), db.table("seller_feedback"), db.table("claim")
    shipments = _optional_table(db, "order_shipment")
    return {
        market: account_health(
            orders,
            feedback,
            claims,
            marketplace=market,
            as_of=as_of,
            shipments=shipments,
            targets=health_targets(config, marketplace=market),
        )
        for market in markets
    }


def findings_for_day(
    db: Any,
    *,
    config: RulesConfig,
    as_of: dt.date,
    marketplaces: Sequence[str] | None = None,
    health: Mapping[str, AccountHealth] | None = None,
    now: dt.datetime | None = None,
) -> list[Finding]:
    """Health, feedback, claim, hold-list, stock-health and ACoS findings for `as_of` over an Ibis connection to the warehouse;
    `health`, when the caller already has it (`health_by_marketplace`), is not computed again. The hold list is
    drawn up as of `now` (default: the end of `as_of` in each marketplace's time, so a rerun gives the same list).

    Sorted by severity (critical first), then money at stake (largest first), marketplace, rule and entity."""
    markets = list(marketplaces) if marketplaces is not None else _marketplaces(db)
    categories = _categories(db)
    orders, lines = db.table("order_header"), db.table("order_line")
    feedback, claims = db.table("seller_feedback"), db.table("claim")
    if health is None or not set(markets) <= set(health):
        health = health_by_marketplace(db, config=config, as_of=as_of, marketplaces=markets)
    findings: list[Finding] = []
    for market in markets:
        findings += findings_from_health(health[market], config=config, as_of=as_of)
        max_rating, lookback = feedback_window(config, marketplace=market)
        cases = unanswered_feedback(
            feedback.filter(feedback.marketplace == market),
            orders,
            lines,
            as_of=as_of,
            max_rating=max_rating,
            lookback_days=lookback,
        )
        findings += findings_from_feedback(cases, config=config, as_of=as_of, categories=categories)
        recent = recent_claims(
            claims.filter(claims.marketplace == market),
            lines,
            as_of=as_of,
            lookback_days=claim_lookback_days(config, marketplace=market),
        )
        findings += findings_from_claims(recent, config=config, as_of=as_of, categories=categories)
        holds = hold_list(
            orders,
            lines,
            marketplace=market,
            now=now or _end_of_day(as_of, market),
            policy=hold_policy(config, marketplace=market),
        )
        findings += findings_from_holds(holds, config=config, as_of=as_of)
        stock = stock_health(
            db.table("inventory_snapshot"), lines, db.table("product"), db.table("listing"),
            marketplace=market, as_of=as_of, policy=stock_policy(config, marketplace=market),
        )  # fmt: skip
        findings += findings_from_stock(stock.findings, config=config, as_of=as_of)
    # A marketplace with ads in the history or the quiet window can have silent ones.
    reach = max((silence_settings(config, marketplace=m) for m in markets), default=None, key=_reach)
    advertised = (
        ads_marketplaces(db.table("ad_performance"), as_of=as_of, lookback_days=_reach(reach))
        if reach
        else []
    )
    for market in (m for m in advertised if m in markets):
        silent = explain_no_impressions(
            db.table("ad_performance"), db.table("ad_entity"), db.table("ad_change"),
            db.table("inventory_snapshot"), db.table("listing"), marketplace=market, as_of=as_of,
            settings=silence_settings(config, marketplace=market),
        )  # fmt: skip
        findings += findings_from_silence(silent, config=config)
        lint = lint_ads(
            db.table("ad_performance"), db.table("ad_entity"), marketplace=market, as_of=as_of,
            settings=lint_settings(config, marketplace=market),
        )  # fmt: skip
        findings += findings_from_lint(lint, config=config)
    for pool in config.stock_pools:
        plan = plan_channel_stock(
            db.table("inventory_snapshot"), db.table("listing"), lines, pool=pool, as_of=as_of
        )
        findings += findings_from_channels(plan.findings, config=config, as_of=as_of)
    totals = sku_ad_totals(db.table("sales_traffic"), lines, db.table("ad_performance"), as_of=as_of)
    wanted = set(markets)
    rows = [r for r in totals.to_pyarrow().to_pylist() if r["marketplace"] in wanted]
    economics = {
        (e.marketplace, e.sku): e
        for e in sku_economics(
            lines, db.table("fee_txn"), db.table("product"),
            start=as_of - dt.timedelta(days=ECONOMICS_DAYS - 1), end=as_of,
        )
    }  # fmt: skip
    findings += findings_from_acos(
        rows, config=config, as_of=as_of, categories=categories, economics=economics
    )
    return sorted(findings, key=_urgency)


def _reach(settings: NoImpressionSettings | None) -> int:
    return settings.quiet_days + settings.history_days if settings is not None else 0


def _end_of_day(day: dt.date, marketplace: str) -> dt.datetime:
    zone = ZoneInfo(get_marketplace(marketplace).time_zone)
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone).astimezone(dt.UTC)


def _urgency(f: Finding) -> tuple[int, Any, str, str, str]:
    stake = -(f.money_at_stake.amount if f.money_at_stake else 0)
    return (SEVERITIES.index(f.severity), stake, f.marketplace, f.rule, f.entity)
