"""SP-API Sales and Traffic report (GET_SALES_AND_TRAFFIC_REPORT, one JSON document) → sales_traffic and
account_sales_traffic.

Layout read: reportSpecification (dates, marketplaceIds, asinGranularity PARENT | CHILD | SKU, dateGranularity
DAY | WEEK | MONTH), salesAndTrafficByAsin (→ sales_traffic for the report's own dataStartTime..dataEndTime) and
salesAndTrafficByDate (→ account_sales_traffic, one row per day/week/month). The by-date rows are account totals
with no ASIN, so they get their own table: in sales_traffic they would double every KPI sum. Percentages in
the report are 0–100 and are stored as fractions; money is {amount, currencyCode}.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sellerops.core.marketplaces import by_amazon_id
from sellerops.core.periods import Period
from sellerops.errors import FileRefused
from sellerops.sources.amazon.reports.business_report import traffic_overlap
from sellerops.sources.columns import col as _c
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.spec import Replace, ReportSpec, TableLoad
from sellerops.sources.staging import cell_text

N, D = Kind.INT, Kind.DECIMAL
REPORT_TYPE = "GET_SALES_AND_TRAFFIC_REPORT"
# Measures of both sections: salesByAsin / salesByDate are flattened to "sales.*", traffic* to "traffic.*".
MEASURES = (
    ("units_ordered", "sales.unitsOrdered", N),
    ("units_ordered_b2b", "sales.unitsOrderedB2B", N),
    ("ordered_sales", "sales.orderedProductSales.amount", D),
    ("ordered_sales_b2b", "sales.orderedProductSalesB2B.amount", D),
    ("order_items", "sales.totalOrderItems", N),
    ("order_items_b2b", "sales.totalOrderItemsB2B", N),
    ("units_refunded", "sales.unitsRefunded", N),
    ("claims_granted", "sales.claimsGranted", N),
    ("claims_amount", "sales.claimsAmount.amount", D),
    ("shipped_sales", "sales.shippedProductSales.amount", D),
    ("units_shipped", "sales.unitsShipped", N),
    ("orders_shipped", "sales.ordersShipped", N),
    ("sessions", "traffic.sessions", N),
    ("sessions_b2b", "traffic.sessionsB2B", N),
    ("sessions_mobile", "traffic.mobileAppSessions", N),
    ("sessions_browser", "traffic.browserSessions", N),
    ("page_views", "traffic.pageViews", N),
    ("page_views_b2b", "traffic.pageViewsB2B", N),
    ("page_views_mobile", "traffic.mobileAppPageViews", N),
    ("page_views_browser", "traffic.browserPageViews", N),
    ("buy_box_percentage", "traffic.buyBoxPercentage", D),
    ("buy_box_percentage_b2b", "traffic.buyBoxPercentageB2B", D),
    ("average_offer_count", "traffic.averageOfferCount", N),
    ("average_parent_items", "traffic.averageParentItems", N),
    ("feedback_received", "traffic.feedbackReceived", N),
    ("negative_feedback_received", "traffic.negativeFeedbackReceived", N),
)
# Report-level fields, repeated on every row so that the SQL side sees them.
REPORT_FIELDS = ("section", "data_start", "data_end", "marketplace_ids", "asin_granularity", "date_granularity",
                 "has_by_asin", "has_by_date", "currencies")  # fmt: skip
ROW_FIELDS = ("date", "parentAsin", "childAsin", "sku")
ASIN_MEASURES = ("units_ordered", "units_ordered_b2b", "ordered_sales", "ordered_sales_b2b", "order_items",
                 "order_items_b2b", "sessions", "sessions_b2b", "sessions_mobile", "sessions_browser", "page_views",
                 "page_views_b2b", "page_views_mobile", "page_views_browser")  # fmt: skip
DATE_MEASURES = tuple(m for m, _, _ in MEASURES if not m.startswith("buy_box"))


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(v, f"{prefix}.{k}" if prefix else str(k), out)
    else:
        out[prefix] = value


def _currencies(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {str(value["currencyCode"])} if "currencyCode" in value else set()
        return found.union(*(_currencies(v) for v in value.values()))
    return set()


class SalesTrafficJson(ReportSpec):
    name = "amazon.sales_traffic_json"
    title = "Sales and Traffic report (SP-API JSON)"
    formats = frozenset({"json"})
    columns = (
        _c("section", "section", required=True),
        _c("data_start", "data_start", kind=Kind.DATE),
        _c("data_end", "data_end", kind=Kind.DATE),
        _c("marketplace_ids", "marketplace_ids"),
        _c("asin_granularity", "asin_granularity"),
        _c("date_granularity", "date_granularity"),
        _c("has_by_asin", "has_by_asin", kind=Kind.BOOL),
        _c("has_by_date", "has_by_date", kind=Kind.BOOL),
        _c("currencies", "currencies"),
        _c("date", "date", kind=Kind.DATE),
        _c("parent_asin", "parentAsin"),
        _c("child_asin", "childAsin"),
        _c("sku", "sku"),
        *(_c(target, header, kind=kind) for target, header, kind in MEASURES),
    )

    def accepts_json(self, data: Any) -> bool:
        if not isinstance(data, dict):
            return False
        spec = data.get("reportSpecification")
        stated = isinstance(spec, dict) and spec.get("reportType") == REPORT_TYPE
        return stated or "salesAndTrafficByAsin" in data or "salesAndTrafficByDate" in data

    def json_rows(self, data: Any) -> tuple[list[str], list[list[str | None]]]:
        spec = data.get("reportSpecification") or {}
        options = spec.get("reportOptions") or {}
        ids = spec.get("marketplaceIds") or []
        report = {
            # "date (time ignored)": the calendar day as written, before any offset.
            "data_start": str(spec["dataStartTime"])[:10] if spec.get("dataStartTime") else None,
            "data_end": str(spec["dataEndTime"])[:10] if spec.get("dataEndTime") else None,
            "marketplace_ids": ",".join(str(i) for i in ids) if isinstance(ids, list) else str(ids),
            "asin_granularity": str(options.get("asinGranularity") or "PARENT").upper(),
            "date_granularity": str(options.get("dateGranularity") or "DAY").upper(),
            "has_by_asin": "salesAndTrafficByAsin" in data,
            "has_by_date": "salesAndTrafficByDate" in data,
        }
        header = [c.headers[0] for c in self.columns]
        rows: list[list[str | None]] = []
        for section, key in (("asin", "salesAndTrafficByAsin"), ("date", "salesAndTrafficByDate")):
            for item in data.get(key) or []:
                flat: dict[str, Any] = {}
                for part, value in item.items():
                    short = {"salesByAsin": "sales", "salesByDate": "sales", "trafficByAsin": "traffic",
                             "trafficByDate": "traffic"}.get(part, part)  # fmt: skip
                    _flatten(value, short, flat)
                values = {
                    **report,
                    **flat,
                    "section": section,
                    "currencies": ",".join(sorted(_currencies(item))),
                }
                rows.append([cell_text(values.get(h)) for h in header])
        if not rows:
            # A day without sales still says which day and marketplace it covers, so it can replace that day.
            rows.append([cell_text({**report, "section": "report"}.get(h)) for h in header])
        return header, rows

    def resolve(self, ctx: LoadContext) -> None:
        ids = ctx.distinct_values("marketplace_ids")
        if ids and ("," in ids[0] or len(ids) > 1):
            raise FileRefused(
                ctx.source.name,
                f"the report covers several marketplaces together ({ids[0]}); its figures cannot be split",
                hint="request one Sales and Traffic report per marketplace (marketplaceIds with one id)",
            )
        if ids:
            found = by_amazon_id(ids[0])
            if found is None:
                raise FileRefused(
                    ctx.source.name,
                    f"the report's marketplaceIds {ids[0]!r} is not a marketplace sellerops knows",
                    hint="give it with --marketplace if it is one sellerops lists",
                )
            ctx.set_marketplace(found, f"marketplaceIds {ids[0]} in reportSpecification")
        market = ctx.require_marketplace("the report's reportSpecification has no marketplaceIds")
        period = self._stated_period(ctx)
        if period:
            ctx.set_period(period, "dataStartTime..dataEndTime in reportSpecification")
        ctx.require_period("the report's reportSpecification has no dataStartTime/dataEndTime")
        codes = {c for v in ctx.distinct_values("currencies", limit=50) for c in v.split(",")}
        if len(codes) > 1 or (codes and codes != {market.currency}):
            raise FileRefused(
                ctx.source.name,
                f"the amounts are in {', '.join(sorted(codes))} but {market.code} sells in {market.currency}",
                hint="check that this is an unmodified report for one marketplace",
            )

    def _stated_period(self, ctx: LoadContext) -> Period | None:
        row = ctx.con.execute(
            f"SELECT min({ctx.parse('data_start')}), max({ctx.parse('data_end')}) FROM raw_file"
        ).fetchone()
        if not row or row[0] is None or row[1] is None:
            return None
        start, end = row
        assert isinstance(start, dt.date)
        assert isinstance(end, dt.date)
        if end < start:
            raise ctx.problem(f"dataEndTime {end} is before dataStartTime {start}")
        return Period(start, end)

    def checks(self, ctx: LoadContext) -> list[tuple[str, str, str]]:
        return [
            ("section = 'asin' AND parent_asin IS NULL AND child_asin IS NULL", "parent_asin", "a parentAsin"),
            ("section = 'asin' AND asin_granularity IN ('CHILD', 'SKU') AND child_asin IS NULL", "child_asin",
             "a childAsin (the report is by child ASIN or SKU)"),
            ("section = 'asin' AND asin_granularity = 'SKU' AND sku IS NULL", "sku", "a sku (the report is by SKU)"),
            ("section = 'date' AND date IS NULL", "date", "a date on every salesAndTrafficByDate row"),
        ]  # fmt: skip

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        market = ctx.require_marketplace()
        # The report's own dates, not a wider --period: a daily file replaces that day and nothing more.
        period = self._stated_period(ctx) or ctx.require_period()
        start, end, m, currency = period.start, period.end, market.code, market.currency
        flags = ctx.con.execute("SELECT bool_or(has_by_asin), bool_or(has_by_date) FROM parsed").fetchone()
        by_asin, by_date = (bool(flags[0]), bool(flags[1])) if flags else (False, False)
        loads = []
        if by_asin:
            measures = ", ".join(f"{ctx.col(t)} AS {t}" for t in ASIN_MEASURES)
            sql = f"""
                SELECT '{m}' AS marketplace, DATE '{start}' AS period_from, DATE '{end}' AS period_to,
                       coalesce({ctx.col("parent_asin")}, '') AS parent_asin, coalesce({ctx.col("child_asin")}, '') AS child_asin,
                       coalesce({ctx.col("sku")}, '') AS sku, NULL AS title, {measures}, {self._ratio(ctx, "")} AS buy_box_ratio,
                       {self._ratio(ctx, "_b2b")} AS buy_box_ratio_b2b, '{currency}' AS currency,
                       {ctx.import_id} AS import_id
                FROM parsed WHERE section = 'asin'"""
            loads.append(
                TableLoad("sales_traffic", sql, Replace(keys=True, where=traffic_overlap(m, start, end)))
            )
        if by_date:
            loads.append(self._by_date_load(ctx, m, currency, period))
        return loads

    def _ratio(self, ctx: LoadContext, suffix: str) -> str:
        target = f"buy_box_percentage{suffix}"
        return f"CAST({target} / 100 AS DECIMAL(12, 6))" if ctx.has(target) else "NULL"

    def _by_date_load(self, ctx: LoadContext, market: str, currency: str, period: Period) -> TableLoad:
        to = "CASE date_granularity WHEN 'WEEK' THEN date + 6 WHEN 'MONTH' THEN last_day(date) ELSE date END"
        measures = ", ".join(f"{ctx.col(t)} AS {t}" for t in DATE_MEASURES)
        sql = f"""
            SELECT '{market}' AS marketplace, date AS period_from, {to} AS period_to, {measures},
                   {self._ratio(ctx, "")} AS buy_box_ratio, {self._ratio(ctx, "_b2b")} AS buy_box_ratio_b2b,
                   '{currency}' AS currency, {ctx.import_id} AS import_id
            FROM parsed WHERE section = 'date'"""
        extent = ctx.con.execute(f"SELECT min(date), max({to}) FROM parsed WHERE section = 'date'").fetchone()
        start = min(period.start, extent[0]) if extent and extent[0] else period.start
        end = max(period.end, extent[1]) if extent and extent[1] else period.end
        overlap = f"marketplace = '{market}' AND period_from <= DATE '{end}' AND period_to >= DATE '{start}'"
        return TableLoad("account_sales_traffic", sql, Replace(keys=True, where=overlap))


SPECS = (SalesTrafficJson(),)
