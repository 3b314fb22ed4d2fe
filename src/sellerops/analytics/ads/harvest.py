"""Harvest: search terms that convert in auto, broad or phrase targeting become exact keywords in a manual
campaign, and negative exact where they came from, so that the two do not bid against each other."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sellerops.analytics.ads.directory import AdDirectory, AdGroupRef
from sellerops.analytics.ads.figures import is_keyword_term, ratio, rounded, source_kind, totals_figures
from sellerops.analytics.ads.models import AdFigure, AdProposal, BulkLine, HarvestSettings
from sellerops.core.text import Text

HARVESTED_FROM = ("auto", "broad", "phrase")

KeyOf = Callable[[dict[str, Any]], str]
Keyed = tuple[AdProposal, frozenset[str]]  # a proposal and the row groups whose source rows it cites


def _sum(rows: list[dict[str, Any]], name: str) -> Any:
    values = [r[name] for r in rows if r[name] is not None]
    return sum(values[1:], values[0]) if values else None


def propose_harvest(
    terms: list[dict[str, Any]],
    directory: AdDirectory,
    *,
    settings: HarvestSettings,
    min_bid: Decimal,
    marketplace: str,
    key_of: KeyOf,
) -> list[Keyed]:
    """One proposal per search term whose totals over its auto/broad/phrase rows reach `min_orders` orders and
    `min_clicks` clicks at an ACoS under `target_acos`, unless it already is an exact keyword. Its lines: the exact
    keyword (bid: the term's own CPC, at least `min_bid`) in the manual exact ad group that advertises the same
    SKUs, and a negative exact in every source ad group. Without a known destination there are no lines: negating
    a converting term with nowhere to go would lose its sales."""
    by_term: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in terms:
        term = (row["search_term"] or "").strip().lower()
        if source_kind(row["targeting"], row["match_type"]) in HARVESTED_FROM and is_keyword_term(term):
            by_term[term].append(row)
    proposals: list[Keyed] = []
    for term, rows in sorted(by_term.items()):
        clicks, orders = _sum(rows, "clicks") or 0, _sum(rows, "orders") or 0
        spend, sales = _sum(rows, "spend") or Decimal(0), _sum(rows, "sales") or Decimal(0)
        acos = ratio(spend, sales)
        if orders < settings.min_orders or clicks < settings.min_clicks or acos is None:
            continue
        if acos >= settings.target_acos or term in directory.exact_texts:
            continue
        currency = rows[0]["currency"]
        rows.sort(key=lambda r: (-(r["orders"] or 0), r["campaign_name"] or "", r["ad_group_name"] or ""))
        groups = [directory.ad_group(r["campaign_name"], r["ad_group_name"]) for r in rows]
        destination = next((d for d in map(directory.harvest_destination, groups) if d is not None), None)
        bid = max(rounded(spend / clicks, currency), min_bid)
        lines, missing = _lines(term, bid, destination, groups, directory)
        total = {"impressions": _sum(rows, "impressions"), "clicks": clicks, "spend": spend, "sales": sales,
                 "orders": orders}  # fmt: skip
        where = ", ".join(f"{r['campaign_name']} › {r['ad_group_name']}" for r in rows)
        proposal = AdProposal(
                kind="harvest", marketplace=marketplace, currency=currency,
                campaign_name=destination.campaign_name if destination else None,
                ad_group_name=destination.ad_group_name if destination else None, subject=term,
                reason=Text(
                    en=f"'{term}' converts: {orders} orders from {clicks} clicks at ACoS {acos:.1%} (target "
                    f"{settings.target_acos:.0%}) in {where}. Add it as an exact keyword at bid {bid} {currency} "
                    "and negate it (exact) where it came from.",
                    zh=f"“{term}”转化良好:{clicks} 次点击带来 {orders} 单,ACoS {acos:.1%}(目标 "
                    f"{settings.target_acos:.0%}),来源 {where}。以 {bid} {currency} 出价加为精准关键词,"
                    "并在来源广告组中精准否定。",
                ),
                figures=(*totals_figures(total, currency), AdFigure("bid", bid, currency)),
                sources=(), lines=lines, missing=missing,
                period_from=min(r["first_day"] for r in rows), period_to=max(r["last_day"] for r in rows),
        )  # fmt: skip
        proposals.append((proposal, frozenset(map(key_of, rows))))
    return proposals


def _lines(
    term: str,
    bid: Decimal,
    destination: AdGroupRef | None,
    groups: list[AdGroupRef | None],
    directory: AdDirectory,
) -> tuple[tuple[BulkLine, ...], str | None]:
    if destination is None:
        return (), "no manual exact ad group advertising the same SKUs is known: import a bulk download"
    lines = [
        BulkLine("Keyword", "Create", destination.campaign_id, destination.ad_group_id, keyword_text=term,
                 match_type="Exact", bid=bid, state="enabled"),
    ]  # fmt: skip
    seen = set()
    for group in groups:
        if group is None or group.ad_group_id in seen:
            continue
        seen.add(group.ad_group_id)
        if (group.ad_group_id, term, "Negative Exact") not in directory.negatives:
            lines.append(
                BulkLine("Negative Keyword", "Create", group.campaign_id, group.ad_group_id, keyword_text=term,
                         match_type="Negative Exact", state="enabled")
            )  # fmt: skip
    unknown = sum(1 for g in groups if g is None)
    return tuple(lines), (
        f"{unknown} source ad group(s) have no known ID: negate there by hand" if unknown else None
    )
