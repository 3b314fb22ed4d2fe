"""What every Amazon Ads family shares: where the marketplace and period come from, and the `ad_performance` SELECT.

Conventions for `ad_performance` (the one table every ads report feeds):

* `report_type` is the grain: `search_term`, `targeting`, `advertised_product`, `placement`, `campaign`,
  `performance_over_time`, `custom_search_term`, `bulk_search_term`, `bulk_campaign`, `bulk_ad_group`,
  `bulk_targeting`, `bulk_product_ad`. Rows of different types describe the same spend at different grains
  and are never added together.
* `ad_product` is the API's word (`SPONSORED_PRODUCTS`); every console layout read here is Sponsored Products
  unless a `Campaign Type` / `Product` column says otherwise.
* `match_type` is upper case as the report wrote it (`EXACT`, `PHRASE`, `BROAD`; the 2025 custom report's
  `TARGETING_EXPRESSION…`); the console's `-` (a product or auto target) is NULL. `targeting_type` is
  `AUTO` / `MANUAL`.
* `sales` / `orders` / `units` hold whatever attribution window the header names ("7 Day …", "14 Day …");
  `attribution_days` says which, and is NULL when the layout does not say (custom report, bulk sheets).
* Derived ratios (CTR, CPC, ACoS, RoAS, conversion rate) are not stored: they are recomputed from the sums.
* Replacement: a file deletes the rows of the same marketplace and report type whose period overlaps its own
  (the newest download of a date range wins), then adds its rows; the key is (import_id, source_row).
"""

from __future__ import annotations

from sellerops.core.marketplaces import Marketplace, by_country_name, by_currency
from sellerops.core.money import currency_of_symbol
from sellerops.core.periods import Period
from sellerops.errors import FileRefused
from sellerops.sources.context import LoadContext
from sellerops.sources.spec import Replace, TableLoad
from sellerops.warehouse.schema import table

PERFORMANCE_COLUMNS = table("ad_performance").column_names
SPONSORED_PRODUCTS = "'SPONSORED_PRODUCTS'"


def resolve_marketplace(ctx: LoadContext) -> str:
    """Settle the marketplace from `country`, else an unambiguous currency; returns the amounts' currency."""
    countries = ctx.distinct_values("country")
    if len(countries) > 1:
        raise FileRefused(
            ctx.source.name,
            f"the file mixes countries ({', '.join(countries)}) in column {ctx.match.names['country']!r}",
            hint="download one report per marketplace",
        )
    if countries:
        found = by_country_name(countries[0])
        if found is None:
            raise FileRefused(
                ctx.source.name,
                f"column {ctx.match.names['country']!r} names {countries[0]!r}, which is not a marketplace "
                "sellerops knows",
                hint="check the file; `sellerops marketplaces` lists the known ones",
            )
        ctx.set_marketplace(found, f"column {ctx.match.names['country']} ({countries[0]})")
    code = _file_currency(ctx)
    if code and ctx.marketplace is None:
        found = by_currency(code)
        ctx.set_marketplace(found, f"currency {code}" if found else "")
    why = "this ads report names neither its country nor its currency"
    if code and ctx.marketplace is None and ctx.options.marketplace is None:
        why = f"this ads report is in {code}, which several marketplaces use"
    market = ctx.require_marketplace(why)
    if code and code != market.currency:
        raise FileRefused(
            ctx.source.name,
            f"the amounts are in {code} but {market.code} sells in {market.currency}",
            hint="check --marketplace",
        )
    return market.currency


def _file_currency(ctx: LoadContext) -> str | None:
    values = [v.upper() for v in ctx.distinct_values("currency")]
    if len(values) > 1:
        raise FileRefused(
            ctx.source.name,
            f"the file mixes currencies ({', '.join(values)}) in column {ctx.match.names['currency']!r}",
            hint="download one report per marketplace",
        )
    if values:
        return values[0]
    symbol = ctx.match.header_currency_symbol
    return currency_of_symbol(symbol) if symbol else None


