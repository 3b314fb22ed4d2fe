"""What a marketplace's ads account is set up as now, from its newest bulk download (`ad_entity`): campaigns with
their targeting type, budget, dates and state; ad groups; keywords and product targets with their bids;
negatives; product ads with their SKU and eligibility. Each record carries its campaign's and ad group's names
(a keyword row may leave them to the informational columns or to its parents' rows) and the row it came from.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from sellerops.analytics.ads.models import SourceRow

SnapshotLevel = Literal[
    "campaign", "ad_group", "product_ad", "keyword", "product_target", "negative", "other"
]
ENTITY_LEVELS: dict[str, SnapshotLevel] = {
    "campaign": "campaign",
    "ad group": "ad_group",
    "product ad": "product_ad",
    "keyword": "keyword",
    "product targeting": "product_target",
    "negative keyword": "negative",
    "campaign negative keyword": "negative",
    "negative product targeting": "negative",
    "campaign negative product targeting": "negative",
}
ENABLED = "enabled"


@dataclass(frozen=True)
class SnapshotEntity:
    """One row of the bulk download. `text` is the keyword text or targeting expression (the SKU, else the ASIN,
    for a product ad); `match_type` is upper case (EXACT, PHRASE, BROAD, NEGATIVE EXACT …); `state` lower case,
    '' when the sheet leaves it blank; `serving` is the serving status and its reason or the product ad's
    ineligibility reason, as Amazon words them."""

    level: SnapshotLevel
    campaign_id: str
    ad_group_id: str | None
    entity_id: str
    campaign_name: str
    ad_group_name: str | None
    text: str | None
    match_type: str
    state: str
    serving: tuple[str, ...]
    eligible: bool | None
    targeting_type: str  # the campaign's: 'auto', 'manual' or ''
    daily_budget: Decimal | None
    bid: Decimal | None
    start_date: dt.date | None
    end_date: dt.date | None
    source: SourceRow


@dataclass(frozen=True)
class BulkSnapshot:
    """The newest bulk download of one marketplace; empty (import_id None) when none was imported."""

    import_id: int | None
    entities: tuple[SnapshotEntity, ...] = ()
    currency: str = ""
    campaigns: dict[str, SnapshotEntity] = field(default_factory=dict)  # by campaign id
    ad_groups: dict[str, SnapshotEntity] = field(default_factory=dict)  # by ad group id

    def of(self, *levels: SnapshotLevel) -> list[SnapshotEntity]:
        return [e for e in self.entities if e.level in levels]

    def parents(self, entity: SnapshotEntity) -> list[SnapshotEntity]:
        """The entity's ad group and campaign rows, nearest first (those the sheet has)."""
        found = [self.ad_groups.get(entity.ad_group_id or ""), self.campaigns.get(entity.campaign_id)]
        return [p for p in found if p is not None and p is not entity]

    def is_live(self, entity: SnapshotEntity) -> bool:
        """Enabled, and so are its ad group and campaign (a blank state counts as enabled: a sheet written for
        upload may leave it out)."""
        return all(e.state in (ENABLED, "") for e in (entity, *self.parents(entity)))


