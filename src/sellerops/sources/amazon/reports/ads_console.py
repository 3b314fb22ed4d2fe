"""Sponsored Products reports downloaded from the Ads console (Reports › Create report, xlsx or CSV) → `ad_performance`.

Layouts read: search term, targeting (incl. the 2026 one with Country / Retailer / Top-of-search Impression
Share), advertised product, placement, performance over time, and the Campaign Manager campaign export (CSV with
`Rs.1000.0`, `1.66%`, Budget, Status and "Last Year" columns). Headers are matched by name: "7 Day …" and
"14 Day …" windows, a currency in the header ("($)", "(₹)"), "Total" dropped from ACOS (2024), ACoS/ACOS and a
trailing space all read the same; an empty extra column is ignored.

Where things come from:

* Marketplace: `Country` ("United States"), else the `Currency` column or the header's symbol when only one
  marketplace uses it (USD, GBP, INR; EUR is refused), else --marketplace.
* Period: each row's `Date` (daily) or `Start Date`/`End Date` (a search term report may give every row its own
  range); the file's period is their min..max. In the campaign export `Start Date`/`End Date` are the campaign's
  own run dates (End Date is blank for open campaigns), so that family reads only `Date`.
* "Brand Halo ASIN" units/sales (2020 India) are what later layouts call "Other SKU": they go to `other_sku_*`.
* The campaign export's "Last Year …" columns are a year-earlier comparison and are not loaded.
* A blank Customer Search Term (Amazon leaves it empty when the shopper typed no search, e.g. on a product
  page) is loaded as NULL: the row's spend is real.
"""

from __future__ import annotations

from typing import ClassVar

from sellerops.sources.amazon.reports.ads_common import (
    performance_load,
    resolve_marketplace,
    resolve_period,
)
from sellerops.sources.columns import col, key
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.spec import ReportSpec, TableLoad

INT, DEC, PCT, DAY = Kind.INT, Kind.DECIMAL, Kind.PERCENT, Kind.DATE

DATE = col("date", "Date", kind=DAY, not_null=True, date_formats=("%b %d, %Y",))
RANGE = (
    col("start_date", "Start Date", kind=DAY, not_null=True, date_formats=("%b %d, %Y",)),
    col("end_date", "End Date", kind=DAY, not_null=True, date_formats=("%b %d, %Y",)),
)
SCOPE = (
    col("portfolio", "Portfolio name"),
    col("currency", "Currency"),
    col("country", "Country"),
    key("campaign_name", "Campaign Name"),
)
METRICS = (
    col("impressions", "Impressions", kind=INT),
    col("clicks", "Clicks", kind=INT, required=True),
    col("spend", "Spend", kind=DEC, required=True),
    col("sales", "{days} Day Total Sales", kind=DEC, required=True),
    col("orders", "{days} Day Total Orders (#)", kind=INT),
    col("units", "{days} Day Total Units (#)", kind=INT),
)
SKU_SPLIT = (
    col(
        "advertised_sku_units",
        "{days} Day Advertised SKU Units (#)",
        "{days} Day Advertised ASIN Units (#)",
        kind=INT,
    ),
    col(
        "other_sku_units", "{days} Day Other SKU Units (#)", "{days} Day Brand Halo ASIN Units (#)", kind=INT
    ),
    col(
        "advertised_sku_sales",
        "{days} Day Advertised SKU Sales",
        "{days} Day Advertised ASIN Sales",
        kind=DEC,
    ),
    col("other_sku_sales", "{days} Day Other SKU Sales", "{days} Day Brand Halo ASIN Sales", kind=DEC),
)
AD_GROUP = key("ad_group_name", "Ad Group Name")
TARGET = (key("targeting", "Targeting"), col("match_type", "Match Type", required=True))
# A bulk sheet has Campaign Name too; its `Entity` column says it is not a console report.
BULK: tuple[str, ...] = ("Entity",)


