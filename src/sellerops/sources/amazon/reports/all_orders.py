"""All Orders flat file (GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL / _BY_LAST_UPDATE_GENERAL, TSV).

Layouts read: the official 32 columns (with `cpf`), the BY_LAST_UPDATE sibling without `cpf`, the 35-column
variant (`number-of-items`, `tax-collection-*`, `address-type`) and the older MWS one with `url`: columns are
matched by name, so all are one family. One row per order item; the money columns are totals for the line's
quantity. Loads `order_line` and `order_header` (one row per order) from the same file.

The helpers below (`resolve_order_marketplace`, `plan_order_loads`) are shared with the other order extracts.
"""

from __future__ import annotations

import itertools

import duckdb

from sellerops.core.marketplaces import Marketplace, by_currency, by_domain
from sellerops.core.periods import Period
from sellerops.errors import FileRefused
from sellerops.sources.columns import col as _c
from sellerops.sources.columns import key as _k
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.spec import Replace, ReportSpec, TableLoad

MONEY = (
    "item_price", "item_tax", "shipping_price", "shipping_tax", "gift_wrap_price", "gift_wrap_tax",
    "item_promotion_discount", "ship_promotion_discount",
)  # fmt: skip
DISCOUNTS = ("item_promotion_discount", "ship_promotion_discount")
# The canonical line columns every order extract hands to `plan_order_loads` (besides `_row`).
LINE_FIELDS = (
    "order_id", "merchant_order_id", "purchase_at", "last_updated_at", "order_status", "item_status",
    "fulfillment_channel", "sales_channel", "ship_service_level", "sku", "asin", "product_name", "quantity",
    "currency", *MONEY, "promotion_ids", "is_business", "ship_city", "ship_state", "ship_postcode", "ship_country",
)  # fmt: skip
_FIELD_TYPES = {
    "purchase_at": "TIMESTAMPTZ", "last_updated_at": "TIMESTAMPTZ", "quantity": "INTEGER",
    "is_business": "BOOLEAN", **dict.fromkeys(MONEY, "DECIMAL(18, 4)"),
}  # fmt: skip


def field_or_null(ctx: LoadContext, field: str) -> str:
    """A canonical line field from `parsed`, or a NULL of its type when the file lacks the column."""
    return ctx.col(field, f"CAST(NULL AS {_FIELD_TYPES.get(field, 'VARCHAR')})")


def resolve_order_marketplace(ctx: LoadContext, *, channel: str, currency: str) -> Marketplace:
    """The marketplace from the sales-channel column (`Amazon.com`), else from one unambiguous currency.

    `Non-Amazon` rows are multi-channel fulfilment orders from the same FBA pool: they name no marketplace.
    """
    channels = [
        c for c in ctx.distinct_values(channel, limit=50) if not c.casefold().startswith("non-amazon")
    ]
    found = {c: by_domain(c) for c in channels}
    known = {m.code: (c, m) for c, m in found.items() if m is not None}
    unknown = sorted(c for c, m in found.items() if m is None)
    if len(known) > 1 or (known and unknown):
        shown = ", ".join(sorted([c for c, _ in known.values()] + unknown))
        raise FileRefused(
            ctx.source.name,
            f"the {ctx.match.names[channel]!r} column names several marketplaces ({shown})",
            hint="sellerops loads one marketplace per file; download the report once per marketplace",
        )
    if known:
        name, market = next(iter(known.values()))
        ctx.set_marketplace(market, f"{ctx.match.names[channel]} {name}")
        return ctx.require_marketplace()
    codes = [c.upper() for c in ctx.distinct_values(currency)]
    if len(codes) == 1 and (market_of_currency := by_currency(codes[0])) is not None:
        ctx.set_marketplace(market_of_currency, f"currency {codes[0]} in {ctx.match.names[currency]!r}")
        return ctx.require_marketplace()
    if unknown:
        why = f"its sales channel ({', '.join(unknown)}) is not a marketplace sellerops knows"
    elif ctx.has(channel):
        why = "its sales channel names no Amazon marketplace"
    else:
        why = "it has no sales-channel column"
    if len(codes) > 1:
        why += f" and it mixes currencies ({', '.join(codes)})"
    elif codes:
        why += f" and several marketplaces sell in {codes[0]}"
    else:
        why += " and no currency"
    return ctx.require_marketplace(f"the file does not say which marketplace its orders are from: {why}")


