"""Which IDs, bids, budgets and SKUs the imported reports know for a marketplace's campaigns, ad groups and targets.

A console report names campaigns and ad groups but carries no IDs; a bulk sheet (`ad_entity`), the bulk and
custom search-term reports and the change history (`ad_change`) do. The directory gathers them so that a
proposal's bulk line uses IDs the seller's own files gave, never invented ones. The newest bulk snapshot wins.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sellerops.analytics.ads.models import SourceRow

EXACT = "EXACT"


@dataclass(frozen=True)
class AdGroupRef:
    campaign_id: str
    ad_group_id: str
    campaign_name: str | None
    ad_group_name: str | None


@dataclass(frozen=True)
class TargetRef:
    """A keyword or product target: its id, whether it is a keyword, its current bid and the row saying so."""

    campaign_id: str
    ad_group_id: str
    target_id: str
    is_keyword: bool
    bid: Decimal | None
    state: str | None
    source: SourceRow | None  # the row that gave the bid, when it is not one of the target's own figure rows


@dataclass
class AdDirectory:
    campaign_ids: dict[str, str] = field(default_factory=dict)  # campaign name → id
    ad_groups: dict[tuple[str, str], AdGroupRef] = field(default_factory=dict)  # (campaign, ad group) names
    targets: dict[tuple[str, str, str, str], TargetRef] = field(default_factory=dict)  # + text, MATCH
    skus: dict[str, frozenset[str]] = field(default_factory=dict)  # ad group id → advertised SKUs
    exact_ad_groups: dict[str, AdGroupRef] = field(
        default_factory=dict
    )  # manual ad groups with exact keywords
    exact_texts: set[str] = field(default_factory=set)  # lower-case exact keywords anywhere
    negatives: set[tuple[str, str, str]] = field(default_factory=set)  # (ad group id, text, Negative …)
    changed_at: dict[str, dt.datetime] = field(default_factory=dict)  # target id or name key → last change

    def ad_group(self, campaign: str | None, ad_group: str | None) -> AdGroupRef | None:
        return self.ad_groups.get((campaign or "", ad_group or ""))

    def target(
        self, campaign: str | None, ad_group: str | None, text: str | None, match: str | None
    ) -> TargetRef | None:
        return self.targets.get(target_key(campaign, ad_group, text, match))

    def harvest_destination(self, source: AdGroupRef | None) -> AdGroupRef | None:
        """The manual exact ad group advertising a SKU the source ad group advertises (most SKUs shared, then the
        lowest id): where a harvested term goes. None when no such ad group is known."""
        if source is None or source.ad_group_id not in self.skus:
            return None
        wanted = self.skus[source.ad_group_id]
        best = sorted(
            (-len(wanted & self.skus.get(g.ad_group_id, frozenset())), g.ad_group_id)
            for g in self.exact_ad_groups.values()
            if g.ad_group_id != source.ad_group_id and wanted & self.skus.get(g.ad_group_id, frozenset())
        )
        return self.exact_ad_groups[best[0][1]] if best else None


def target_key(
    campaign: str | None, ad_group: str | None, text: str | None, match: str | None
) -> tuple[str, str, str, str]:
    return (campaign or "", ad_group or "", (text or "").strip().lower(), (match or "").upper())


def _rows(table: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = table.to_pyarrow().to_pylist()
    return rows


def ad_directory(
    ad_entity: Any, ad_performance: Any, ad_change: Any | None, *, marketplace: str
) -> AdDirectory:
    """Everything the imported reports say about the marketplace's IDs (see the module docstring)."""
    d = AdDirectory()
    _from_performance(d, ad_performance.filter(ad_performance.marketplace == marketplace))
    if ad_change is not None:
        _from_changes(d, ad_change.filter(ad_change.marketplace == marketplace))
    _from_bulk(d, ad_entity.filter(ad_entity.marketplace == marketplace))
    return d


def _from_performance(d: AdDirectory, t: Any) -> None:
    named = t.filter(t.campaign_id.notnull() & t.campaign_name.notnull())
    for r in _rows(named.select("campaign_name", "campaign_id", "ad_group_name", "ad_group_id").distinct()):
        d.campaign_ids[r["campaign_name"]] = r["campaign_id"]
        if r["ad_group_id"] and r["ad_group_name"]:
            d.ad_groups[(r["campaign_name"], r["ad_group_name"])] = AdGroupRef(
                r["campaign_id"], r["ad_group_id"], r["campaign_name"], r["ad_group_name"]
            )
    ids = t.filter(t.ad_group_id.notnull() & (t.keyword_id.notnull() | t.product_targeting_id.notnull()))
    latest = ids.group_by(
        ["campaign_name", "campaign_id", "ad_group_name", "ad_group_id", "targeting", "match_type",
         "keyword_id", "product_targeting_id"]
    ).aggregate(
        bid=ids.bid.argmax(ids.period_to), state=ids.state.argmax(ids.period_to),
        import_id=ids.import_id.argmax(ids.period_to), source_row=ids.source_row.argmax(ids.period_to),
    )  # fmt: skip
    for r in _rows(latest):
        ref = TargetRef(
            r["campaign_id"], r["ad_group_id"], r["keyword_id"] or r["product_targeting_id"],
            r["keyword_id"] is not None, r["bid"], r["state"],
            SourceRow("ad_performance", r["import_id"], r["source_row"]),
        )  # fmt: skip
        d.targets[target_key(r["campaign_name"], r["ad_group_name"], r["targeting"], r["match_type"])] = ref
        if r["match_type"] == EXACT and r["keyword_id"]:
            group = d.ad_groups.get((r["campaign_name"], r["ad_group_name"]))
            if group is not None:
                d.exact_ad_groups[group.ad_group_id] = group
            d.exact_texts.add((r["targeting"] or "").lower())


