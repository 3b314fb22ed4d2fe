"""Seller feedback report (GET_SELLER_FEEDBACK_DATA, TSV) into `seller_feedback`.

Layouts read: Date, Rating, Comments, Your Response, Order ID, Rater Email, and the newer downloads that add
Arrived on Time, Item as Described, Customer Service and Rater Role. The file names no marketplace, and the
marketplace decides how its dates read: Amazon.com writes 10/20/23 month first, the other marketplaces day
first; a year written first (2023/10/20, 2023-10-20) reads the same everywhere. --marketplace is required.
"""

from __future__ import annotations

from sellerops.core.marketplaces import Marketplace
from sellerops.sources.amazon.reports.all_orders import period_of
from sellerops.sources.columns import col as _c
from sellerops.sources.columns import key as _k
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.spec import Replace, ReportSpec, TableLoad

MONTH_FIRST = frozenset({"amazon.US"})
_SEP = "[-/.]"


def feedback_date_sql(market: Marketplace, text: str) -> str:
    """SQL for the calendar day a feedback date means on this marketplace; NULL when it is not a real day."""
    first, second = ("%m", "%d") if market.code in MONTH_FIRST else ("%d", "%m")
    norm = f"regexp_replace({text}, '{_SEP}', '/', 'g')"
    return f"""CAST(CASE
        WHEN regexp_full_match({text}, '[0-9]{{4}}{_SEP}[0-9]{{1,2}}{_SEP}[0-9]{{1,2}}') THEN try_strptime({norm}, '%Y/%m/%d')
        WHEN regexp_full_match({text}, '[0-9]{{1,2}}{_SEP}[0-9]{{1,2}}{_SEP}[0-9]{{2}}') THEN try_strptime({norm}, '{first}/{second}/%y')
        WHEN regexp_full_match({text}, '[0-9]{{1,2}}{_SEP}[0-9]{{1,2}}{_SEP}[0-9]{{4}}') THEN try_strptime({norm}, '{first}/{second}/%Y')
        END AS DATE)"""


def _expected_date(market: Marketplace) -> str:
    order = "month first (MM/DD/YY)" if market.code in MONTH_FIRST else "day first (DD/MM/YY)"
    return f"a real date written {order}, as {market.code} writes it, or YYYY-MM-DD"


class SellerFeedback(ReportSpec):
    name = "amazon.seller_feedback"
    title = "Seller feedback report"
    columns = (
        _k("date_text", "Date"),
        _k("rating", "Rating", kind=Kind.INT),
        _c("comments", "Comments", required=True),
        _c("response", "Your Response"),
        _k("order_id", "Order ID"),
        _c("rater_email", "Rater Email"),
        _c("arrived_on_time", "Arrived on Time", kind=Kind.BOOL),
        _c("item_as_described", "Item as Described", kind=Kind.BOOL),
        _c("customer_service", "Customer Service", kind=Kind.BOOL),
        _c("rater_role", "Rater Role"),
    )

    def resolve(self, ctx: LoadContext) -> None:
        market = ctx.require_marketplace(
            "a feedback report does not name its marketplace, and its dates read differently by marketplace"
        )
        ctx.set_period(period_of(ctx, feedback_date_sql(market, ctx.parse("date_text"))), "Date column")

    def checks(self, ctx: LoadContext) -> list[tuple[str, str, str]]:
        market = ctx.require_marketplace()
        return [
            (f"date_text IS NOT NULL AND {feedback_date_sql(market, 'date_text')} IS NULL", "date_text",
             _expected_date(market)),
            ("rating NOT BETWEEN 1 AND 5", "rating", "a star rating from 1 to 5"),
        ]  # fmt: skip

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        market = ctx.require_marketplace()
        period = ctx.require_period("the file has no feedback dates")
        code = market.code
        text = ("comments", "response", "rater_email", "rater_role")
        flags = ("arrived_on_time", "item_as_described", "customer_service")
        fields = ", ".join(
            [f"{ctx.col(f, 'CAST(NULL AS VARCHAR)')} AS {f}" for f in text]
            + [f"{ctx.col(f, 'CAST(NULL AS BOOLEAN)')} AS {f}" for f in flags]
        )
        sql = f"""
            SELECT '{code}' AS marketplace, {feedback_date_sql(market, "date_text")} AS feedback_date, rating,
                   order_id, {fields}, {ctx.import_id} AS import_id
            FROM parsed"""
        # The report lists all feedback of its dates: feedback removed since then goes with the re-download.
        window = (
            f"marketplace = '{code}' AND feedback_date BETWEEN DATE '{period.start}' AND DATE '{period.end}'"
        )
        return [TableLoad("seller_feedback", sql, Replace(keys=True, where=window))]


SPECS = (SellerFeedback(),)
