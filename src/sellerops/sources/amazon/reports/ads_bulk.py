"""Sponsored Products bulk operations sheets (Campaign Manager › Bulk operations, xlsx) → `ad_entity` / `ad_performance`.

Layouts read:

* "Sponsored Products Campaigns" (bulksheets 2.0, 48 columns, and the 2026 54-column download with the
  "… Serving Status (Informational only)" columns; `ASIN` or `ASIN (Informational only)`). Every row is one
  entity (Campaign, Ad Group, Product Ad, Keyword, Product Targeting, negatives, Bidding Adjustment): it goes to
  `ad_entity`, one row per entity per sheet (each import is one snapshot), with the sheet's own words kept
  (Entity, Operation, State, Match Type as written; `negativeExact`/`negativePhrase` become `Negative Exact` /
  `Negative Phrase`) so a sheet written from these rows uploads as it is. `entity_id` is the row's own id
  (Keyword ID for keywords and negative keywords, Product Targeting ID for targets, Ad ID for product ads…);
  a Bidding Adjustment is "<Campaign ID> / <Placement>"; a Create row without an id yet is "row <n>".
* "SP Search Term Report" (27 columns, ids and Bid and State beside each search term) → `ad_performance`,
  report type `bulk_search_term`. Other sheets of the workbook (a "Sheet5" holding a version stamp) are ignored.

Neither sheet names its marketplace or currency (--marketplace), nor the dates its figures cover: those are the
range chosen at download. So the figures need --period. In the Campaigns sheet they go to `ad_performance` one
grain per report type (`bulk_campaign`, `bulk_ad_group`, `bulk_targeting` for keywords and product targets,
`bulk_product_ad`) because the sheet lists campaign totals and keyword figures side by side; a Campaigns sheet
with no figures (one written for upload) needs no --period. The sales window is not stated: `attribution_days`
is NULL.
"""

from __future__ import annotations

from sellerops.sources.amazon.reports.ads_common import (
    performance_load,
    resolve_marketplace,
    upper_words,
)
from sellerops.sources.columns import col, key
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.spec import Replace, ReportSpec, TableLoad
from sellerops.warehouse.schema import table

INT, DEC, ID = Kind.INT, Kind.DECIMAL, Kind.ID
INFO = " (Informational only)"
NO_PERIOD = "a bulk sheet's figures cover the date range chosen when it was downloaded, and the sheet does not say which"
IDS = (
    key("campaign_id", "Campaign ID", kind=ID),
    col("ad_group_id", "Ad Group ID", kind=ID),
    col("keyword_id", "Keyword ID", kind=ID),
    col("product_targeting_id", "Product Targeting ID", kind=ID),
)
METRICS = (
    col("impressions", "Impressions", kind=INT),
    col("clicks", "Clicks", kind=INT),
    col("spend", "Spend", kind=DEC),
    col("sales", "Sales", kind=DEC),
    col("orders", "Orders", kind=INT),
    col("units", "Units", kind=INT),
)
ENTITY_REPORT_TYPES = {
    "campaign": "bulk_campaign",
    "ad group": "bulk_ad_group",
    "keyword": "bulk_targeting",
    "product targeting": "bulk_targeting",
    "product ad": "bulk_product_ad",
}


def _match_type(sql: str) -> str:
    """Bulk 2.0 may write negatives in API camel case; the sheet's title case is kept for everything else."""
    squeezed = f"lower(regexp_replace({sql}, '[\\s_]', '', 'g'))"
    return (
        f"CASE {squeezed} WHEN 'negativeexact' THEN 'Negative Exact' WHEN 'negativephrase' THEN 'Negative Phrase' "
        f"ELSE {sql} END"
    )


def _has_figures(ctx: LoadContext) -> bool:
    present = [ctx.raw(m.target) for m in METRICS if ctx.has(m.target)]
    if not present:
        return False
    filled = " OR ".join(f"NOT so_blank({c})" for c in present)
    return bool(ctx.scalar(f"SELECT count(*) FROM raw_file WHERE {filled}"))


