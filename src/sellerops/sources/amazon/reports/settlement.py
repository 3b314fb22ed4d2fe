"""Settlement reports → settlement, fee_txn and claim: the shared reading, and the older wide flat file.

Layouts read here: GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE, 36 columns (33 before promotion-* were added),
where each row holds up to nine amount slots (price, item fee, shipment fee, order fee, promotion, direct
payment, misc fee, other fee, other). Each filled slot becomes one fee_txn row in the V2 shape. The V2 layout
(amount-type / amount-description / amount) is in `settlement_v2.py` and shares everything else.

Settlement start/end/deposit are timestamps; the period is their UTC calendar dates. Posted dates in fee_txn are
the marketplace's own calendar days.
"""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from collections.abc import Sequence

from sellerops.core.marketplaces import Marketplace, by_currency, by_domain
from sellerops.core.periods import Period
from sellerops.errors import FileRefused, Problem
from sellerops.sources.columns import col as _c
from sellerops.sources.columns import key
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.spec import Column, Replace, ReportSpec, TableLoad

D = Kind.DECIMAL
OPTIONAL_TEXT = (
    "merchant_order_id",
    "adjustment_id",
    "shipment_id",
    "fulfillment_id",
    "order_item_code",
    "sku",
)
TS_EXPECTED = "a date and time such as 2025-08-14T22:07:18+00:00 or 2025-08-14 22:07:18 UTC"

COMMON: tuple[Column, ...] = (
    key("settlement_id", "settlement-id", kind=Kind.ID),
    # Timestamps stay text here: EU files write 19.07.2026 13:27:57 UTC, which the generic kind cannot read.
    _c("start_at", "settlement-start-date", required=True),
    _c("end_at", "settlement-end-date", required=True),
    _c("deposit_at", "deposit-date", required=True),
    _c("total_amount", "total-amount", kind=D, required=True),
    _c("currency", "currency", required=True),
    _c("transaction_type", "transaction-type", required=True),
    _c("order_id", "order-id", required=True),
    _c("merchant_order_id", "merchant-order-id"),
    _c("adjustment_id", "adjustment-id"),
    _c("shipment_id", "shipment-id"),
    _c("marketplace_name", "marketplace-name", required=True),
    _c("fulfillment_id", "fulfillment-id"),
    _c("posted", "posted-date", required=True),
    _c("order_item_code", "order-item-code", kind=Kind.ID),
    _c("sku", "sku"),
    _c("quantity", "quantity-purchased", kind=Kind.INT),
)


def ts_sql(ref: str, *, month_first: bool) -> str:
    """A settlement timestamp as UTC: ISO with an offset, 'YYYY-MM-DD HH:MM:SS UTC', or day-first EU text."""
    days = ("%d.%m.%y", "%d.%m.%Y", *(("%m/%d/%y", "%m/%d/%Y") if month_first else ("%d/%m/%y", "%d/%m/%Y")))
    formats = ", ".join(f"'{f}'" for f in (*(f"{d} %H:%M:%S" for d in days), *days))
    bare = f"regexp_replace(trim({ref}), '\\s*(UTC|GMT|Z)$', '')"
    # Only text that starts with a four-digit year goes to the generic cast: DuckDB reads 09/06/25 as year 9.
    return (
        f"CASE WHEN regexp_matches(trim({ref}), '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') THEN so_ts({ref}) "
        f"ELSE timezone('UTC', try_strptime({bare}, [{formats}])) END"
    )


def date_sql(ref: str, *, month_first: bool) -> str:
    """A date written the marketplace's way (09/06/25 in the UK is 9 June; 23.07.2026 in Germany)."""
    slash = ("%m/%d/%y", "%m/%d/%Y") if month_first else ("%d/%m/%y", "%d/%m/%Y")
    # Two-digit years first: %Y would read the 25 of 09/06/25 as the year 25.
    formats = ", ".join(f"'{f}'" for f in ("%Y-%m-%d", "%d.%m.%y", "%d.%m.%Y", *slash, "%Y/%m/%d"))
    return f"CAST(try_strptime(trim({ref}), [{formats}]) AS DATE)"