def bulk_snapshot(ad_entity: Any, *, marketplace: str) -> BulkSnapshot:
    """The newest `ad_entity` import of `marketplace` as typed records, in sheet order."""
    t = ad_entity.filter(ad_entity.marketplace == marketplace)
    newest = t.import_id.max().to_pyarrow().as_py()
    if newest is None:
        return BulkSnapshot(None)
    rows: list[dict[str, Any]] = (
        t.filter(t.import_id == newest).order_by("source_row").to_pyarrow().to_pylist()
    )
    campaign_rows = {r["campaign_id"]: r for r in rows if _level(r) == "campaign"}
    group_rows = {r["ad_group_id"]: r for r in rows if _level(r) == "ad_group"}
    entities = []
    for r in rows:
        campaign, group = campaign_rows.get(r["campaign_id"], {}), group_rows.get(r["ad_group_id"], {})
        level = _level(r)
        entities.append(
            SnapshotEntity(
                level=level, campaign_id=r["campaign_id"] or "", ad_group_id=r["ad_group_id"],
                entity_id=r["entity_id"], campaign_name=campaign.get("campaign_name") or r["campaign_name"] or "",
                ad_group_name=group.get("ad_group_name") or r["ad_group_name"],
                text=_text(r, level), match_type=(r["match_type"] or "").strip().upper(), state=_state(r["state"]),
                serving=tuple(s for s in (r["serving_status"], r["serving_status_reason"],
                                          r["ineligibility_reason"]) if s),
                eligible=_eligible(r["eligibility_status"]),
                targeting_type=(campaign.get("targeting_type") or r["targeting_type"] or "").strip().lower(),
                daily_budget=r["daily_budget"], bid=r["bid"] if r["bid"] is not None else r["ad_group_default_bid"],
                start_date=campaign.get("start_date") or r["start_date"],
                end_date=campaign.get("end_date") or r["end_date"],
                source=SourceRow("ad_entity", newest, r["source_row"]),
            )
        )  # fmt: skip
    # Child rows also state their parents' states (informational columns): a sheet without the parent's own row
    # still says whether it is paused.
    states: dict[tuple[Literal["campaign", "ad_group"], str], str] = {}
    for r in rows:
        if r["campaign_state"]:
            states.setdefault(("campaign", r["campaign_id"]), _state(r["campaign_state"]))
        if r["ad_group_state"] and r["ad_group_id"]:
            states.setdefault(("ad_group", r["ad_group_id"]), _state(r["ad_group_state"]))
    campaigns = {e.campaign_id: e for e in entities if e.level == "campaign"}
    groups = {e.ad_group_id or "": e for e in entities if e.level == "ad_group"}
    for (parent, key), state in states.items():
        known = campaigns if parent == "campaign" else groups
        if key not in known:
            known[key] = _stand_in(parent, key, state, entities, newest)
    currency = next((r["currency"] for r in rows if r["currency"]), "")
    return BulkSnapshot(newest, tuple(entities), currency, campaigns, groups)


def _level(row: dict[str, Any]) -> SnapshotLevel:
    return ENTITY_LEVELS.get((row["entity"] or "").strip().lower(), "other")


def _state(value: str | None) -> str:
    return (value or "").strip().lower()


def _text(row: dict[str, Any], level: SnapshotLevel) -> str | None:
    if level == "product_ad":
        product: str | None = row["sku"] or row["asin"]
        return product
    text: str | None = (
        row["keyword_text"] or row["product_targeting_expression"] or row["resolved_targeting_expression"]
    )
    return text.strip() if text else None


def _eligible(value: str | None) -> bool | None:
    word = (value or "").strip().lower()
    return None if not word else word == "eligible"


def _stand_in(
    level: Literal["campaign", "ad_group"],
    key: str,
    state: str,
    entities: list[SnapshotEntity],
    import_id: int,
) -> SnapshotEntity:
    """A parent known only from its children's informational state columns."""
    child = next(e for e in entities if (e.campaign_id if level == "campaign" else e.ad_group_id) == key)
    return SnapshotEntity(
        level=level, campaign_id=child.campaign_id, ad_group_id=None if level == "campaign" else key,
        entity_id=key, campaign_name=child.campaign_name,
        ad_group_name=None if level == "campaign" else child.ad_group_name, text=None, match_type="", state=state,
        serving=(), eligible=None, targeting_type=child.targeting_type, daily_budget=None, bid=None,
        start_date=None, end_date=None, source=SourceRow("ad_entity", import_id, child.source.source_row),
    )  # fmt: skip


def products_by_group(snapshot: BulkSnapshot) -> dict[str, set[str]]:
    """Ad group id → the SKUs (else ASINs) its live product ads advertise."""
    found: dict[str, set[str]] = defaultdict(set)
    for e in snapshot.of("product_ad"):
        if e.ad_group_id and e.text and snapshot.is_live(e):
            found[e.ad_group_id].add(e.text)
    return dict(found)