class BulkSearchTermSheet(ReportSpec):
    name = "amazon.ads_bulk_search_term"
    title = "Sponsored Products bulk sheet, SP Search Term Report"
    formats = frozenset({"xlsx", "text"})
    columns = (
        col("ad_product", "Product", required=True),
        *IDS,
        col("campaign_name", "Campaign Name" + INFO, "Campaign Name"),
        col("ad_group_name", "Ad Group Name" + INFO, "Ad Group Name"),
        col("portfolio", "Portfolio Name" + INFO),
        col("state", "State"),
        col("campaign_status", "Campaign State" + INFO),
        col("bid", "Bid", kind=DEC),
        col("keyword_text", "Keyword Text"),
        col("match_type", "Match Type"),
        col("product_targeting_expression", "Product Targeting Expression"),
        col("search_term", "Customer Search Term", required=True),
        *METRICS,
    )
    signature = ("Impressions", "Clicks", "Spend")
    excludes = ("Entity",)

    def resolve(self, ctx: LoadContext) -> None:
        resolve_marketplace(ctx)
        ctx.require_period(NO_PERIOD)

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        assert ctx.marketplace is not None
        targeting = f"coalesce({ctx.col('keyword_text')}, {ctx.col('product_targeting_expression')})"
        return [
            performance_load(
                ctx, "bulk_search_term", ctx.marketplace.currency, overrides={"targeting": targeting}
            )
        ]


