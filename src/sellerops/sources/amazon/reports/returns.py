"""FBA customer returns (GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA, TSV) into `return_line`.

Layouts read: the 13-column download (return-date, order-id, sku, asin, fnsku, product-name, quantity,
fulfillment-center-id, detailed-disposition, reason, status, license-plate-number, customer-comments), with
`amazon-order-id` for `order-id` as the BR/IT/AU help pages write it, and the AU capitalised spellings.
Return dates come as ISO 8601 with an offset (SP-API) or as a bare day, DD-MON-YYYY or DD-MM-YYYY (Seller
Central); a bare day is midnight, marketplace time. The file names no marketplace: --marketplace is required.
Reason and disposition codes are kept as written: Amazon adds new ones.
"""

from __future__ import annotations

from sellerops.core.marketplaces import Marketplace
from sellerops.sources.amazon.reports.all_orders import local_date, local_midnight, period_of
from sellerops.sources.columns import col as _c
from sellerops.sources.columns import key as _k
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.spec import Replace, ReportSpec, TableLoad

EXPECTED_DATE = "a return date such as 2025-03-15T10:04:00+00:00, 15-MAR-2025 or 15-03-2025"


def return_at_sql(market: Marketplace, text: str) -> str:
    """SQL for the UTC instant of a return date written as a bare day (local midnight) or a timestamp.

    Each shape is matched whole first: DuckDB's own casts would read 15-03-24 as the year 15.
    """
    day = f"""CASE
        WHEN regexp_full_match({text}, '[0-9]{{1,2}}-[A-Za-z]{{3}}-[0-9]{{4}}') THEN try_strptime({text}, '%d-%b-%Y')
        WHEN regexp_full_match({text}, '[0-9]{{1,2}}[-/.][0-9]{{1,2}}[-/.][0-9]{{4}}')
            THEN try_strptime(regexp_replace({text}, '[-/.]', '/', 'g'), '%d/%m/%Y')
        WHEN regexp_full_match({text}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') THEN try_strptime({text}, '%Y-%m-%d')
        END"""
    instant = (
        f"CASE WHEN regexp_matches({text}, '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}[T ]') THEN so_ts({text}) END"
    )
    return f"coalesce({local_midnight(market, day)}, {instant})"


class FbaCustomerReturns(ReportSpec):
    name = "amazon.fba_customer_returns"
    title = "FBA customer returns report"
    columns = (
        _k("return_date_text", "return-date"),
        _k("order_id", "order-id", "amazon-order-id"),
        _k("sku", "sku"),
        _c("asin", "asin"),
        _c("fnsku", "fnsku"),
        _c("product_name", "product-name"),
        _k("quantity", "quantity", kind=Kind.INT),
        _c("fulfillment_center", "fulfillment-center-id", "fulfilment-centre-id"),
        _c("disposition", "detailed-disposition", required=True),
        _c("reason", "reason"),
        _c("status", "status"),
        _c("license_plate_number", "license-plate-number"),
        _c("customer_comments", "customer-comments"),
    )

    def resolve(self, ctx: LoadContext) -> None:
        market = ctx.require_marketplace("an FBA customer returns report does not name its marketplace")
        at = return_at_sql(market, ctx.parse("return_date_text"))
        ctx.set_period(period_of(ctx, local_date(market, at)), "return-date column")

    def checks(self, ctx: LoadContext) -> list[tuple[str, str, str]]:
        market = ctx.require_marketplace()
        bad_date = f"return_date_text IS NOT NULL AND {return_at_sql(market, 'return_date_text')} IS NULL"
        return [(bad_date, "return_date_text", EXPECTED_DATE)]

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        market = ctx.require_marketplace()
        period = ctx.require_period("the file has no return dates")
        code = market.code
        lpn = f"coalesce({ctx.col('license_plate_number')}, '')"
        fields = ", ".join(
            f"{ctx.col(f)} AS {f}"
            for f in (
                "asin", "fnsku", "product_name", "fulfillment_center", "disposition", "reason", "status",
                "customer_comments",
            )
        )  # fmt: skip
        # The same unit can come back twice in one day without an LPN (older layouts): number the repeats.
        sql = f"""
            SELECT '{code}' AS marketplace, return_at, {local_date(market, "return_at")} AS return_date, order_id,
                   sku, quantity, lpn AS license_plate_number, {fields},
                   CAST(row_number() OVER (PARTITION BY return_at, order_id, sku, lpn ORDER BY _row) AS INTEGER) AS seq,
                   {ctx.import_id} AS import_id
            FROM (SELECT *, {return_at_sql(market, "return_date_text")} AS return_at, {lpn} AS lpn FROM parsed)"""
        # A returns download is complete for its dates: a re-download of them replaces what was there.
        window = (
            f"marketplace = '{code}' AND return_date BETWEEN DATE '{period.start}' AND DATE '{period.end}'"
        )
        return [TableLoad("return_line", sql, Replace(keys=True, where=window))]


SPECS = (FbaCustomerReturns(),)