class SettlementReport(ReportSpec):
    """What both settlement layouts share: the summary row, marketplace, period, claims and replacement."""

    amount_targets: tuple[str, ...] = ()  # raw amount columns, for telling a decimal comma from a point

    @abstractmethod
    def lines_sql(self, ctx: LoadContext) -> str:
        """Rows over view `settlement_rows`: source_row, line_no, amount_type, amount_description, amount,
        quantity, promotion_id and the row's _row (each layout says how its columns become these)."""

    # --- resolve ---------------------------------------------------------------------------------------
    def resolve(self, ctx: LoadContext) -> None:
        ids = self._distinct_raw(ctx, "settlement_id")
        if len(ids) > 1:
            raise FileRefused(
                ctx.source.name,
                f"the file holds more than one settlement ({', '.join(ids[:5])})",
                hint="each settlement is downloaded as its own file; import them one by one",
            )
        summary = self._summary_row(ctx)
        self._choose_number_style(ctx)
        currencies = [c.upper() for c in self._distinct_raw(ctx, "currency")]
        if len(currencies) > 1:
            raise FileRefused(
                ctx.source.name,
                f"the file mixes currencies ({', '.join(currencies)}) in column 'currency'",
                hint="a settlement is paid in one currency; download the report again",
            )
        market = self._resolve_marketplace(ctx, currencies[0] if currencies else None)
        if currencies and currencies[0] != market.currency:
            raise FileRefused(
                ctx.source.name,
                f"the settlement is in {currencies[0]} but {market.code} sells in {market.currency}",
                hint="check --marketplace, or that this is an unmodified download",
            )
        start, end = (self._summary_ts(ctx, summary, t, market) for t in ("start_at", "end_at"))
        ctx.set_period(
            Period(start.date(), end.date()), "settlement-start-date..settlement-end-date (UTC dates)"
        )

    def _distinct_raw(self, ctx: LoadContext, target: str) -> list[str]:
        rows = ctx.con.execute(
            f"SELECT DISTINCT trim({ctx.raw(target)}) AS v FROM raw_file WHERE NOT so_blank(v) ORDER BY v"
        ).fetchall()
        return [str(r[0]) for r in rows]

    def _summary_row(self, ctx: LoadContext) -> int:
        rows = ctx.con.execute(
            f"SELECT rowid + {ctx.row_offset} FROM raw_file WHERE NOT so_blank({ctx.raw('total_amount')}) "
            "ORDER BY rowid"
        ).fetchall()
        if len(rows) != 1:
            column = ctx.match.names["total_amount"]
            extra = tuple(Problem(int(r[0]), column, None, "a blank total-amount") for r in rows[1:6])
            raise FileRefused(
                ctx.source.name,
                f"a settlement has one summary row with its total-amount; this file has {len(rows) or 'none'}",
                problems=extra,
                hint="the download may be cut off or two files pasted together; download the settlement again",
            )
        return int(rows[0][0])

    def _summary_ts(self, ctx: LoadContext, row: int, target: str, market: Marketplace) -> dt.datetime:
        raw = ctx.raw(target)
        got = ctx.con.execute(
            f"SELECT {raw}, {ts_sql(raw, month_first=market.country == 'US')} FROM raw_file "
            f"WHERE rowid + {ctx.row_offset} = {row}"
        ).fetchone()
        assert got is not None
        if not isinstance(got[1], dt.datetime):
            raise FileRefused(
                ctx.source.name,
                "the summary row's settlement dates cannot be read",
                problems=(Problem(row, ctx.match.names[target], got[0], TS_EXPECTED),),
                hint="download the settlement again unchanged (a spreadsheet program may have reformatted the dates)",
            )
        return got[1].astimezone(dt.UTC)

    def _choose_number_style(self, ctx: LoadContext) -> None:
        """EU settlements may write 1.234,56; amounts always carry two decimals, so the last separator tells."""
        if ctx.options.decimal_comma is not None:
            return
        cells = ", ".join(ctx.raw(t) for t in ("total_amount", *self.amount_targets) if ctx.has(t))
        row = ctx.con.execute(
            f"SELECT bool_or(regexp_matches(x, '^[-+]?[0-9.]*,[0-9]{{1,2}}$')), "
            f"bool_or(regexp_matches(x, '^[-+]?[0-9,]*\\.[0-9]{{1,2}}$')) "
            f"FROM (SELECT trim(unnest([{cells}])) AS x FROM raw_file)"
        ).fetchone()
        comma, point = (bool(row[0]), bool(row[1])) if row else (False, False)
        if comma != point:
            ctx.set_decimal_comma(comma, "every amount has two decimals after its last separator")

    def _resolve_marketplace(self, ctx: LoadContext, currency: str | None) -> Marketplace:
        named: dict[str, Marketplace] = {}
        for name in self._distinct_raw(ctx, "marketplace_name"):
            found = by_domain(name)
            if found:
                named[name] = found
            else:
                # "Non-Amazon CA" marks multi-channel orders; it names no Amazon storefront.
                ctx.notes.append(f"marketplace-name {name!r} names no Amazon marketplace; its rows are kept")
        markets = {m.code: m for m in named.values()}
        if len(markets) > 1:
            raise FileRefused(
                ctx.source.name,
                f"the rows name several marketplaces ({', '.join(sorted(named))}); a settlement is for one",
                hint="check that this is an unmodified settlement download",
            )
        from_currency = by_currency(currency) if currency else None
        if markets:
            market = next(iter(markets.values()))
            if from_currency and from_currency.code != market.code:
                raise FileRefused(
                    ctx.source.name,
                    f"the rows say {', '.join(sorted(named))} but the settlement currency {currency} is "
                    f"{from_currency.code}'s",
                    hint="check that this is an unmodified settlement download",
                )
            ctx.set_marketplace(market, f"marketplace-name {', '.join(sorted(named))!s}")
        elif from_currency:
            ctx.set_marketplace(from_currency, f"settlement currency {currency} (no row names a marketplace)")
        return ctx.require_marketplace(
            "no row of this settlement names its marketplace"
            + (f", and its currency {currency} is used by several" if currency else "")
        )

    # --- checks ----------------------------------------------------------------------------------------
    def checks(self, ctx: LoadContext) -> list[tuple[str, str, str]]:
        month_first = ctx.marketplace is not None and ctx.marketplace.country == "US"
        out = [
            (f"{t} IS NOT NULL AND ({ts_sql(t, month_first=month_first)}) IS NULL", t, TS_EXPECTED)
            for t in ("start_at", "end_at", "deposit_at", "posted_time")
            if ctx.has(t)
        ]
        posted = f"posted IS NOT NULL AND ({date_sql('posted', month_first=month_first)}) IS NULL AND ({ts_sql('posted', month_first=month_first)}) IS NULL"
        out.append((posted, "posted", "a date such as 2025-08-14 or a date and time"))
        return out

    # --- plan ------------------------------------------------------------------------------------------
    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        market = ctx.require_marketplace()
        month_first, tz = market.country == "US", market.time_zone
        currency = (self._distinct_raw(ctx, "currency") or [market.currency])[0].upper()
        row = ctx.con.execute(
            "SELECT settlement_id, total_amount FROM parsed WHERE total_amount IS NOT NULL"
        ).fetchone()
        if row is None:
            raise ctx.problem("the summary row (the one with total-amount) cannot be read")
        settlement_id, total = str(row[0]), row[1]
        posted_at = f"CASE WHEN posted LIKE '%:%' THEN {ts_sql('posted', month_first=month_first)} END"
        if ctx.has("posted_time"):
            posted_at = f"coalesce({ts_sql('posted_time', month_first=month_first)}, {posted_at})"
        ctx.con.execute(
            f"""CREATE OR REPLACE TEMP VIEW settlement_rows AS
            SELECT *, posted_at_ AS posted_at,
                   coalesce({date_sql("posted", month_first=month_first)},
                            CAST(timezone('{tz}', posted_at_) AS DATE)) AS posted_date
            FROM (SELECT *, {posted_at} AS posted_at_ FROM parsed WHERE total_amount IS NULL)"""
        )
        text = {t: f"r.{t}" if ctx.has(t) else "NULL" for t in OPTIONAL_TEXT}
        ctx.con.execute(
            f"""CREATE OR REPLACE TEMP VIEW settlement_lines AS
            SELECT r.settlement_id, CAST(l.line_no AS INTEGER) AS line_no, '{market.code}' AS marketplace,
                   r.posted_at, r.posted_date, r.transaction_type, r.order_id, {text["merchant_order_id"]} AS merchant_order_id,
                   {text["adjustment_id"]} AS adjustment_id, {text["shipment_id"]} AS shipment_id,
                   {text["fulfillment_id"]} AS fulfillment_id, {text["order_item_code"]} AS order_item_code,
                   {text["sku"]} AS sku, CAST(l.quantity AS INTEGER) AS quantity, l.amount_type,
                   l.amount_description, l.amount, '{currency}' AS currency, l.promotion_id, l.source_row,
                   {ctx.import_id} AS import_id
            FROM ({self.lines_sql(ctx)}) l JOIN settlement_rows r ON r._row = l._row"""
        )
        self._note_total(ctx, total, currency)
        sid = ctx.sql_literal(settlement_id)
        return [
            # Claims first: the condition finds an earlier import of this settlement through `settlement`.
            TableLoad("claim", self._claims_sql(ctx, market, currency),
                      Replace(where=f"import_id IN (SELECT import_id FROM settlement WHERE settlement_id = {sid})")),
            TableLoad("fee_txn", "SELECT * FROM settlement_lines", Replace(where=f"settlement_id = {sid}")),
            TableLoad("settlement", self._settlement_sql(ctx, market, currency)),
        ]  # fmt: skip

    def _note_total(self, ctx: LoadContext, total: object, currency: str) -> None:
        got = ctx.con.execute("SELECT coalesce(sum(amount), 0), count(*) FROM settlement_lines").fetchone()
        assert got is not None
        if got[0] != total:
            ctx.notes.append(
                f"the {got[1]} amounts add up to {got[0]} {currency} but the summary row's total-amount is "
                f"{total}: the file may be incomplete"
            )

    def _settlement_sql(self, ctx: LoadContext, market: Marketplace, currency: str) -> str:
        month_first = market.country == "US"
        ts = {t: ts_sql(t, month_first=month_first) for t in ("start_at", "end_at", "deposit_at")}
        return f"""
            SELECT settlement_id, '{market.code}' AS marketplace, {ts["start_at"]} AS start_at,
                   {ts["end_at"]} AS end_at, {ts["deposit_at"]} AS deposit_at, total_amount,
                   '{currency}' AS currency, {ctx.import_id} AS import_id
            FROM parsed WHERE total_amount IS NOT NULL"""

    def _claims_sql(self, ctx: LoadContext, market: Marketplace, currency: str) -> str:
        """Chargebacks and A-to-z claims, one row per order and posting, with the settled net amount."""
        kind = (
            "CASE WHEN lower(transaction_type) LIKE '%chargeback%' THEN 'chargeback' "
            "WHEN regexp_replace(lower(transaction_type), '[^a-z]', '', 'g') LIKE '%atoz%' THEN 'a_to_z' END"
        )
        at = f"coalesce(posted_at, timezone('{market.time_zone}', CAST(posted_date AS TIMESTAMP)))"
        orphans = ctx.scalar(
            f"SELECT count(*) FROM settlement_lines WHERE ({kind}) IS NOT NULL AND order_id IS NULL"
        )
        if orphans:
            ctx.notes.append(
                f"{orphans} claim or chargeback amounts have no order-id and are not in the claims"
            )
        return f"""
            SELECT '{market.code}' AS marketplace, claim_type, order_id, claim_at,
                   CAST(timezone('{market.time_zone}', claim_at) AS DATE) AS claim_date, sum(amount) AS amount,
                   '{currency}' AS currency, NULL AS status, string_agg(DISTINCT transaction_type, '; ') AS reason,
                   {ctx.import_id} AS import_id
            FROM (SELECT *, {kind} AS claim_type, {at} AS claim_at FROM settlement_lines)
            WHERE claim_type IS NOT NULL AND order_id IS NOT NULL AND claim_at IS NOT NULL
            GROUP BY claim_type, order_id, claim_at"""