class BulkCampaignsSheet(ReportSpec):
    name = "amazon.ads_bulk_campaigns"
    title = "Sponsored Products bulk sheet, Sponsored Products Campaigns"
    formats = frozenset({"xlsx", "text"})
    columns = (
        col("ad_product", "Product", required=True),
        key("entity", "Entity"),
        col("operation", "Operation", required=True),
        col("campaign_id", "Campaign ID", kind=ID, required=True),
        col("ad_group_id", "Ad Group ID", kind=ID),
        col("portfolio_id", "Portfolio ID", kind=ID),
        col("ad_id", "Ad ID", kind=ID),
        col("keyword_id", "Keyword ID", kind=ID),
        col("product_targeting_id", "Product Targeting ID", kind=ID),
        col("campaign_name", "Campaign Name"),
        col("campaign_name_info", "Campaign Name" + INFO),
        col("ad_group_name", "Ad Group Name"),
        col("ad_group_name_info", "Ad Group Name" + INFO),
        col("portfolio_name", "Portfolio Name" + INFO),
        col("start_date", "Start Date", kind=Kind.DATE, date_formats=("%Y%m%d", "%m/%d/%Y")),
        col("end_date", "End Date", kind=Kind.DATE, date_formats=("%Y%m%d", "%m/%d/%Y")),
        col("targeting_type", "Targeting Type"),
        col("state", "State"),
        col("campaign_state", "Campaign State" + INFO),
        col("ad_group_state", "Ad Group State" + INFO),
        col("daily_budget", "Daily Budget", kind=DEC),
        col("sku", "SKU"),
        col("asin", "ASIN" + INFO, "ASIN"),
        col("eligibility_status", "Eligibility Status" + INFO),
        col("ineligibility_reason", "Reason for Ineligibility" + INFO),
        col("ad_group_default_bid", "Ad Group Default Bid", kind=DEC),
        col("ad_group_default_bid_info", "Ad Group Default Bid" + INFO, kind=DEC),
        col("bid", "Bid", kind=DEC),
        col("keyword_text", "Keyword Text"),
        col("native_language_keyword", "Native Language Keyword"),
        col("native_language_locale", "Native Language Locale"),
        col("match_type", "Match Type"),
        col("bidding_strategy", "Bidding Strategy"),
        col("placement", "Placement"),
        col("percentage", "Percentage", kind=DEC),
        col("product_targeting_expression", "Product Targeting Expression"),
        col("resolved_targeting_expression", "Resolved Product Targeting Expression" + INFO),
        *METRICS,
        col("campaign_serving_status", "Campaign Serving Status" + INFO),
        col("ad_group_serving_status", "Ad Group Serving Status" + INFO),
        col("keyword_serving_status", "Keyword Serving Status" + INFO),
        col("ad_serving_status", "Ad Serving Status" + INFO),
        col("product_targeting_serving_status", "Product Targeting Serving Status" + INFO),
        col("serving_status_reason", "Ad Serving Status Reason" + INFO),
    )

    def resolve(self, ctx: LoadContext) -> None:
        resolve_marketplace(ctx)
        if _has_figures(ctx):
            ctx.require_period(NO_PERIOD)

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        assert ctx.marketplace is not None
        c = ctx.col
        kind = "lower(trim(entity))"
        own_id = f"""CASE {kind}
            WHEN 'campaign' THEN campaign_id WHEN 'ad group' THEN {c("ad_group_id")} WHEN 'product ad' THEN {c("ad_id")}
            WHEN 'bidding adjustment' THEN campaign_id || ' / ' || coalesce({c("placement")}, '')
            WHEN 'keyword' THEN {c("keyword_id")} WHEN 'negative keyword' THEN {c("keyword_id")}
            WHEN 'campaign negative keyword' THEN {c("keyword_id")}
            ELSE coalesce({c("product_targeting_id")}, {c("keyword_id")}, {c("ad_id")}, {c("ad_group_id")}, campaign_id)
            END"""
        serving = f"""CASE {kind}
            WHEN 'campaign' THEN {c("campaign_serving_status")} WHEN 'ad group' THEN {c("ad_group_serving_status")}
            WHEN 'product ad' THEN {c("ad_serving_status")} WHEN 'keyword' THEN {c("keyword_serving_status")}
            WHEN 'product targeting' THEN {c("product_targeting_serving_status")} END"""
        entity = {
            "marketplace": ctx.sql_literal(ctx.marketplace.code),
            "ad_product": f"coalesce({upper_words('ad_product')}, 'SPONSORED_PRODUCTS')",
            "entity": "trim(entity)",
            "entity_id": f"coalesce({own_id}, 'row ' || _row)",
            "campaign_name": f"coalesce({c('campaign_name')}, {c('campaign_name_info')})",
            "ad_group_name": f"coalesce({c('ad_group_name')}, {c('ad_group_name_info')})",
            "ad_group_default_bid": f"coalesce({c('ad_group_default_bid')}, {c('ad_group_default_bid_info')})",
            "match_type": _match_type(c("match_type")),
            "serving_status": serving,
            "currency": ctx.sql_literal(ctx.marketplace.currency),
            "source_row": "_row",
            "import_id": str(ctx.import_id),
        }
        select = ", ".join(f"{entity.get(n, c(n))} AS {n}" for n in table("ad_entity").column_names)
        loads = [TableLoad("ad_entity", f"SELECT {select} FROM parsed", Replace(keys=True))]
        if ctx.period is not None and any(ctx.has(m.target) for m in METRICS):
            loads.append(self._figures(ctx, kind, entity))
        return loads

    def _figures(self, ctx: LoadContext, kind: str, entity: dict[str, str]) -> TableLoad:
        assert ctx.marketplace is not None
        assert ctx.period is not None
        c = ctx.col
        report_type = (
            f"CASE {kind} "
            + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in ENTITY_REPORT_TYPES.items())
            + " END"
        )
        overrides = {
            "report_type": report_type,
            # Start Date / End Date here are the campaign's run dates, not the figures' period.
            "period_from": f"DATE '{ctx.period.start}'",
            "period_to": f"DATE '{ctx.period.end}'",
            "portfolio": c("portfolio_name"),
            "campaign_name": entity["campaign_name"],
            "ad_group_name": entity["ad_group_name"],
            "campaign_status": c("campaign_state"),
            "targeting": f"coalesce({c('keyword_text')}, {c('product_targeting_expression')})",
            "match_type": upper_words(entity["match_type"]),
            "advertised_sku": c("sku"),
            "advertised_asin": c("asin"),
        }
        kinds = ", ".join(f"'{k}'" for k in ENTITY_REPORT_TYPES)
        return performance_load(
            ctx,
            "bulk_campaign",
            ctx.marketplace.currency,
            overrides=overrides,
            where=f"{kind} IN ({kinds})",
            replaces=tuple(dict.fromkeys(ENTITY_REPORT_TYPES.values())),
        )


SPECS = (BulkSearchTermSheet(), BulkCampaignsSheet())
