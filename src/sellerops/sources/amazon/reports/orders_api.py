"""SP-API Orders API `getOrders` responses (JSON): Order objects into `order_header`.

Shapes read: a bare list of Order objects, `{"Orders": [...]}` and the API's `{"payload": {"Orders": [...]}}`.
An Order has no lines (those come from getOrderItems), so only the header is loaded. OrderTotal.Amount is a
string; a cancelled or pending order has no OrderTotal. Timestamps are ISO 8601 UTC (`2026-07-12T11:35:40Z`).
"""

from __future__ import annotations

from typing import Any

from sellerops.core.marketplaces import by_amazon_id, by_currency, by_domain
from sellerops.errors import FileRefused
from sellerops.sources.amazon.reports.all_orders import local_date, period_of
from sellerops.sources.columns import col as _c
from sellerops.sources.columns import key as _k
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.spec import Replace, ReportSpec, TableLoad

# Flattened field (a dotted path into the Order object) → canonical column, kind.
FIELDS: tuple[tuple[str, str, Kind], ...] = (
    ("AmazonOrderId", "order_id", Kind.TEXT),
    ("SellerOrderId", "merchant_order_id", Kind.TEXT),
    ("MarketplaceId", "marketplace_id", Kind.TEXT),
    ("PurchaseDate", "purchase_at", Kind.TIMESTAMP),
    ("LastUpdateDate", "last_updated_at", Kind.TIMESTAMP),
    ("OrderStatus", "status", Kind.TEXT),
    ("FulfillmentChannel", "fulfillment_channel", Kind.TEXT),
    ("SalesChannel", "sales_channel", Kind.TEXT),
    ("ShipServiceLevel", "ship_service_level", Kind.TEXT),
    ("OrderTotal.Amount", "order_total", Kind.DECIMAL),
    ("OrderTotal.CurrencyCode", "currency", Kind.TEXT),
    ("NumberOfItemsShipped", "items_shipped", Kind.INT),
    ("NumberOfItemsUnshipped", "items_unshipped", Kind.INT),
    ("EarliestShipDate", "earliest_ship_at", Kind.TIMESTAMP),
    ("LatestShipDate", "latest_ship_at", Kind.TIMESTAMP),
    ("LatestDeliveryDate", "latest_delivery_at", Kind.TIMESTAMP),
    ("IsBusinessOrder", "is_business", Kind.BOOL),
    ("IsPrime", "is_prime", Kind.BOOL),
    ("ShippingAddress.City", "ship_city", Kind.TEXT),
    ("ShippingAddress.StateOrRegion", "ship_state", Kind.TEXT),
    ("ShippingAddress.PostalCode", "ship_postcode", Kind.TEXT),
    ("ShippingAddress.CountryCode", "ship_country", Kind.TEXT),
)
REQUIRED = {"order_id", "purchase_at", "status"}


def _orders_of(data: Any) -> list[Any] | None:
    """The list of Order objects in a getOrders document, or None when it is not one."""
    if isinstance(data, dict):
        inner = data.get("payload", data)
        orders = inner.get("Orders") if isinstance(inner, dict) else None
        return orders if isinstance(orders, list) else None
    if isinstance(data, list) and data and all(isinstance(o, dict) and "AmazonOrderId" in o for o in data):
        return data
    return None


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _at(order: dict[str, Any], path: str) -> Any:
    value: Any = order
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


class GetOrders(ReportSpec):
    name = "amazon.orders_api"
    title = "SP-API getOrders response (JSON)"
    formats = frozenset({"json"})
    columns = tuple(
        _k(target, field, kind=kind) if target in REQUIRED else _c(target, field, kind=kind)
        for field, target, kind in FIELDS
    )

    def accepts_json(self, data: Any) -> bool:
        orders = _orders_of(data)
        return orders is not None and all(isinstance(o, dict) for o in orders)

    def json_rows(self, data: Any) -> tuple[list[str], list[list[str | None]]]:
        orders = _orders_of(data) or []
        header = [field for field, _, _ in FIELDS]
        return header, [[_text(_at(order, field)) for field in header] for order in orders]

    def resolve(self, ctx: LoadContext) -> None:
        if not ctx.scalar("SELECT count(*) FROM raw_file"):
            raise FileRefused(
                ctx.source.name,
                "the response holds no orders",
                hint="nothing to import; check the CreatedAfter/LastUpdatedAfter window of the request",
            )
        ids = ctx.distinct_values("marketplace_id")
        if len(ids) > 1:
            raise FileRefused(
                ctx.source.name,
                f"the response holds orders of several marketplaces (MarketplaceId {', '.join(ids)})",
                hint="sellerops loads one marketplace per file; request one MarketplaceId per call",
            )
        market, source = (by_amazon_id(ids[0]), f"MarketplaceId {ids[0]}") if ids else (None, "")
        if ids and market is None:
            raise FileRefused(
                ctx.source.name,
                f"MarketplaceId {ids[0]} is not a marketplace sellerops knows",
                hint="check the file; sellerops knows the marketplaces listed by `sellerops marketplaces`",
            )
        channels = ctx.distinct_values("sales_channel")
        if market is None and len(channels) == 1 and (market := by_domain(channels[0])):
            source = f"SalesChannel {channels[0]}"
        codes = ctx.distinct_values("currency")
        if market is None and len(codes) == 1 and (market := by_currency(codes[0])):
            source = f"OrderTotal currency {codes[0]}"
        ctx.set_marketplace(market, source)
        found = ctx.require_marketplace("the orders carry no MarketplaceId, sales channel or single currency")
        ctx.set_period(period_of(ctx, local_date(found, ctx.parse("purchase_at"))), "PurchaseDate")

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        market = ctx.require_marketplace()
        ctx.require_period("the orders have no PurchaseDate")
        code = market.code
        keep = [t for _, t, _ in FIELDS if t != "marketplace_id" and ctx.has(t)]
        newer = f"""h.marketplace = '{code}' AND h.order_id = p.order_id AND h.last_updated_at > p.last_updated_at"""
        stale = ctx.scalar(f"SELECT count(DISTINCT p.order_id) FROM parsed p JOIN order_header h ON {newer}")
        if stale:
            ctx.notes.append(
                f"{stale} orders were left as they were: the warehouse already holds a later update"
            )
        # A list may hold one order twice (pages fetched while it changed): the later update is the order.
        # An older response imported after a newer one leaves the newer order as it is.
        sql = f"""
            SELECT '{code}' AS marketplace, {", ".join(keep)},
                   {local_date(market, "purchase_at")} AS purchase_date, {ctx.import_id} AS import_id
            FROM parsed p
            WHERE NOT EXISTS (SELECT 1 FROM order_header h WHERE {newer})
            QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY last_updated_at DESC NULLS LAST, _row DESC) = 1"""
        return [TableLoad("order_header", sql, Replace(keys=True))]


SPECS = (GetOrders(),)
