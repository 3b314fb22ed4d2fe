"""The live structure of an ads account as the lint reads it: from the newest bulk download, or without one from
the targets the reports show serving, with each target's figures over the window and the rows behind them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sellerops.analytics.ads.figures import AUTO_TARGETS, source_kind
from sellerops.analytics.ads.models import SourceRow
from sellerops.analytics.ads.snapshot import BulkSnapshot, products_by_group
from sellerops.analytics.ads.terms import (
    SEARCH_TERM_GRAINS,
    TARGET_GRAINS,
    TARGET_KEYS,
    grain_rows,
    key_of,
    pick_grain,
    sources_of,
    totals,
)

Group = tuple[str, str]  # (campaign name, ad group name); "" ad group for a campaign-level negative


@dataclass
class Target:
    campaign: str
    ad_group: str
    text: str
    match: str  # EXACT, PHRASE, BROAD, or "" for a product or auto target
    kind: str  # keyword, auto or product
    bid: Decimal | None
    figures: dict[str, Any]
    sources: tuple[SourceRow, ...]


@dataclass
class Account:
    """The live structure the checks read, whichever source gave it."""

    targeting: dict[str, str] = field(default_factory=dict)  # campaign → auto / manual
    targets: list[Target] = field(default_factory=list)
    products: dict[Group, set[str]] = field(default_factory=dict)
    negatives: set[Group] | None = None  # None: unknown
    sources: dict[Group, tuple[SourceRow, ...]] = field(default_factory=dict)  # campaign/ad group rows
    currency: str = ""
    live: tuple[str, str] = ("live", "在投")  # how the findings word a target: set up now, or seen serving


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower())


def match_word(value: str | None) -> str:
    word = (value or "").strip().upper()
    return word if word in ("EXACT", "PHRASE", "BROAD") else ""


def target_figures(
    ad_performance: Any, marketplace: str, start: dt.date, end: dt.date
) -> tuple[dict[tuple[str, str, str, str], dict[str, Any]], Any]:
    """Totals per target over the window from one grain (targeting report, else search terms)."""
    grain = pick_grain(
        ad_performance, marketplace=marketplace, start=start, end=end,
        report_types=(*TARGET_GRAINS, *SEARCH_TERM_GRAINS),
    )  # fmt: skip
    if grain is None:
        return {}, None
    rows = grain_rows(ad_performance, marketplace=marketplace, grain=grain, start=start, end=end)
    found: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for r in totals(rows, TARGET_KEYS):
        key = (
            r["campaign_name"] or "",
            r["ad_group_name"] or "",
            norm(r["targeting"]),
            match_word(r["match_type"]),
        )
        found[key] = r
    return found, rows


def from_snapshot(
    snapshot: BulkSnapshot, figures: dict[tuple[str, str, str, str], dict[str, Any]]
) -> Account:
    a = Account(negatives=set())
    for c in snapshot.campaigns.values():
        if snapshot.is_live(c):
            a.targeting[c.campaign_name] = c.targeting_type or "manual"
            a.sources[(c.campaign_name, "")] = (c.source,)
    for g in snapshot.ad_groups.values():
        a.sources[(g.campaign_name, g.ad_group_name or "")] = (g.source,)
    for e in snapshot.of("keyword", "product_target"):
        if not snapshot.is_live(e) or e.campaign_name not in a.targeting:
            continue
        text, match = norm(e.text), match_word(e.match_type) if e.level == "keyword" else ""
        kind = "keyword" if match else "auto" if text in AUTO_TARGETS else "product"
        group = e.ad_group_name or ""
        seen = figures.get((e.campaign_name, group, text, match), {})
        a.targets.append(Target(e.campaign_name, group, text, match, kind, e.bid, seen, (e.source,)))
    for group_id, skus in products_by_group(snapshot).items():
        owner = snapshot.ad_groups.get(group_id)
        if owner is not None:
            a.products.setdefault((owner.campaign_name, owner.ad_group_name or ""), set()).update(skus)
    negatives = {
        (e.campaign_name, e.ad_group_name or "") for e in snapshot.of("negative") if snapshot.is_live(e)
    }
    a.negatives = negatives
    a.currency = next((r["currency"] for r in figures.values() if r["currency"]), snapshot.currency)
    return a


def from_reports(
    ad_performance: Any, marketplace: str, start: dt.date, end: dt.date,
    figures: dict[tuple[str, str, str, str], dict[str, Any]], rows: Any,
) -> Account:  # fmt: skip
    a = Account(live=("serving", "有投放"))
    keys = {key: key_of(r, TARGET_KEYS) for key, r in figures.items()}
    cited = sources_of(rows, TARGET_KEYS, set(keys.values())) if rows is not None else {}
    for key, r in figures.items():
        # Older search-term reports write an auto campaign's target as '*' with match type BROAD.
        kind = (
            "auto" if norm(r["targeting"]) in AUTO_TARGETS else source_kind(r["targeting"], r["match_type"])
        )
        kind = "keyword" if kind in ("exact", "phrase", "broad") else kind
        campaign, group, text, match = key
        match = match if kind == "keyword" else ""
        a.targets.append(Target(campaign, group, text, match, kind, r["bid"], r, cited.get(keys[key], ())))
    t = ad_performance
    t = t.filter((t.marketplace == marketplace) & (t.period_to >= start) & (t.period_to <= end)
                 & (t.period_from <= end))  # fmt: skip
    stated = (
        t.filter(t.targeting_type.notnull()).group_by("campaign_name").aggregate(kind=t.targeting_type.max())
    )
    declared = {r["campaign_name"]: r["kind"].lower() for r in stated.to_pyarrow().to_pylist()}
    for target in a.targets:
        auto = declared.get(target.campaign, "auto" if target.kind == "auto" else "manual") == "auto"
        if auto or a.targeting.get(target.campaign) != "auto":
            a.targeting[target.campaign] = "auto" if auto else "manual"
    advertised = t.filter(t.report_type.isin(["advertised_product", "bulk_product_ad"]))
    advertised = advertised.select(
        "campaign_name", "ad_group_name", "advertised_sku", "advertised_asin"
    ).distinct()
    for r in advertised.to_pyarrow().to_pylist():
        product = r["advertised_sku"] or r["advertised_asin"]
        if product:
            a.products.setdefault((r["campaign_name"] or "", r["ad_group_name"] or ""), set()).add(product)
    a.currency = next((r["currency"] for r in figures.values() if r["currency"]), "")
    return a