def local_date(market: Marketplace, timestamp_sql: str) -> str:
    """SQL for the marketplace-local calendar day of a UTC timestamp (DuckDB ICU)."""
    return f"CAST(timezone('{market.time_zone}', {timestamp_sql}) AS DATE)"


_DAY_US = 86_400_000_000


def local_date_over(con: duckdb.DuckDBPyConnection, market: Marketplace, column: str, rows: str) -> str:
    """SQL for `local_date(market, column)` for the rows of `rows` only, without asking ICU row by row.

    The UTC offsets in force over the rows' span are read once, hour by hour, each change pinned to its second;
    each row then adds its offset to its instant, which costs a tenth of converting it (a fifth of a second per
    million rows). The dates are the same: the offset is exact at every instant of the span.
    """
    lo, hi = con.execute(f"SELECT min({column}), max({column}) FROM {rows}").fetchone() or (None, None)
    if lo is None or lo.year < 1971 or hi.year - lo.year > 50:
        return local_date(market, column)  # nothing to span, or a span too odd to tabulate
    zone = market.time_zone
    offset = f"epoch_us(timezone('{zone}', t)) - epoch_us(t)"
    hours = con.execute(
        f"SELECT epoch_us(t), {offset} FROM generate_series(date_trunc('hour', ?::TIMESTAMPTZ), "
        "?::TIMESTAMPTZ + INTERVAL 1 HOUR, INTERVAL 1 HOUR) s(t) ORDER BY t",
        [lo, hi],
    ).fetchall()
    changes: list[tuple[int, int]] = []  # (first instant of an offset, in µs since the epoch; the offset)
    for (before, old), (after, new) in itertools.pairwise(hours):
        if new != old:  # clocks changed within this hour: find the second
            row = con.execute(
                f"SELECT min(epoch_us(t)) FROM generate_series(make_timestamptz(?::BIGINT), "
                f"make_timestamptz(?::BIGINT), INTERVAL 1 SECOND) s(t) WHERE {offset} = ?",
                [before, after, new],
            ).fetchone()
            changes.append((int(row[0]) if row and row[0] is not None else after, int(new)))
    instant = f"epoch_us({column})"
    shift = str(hours[0][1])
    if changes:
        steps = [
            f"WHEN {instant} < {at} THEN {was}"
            for (at, _), was in zip(changes, [hours[0][1]] + [c[1] for c in changes], strict=False)
        ]
        shift = f"CASE {' '.join(steps)} ELSE {changes[-1][1]} END"
    return f"(DATE '1970-01-01' + CAST(({instant} + {shift}) // {_DAY_US} AS INTEGER))"


def local_midnight(market: Marketplace, date_sql: str) -> str:
    """SQL for the UTC instant of midnight, marketplace time, on a local date."""
    return f"timezone('{market.time_zone}', CAST({date_sql} AS TIMESTAMP))"


def period_of(ctx: LoadContext, date_sql: str) -> Period | None:
    """The smallest period holding every value of a date expression over the file's rows (`ctx.rows`)."""
    row = ctx.con.execute(f"SELECT min(d), max(d) FROM (SELECT {date_sql} AS d FROM {ctx.rows})").fetchone()
    return Period(row[0], row[1]) if row and row[0] is not None else None