def _from_changes(d: AdDirectory, t: Any) -> None:
    """The change history names each target with its IDs and its bid after each change (the newest wins)."""
    for r in _rows(
        t.select("changed_at", "entity_id", "entity_name", "change_type", "new_value", "campaign_id",
                 "ad_group_id", "match_type", "metadata", "import_id").order_by("changed_at")
    ):  # fmt: skip
        d.changed_at[r["entity_id"]] = r["changed_at"]
        meta = _metadata(r["metadata"])
        campaign, group = meta.get("campaignName"), meta.get("adGroupName")
        key = target_key(campaign, group, r["entity_name"], r["match_type"])
        d.changed_at["|".join(key)] = r["changed_at"]
        if r["change_type"] != "BID_AMOUNT" or not (
            r["campaign_id"] and r["ad_group_id"] and campaign and group
        ):
            continue
        d.campaign_ids.setdefault(campaign, r["campaign_id"])
        d.ad_groups.setdefault(
            (campaign, group), AdGroupRef(r["campaign_id"], r["ad_group_id"], campaign, group)
        )
        is_keyword = (r["match_type"] or "").upper() in ("EXACT", "PHRASE", "BROAD")
        d.targets[key] = TargetRef(
            r["campaign_id"], r["ad_group_id"], r["entity_id"], is_keyword, _decimal(r["new_value"]), None,
            SourceRow("ad_change", r["import_id"], None),
        )  # fmt: skip


def _from_bulk(d: AdDirectory, t: Any) -> None:
    # A download leaves Operation blank on the rows nobody edited; a sheet written for upload (an ads plan read
    # back) has an operation on every row and its new campaigns' placeholders for IDs: it is no snapshot.
    downloads = t.filter(t.operation.isnull() | (t.operation.strip() == "")).select("import_id")
    newest = downloads.import_id.max().to_pyarrow().as_py()
    if newest is None:
        return
    rows = _rows(t.filter(t.import_id == newest).order_by("source_row"))
    campaigns = {r["campaign_id"]: r for r in rows if r["entity"] == "Campaign"}
    groups = {r["ad_group_id"]: r for r in rows if r["entity"] == "Ad Group"}
    skus: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        campaign = campaigns.get(r["campaign_id"], {})
        campaign_name = campaign.get("campaign_name") or r["campaign_name"]
        group_name = groups.get(r["ad_group_id"], {}).get("ad_group_name") or r["ad_group_name"]
        if campaign_name:
            d.campaign_ids[campaign_name] = r["campaign_id"]
        ref = None
        if r["ad_group_id"] and campaign_name and group_name:
            ref = AdGroupRef(r["campaign_id"], r["ad_group_id"], campaign_name, group_name)
            d.ad_groups[(campaign_name, group_name)] = ref
        entity, match = r["entity"], (r["match_type"] or "")
        if entity == "Product Ad" and r["sku"] and r["ad_group_id"]:
            skus[r["ad_group_id"]].add(r["sku"])
        elif entity in ("Keyword", "Product Targeting") and ref is not None:
            text = r["keyword_text"] or r["product_targeting_expression"]
            key = target_key(campaign_name, group_name, text, match if entity == "Keyword" else None)
            d.targets[key] = TargetRef(
                r["campaign_id"], r["ad_group_id"], r["entity_id"], entity == "Keyword", r["bid"], r["state"],
                SourceRow("ad_entity", r["import_id"], r["source_row"]),
            )  # fmt: skip
            manual = (campaign.get("targeting_type") or "Manual").lower() == "manual"
            if (
                entity == "Keyword"
                and match.lower() == "exact"
                and manual
                and (r["state"] or "enabled") == "enabled"
            ):
                d.exact_ad_groups[ref.ad_group_id] = ref
                d.exact_texts.add((text or "").lower())
        elif entity == "Negative Keyword" and r["ad_group_id"]:
            d.negatives.add((r["ad_group_id"], (r["keyword_text"] or "").lower(), match))
        elif entity == "Negative Product Targeting" and r["ad_group_id"]:
            expression = (r["product_targeting_expression"] or "").lower()
            d.negatives.add((r["ad_group_id"], expression, "Negative Product"))
    d.skus.update({group: frozenset(values) for group, values in skus.items()})


def _metadata(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _decimal(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text not in (None, "") else None
    except ArithmeticError:
        return None
