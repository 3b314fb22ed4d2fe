"""Settlement report, Flat File V2 (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2) → settlement, fee_txn, claim.

Layouts read: Amazon's 23 documented columns, and the 24 seen in real files (with promotion-id). Each row is
already one amount (amount-type / amount-description / amount). Timestamps come as ISO with an offset,
'2025-06-09 05:23:19 UTC' or, in EU files, '19.07.2026 13:27:57 UTC'; posted-date is the marketplace's own date
format (09/06/25 in the UK, 23.07.2026 in Germany, month first in the US); EU amounts may use a decimal comma.
Everything else (summary row, marketplace, period, claims, replacement) is shared with the older layout.
"""

from __future__ import annotations

from sellerops.sources.amazon.reports.settlement import COMMON, SettlementReport
from sellerops.sources.columns import col as _c
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind


class SettlementFlatFileV2(SettlementReport):
    name = "amazon.settlement_v2"
    title = "Settlement report (flat file V2)"
    columns = (
        *COMMON,
        _c("amount_type", "amount-type", required=True),
        _c("amount_description", "amount-description", required=True),
        _c("amount", "amount", kind=Kind.DECIMAL, required=True),
        _c("posted_time", "posted-date-time"),
        _c("promotion_id", "promotion-id"),
    )
    amount_targets = ("amount",)

    def checks(self, ctx: LoadContext) -> list[tuple[str, str, str]]:
        return [
            *super().checks(ctx),
            ("amount IS NOT NULL AND amount_type IS NULL", "amount_type", "an amount-type for every amount"),
        ]

    def lines_sql(self, ctx: LoadContext) -> str:
        return f"""
            SELECT _row, _row * 10 AS line_no, amount_type, amount_description, amount, {ctx.col("quantity")} AS quantity,
                   {ctx.col("promotion_id")} AS promotion_id, _row AS source_row
            FROM settlement_rows WHERE amount IS NOT NULL"""


SPECS = (SettlementFlatFileV2(),)
