"""The evidence a silent campaign, ad group or target is explained with, loaded once for all of them: its
bulk-download rows, status and bid changes, the stock and listing status of the SKUs it advertises, and its
campaign's daily spend against its budget."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from sellerops.analytics.ads.models import SourceRow
from sellerops.analytics.ads.snapshot import BulkSnapshot, products_by_group
from sellerops.core.text import Text


@dataclass(frozen=True)
class Silent:
    """A silent entity before it is explained: its key is (campaign,), (campaign, ad group) or (campaign, ad
    group, text, MATCH); history figures are over the history window."""

    level: Literal["campaign", "ad_group", "target"]
    key: tuple[str, ...]
    kind: Literal["stopped", "never"]
    last_served: dt.date | None
    history: int
    clicks: int
    spend: Decimal
    currency: str
    children: int


class Change(NamedTuple):
    day: dt.date
    level: str  # campaign, ad_group, target or other
    entity_id: str
    campaign: str
    ad_group: str
    text: str
    match: str
    kind: str  # status or bid
    old: str | None
    new: str | None
    source: SourceRow


class StockDay(NamedTuple):
    sku: str
    asin: str | None
    day: dt.date
    fulfillable: int
    import_id: int


class ListingState(NamedTuple):
    sku: str
    asin: str | None
    day: dt.date
    status: str
    import_id: int


class CampaignDay(NamedTuple):
    day: dt.date
    spend: Decimal
    budget: Decimal
    currency: str
    source: SourceRow | None


@dataclass
class Evidence:
    """Everything the cause checks read, loaded once for all silent entities."""

    snapshot: BulkSnapshot
    quiet_from: dt.date
    as_of: dt.date
    budget_share: Decimal
    min_capped_days: int
    changes: list[Change] = field(default_factory=list)
    stock: list[StockDay] = field(default_factory=list)
    listings: list[ListingState] = field(default_factory=list)
    campaign_days: dict[str, list[CampaignDay]] = field(default_factory=dict)
    products: dict[tuple[str, str], set[str]] = field(
        default_factory=dict
    )  # (campaign, ad group) → SKUs/ASINs
    missing: list[tuple[str, str]] = field(default_factory=list)  # (en, zh) names of tables not imported

    def notes(self) -> tuple[Text, ...]:
        if not self.missing:
            return ()
        en, zh = ", ".join(m[0] for m in self.missing), "、".join(m[1] for m in self.missing)
        return (Text(en=f"Not imported, so not checked: {en}.", zh=f"未导入,因此未检查:{zh}。"),)


def load_evidence(
    silent: list[Silent], ad_performance: Any, ad_change: Any | None, inventory_snapshot: Any | None,
    listing: Any | None, snapshot: BulkSnapshot, *, marketplace: str, quiet_from: dt.date,
    history_from: dt.date, as_of: dt.date, grain: tuple[str, int | None], budget_share: Decimal,
    min_capped_days: int = 3,
) -> Evidence:  # fmt: skip
    ev = Evidence(snapshot, quiet_from, as_of, budget_share, min_capped_days)
    if snapshot.import_id is None:
        ev.missing.append(
            ("a bulk download (states, serving status, bids, SKUs)", "批量文件(状态、投放状态、出价、SKU)")
        )
    if not silent:
        return ev
    if ad_change is not None:
        ev.changes = _changes(ad_change, marketplace, as_of)
    ev.products = _report_products(ad_performance, marketplace, history_from, as_of)
    for group_id, skus in products_by_group(snapshot).items():
        group = snapshot.ad_groups.get(group_id)
        if group is not None:
            ev.products.setdefault((group.campaign_name, group.ad_group_name or ""), set()).update(skus)
    wanted = sorted({p for s in silent for p in products_of(s, ev)})
    if inventory_snapshot is None or not _has_rows(inventory_snapshot, marketplace):
        ev.missing.append(("FBA inventory", "FBA 库存"))
    elif wanted:
        ev.stock = _stock(inventory_snapshot, marketplace, wanted, quiet_from, as_of)
    if listing is None or not _has_rows(listing, marketplace):
        ev.missing.append(("listings", "商品报告"))
    elif wanted:
        ev.listings = _listings(listing, marketplace, wanted, history_from, as_of)
    ev.campaign_days = _campaign_days(ad_performance, snapshot, marketplace, quiet_from, as_of, grain)
    return ev


def products_of(s: Silent, ev: Evidence) -> set[str]:
    """The SKUs (or ASINs) the entity advertises, from the bulk download and the advertised product report."""
    return {p for (campaign, group), found in ev.products.items() for p in found
            if campaign == s.key[0] and (len(s.key) == 1 or group == s.key[1])}  # fmt: skip


def match_type(value: str | None) -> str:
    word = (value or "").strip().upper()
    return word if word in ("EXACT", "PHRASE", "BROAD") else ""


def _has_rows(table: Any, marketplace: str) -> bool:
    return bool(table.filter(table.marketplace == marketplace).count().to_pyarrow().as_py())


def decimal_or_none(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text not in (None, "") else None
    except ArithmeticError:
        return None


def _changes(ad_change: Any, marketplace: str, as_of: dt.date) -> list[Change]:
    t = ad_change.filter((ad_change.marketplace == marketplace) & (ad_change.changed_at.date() <= as_of))
    t = t.select("changed_at", "entity_type", "entity_id", "entity_name", "change_type", "old_value", "new_value",
                 "match_type", "metadata", "import_id").order_by(["changed_at", "entity_id"])  # fmt: skip
    out = []
    for r in t.to_pyarrow().to_pylist():
        change = (r["change_type"] or "").upper()
        kind = "bid" if change == "BID_AMOUNT" else "status" if change in ("STATUS", "STATE") else None
        if kind is None:
            continue
        try:
            meta = json.loads(r["metadata"]) if r["metadata"] else {}
        except ValueError:
            meta = {}
        meta = meta if isinstance(meta, dict) else {}
        entity = (r["entity_type"] or "").upper()
        level = {"CAMPAIGN": "campaign", "AD_GROUP": "ad_group"}.get(entity, "target")
        name = r["entity_name"] or ""
        out.append(Change(
            r["changed_at"].date(), level, r["entity_id"],
            meta.get("campaignName") or (name if level == "campaign" else ""),
            meta.get("adGroupName") or (name if level == "ad_group" else ""),
            name, match_type(r["match_type"]), kind, r["old_value"], r["new_value"],
            SourceRow("ad_change", r["import_id"], None),
        ))  # fmt: skip
    return out


def _report_products(
    ad_performance: Any, marketplace: str, start: dt.date, end: dt.date
) -> dict[tuple[str, str], set[str]]:
    t = ad_performance
    t = t.filter((t.marketplace == marketplace) & t.report_type.isin(["advertised_product", "bulk_product_ad"])
                 & (t.period_to >= start) & (t.period_from <= end))  # fmt: skip
    t = t.select("campaign_name", "ad_group_name", "advertised_sku", "advertised_asin").distinct()
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in t.to_pyarrow().to_pylist():
        product = r["advertised_sku"] or r["advertised_asin"]
        if product:
            out[(r["campaign_name"] or "", r["ad_group_name"] or "")].add(product)
    return dict(out)


def _stock(
    inventory: Any, marketplace: str, products: list[str], start: dt.date, end: dt.date
) -> list[StockDay]:
    t = inventory
    t = t.filter((t.marketplace == marketplace) & (t.snapshot_date >= start) & (t.snapshot_date <= end)
                 & (t.sku.isin(products) | t.asin.isin(products)))  # fmt: skip
    # The day's last snapshot per warehouse, summed over warehouses.
    last = t.group_by(["sku", "snapshot_date", "warehouse"]).aggregate(
        asin=t.asin.max(),
        fulfillable=t.fulfillable.argmax(t.snapshot_at),
        import_id=t.import_id.argmax(t.snapshot_at),
    )
    day = last.group_by(["sku", "snapshot_date"]).aggregate(
        asin=last.asin.max(), fulfillable=last.fulfillable.fill_null(0).sum(), import_id=last.import_id.max()
    )
    return [StockDay(r["sku"], r["asin"], r["snapshot_date"], int(r["fulfillable"]), r["import_id"])
            for r in day.order_by(["sku", "snapshot_date"]).to_pyarrow().to_pylist()]  # fmt: skip


def _listings(
    listing: Any, marketplace: str, products: list[str], start: dt.date, end: dt.date
) -> list[ListingState]:
    t = listing
    t = t.filter((t.marketplace == marketplace) & (t.snapshot_date >= start) & (t.snapshot_date <= end)
                 & (t.sku.isin(products) | t.asin.isin(products)) & t.status.notnull())  # fmt: skip
    t = t.select("sku", "asin", "snapshot_date", "status", "import_id").order_by(["sku", "snapshot_date"])
    return [ListingState(r["sku"], r["asin"], r["snapshot_date"], r["status"], r["import_id"])
            for r in t.to_pyarrow().to_pylist()]  # fmt: skip


def _campaign_days(
    ad_performance: Any, snapshot: BulkSnapshot, marketplace: str, start: dt.date, end: dt.date,
    grain: tuple[str, int | None],
) -> dict[str, list[CampaignDay]]:  # fmt: skip
    """Each campaign's spend and daily budget per quiet day: the daily campaign report, else the grain's rows
    summed per day against the bulk download's budget."""
    t = ad_performance
    daily = t.filter((t.marketplace == marketplace) & (t.report_type == "campaign") & (t.period_from == t.period_to)
                     & (t.period_from >= start) & (t.period_to <= end) & t.daily_budget.notnull())  # fmt: skip
    rows = daily.group_by(["campaign_name", "period_from"]).aggregate(
        spend=daily.spend.max(), budget=daily.daily_budget.max(), currency=daily.currency.max(),
        import_id=daily.import_id.min(), source_row=daily.source_row.min(),
    ).to_pyarrow().to_pylist()  # fmt: skip
    out: dict[str, list[CampaignDay]] = defaultdict(list)
    if rows:
        for r in sorted(rows, key=lambda r: (r["campaign_name"] or "", r["period_from"])):
            out[r["campaign_name"] or ""].append(CampaignDay(
                r["period_from"], r["spend"] or Decimal(0), r["budget"], r["currency"],
                SourceRow("ad_performance", r["import_id"], r["source_row"]),
            ))  # fmt: skip
        return dict(out)
    budgets = {c.campaign_name: c for c in snapshot.campaigns.values() if c.daily_budget}
    if not budgets:
        return {}
    report_type, days = grain
    window = t.attribution_days.isnull() if days is None else t.attribution_days == days
    g = t.filter((t.marketplace == marketplace) & (t.report_type == report_type) & window
                 & (t.period_from == t.period_to) & (t.period_from >= start) & (t.period_to <= end)
                 & t.campaign_name.isin(list(budgets)))  # fmt: skip
    spent = (
        g.group_by(["campaign_name", "period_from"])
        .aggregate(spend=g.spend.sum(), currency=g.currency.max())
        .order_by(["campaign_name", "period_from"])
    )
    for r in spent.to_pyarrow().to_pylist():
        campaign = budgets[r["campaign_name"]]
        assert campaign.daily_budget is not None
        out[r["campaign_name"]].append(CampaignDay(
            r["period_from"], r["spend"] or Decimal(0), campaign.daily_budget, r["currency"], campaign.source
        ))  # fmt: skip
    return dict(out)
