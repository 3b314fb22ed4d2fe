"""Business Report "Detail Page Sales and Traffic By Child Item" (Seller Central CSV download).

Layouts read: the 2025+ en-dash style with B2B and mobile/browser columns (38 or 22 columns), the ASIN-only
variant without SKU (21), and the older hyphen style with refund and shipped columns (25). The file carries no
dates and its name is the download day, so the period must be given with --period.

Chinese Seller Central downloads carry Chinese headers. No real Chinese sample was found; the aliases below use the
terms of Amazon's own Chinese help for this report (会话次数, 页面浏览量, 购买按钮赢得率, 已订购商品数量/订购的数量,
已订购商品销售额, 订单商品总数) in the same "metric – total" shape as the English file [unverified].
"""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from sellerops.core.marketplaces import by_currency
from sellerops.core.money import currency_of_symbol
from sellerops.errors import FileRefused
from sellerops.sources.columns import col as _c
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.spec import Replace, ReportSpec, TableLoad

INT, DEC, PCT = Kind.INT, Kind.DECIMAL, Kind.PERCENT


class BusinessReport(ReportSpec):
    name = "amazon.business_report"
    title = "Business Report (Detail Page Sales and Traffic By Child Item)"
    columns = (
        _c("parent_asin", "(Parent) ASIN", required=True),
        _c("child_asin", "(Child) ASIN", required=True, not_null=True),
        _c("title", "Title"),
        _c("sku", "SKU"),
        _c("sessions", "Sessions - Total", "Sessions", kind=INT, required=True),
        _c("sessions_b2b", "Sessions - Total - B2B", kind=INT),
        _c("sessions_mobile", "Sessions - Mobile App", kind=INT),
        _c("sessions_browser", "Sessions - Browser", kind=INT),
        _c("page_views", "Page Views - Total", "Page Views", kind=INT, required=True),
        _c("page_views_b2b", "Page Views - Total - B2B", kind=INT),
        _c("page_views_mobile", "Page Views - Mobile App", kind=INT),
        _c("page_views_browser", "Page Views - Browser", kind=INT),
        _c("buy_box_ratio", "Featured Offer (Buy Box) Percentage", "Buy Box Percentage", kind=PCT),
        _c("buy_box_ratio_b2b", "Featured Offer (Buy Box) Percentage - B2B", kind=PCT),
        _c("units_ordered", "Units Ordered", kind=INT, required=True),
        _c("units_ordered_b2b", "Units Ordered - B2B", kind=INT),
        _c("ordered_sales", "Ordered Product Sales", kind=DEC, required=True),
        _c("ordered_sales_b2b", "Ordered Product Sales - B2B", kind=DEC),
        _c("order_items", "Total Order Items", kind=INT, required=True),
        _c("order_items_b2b", "Total Order Items - B2B", kind=INT),
        _c("units_refunded", "Units Refunded", kind=INT),
        _c("shipped_sales", "Shipped Product Sales", kind=DEC),
        _c("units_shipped", "Units Shipped", kind=INT),
        _c("orders_shipped", "Orders Shipped", kind=INT),
    )
    translations: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {
        "zh": {
            "parent_asin": ("(父)ASIN", "父ASIN"),
            "child_asin": ("(子)ASIN", "子ASIN"),
            "title": ("标题", "商品名称"),
            "sessions": ("会话次数 - 总计", "会话数 - 总计", "会话 - 总计", "会话次数"),
            "sessions_b2b": ("会话次数 - 总计 - B2B", "会话数 - 总计 - B2B"),
            "page_views": ("页面浏览量 - 总计", "页面浏览次数 - 总计", "页面浏览量"),
            "page_views_b2b": ("页面浏览量 - 总计 - B2B", "页面浏览次数 - 总计 - B2B"),
            "buy_box_ratio": ("推荐报价(购买按钮)百分比", "购买按钮赢得率"),
            "units_ordered": ("已订购商品数量", "订购的数量"),
            "units_ordered_b2b": ("已订购商品数量 - B2B", "订购的数量 - B2B"),
            "ordered_sales": ("已订购商品销售额", "已订购商品的销售额"),
            "ordered_sales_b2b": ("已订购商品销售额 - B2B", "已订购商品的销售额 - B2B"),
            "order_items": ("订单商品总数",),
            "order_items_b2b": ("订单商品总数 - B2B",),
        }
    }

    def resolve(self, ctx: LoadContext) -> None:
        symbols = self._money_symbols(ctx)
        codes = {currency_of_symbol(s) for s in symbols}
        if len(symbols) > 1:
            raise FileRefused(
                ctx.source.name,
                f"the sales columns mix currency symbols ({', '.join(sorted(symbols))})",
                hint="one Business Report is for one marketplace; download each marketplace separately",
            )
        code = next(iter(codes), None)
        if code:
            found = by_currency(code)
            ctx.set_marketplace(found, f"currency {code} in the sales column" if found else "")
        ctx.require_marketplace(
            "a Business Report does not name its marketplace"
            + (f" and its '{next(iter(symbols))}' amounts could be several" if symbols and not code else "")
        )
        ctx.require_period(
            "a Business Report does not carry its dates, and the date in its file name is the download day"
        )
        assert ctx.marketplace is not None
        if code and code != ctx.marketplace.currency:
            raise FileRefused(
                ctx.source.name,
                f"the amounts are in {code} but {ctx.marketplace.code} sells in {ctx.marketplace.currency}",
                hint="check --marketplace",
            )

    def _money_symbols(self, ctx: LoadContext) -> set[str]:
        column = ctx.raw("ordered_sales")
        rows = ctx.con.execute(
            f"SELECT DISTINCT regexp_extract(trim({column}), '^-?([^0-9.,\\s-]+)', 1) AS s FROM raw_file WHERE s <> ''"
        ).fetchall()
        return {str(r[0]).strip() for r in rows if re.search(r"\S", str(r[0]))}

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        assert ctx.marketplace is not None
        assert ctx.period is not None
        market, start, end = ctx.marketplace.code, ctx.period.start, ctx.period.end
        measures = [c.target for c in self.columns if c.kind is not Kind.TEXT]
        select = ", ".join(ctx.col(m) + f" AS {m}" for m in measures)
        sql = f"""
            SELECT '{market}' AS marketplace, DATE '{start}' AS period_from, DATE '{end}' AS period_to,
                   coalesce({ctx.col("parent_asin")}, '') AS parent_asin, child_asin, coalesce({ctx.col("sku")}, '') AS sku,
                   {ctx.col("title")} AS title, {select}, '{ctx.marketplace.currency}' AS currency,
                   {ctx.import_id} AS import_id
            FROM parsed"""
        return [
            TableLoad("sales_traffic", sql, Replace(keys=True, where=traffic_overlap(market, start, end)))
        ]


def traffic_overlap(marketplace: str, start: dt.date, end: dt.date) -> str:
    """The sales_traffic rows a new report for start..end replaces: days replace days, ranges replace ranges.

    Daily history (one SP-API report per day) and a weekly or monthly Business Report of the same days describe the
    same sales at two grains; neither may delete the other. Readers prefer the daily rows where they exist.
    """
    daily = start == end
    same_grain = "period_from = period_to" if daily else "period_from < period_to"
    return (
        f"marketplace = '{marketplace}' AND period_from <= DATE '{end}' AND period_to >= DATE '{start}' "
        f"AND {same_grain}"
    )


SPECS = (BusinessReport(),)