# Each slot of the wide layout: (slot, amount column, description column, V2 amount-type).
SLOTS: Sequence[tuple[int, str, str | None, str]] = (
    (1, "price_amount", "price_type", "ItemPrice"),
    (2, "item_fee_amount", "item_fee_type", "ItemFees"),
    (3, "shipment_fee_amount", "shipment_fee_type", "ShipmentFees"),
    (4, "order_fee_amount", "order_fee_type", "OrderFees"),
    (5, "promotion_amount", "promotion_type", "Promotion"),
    (6, "direct_payment_amount", "direct_payment_type", "DirectPayment"),
    (7, "misc_fee_amount", None, "MiscFees"),
    (8, "other_fee_amount", "other_fee_reason", "OtherFees"),
    (9, "other_amount", "transaction_type", "other-transaction"),
)


class SettlementFlatFile(SettlementReport):
    name = "amazon.settlement"
    title = "Settlement report (flat file)"
    columns = (
        *COMMON,
        _c("price_type", "price-type", required=True),
        _c("price_amount", "price-amount", kind=D, required=True),
        _c("item_fee_type", "item-related-fee-type", required=True),
        _c("item_fee_amount", "item-related-fee-amount", kind=D, required=True),
        _c("shipment_fee_type", "shipment-fee-type"),
        _c("shipment_fee_amount", "shipment-fee-amount", kind=D),
        _c("order_fee_type", "order-fee-type"),
        _c("order_fee_amount", "order-fee-amount", kind=D),
        _c("promotion_id", "promotion-id"),
        _c("promotion_type", "promotion-type"),
        _c("promotion_amount", "promotion-amount", kind=D),
        _c("direct_payment_type", "direct-payment-type"),
        _c("direct_payment_amount", "direct-payment-amount", kind=D),
        _c("misc_fee_amount", "misc-fee-amount", kind=D),
        _c("other_fee_amount", "other-fee-amount", kind=D),
        _c("other_fee_reason", "other-fee-reason-description"),
        _c("other_amount", "other-amount", kind=D),
    )
    amount_targets = tuple(s[1] for s in SLOTS)

    def lines_sql(self, ctx: LoadContext) -> str:
        slots = [s for s in SLOTS if ctx.has(s[1])]
        descriptions = sorted({d for _, _, d, _ in slots if d and d != "transaction_type"})
        filled = ", ".join(f"CASE WHEN {a} IS NOT NULL THEN {n} END" for n, a, _, _ in slots)
        # The item's quantity sits on a row of its own, just before that item's amount rows; it goes onto
        # the Principal line so that summing quantity counts each item once, as in the V2 layout.
        carried = (
            "last_value(CASE WHEN first_slot IS NULL THEN quantity END IGNORE NULLS) OVER ("
            "PARTITION BY transaction_type, order_id, order_item_code ORDER BY _row "
            "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
        )
        base = f"""SELECT *, {carried} AS carried FROM (
                   SELECT _row, {ctx.col("quantity")} AS quantity, transaction_type, order_id,
                          {ctx.col("order_item_code")} AS order_item_code,
                          least({filled}) AS first_slot, {", ".join(a for _, a, _, _ in slots)},
                          {", ".join(f"{ctx.col(d)} AS {d}" for d in descriptions)},
                          {ctx.col("promotion_id")} AS promotion_id
                   FROM settlement_rows)"""
        parts = []
        for slot, amount, description, amount_type in slots:
            qty = f"CASE WHEN first_slot = {slot} THEN coalesce(quantity, " + (
                "CASE WHEN price_type = 'Principal' THEN carried END)" if slot == 1 else "NULL)"
            )
            parts.append(
                f"SELECT _row, _row * 10 + {slot} AS line_no, '{amount_type}' AS amount_type, "
                f"{description or 'NULL'} AS amount_description, {amount} AS amount, {qty} END AS quantity, "
                f"{'promotion_id' if slot == 5 else 'NULL'} AS promotion_id, _row AS source_row "
                f"FROM b WHERE {amount} IS NOT NULL"
            )
        return f"WITH b AS ({base}) " + " UNION ALL ".join(parts)


SPECS = (SettlementFlatFile(),)
