"""The 2025 Ads console "custom report" (search term grain, CSV) → `ad_performance`, report type `custom_search_term`.

Layout read: `Date range, Campaign name, Campaign ID, Ad group name, Ad group ID, Target value, Target match type,
Search term, Budget currency, Impressions, Clicks, CTR, CPC, Total cost, Purchases, Sales, Units sold, …`, UTF-8
with a BOM, ids Excel-escaped as `="468170906203317"` (kept as text).

* Every row has its own `Date range` ("Nov 09, 2025 - Nov 27, 2025": the first and last day the row had
  activity), which becomes that row's period_from / period_to; the file's period is their min..max.
* Marketplace from `Budget currency` when only one marketplace uses it, else --marketplace.
* `Target match type` holds the API's words (BROAD, PHRASE, EXACT, TARGETING_EXPRESSION,
  TARGETING_EXPRESSION_PREDEFINED) and is stored as written.
* A blank `Search term` (one real row: an auto target with no shopper search) is loaded as NULL.
* The layout does not state its attribution window, so `attribution_days` is NULL (not guessed as 7).
"""

from __future__ import annotations

from sellerops.core.periods import Period
from sellerops.sources.amazon.reports.ads_common import performance_load, resolve_marketplace
from sellerops.sources.columns import col, key
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.spec import ReportSpec, TableLoad

INT, DEC = Kind.INT, Kind.DECIMAL
RANGE_FORMAT = "%b %d, %Y"


def _range_end(sql: str, part: int) -> str:
    """One end of 'Nov 09, 2025 - Nov 27, 2025' as a DATE, NULL when it cannot be read."""
    return f"CAST(try_strptime(trim(split_part({sql}, ' - ', {part})), '{RANGE_FORMAT}') AS DATE)"


class CustomSearchTermReport(ReportSpec):
    name = "amazon.ads_custom_search_term"
    title = "Ads console custom report (search terms)"
    columns = (
        key("date_range", "Date range"),
        key("campaign_name", "Campaign name"),
        col("campaign_id", "Campaign ID", kind=Kind.ID),
        col("ad_group_name", "Ad group name"),
        col("ad_group_id", "Ad group ID", kind=Kind.ID),
        col("targeting", "Target value", required=True),
        col("match_type", "Target match type"),
        col("search_term", "Search term", required=True),
        col("currency", "Budget currency"),
        col("impressions", "Impressions", kind=INT, required=True),
        col("clicks", "Clicks", kind=INT, required=True),
        col("spend", "Total cost", kind=DEC, required=True),
        col("orders", "Purchases", kind=INT),
        col("sales", "Sales", kind=DEC),
        col("units", "Units sold", kind=INT),
    )

    one_pass = True

    def derived(self) -> dict[str, str]:
        # Read once per row: parsing dates is what this report's import spends most on.
        return {"range_start": _range_end("date_range", 1), "range_end": _range_end("date_range", 2)}

    def resolve(self, ctx: LoadContext) -> None:
        resolve_marketplace(ctx)
        raw = ctx.raw("date_range")
        start, end = ("range_start", "range_end") if ctx.typed else (_range_end(raw, 1), _range_end(raw, 2))
        row = ctx.con.execute(f"SELECT min({start}), max({end}) FROM {ctx.rows}").fetchone()
        if row and row[0] is not None and row[1] is not None:
            ctx.set_period(Period(row[0], max(row[0], row[1])), f"column {ctx.match.names['date_range']}")
        ctx.require_period("no row of this custom report has a readable Date range")

    def checks(self, ctx: LoadContext) -> list[tuple[str, str, str]]:
        return [
            (
                "range_start IS NULL OR range_end IS NULL OR range_end < range_start",
                "date_range",
                "a date range such as 'Nov 09, 2025 - Nov 27, 2025'",
            )
        ]

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        assert ctx.marketplace is not None
        # The custom report's match types are already the API's words; a report built without that column has none.
        match_type = "match_type" if ctx.has("match_type") else "NULL"
        overrides = {"period_from": "range_start", "period_to": "range_end", "match_type": match_type}
        return [performance_load(ctx, "custom_search_term", ctx.marketplace.currency, overrides=overrides)]


SPECS = (CustomSearchTermReport(),)
