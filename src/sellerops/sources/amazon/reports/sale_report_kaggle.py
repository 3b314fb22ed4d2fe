"""The "Amazon Sale Report" order extract (Kaggle "E-commerce Sales", an Amazon.in apparel seller's CSV).

Layout read: index, Order ID, Date (MM-DD-YY), Status, Fulfilment, "Sales Channel " (trailing space),
ship-service-level, Style, SKU, Category, Size, ASIN, Courier Status, Qty, currency, Amount, ship-*, promotion-ids,
B2B, fulfilled-by and pandas' "Unnamed: 22". It is a seller-made extract, not an Amazon report: one row per order
item, a date with no time (so `purchase_at` is midnight, marketplace time), cancelled rows with a blank Amount and
currency, and postcodes that went through a float (400081.0). Loads `order_line` and `order_header`.
"""

from __future__ import annotations

from sellerops.sources.amazon.reports.all_orders import (
    LINE_FIELDS,
    field_or_null,
    local_midnight,
    period_of,
    plan_order_loads,
    resolve_order_marketplace,
)
from sellerops.sources.columns import col as _c
from sellerops.sources.columns import key as _k
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.spec import ReportSpec, TableLoad


def order_date_sql(text: str) -> str:
    """SQL for the day in the Date column, MM-DD-YY (a DATE cast would read 04-30-22 as the year 4)."""
    shape = "[0-9]{1,2}-[0-9]{1,2}-[0-9]{2}"
    return f"CAST(CASE WHEN regexp_full_match({text}, '{shape}') THEN try_strptime({text}, '%m-%d-%y') END AS DATE)"


class AmazonSaleReport(ReportSpec):
    name = "amazon.sale_report_kaggle"
    title = "Amazon Sale Report (seller's order extract, Kaggle layout)"
    columns = (
        _k("order_id", "Order ID"),
        _k("order_date_text", "Date"),
        _k("order_status", "Status"),
        _c("fulfillment_channel", "Fulfilment", required=True),
        _c("sales_channel", "Sales Channel"),
        _c("ship_service_level", "ship-service-level"),
        _c("sku", "SKU", required=True),
        _c("asin", "ASIN"),
        _c("item_status", "Courier Status"),
        _k("quantity", "Qty", kind=Kind.INT),
        _c("currency", "currency"),
        _c("item_price", "Amount", kind=Kind.DECIMAL, required=True),
        _c("ship_city", "ship-city"),
        _c("ship_state", "ship-state"),
        _c("ship_postcode", "ship-postal-code"),
        _c("ship_country", "ship-country"),
        _c("promotion_ids", "promotion-ids"),
        _c("is_business", "B2B", kind=Kind.BOOL),
    )

    def resolve(self, ctx: LoadContext) -> None:
        resolve_order_marketplace(ctx, channel="sales_channel", currency="currency")
        ctx.set_period(period_of(ctx, order_date_sql(ctx.parse("order_date_text"))), "Date column")

    def checks(self, ctx: LoadContext) -> list[tuple[str, str, str]]:
        bad = f"order_date_text IS NOT NULL AND {order_date_sql('order_date_text')} IS NULL"
        return [(bad, "order_date_text", "a date written month first, MM-DD-YY, such as 04-30-22")]

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        market = ctx.require_marketplace()
        ctx.require_period("the file has no order dates")
        derived = {
            "purchase_at": local_midnight(market, order_date_sql("order_date_text")),
            # pandas wrote the postcodes as floats: 400081.0 is postcode 400081
            "ship_postcode": "regexp_replace(ship_postcode, '\\.0$', '')"
            if ctx.has("ship_postcode")
            else None,
        }
        fields = ", ".join(f"{derived.get(f) or field_or_null(ctx, f)} AS {f}" for f in LINE_FIELDS)
        return plan_order_loads(ctx, f"SELECT _row, {fields} FROM parsed")


SPECS = (AmazonSaleReport(),)
