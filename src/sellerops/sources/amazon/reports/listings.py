"""Listings reports: Active Listings (GET_MERCHANT_LISTINGS_DATA) and All Listings (GET_MERCHANT_LISTINGS_ALL_DATA).

Layouts read: the 29-column All Listings file with `status`; the Active Listings file with or without the
business-pricing block (Business Price, quantity and progressive price tiers, Minimum order quantity, Sell
remainder), tab-separated as downloaded or comma-separated as a seller re-saved it. Neither report names its
marketplace nor the day it was taken: both come from --marketplace and --period (the snapshot is its last day).
"""

from __future__ import annotations

from typing import ClassVar

from sellerops.errors import FileRefused
from sellerops.sources.columns import col as _c
from sellerops.sources.columns import key
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.spec import Column, Replace, ReportSpec, TableLoad

INT, DEC = Kind.INT, Kind.DECIMAL

# UTC offsets (minutes) of the zone abbreviations Seller Central writes after `open-date`. Where an
# abbreviation is ambiguous (CST, IST, AST) the meaning of the Amazon marketplace that uses it is taken.
ZONE_OFFSETS = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "WEST": 60, "IST": 330, "CET": 60, "MEZ": 60,
    "CEST": 120, "MESZ": 120, "EET": 120, "EEST": 180, "TRT": 180, "AST": 180, "GST": 240,
    "PST": -480, "PDT": -420, "MST": -420, "MDT": -360, "CST": -360, "CDT": -300, "EST": -300, "EDT": -240,
    "BRT": -180, "JST": 540, "SGT": 480, "AWST": 480, "AEST": 600, "AEDT": 660,
}  # fmt: skip
_ZONE_RE = r"\s+([A-Za-z]{1,5})$"
_DATE_PART = r"^([0-9]{1,2})/([0-9]{1,2})/[0-9]{4}"
# Marketplaces whose Seller Central writes slashed dates month first.
MONTH_FIRST = frozenset({"amazon.US"})


def _tier_columns() -> tuple[Column, ...]:
    tiers: list[Column] = [_c("quantity_price_type", "Quantity Price Type")]
    for n in range(1, 6):
        tiers += [
            _c(f"qty_bound_{n}", f"Quantity Lower Bound {n}", kind=INT),
            _c(f"qty_price_{n}", f"Quantity Price {n}", kind=DEC),
        ]
    tiers.append(_c("progressive_price_type", "Progressive Price Type"))
    for n in range(1, 4):
        tiers += [
            _c(f"prog_bound_{n}", f"Progressive Lower Bound {n}", kind=INT),
            _c(f"prog_price_{n}", f"Progressive Price {n}", kind=DEC),
        ]
    return tuple(tiers)


class ActiveListings(ReportSpec):
    name = "amazon.active_listings"
    title = "Active Listings Report"
    excludes: ClassVar[tuple[str, ...]] = ("status",)
    columns = (
        key("sku", "seller-sku"),
        _c("title", "item-name", required=True),
        _c("description", "item-description"),
        _c("listing_id", "listing-id", kind=Kind.ID, required=True),
        _c("price", "price", kind=DEC, required=True),
        _c("quantity", "quantity", kind=INT, required=True),
        _c("open_at", "open-date", required=True),  # read by `_open_at_sql`: local time + zone abbreviation
        _c("image_url", "image-url"),
        _c("item_condition", "item-condition"),
        _c("asin", "asin1"),
        _c("product_id", "product-id", kind=Kind.ID),
        _c("pending_quantity", "pending-quantity", kind=INT),
        _c("fulfillment_channel", "fulfillment-channel", required=True),
        _c("merchant_shipping_group", "merchant-shipping-group"),
        _c("business_price", "Business Price", kind=DEC),
        *_tier_columns(),
        _c("minimum_order_quantity", "Minimum order quantity", kind=INT),
    )
    status_sql = "'Active'"

    def resolve(self, ctx: LoadContext) -> None:
        ctx.require_marketplace(
            "a listings report does not name its marketplace (the currency alone is not in the file)"
        )
        ctx.require_period(
            "a listings report does not carry the day it was taken",
            hint="give the day the report was downloaded with --period D..D, e.g. --period 2026-02-26..2026-02-26",
        )

    def checks(self, ctx: LoadContext) -> list[tuple[str, str, str]]:
        bad = f"open_at IS NOT NULL AND ({_open_at_sql(ctx, 'open_at')}) IS NULL"
        return [
            (bad, "open_at", "a date and time such as 14/05/2024 09:48:59 BST or 2019-05-21 09:58:12 PDT")
        ]

    def replaced(self, market: str, day: str) -> str:
        # An Active Listings file is the whole active set of that day; inactive rows an All Listings file gave stay.
        return f"marketplace = '{market}' AND snapshot_date = DATE '{day}' AND coalesce(status, 'Active') = 'Active'"

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        assert ctx.marketplace is not None
        assert ctx.period is not None
        market, day = ctx.marketplace.code, ctx.period.end.isoformat()
        texts = ("asin", "listing_id", "title", "description", "image_url", "fulfillment_channel",
                 "item_condition", "merchant_shipping_group", "product_id")  # fmt: skip
        numbers = ("price", "quantity", "pending_quantity", "business_price", "minimum_order_quantity")
        picked = ", ".join(f"{ctx.col(t)} AS {t}" for t in (*texts, *numbers))
        sql = f"""
            SELECT '{market}' AS marketplace, sku, DATE '{day}' AS snapshot_date, {picked},
                   '{ctx.marketplace.currency}' AS currency, {self.status_sql_for(ctx)} AS status,
                   {_open_at_sql(ctx, "open_at")} AS open_at, {_tiers_sql(ctx)} AS business_price_tiers,
                   {ctx.import_id} AS import_id
            FROM parsed"""
        return [TableLoad("listing", sql, Replace(keys=True, where=self.replaced(market, day)))]

    def status_sql_for(self, ctx: LoadContext) -> str:
        return self.status_sql


