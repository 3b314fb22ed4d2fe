"""Restock Inventory recommendations (GET_RESTOCK_INVENTORY_RECOMMENDATIONS_REPORT): stock and Amazon's advice.

Layout read: the 30 title-case columns (Country … Unit storage size), tab- or comma-separated. The stock figures go
to inventory_snapshot (warehouse FBA, or MFN for rows fulfilled by the seller) and the advice to
restock_recommendation. The report carries no date: the snapshot day is the last day of --period. `Country` gives
each row's marketplace. `Recommended ship date` may be blank or a word such as "none"; both mean no date.
"""

from __future__ import annotations

from sellerops.sources.amazon.reports.fba_inventory import (
    FBA,
    download_day,
    local_midnight,
    of_reports,
    row_markets,
    snapshot_load,
)
from sellerops.sources.columns import col as _c
from sellerops.sources.columns import key
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.spec import Replace, ReportSpec, TableLoad

INT, DEC = Kind.INT, Kind.DECIMAL
MFN = "MFN"
NO_DATE = ("none", "n/a", "na", "-", "--", "null")


class RestockReport(ReportSpec):
    name = "amazon.restock_recommendations"
    title = "Restock Inventory report"
    columns = (
        _c("country", "Country"),
        _c("product_name", "Product Name"),
        _c("fnsku", "FNSKU", required=True),
        key("sku", "Merchant SKU"),
        _c("asin", "ASIN"),
        _c("condition", "Condition"),
        _c("supplier", "Supplier"),
        _c("supplier_part_no", "Supplier part no."),
        _c("currency", "Currency code"),
        _c("price", "Price", kind=DEC),
        _c("sales_t30", "Sales last 30 days", kind=DEC),
        _c("units_sold_t30", "Units Sold Last 30 Days", kind=INT),
        _c("total", "Total Units", kind=INT, required=True),
        _c("inbound", "Inbound", kind=INT),
        _c("fulfillable", "Available", kind=INT, required=True),
        _c("fc_transfer", "FC transfer", kind=INT),
        _c("fc_processing", "FC Processing", kind=INT),
        _c("customer_order", "Customer Order", kind=INT),
        _c("unsellable", "Unfulfillable", kind=INT),
        _c("inbound_working", "Working", kind=INT),
        _c("inbound_shipped", "Shipped", kind=INT),
        _c("inbound_receiving", "Receiving", kind=INT),
        _c("fulfilled_by", "Fulfilled by"),
        _c("days_of_supply_total", "Total Days of Supply (including units from open shipments)", kind=DEC),
        _c("days_of_supply_fba", "Days of Supply at Amazon Fulfillment Network", kind=DEC),
        _c("alert", "Alert"),
        _c("recommended_quantity", "Recommended replenishment qty", kind=INT, required=True),
        _c("recommended_ship_date", "Recommended ship date"),  # read by `_ship_date_sql`: a date or a word
        _c("recommended_action", "Recommended action"),
        _c("unit_storage_size", "Unit storage size"),
    )

    def resolve(self, ctx: LoadContext) -> None:
        row_markets(ctx, "country", "Restock Inventory report")
        download_day(ctx, "Restock Inventory report")

    def checks(self, ctx: LoadContext) -> list[tuple[str, str, str]]:
        if not ctx.has("recommended_ship_date"):
            return []
        bad = (
            f"recommended_ship_date IS NOT NULL AND lower(recommended_ship_date) NOT IN {NO_DATE} "
            f"AND ({_ship_date_sql(ctx, 'recommended_ship_date', month_first=_month_first(ctx))}) IS NULL"
        )
        return [(bad, "recommended_ship_date", "a date such as 2025-08-14, or none")]

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        assert ctx.period is not None
        markets = row_markets(ctx, "country", "Restock Inventory report")
        day = ctx.period.end.isoformat()
        fba = f"coalesce(lower({_p(ctx, 'fulfilled_by')}), 'amazon') = 'amazon'"
        warehouse = f"CASE WHEN {fba} THEN '{FBA}' ELSE '{MFN}' END"
        currency = f"coalesce(upper({_p(ctx, 'currency')}), k.currency)"
        parts = [f"p.{c}" for c in ("fc_transfer", "fc_processing", "customer_order") if ctx.has(c)]
        reserved = (
            f"CASE WHEN coalesce({', '.join(parts)}) IS NOT NULL THEN "
            + " + ".join(f"coalesce({x}, 0)" for x in parts)
            + " END"
            if parts
            else "NULL"
        )
        stock = {
            "marketplace": "k.marketplace", "warehouse": warehouse, "sku": "p.sku",
            "snapshot_at": local_midnight(f"DATE '{day}'"), "snapshot_date": f"DATE '{day}'",
            "currency": currency, "reserved": reserved, "import_id": str(ctx.import_id),
            "days_of_supply": _p(ctx, "days_of_supply_fba"),
        }  # fmt: skip
        for target in ("fnsku", "asin", "product_name", "condition", "price", "fulfillable", "unsellable", "total",
                       "inbound_working", "inbound_shipped", "inbound_receiving", "alert", "recommended_action"):  # fmt: skip
            stock[target] = _p(ctx, target)
        source = f"parsed p JOIN markets k ON {markets.join}"
        stock_where = (
            f"{markets.scope()} AND warehouse IN ('{FBA}', '{MFN}') AND snapshot_date = DATE '{day}' "
            f"AND {of_reports(self.name)}"
        )
        advice_cols = ("fnsku", "asin", "product_name", "condition", "supplier", "supplier_part_no",
                       "fulfilled_by", "price", "sales_t30", "units_sold_t30", "days_of_supply_total",
                       "days_of_supply_fba", "alert", "recommended_quantity", "recommended_action",
                       "unit_storage_size")  # fmt: skip
        picked = ", ".join(f"{_p(ctx, c)} AS {c}" for c in advice_cols)
        ship = (
            _ship_date_sql(ctx, "p.recommended_ship_date", month_first="k.marketplace = 'amazon.US'")
            if ctx.has("recommended_ship_date")
            else "NULL"
        )
        advice = f"""
            WITH {markets.cte}
            SELECT k.marketplace AS marketplace, p.sku AS sku, DATE '{day}' AS snapshot_date, {picked},
                   {currency} AS currency, {ship} AS recommended_ship_date, {ctx.import_id} AS import_id
            FROM {source}"""
        return [
            snapshot_load(stock, source=source, ctes=markets.cte, where=stock_where),
            TableLoad(
                "restock_recommendation",
                advice,
                Replace(keys=True, where=f"{markets.scope()} AND snapshot_date = DATE '{day}'"),
            ),
        ]


def _p(ctx: LoadContext, target: str) -> str:
    return f"p.{target}" if ctx.has(target) else "NULL"


def _month_first(ctx: LoadContext) -> str:
    """SQL true where a row's slashed dates are month first (US), by its Country or the file's marketplace."""
    market = ctx.marketplace.code if ctx.marketplace else ""
    country = f"upper({ctx.col('country')})"
    return f"coalesce({country} = 'US', {'true' if market == 'amazon.US' else 'false'})"


def _ship_date_sql(ctx: LoadContext, ref: str, *, month_first: str) -> str:
    slashed = f"CASE WHEN {month_first} THEN try_strptime({ref}, '%m/%d/%Y') ELSE try_strptime({ref}, '%d/%m/%Y') END"
    return (
        f"CASE WHEN lower({ref}) IN {NO_DATE} THEN NULL ELSE coalesce(TRY_CAST({ref} AS DATE), "
        f"CAST({slashed} AS DATE), CAST(try_strptime({ref}, '%d.%m.%Y') AS DATE)) END"
    )


SPECS = (RestockReport(),)
