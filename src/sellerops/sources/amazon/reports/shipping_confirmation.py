"""Shipping confirmation flat file (the seller's order-fulfilment upload) into `order_shipment`, with tracking.

The OrderFulfillment template (feed POST_FLAT_FILE_FULFILLMENT_DATA) says when each merchant order item
shipped, with which carrier and tracking number. This is the file a seller (or their ERP) uploads to confirm merchant-fulfilled shipments; it is the seller's
own record of ship times and tracking, which no Amazon order report carries. Layout: order-id, order-item-id,
quantity, ship-date, carrier-code, carrier-name, tracking-number, ship-method (tab-separated; Japanese
templates add cod-collection-method). The header list agrees across many independent ERP and feed writers
(e.g. `find_string` index ids 41863105204, 20244353927, 54978427523); Amazon's own template page was not
found (see /work/shared/formats: not documented there). A blank order-item-id confirms the whole order.
`ship-date` is YYYY-MM-DD (midnight, marketplace time) or ISO 8601 with a time and offset. The file names no
marketplace: --marketplace is required.
"""

from __future__ import annotations

from sellerops.core.marketplaces import Marketplace
from sellerops.sources.amazon.reports.all_orders import local_date, local_midnight, period_of
from sellerops.sources.columns import col as _c
from sellerops.sources.columns import key as _k
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.spec import Replace, ReportSpec, TableLoad

EXPECTED_DATE = "a ship date such as 2026-07-21 or 2026-07-21T14:05:00-07:00"


def shipped_at_sql(market: Marketplace, text: str) -> str:
    """SQL for the UTC instant of a ship date: a bare day is midnight, marketplace time (so a confirmation
    dated the latest ship day counts as on time, as Amazon reads it)."""
    day = f"""CASE WHEN regexp_full_match(trim({text}), '[0-9]{{4}}[-/][0-9]{{1,2}}[-/][0-9]{{1,2}}')
        THEN try_strptime(regexp_replace(trim({text}), '/', '-', 'g'), '%Y-%m-%d') END"""
    instant = f"CASE WHEN regexp_matches({text}, '^\\s*[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}[T ]') THEN so_ts({text}) END"
    return f"coalesce({local_midnight(market, day)}, {instant})"


class ShippingConfirmation(ReportSpec):
    name = "amazon.shipping_confirmation"
    title = "Shipping confirmation flat file (order fulfilment upload)"
    columns = (
        _k("order_id", "order-id"),
        _c("order_item_id", "order-item-id", required=True),
        _c("quantity", "quantity", kind=Kind.INT),
        _k("ship_date_text", "ship-date"),
        _c("carrier_code", "carrier-code", required=True),
        _c("carrier_name", "carrier-name"),
        _c("tracking_number", "tracking-number", required=True),
        _c("ship_method", "ship-method"),
    )

    def resolve(self, ctx: LoadContext) -> None:
        market = ctx.require_marketplace(
            "a shipping confirmation file does not name its marketplace, and its bare ship dates are local days"
        )
        at = shipped_at_sql(market, ctx.parse("ship_date_text"))
        ctx.set_period(period_of(ctx, local_date(market, at)), "ship-date column")

    def checks(self, ctx: LoadContext) -> list[tuple[str, str, str]]:
        market = ctx.require_marketplace()
        bad = f"ship_date_text IS NOT NULL AND {shipped_at_sql(market, 'ship_date_text')} IS NULL"
        return [(bad, "ship_date_text", EXPECTED_DATE)]

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        market = ctx.require_marketplace()
        ctx.require_period("the file has no ship dates")
        fields = ", ".join(
            f"{ctx.col(f, 'CAST(NULL AS VARCHAR)')} AS {f}"
            for f in ("carrier_code", "carrier_name", "tracking_number", "ship_method")
        )
        # An order item confirmed twice (a corrected upload) is the later row of the file.
        sql = f"""
            SELECT '{market.code}' AS marketplace, order_id, coalesce(trim(order_item_id), '') AS order_item_id,
                   {ctx.col("quantity", "CAST(NULL AS INTEGER)")} AS quantity, shipped_at,
                   {local_date(market, "shipped_at")} AS ship_date, {fields}, {ctx.import_id} AS import_id
            FROM (SELECT *, {shipped_at_sql(market, "ship_date_text")} AS shipped_at FROM parsed)
            QUALIFY row_number() OVER (PARTITION BY order_id, coalesce(trim(order_item_id), '') ORDER BY _row DESC) = 1"""
        # Keyed by order item: a later confirmation of the same item replaces the earlier one.
        return [TableLoad("order_shipment", sql, Replace(keys=True))]


SPECS = (ShippingConfirmation(),)