class AllListings(ActiveListings):
    name = "amazon.all_listings"
    title = "All Listings Report"
    excludes: ClassVar[tuple[str, ...]] = ()
    columns = (*ActiveListings.columns, _c("status", "status", required=True))

    def replaced(self, market: str, day: str) -> str:
        return f"marketplace = '{market}' AND snapshot_date = DATE '{day}'"

    def status_sql_for(self, ctx: LoadContext) -> str:
        return "status"


def _slash_order(ctx: LoadContext) -> str:
    """'%d/%m/%Y' or '%m/%d/%Y' for slashed open-dates, from the values themselves where they tell."""
    raw = ctx.raw("open_at")
    row = ctx.con.execute(
        f"SELECT count(*) FILTER (WHERE TRY_CAST(regexp_extract(trim({raw}), '{_DATE_PART}', 1) AS INT) > 12), "
        f"count(*) FILTER (WHERE TRY_CAST(regexp_extract(trim({raw}), '{_DATE_PART}', 2) AS INT) > 12) FROM raw_file"
    ).fetchone()
    day_first, month_first = (int(row[0]), int(row[1])) if row else (0, 0)
    if day_first and month_first:
        raise FileRefused(
            ctx.source.name,
            f"the open-date column mixes day-first and month-first dates ({day_first} rows have a day above 12 "
            f"first, {month_first} second)",
            hint="download the report again unchanged; a spreadsheet may have rewritten some dates",
        )
    if day_first:
        return "%d/%m/%Y"
    if month_first:
        return "%m/%d/%Y"
    assert ctx.marketplace is not None
    return "%m/%d/%Y" if ctx.marketplace.code in MONTH_FIRST else "%d/%m/%Y"


def _open_at_sql(ctx: LoadContext, ref: str) -> str:
    """`open-date` as UTC: the local time, shifted by its zone abbreviation (or the marketplace's zone when none)."""
    assert ctx.marketplace is not None
    slashed = _slash_order(ctx)
    body = f"trim(regexp_replace({ref}, '{_ZONE_RE}', ''))"
    zone = f"upper(regexp_extract({ref}, '{_ZONE_RE}', 1))"
    formats = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d %H:%M:%S", f"{slashed} %H:%M:%S",
               "%d.%m.%Y %H:%M:%S", "%Y-%m-%d", f"{slashed}", "%d.%m.%Y")  # fmt: skip
    local = "coalesce(" + ", ".join(f"try_strptime({body}, '{f}')" for f in formats) + ")"
    offsets = " ".join(f"WHEN '{z}' THEN {m}" for z, m in ZONE_OFFSETS.items())
    return (
        f"CASE WHEN regexp_matches(trim({ref}), '([+-][0-9]{{2}}:?[0-9]{{2}}|[0-9]Z)$') THEN TRY_CAST(trim({ref}) AS TIMESTAMPTZ) "
        f"WHEN {zone} = '' THEN timezone('{ctx.marketplace.time_zone}', {local}) "
        f"ELSE timezone('UTC', {local} - to_minutes(CASE {zone} {offsets} END)) END"
    )


def _tiers_sql(ctx: LoadContext) -> str:
    """The B2B quantity and progressive price tiers as one JSON text, NULL when the listing has none."""
    parts = []
    for kind, bound, price, count in (
        ("quantity", "qty_bound", "qty_price", 5),
        ("progressive", "prog_bound", "prog_price", 3),
    ):
        tiers = ", ".join(
            f"{{'from': {ctx.col(f'{bound}_{n}')}, 'price': CAST({ctx.col(f'{price}_{n}')} AS VARCHAR)}}"
            for n in range(1, count + 1)
        )
        kept = f"list_filter([{tiers}], lambda t: t['from'] IS NOT NULL)"
        type_col = ctx.col(f"{kind}_price_type")
        parts.append(f"CASE WHEN len({kept}) > 0 THEN json_object('type', {type_col}, 'tiers', {kept}) END")
    quantity, progressive = parts
    return (
        f"CASE WHEN coalesce({quantity}, {progressive}) IS NOT NULL THEN "
        f"CAST(json_object('quantity', {quantity}, 'progressive', {progressive}) AS VARCHAR) END"
    )


SPECS = (ActiveListings(), AllListings())