def plan_order_loads(ctx: LoadContext, rows_sql: str) -> list[TableLoad]:
    """`order_line` and `order_header` from canonical line rows (LINE_FIELDS and `_row`, in file order).

    A line has no id in these extracts, so `line_id` is its SKU and the SKU's occurrence within the order, in
    file order. A re-download replaces every line of each order it holds (a line dropped from an order goes),
    unless the warehouse already has a later update of that order (an older download imported afterwards).
    Orders absent from the new file are kept: a by-last-update file only holds the orders that changed.
    """
    market = ctx.require_marketplace()
    code, con = market.code, ctx.con
    item = "coalesce(sku, asin, '')"
    # The wide rows stay views: copying millions of them cost more than reading them again for the headers.
    con.execute(f"CREATE OR REPLACE TEMP VIEW so_order_src AS {rows_sql}")
    purchase_date = local_date_over(con, market, "purchase_at", "so_order_src")
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW so_order_dated AS SELECT *, {purchase_date} AS purchase_date FROM so_order_src"
    )
    # Most orders name each SKU once, and its line is SKU#1: only the lines of a SKU repeated within its order are
    # numbered, by a window over those few rows rather than a sort of the whole file and a join back.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE so_line_ids AS
        WITH lines AS (SELECT _row, order_id, {item} AS item FROM so_order_src),
        repeated AS (SELECT order_id, item FROM lines GROUP BY ALL HAVING count(*) > 1)
        SELECT l._row, l.item || '#' || row_number() OVER (PARTITION BY l.order_id, l.item ORDER BY l._row) AS line_id
        FROM lines l JOIN repeated r ON l.order_id IS NOT DISTINCT FROM r.order_id AND l.item = r.item""")
    if ctx.scalar("SELECT count(*) FROM so_line_ids"):
        line_rows = f"SELECT r.*, coalesce(n.line_id, {item} || '#1') AS line_id "
        line_rows += "FROM so_order_dated r LEFT JOIN so_line_ids n USING (_row)"
    else:
        line_rows = f"SELECT *, {item} || '#1' AS line_id FROM so_order_dated"
    con.execute(f"CREATE OR REPLACE TEMP VIEW so_order_rows AS {line_rows}")
    # Orders the warehouse already holds are replaced only by a later update of them; with none of this
    # marketplace's orders there (a first import of its history), every order in the file is new.
    held = ctx.scalar(
        f"SELECT (SELECT count(*) FROM order_line WHERE marketplace = '{code}') "
        f"+ (SELECT count(*) FROM order_header WHERE marketplace = '{code}')"
    )
    fresh = f"""
        WITH incoming AS (SELECT order_id, max(last_updated_at) AS lu FROM so_order_src GROUP BY order_id),
        lines AS (SELECT order_id, max(last_updated_at) AS lu FROM order_line
                  WHERE marketplace = '{code}' AND order_id IN (SELECT order_id FROM incoming) GROUP BY order_id),
        heads AS (SELECT order_id, last_updated_at AS lu FROM order_header
                  WHERE marketplace = '{code}' AND order_id IN (SELECT order_id FROM incoming))
        SELECT n.order_id, coalesce(n.lu >= l.lu, true) AS lines_fresh, coalesce(n.lu >= h.lu, true) AS header_fresh
        FROM incoming n LEFT JOIN lines l USING (order_id) LEFT JOIN heads h USING (order_id)"""
    empty = "SELECT NULL::VARCHAR AS order_id, true AS lines_fresh, true AS header_fresh WHERE false"
    con.execute(f"CREATE OR REPLACE TEMP TABLE so_order_fresh AS {fresh if held else empty}")
    stale = ctx.scalar(
        "SELECT count(*) FILTER (WHERE NOT lines_fresh OR NOT header_fresh) FROM so_order_fresh"
    )
    if stale:
        ctx.notes.append(
            f"{stale} orders were left as they were: the warehouse already holds a later update of them"
        )
    # Usually every order in the file is fresh: then filtering the rows through the list of orders costs a join
    # over millions of rows for nothing.
    fresh_lines = "order_id IN (SELECT order_id FROM so_order_fresh WHERE lines_fresh)" if stale else "true"
    fresh_header = "order_id IN (SELECT order_id FROM so_order_fresh WHERE header_fresh)" if stale else "true"
    currency = f"coalesce(upper(currency), CASE WHEN item_price IS NOT NULL THEN '{market.currency}' END)"
    money = ", ".join(
        f"-abs({m}) AS {m}" if m in DISCOUNTS else m for m in MONEY
    )  # a discount lowers the price whichever sign the file gives it
    lines_sql = f"""
        SELECT '{code}' AS marketplace, order_id, line_id, purchase_at, purchase_date, last_updated_at, order_status,
               item_status, fulfillment_channel, sales_channel, ship_service_level, sku, asin, product_name, quantity,
               {currency} AS currency, {money}, promotion_ids, is_business, ship_city, ship_state, ship_postcode,
               ship_country, {ctx.import_id} AS import_id
        FROM so_order_rows WHERE {fresh_lines}"""
    order_level = (
        "order_status", "merchant_order_id", "fulfillment_channel", "sales_channel", "ship_service_level",
        "ship_city", "ship_state", "ship_postcode", "ship_country",
    )  # fmt: skip
    # Order-level fields as the order's first line gives them: one arg_min over a struct, not one per field.
    first_line = f"arg_min(struct_pack({', '.join(order_level)}), _row)"
    first = ", ".join(f"{first_line}.{f} AS {'status' if f == 'order_status' else f}" for f in order_level)
    # What the buyer pays for the order: every charge and tax less the discounts, over the lines still ordered.
    # Unknown when a line still ordered has no price yet (pending); none for an order cancelled whole.
    live = "quantity > 0 AND NOT coalesce(item_status ILIKE 'cancel%' OR order_status ILIKE 'cancel%', false)"
    charge = " + ".join(f"-abs(coalesce({m}, 0))" if m in DISCOUNTS else f"coalesce({m}, 0)" for m in MONEY)
    header_sql = f"""
        SELECT '{code}' AS marketplace, order_id, min(purchase_at) AS purchase_at,
               min(purchase_date) AS purchase_date, max(last_updated_at) AS last_updated_at,
               {first},
               CASE WHEN coalesce(min(cur) = max(cur), true) AND count(*) FILTER (WHERE live) > 0
                     AND count(*) FILTER (WHERE live AND item_price IS NULL) = 0
                    THEN sum({charge}) FILTER (WHERE live) END AS order_total,
               CASE WHEN min(cur) = max(cur) THEN min(cur) END AS currency,
               CASE WHEN count(item_status) > 0
                    THEN coalesce(sum(quantity) FILTER (WHERE lower(item_status) = 'shipped'), 0) END AS items_shipped,
               CASE WHEN count(item_status) > 0
                    THEN coalesce(sum(quantity) FILTER (WHERE lower(item_status) = 'unshipped'), 0) END
                    AS items_unshipped,
               bool_or(is_business) AS is_business, {ctx.import_id} AS import_id
        FROM (SELECT *, {currency} AS cur, {live} AS live FROM so_order_dated)
        WHERE {fresh_header}
        GROUP BY order_id"""
    replaced_orders = (
        f"marketplace = '{code}' AND order_id IN (SELECT order_id FROM so_order_fresh WHERE lines_fresh)"
        if held
        else None
    )
    # Keys unique by construction: a line id is numbered within its order, a header is grouped by order.
    return [
        TableLoad("order_line", lines_sql, Replace(keys=True, where=replaced_orders), unique_keys=True),
        TableLoad("order_header", header_sql, Replace(keys=True), unique_keys=True),
    ]


class AllOrders(ReportSpec):
    name = "amazon.all_orders"
    title = "All Orders report (flat file)"
    columns = (
        _k("order_id", "amazon-order-id"),
        _c("merchant_order_id", "merchant-order-id"),
        _k("purchase_at", "purchase-date", kind=Kind.TIMESTAMP),
        _c("last_updated_at", "last-updated-date", kind=Kind.TIMESTAMP),
        _k("order_status", "order-status"),
        _c("fulfillment_channel", "fulfillment-channel"),
        _c("sales_channel", "sales-channel"),
        _c("ship_service_level", "ship-service-level"),
        _c("product_name", "product-name"),
        _c("sku", "sku", required=True),
        _c("asin", "asin"),
        _c("item_status", "item-status"),
        _k("quantity", "quantity", kind=Kind.INT),
        _c("currency", "currency"),
        _c("item_price", "item-price", kind=Kind.DECIMAL, required=True),
        *(_c(m, m.replace("_", "-"), kind=Kind.DECIMAL) for m in MONEY[1:]),
        _c("ship_city", "ship-city"),
        _c("ship_state", "ship-state"),
        _c("ship_postcode", "ship-postal-code"),
        _c("ship_country", "ship-country"),
        _c("promotion_ids", "promotion-ids"),
        _c("is_business", "is-business-order", kind=Kind.BOOL),
    )
    # Shipment and unshipped-order reports share many headers; their item ids mark them as other families.
    excludes = ("shipment-id", "shipment-item-id", "amazon-order-item-id", "order-item-id")
    one_pass = True

    def resolve(self, ctx: LoadContext) -> None:
        market = resolve_order_marketplace(ctx, channel="sales_channel", currency="currency")
        purchase_date = (
            local_date_over(ctx.con, market, "purchase_at", ctx.rows)
            if ctx.typed
            else local_date(market, ctx.parse("purchase_at"))
        )
        ctx.set_period(period_of(ctx, purchase_date), "purchase-date column")

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        ctx.require_period("the file has no purchase dates")
        fields = ", ".join(f"{field_or_null(ctx, f)} AS {f}" for f in LINE_FIELDS)
        return plan_order_loads(ctx, f"SELECT _row, {fields} FROM parsed")


SPECS = (AllOrders(),)