class _ConsoleReport(ReportSpec):
    report_type: ClassVar[str]
    excludes: ClassVar[tuple[str, ...]] = BULK
    one_pass = True

    def resolve(self, ctx: LoadContext) -> None:
        resolve_marketplace(ctx)
        resolve_period(ctx, f"this {self.title} has neither a Date column nor Start Date / End Date columns")

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        assert ctx.marketplace is not None
        return [performance_load(ctx, self.report_type, ctx.marketplace.currency)]


class SearchTermReport(_ConsoleReport):
    name = "amazon.ads_search_term"
    title = "Sponsored Products Search term report"
    report_type = "search_term"
    columns = (
        DATE, *RANGE, *SCOPE, AD_GROUP, *TARGET, col("search_term", "Customer Search Term", required=True),
        *METRICS, *SKU_SPLIT,
    )  # fmt: skip


class TargetingReport(_ConsoleReport):
    name = "amazon.ads_targeting"
    title = "Sponsored Products Targeting report"
    report_type = "targeting"
    columns = (
        DATE, *RANGE, *SCOPE, AD_GROUP, *TARGET, *METRICS, *SKU_SPLIT,
        col("top_of_search_share", "Top-of-search Impression Share", kind=PCT),
    )  # fmt: skip
    excludes = (*BULK, "Customer Search Term")


class AdvertisedProductReport(_ConsoleReport):
    name = "amazon.ads_advertised_product"
    title = "Sponsored Products Advertised product report"
    report_type = "advertised_product"
    columns = (
        DATE, *RANGE, *SCOPE, AD_GROUP, key("advertised_asin", "Advertised ASIN"),
        col("advertised_sku", "Advertised SKU"), *METRICS, *SKU_SPLIT,
    )  # fmt: skip


class PlacementReport(_ConsoleReport):
    name = "amazon.ads_placement"
    title = "Sponsored Products Placement report"
    report_type = "placement"
    columns = (
        DATE, *RANGE, *SCOPE, col("bidding_strategy", "Bidding strategy"), key("placement", "Placement"), *METRICS
    )  # fmt: skip
    excludes = (*BULK, "Ad Group Name")


class CampaignReport(_ConsoleReport):
    name = "amazon.ads_campaign"
    title = "Sponsored Products Campaign report"
    report_type = "campaign"
    columns = (
        DATE, *SCOPE, col("ad_product", "Campaign Type"), col("campaign_status", "Status"),
        col("daily_budget", "Budget", kind=DEC), col("targeting_type", "Targeting Type"),
        col("bidding_strategy", "Bidding strategy"), *METRICS,
    )  # fmt: skip
    excludes = (*BULK, "Ad Group Name", "Placement", "Targeting", "Customer Search Term", "Advertised ASIN")

    def resolve(self, ctx: LoadContext) -> None:
        resolve_marketplace(ctx)
        resolve_period(
            ctx,
            "this campaign report has no Date column (its Start Date / End Date are the campaigns' own run dates)",
        )


class PerformanceOverTimeReport(_ConsoleReport):
    name = "amazon.ads_performance_over_time"
    title = "Sponsored Products Performance over time report"
    report_type = "performance_over_time"
    columns = (
        col("date", "Date", kind=DAY, required=True, not_null=True), col("currency", "Currency"),
        col("impressions", "Impressions", kind=INT), col("clicks", "Clicks", kind=INT, required=True),
        col("spend", "Spend", kind=DEC, required=True),
    )  # fmt: skip
    signature = ("Cost Per Click (CPC)",)
    excludes = (*BULK, "Campaign Name", "Ad Group Name", "Customer Search Term")

    def resolve(self, ctx: LoadContext) -> None:
        resolve_marketplace(ctx)
        resolve_period(ctx, "this performance-over-time report has no Date column")


SPECS = (
    SearchTermReport(),
    TargetingReport(),
    AdvertisedProductReport(),
    PlacementReport(),
    CampaignReport(),
    PerformanceOverTimeReport(),
)
