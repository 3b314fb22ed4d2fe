"""Harvest: search terms that convert in auto, broad or phrase targeting become exact keywords in a manual
campaign, and negative exact where they came from, so that the two do not bid against each other.

Where no manual exact ad group advertises the source's SKUs, the sheet creates one: a manual campaign
"Harvest | <source campaign>" with one ad group "Exact" advertising the source ad group's SKUs, its budget
twice what the harvested terms cost a day where they came from. Its rows are a proposal of their own
(`harvest_campaign`), listed first, that the harvests going into it depend on."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sellerops.analytics.ads.directory import AdDirectory, AdGroupRef
from sellerops.analytics.ads.figures import is_keyword_term, ratio, rounded, source_kind, totals_figures
from sellerops.analytics.ads.models import AdFigure, AdProposal, BulkLine, HarvestSettings
from sellerops.core.text import Text

HARVESTED_FROM = ("auto", "broad", "phrase")
NEW_CAMPAIGN = "Harvest | {source}"
NEW_AD_GROUP = "Exact"
# formats/amazon-ads.md §1.2: the strategy Amazon's console preselects for a new campaign [parser]
NEW_BIDDING_STRATEGY = "Dynamic bids - down only"
BUDGET_HEADROOM = 2  # the new campaign may spend twice what its terms cost a day where they came from

KeyOf = Callable[[dict[str, Any]], str]
Keyed = tuple[AdProposal, frozenset[str]]  # a proposal and the row groups whose source rows it cites


def _sum(rows: list[dict[str, Any]], name: str) -> Any:
    values = [r[name] for r in rows if r[name] is not None]
    return sum(values[1:], values[0]) if values else None


@dataclass
class _NewCampaign:
    """A manual exact campaign the sheet creates for the harvests whose source SKUs have none."""

    ref: AdGroupRef  # placeholders: the campaign's name as its id, "<name> | Exact" as the ad group's
    skus: frozenset[str]
    currency: str
    terms: list[str] = field(default_factory=list)
    spend_per_day: Decimal = Decimal(0)
    spend: Decimal = Decimal(0)
    clicks: int = 0
    keys: set[str] = field(default_factory=set)
    period: tuple[dt.date, dt.date] | None = None

    def take(
        self, term: str, rows: list[dict[str, Any]], *, spend: Decimal, clicks: int, keys: set[str]
    ) -> None:
        """Count a harvested term in: its spend a day over the days its rows cover sizes the budget."""
        first, last = min(r["first_day"] for r in rows), max(r["last_day"] for r in rows)
        self.terms.append(term)
        self.spend_per_day += spend / ((last - first).days + 1)
        self.spend, self.clicks, self.keys = self.spend + spend, self.clicks + clicks, self.keys | keys
        self.period = (
            (min(first, self.period[0]), max(last, self.period[1])) if self.period else (first, last)
        )


def propose_harvest(
    terms: list[dict[str, Any]],
    directory: AdDirectory,
    *,
    settings: HarvestSettings,
    min_bid: Decimal,
    marketplace: str,
    key_of: KeyOf,
    as_of: dt.date,
) -> list[Keyed]:
    """One proposal per search term whose totals over its auto/broad/phrase rows reach `min_orders` orders and
    `min_clicks` clicks at an ACoS under `target_acos`, unless it already is an exact keyword. Its lines: the exact
    keyword (bid: the term's own CPC, at least `min_bid`) in the manual exact ad group that advertises the same
    SKUs — or in a new one the sheet creates (module docstring), starting the day after `as_of` — and a negative
    exact in every source ad group. When the source ad group's SKUs are not known either (no bulk download) there
    are no lines: negating a converting term with nowhere to go would lose its sales."""
    created: dict[frozenset[str], _NewCampaign] = {}
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
        new = None if destination is not None else _new_campaign(groups, directory, created, currency)
        if new is not None:
            destination = new.ref
            new.take(term, rows, spend=spend, clicks=clicks, keys=set(map(key_of, rows)))
        bid = max(rounded(spend / clicks, currency), min_bid)
        lines, missing = _lines(term, bid, destination, groups, directory)
        into = (
            (f" It goes into the new campaign '{new.ref.campaign_name}', which this sheet creates.",
             f"新建广告活动“{new.ref.campaign_name}”(本表格创建)。")
            if new is not None else ("", "")
        )  # fmt: skip
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
                    "and negate it (exact) where it came from." + into[0],
                    zh=f"“{term}”转化良好:{clicks} 次点击带来 {orders} 单,ACoS {acos:.1%}(目标 "
                    f"{settings.target_acos:.0%}),来源 {where}。以 {bid} {currency} 出价加为精准关键词,"
                    "并在来源广告组中精准否定。" + into[1],
                ),
                figures=(*totals_figures(total, currency), AdFigure("bid", bid, currency)),
                sources=(), lines=lines, missing=missing,
                period_from=min(r["first_day"] for r in rows), period_to=max(r["last_day"] for r in rows),
        )  # fmt: skip
        proposals.append((proposal, frozenset(map(key_of, rows))))
    made = [
        _campaign_proposal(c, marketplace=marketplace, settings=settings, min_bid=min_bid, as_of=as_of)
        for c in created.values()
    ]
    return made + proposals


def _new_campaign(
    groups: list[AdGroupRef | None],
    directory: AdDirectory,
    created: dict[frozenset[str], _NewCampaign],
    currency: str,
) -> _NewCampaign | None:
    """The new campaign for the first source ad group whose SKUs are known (one per set of SKUs), else None."""
    source = next((g for g in groups if g is not None and directory.skus.get(g.ad_group_id)), None)
    if source is None:
        return None
    skus = directory.skus[source.ad_group_id]
    if skus not in created:
        taken = set(directory.campaign_ids) | {c.ref.campaign_name for c in created.values()}
        name = NEW_CAMPAIGN.format(source=source.campaign_name)
        if name in taken:
            name = f"{name} | {source.ad_group_name}"
        base, n = name, 2
        while name in taken:
            name, n = f"{base} ({n})", n + 1
        ref = AdGroupRef(name, f"{name} | {NEW_AD_GROUP}", name, NEW_AD_GROUP)
        created[skus] = _NewCampaign(ref, skus, currency)
    return created[skus]


def _campaign_proposal(
    c: _NewCampaign, *, marketplace: str, settings: HarvestSettings, min_bid: Decimal, as_of: dt.date
) -> Keyed:
    budget = max(rounded(c.spend_per_day * BUDGET_HEADROOM, c.currency), settings.min_daily_budget)
    default_bid = max(rounded(c.spend / c.clicks, c.currency), min_bid)
    start = as_of + dt.timedelta(days=1)
    name, group = c.ref.campaign_name or "", c.ref.ad_group_id
    lines = (
        BulkLine("Campaign", "Create", name, name=name, targeting_type="Manual", start_date=start,
                 bidding_strategy=NEW_BIDDING_STRATEGY, daily_budget=budget, state="enabled"),
        BulkLine("Ad Group", "Create", name, group, name=NEW_AD_GROUP, default_bid=default_bid, state="enabled"),
        *(BulkLine("Product Ad", "Create", name, group, sku=sku, state="enabled") for sku in sorted(c.skus)),
    )  # fmt: skip
    skus, count = ", ".join(sorted(c.skus)), len(c.terms)
    proposal = AdProposal(
        kind="harvest_campaign", marketplace=marketplace, currency=c.currency, campaign_name=name,
        ad_group_name=NEW_AD_GROUP, subject=name,
        reason=Text(
            en=f"No manual exact ad group advertises {skus}: create the manual campaign '{name}' (ad group "
            f"'{NEW_AD_GROUP}', daily budget {budget} {c.currency}, twice the {count} harvested term(s)' spend a "
            f"day where they came from) to hold them, starting {start}.",
            zh=f"没有投放 {skus} 的手动精准广告组:新建手动广告活动“{name}”(广告组“{NEW_AD_GROUP}”,日预算 "
            f"{budget} {c.currency},为 {count} 个收录词在来源处日均花费的两倍)承接它们,{start} 开始投放。",
        ),
        figures=(
            AdFigure("harvested_terms", count), AdFigure("daily_budget", budget, c.currency),
            AdFigure("default_bid", default_bid, c.currency),
        ),
        sources=(), lines=lines,
        period_from=c.period[0] if c.period else None, period_to=c.period[1] if c.period else None,
    )  # fmt: skip
    return proposal, frozenset(c.keys)


def _lines(
    term: str,
    bid: Decimal,
    destination: AdGroupRef | None,
    groups: list[AdGroupRef | None],
    directory: AdDirectory,
) -> tuple[tuple[BulkLine, ...], str | None]:
    if destination is None:
        return (), (
            "no manual exact ad group advertises the same SKUs, and the source ad group's SKUs are not known to "
            "create one: import a bulk download (Campaign Manager › Bulk operations)"
        )
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
