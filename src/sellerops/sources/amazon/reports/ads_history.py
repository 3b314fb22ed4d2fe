"""The Ads console change history (CSV: bid, budget and state changes, from/to) → `ad_change`.

Layout read: `time, eventSourceType, eventSourceId, name, type, from, to, targetingType, matchType,
targetingSecondary, campaignId, adGroupId, isSystemEvent, metadata`, `time` in epoch milliseconds (UTC),
`metadata` a JSON object ({"campaignName", "adGroupName", "programType": "SP"|"SB"|"SD", …}) kept as text.

* The history mixes Sponsored Products and Sponsored Brands changes; `ad_product` comes from
  metadata.programType (SP → SPONSORED_PRODUCTS, …) and is NULL when the metadata does not say.
* The file names no marketplace: --marketplace is required. Its period (for the ledger) is the first..last
  change day in the marketplace's time zone.
* `seq` tells apart changes of one entity and type in the same millisecond, numbered by (from, to) so that an
  overlapping re-download numbers them the same; the key (marketplace, changed_at, entity_id, change_type, seq)
  then replaces them instead of adding them twice. A `from`/`to` of `null` (no earlier value: the first bid
  set on a new target) is stored as NULL. `targetingSecondary` (a display name for category targets)
  is not loaded.
"""

from __future__ import annotations

import datetime as dt

from sellerops.core.periods import Period
from sellerops.sources.columns import col, key
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.spec import Replace, ReportSpec, TableLoad

PROGRAMS = {"SP": "SPONSORED_PRODUCTS", "SB": "SPONSORED_BRANDS", "SD": "SPONSORED_DISPLAY"}


class AdsChangeHistory(ReportSpec):
    name = "amazon.ads_change_history"
    title = "Ads console change history"
    formats = frozenset({"text"})
    columns = (
        key("changed_at", "time", kind=Kind.TIMESTAMP),
        col("entity_type", "eventSourceType", required=True),
        key("entity_id", "eventSourceId"),
        col("entity_name", "name"),
        key("change_type", "type"),
        col("old_value", "from", required=True),
        col("new_value", "to", required=True),
        col("targeting_type", "targetingType"),
        col("match_type", "matchType"),
        col("campaign_id", "campaignId", kind=Kind.ID),
        col("ad_group_id", "adGroupId", kind=Kind.ID),
        col("is_system_event", "isSystemEvent", kind=Kind.BOOL),
        col("metadata", "metadata"),
    )

    def resolve(self, ctx: LoadContext) -> None:
        market = ctx.require_marketplace(
            "the ads change history does not say which marketplace's account it comes from"
        )
        row = ctx.con.execute(
            f"SELECT min(d), max(d) FROM (SELECT CAST(timezone('{market.time_zone}', {ctx.parse('changed_at')}) "
            "AS DATE) AS d FROM raw_file)"
        ).fetchone()
        if row and isinstance(row[0], dt.date) and isinstance(row[1], dt.date):
            ctx.set_period(Period(row[0], row[1]), f"column {ctx.match.names['changed_at']}")

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        assert ctx.marketplace is not None
        program = (
            "CASE WHEN json_valid(metadata) THEN CASE json_extract_string(metadata, '$.programType') "
            + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in PROGRAMS.items())
            + " END END"
            if ctx.has("metadata")
            else "NULL"
        )
        c = ctx.col
        sql = f"""
            SELECT {ctx.sql_literal(ctx.marketplace.code)} AS marketplace, changed_at, entity_type, entity_id,
                   {c("entity_name")} AS entity_name, change_type,
                   CAST(row_number() OVER (PARTITION BY changed_at, entity_id, change_type
                                           ORDER BY old_value, new_value, _row) AS INTEGER) AS seq,
                   nullif(old_value, 'null') AS old_value, nullif(new_value, 'null') AS new_value,
                   {c("campaign_id")} AS campaign_id, {c("ad_group_id")} AS ad_group_id,
                   {c("is_system_event")} AS is_system_event, {c("metadata")} AS metadata,
                   {program} AS ad_product, {c("targeting_type")} AS targeting_type,
                   {c("match_type")} AS match_type, {ctx.import_id} AS import_id
            FROM parsed"""
        return [TableLoad("ad_change", sql, Replace(keys=True))]


SPECS = (AdsChangeHistory(),)