def resolve_period(ctx: LoadContext, why: str) -> Period:
    """The file's period from `date` (daily rows) or `start_date`/`end_date`, else --period."""
    if ctx.has("date"):
        ctx.set_period(ctx.period_from_dates("date"), f"column {ctx.match.names['date']}")
    elif ctx.has("start_date") and ctx.has("end_date"):
        start, end = ctx.period_from_dates("start_date"), ctx.period_from_dates("end_date")
        if start and end:
            source = f"columns {ctx.match.names['start_date']} and {ctx.match.names['end_date']}"
            ctx.set_period(Period(start.start, max(end.end, start.end)), source)
    return ctx.require_period(why)


def row_period(ctx: LoadContext) -> tuple[str, str]:
    """SQL for each row's own period_from / period_to."""
    assert ctx.period is not None
    whole = (f"DATE '{ctx.period.start}'", f"DATE '{ctx.period.end}'")
    if ctx.has("date"):
        return "date", "date"
    if ctx.has("start_date") and ctx.has("end_date"):
        return "start_date", "end_date"
    return whole


def upper_words(sql: str) -> str:
    """'Sponsored Products' → 'SPONSORED_PRODUCTS'; blanks and the console's '-' → NULL."""
    return (
        f"CASE WHEN so_blank({sql}) THEN NULL ELSE upper(regexp_replace(trim({sql}), '\\s+', '_', 'g')) END"
    )


def targeting_type(sql: str) -> str:
    """'Automatic targeting' / 'Auto' → AUTO, 'Manual targeting' / 'Manual' → MANUAL."""
    return (
        f"CASE WHEN lower({sql}) LIKE 'auto%' THEN 'AUTO' WHEN lower({sql}) LIKE 'manual%' THEN 'MANUAL' "
        f"ELSE {upper_words(sql)} END"
    )


def overlap(market: Marketplace, report_types: tuple[str, ...], period: Period) -> str:
    types = ", ".join(f"'{t}'" for t in report_types)
    return (
        f"marketplace = '{market.code}' AND report_type IN ({types}) "
        f"AND period_from <= DATE '{period.end}' AND period_to >= DATE '{period.start}'"
    )


def performance_load(
    ctx: LoadContext,
    report_type: str,
    currency: str,
    *,
    overrides: dict[str, str] | None = None,
    where: str = "true",
    replaces: tuple[str, ...] = (),
) -> TableLoad:
    """Rows of `parsed` as `ad_performance` rows: columns named like the table's pass through, the rest NULL."""
    assert ctx.marketplace is not None
    assert ctx.period is not None
    period_from, period_to = row_period(ctx)
    days = ctx.match.attribution_days
    exprs = {
        "report_type": ctx.sql_literal(report_type),
        "marketplace": ctx.sql_literal(ctx.marketplace.code),
        "period_from": period_from,
        "period_to": period_to,
        "ad_product": f"coalesce({upper_words('ad_product')}, {SPONSORED_PRODUCTS})"
        if ctx.has("ad_product")
        else SPONSORED_PRODUCTS,
        "match_type": upper_words("match_type") if ctx.has("match_type") else "NULL",
        "targeting_type": targeting_type("targeting_type") if ctx.has("targeting_type") else "NULL",
        "currency": ctx.sql_literal(currency),
        "attribution_days": str(days) if days else "NULL",
        "source_row": "_row",
        "import_id": str(ctx.import_id),
        **(overrides or {}),
    }
    select = ", ".join(f"{exprs.get(c, ctx.col(c))} AS {c}" for c in PERFORMANCE_COLUMNS)
    replace = Replace(keys=True, where=overlap(ctx.marketplace, replaces or (report_type,), ctx.period))
    return TableLoad("ad_performance", f"SELECT {select} FROM parsed WHERE {where}", replace)
