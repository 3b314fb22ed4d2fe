"""FBA stock reports: Manage Inventory (GET_FBA_MYI_UNSUPPRESSED/ALL_INVENTORY_DATA) and FBA Inventory planning/age
(GET_FBA_INVENTORY_PLANNING_DATA), plus the snapshot helpers the other inventory families share.

Layouts read: MYI with 21 columns or the older 18 (ending at afn-inbound-receiving-quantity); planning with 63
columns as in Airbyte's fixture, either LTSF tier name (`qty-to-be-charged-ltsf-{n}-mo`), with or without the 2024+
aged-inventory-surcharge (AIS) columns, with or without the coarse or fine age buckets.

Age buckets: the five canonical columns take the report's own 0-90/91-180/181-270/271-365/365+ columns. When a file
has no 0-to-90 column, age_0_90 is the sum of 0-30, 31-60 and 61-90 (they partition it exactly). The 181-330 and
331-365 buckets straddle 181-270/271-365 and cannot be split, so they never fill those columns.

Every daily FBA report (MYI, planning, Restock) puts its snapshot at local midnight of its day, so reports of the
same day meet on one row: each load writes the columns its file carries and keeps the others from that row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sellerops.core.marketplaces import Marketplace, get_marketplace
from sellerops.errors import FileRefused, InputError, Problem
from sellerops.sources.columns import col as _c
from sellerops.sources.columns import key
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.spec import Column, Replace, ReportSpec, TableLoad
from sellerops.sources.staging import row_sql
from sellerops.warehouse.schema import table

INT, DEC = Kind.INT, Kind.DECIMAL
FBA = "FBA"
SNAPSHOT_KEY = ("marketplace", "warehouse", "sku", "snapshot_at")
AIS_BANDS = ("181-210", "211-240", "241-270", "271-300", "301-330", "331-365", "365-plus")


# --- shared by the inventory families ------------------------------------------------------------------------
@dataclass(frozen=True)
class RowMarkets:
    """Each row's marketplace, read from a country column (or the one marketplace of the file)."""

    cte: str  # `markets(country, marketplace, time_zone, currency)`, joined on the row's country
    join: str  # join condition against `parsed p`
    codes: tuple[str, ...]

    def scope(self) -> str:
        return "marketplace IN (" + ", ".join(f"'{c}'" for c in self.codes) + ")"


def row_markets(ctx: LoadContext, country: str | None, report: str) -> RowMarkets:
    """Marketplaces from a 2-letter country column when the file has one, else --marketplace."""
    found: dict[str, Marketplace] = {}
    blanks = 0
    if country and ctx.has(country):
        raw = ctx.raw(country)
        rows = ctx.con.execute(
            f"SELECT upper(trim({raw})) AS v, min({row_sql(ctx.source, ctx.row_offset)}) FROM raw_file "
            "GROUP BY v ORDER BY v"
        ).fetchall()
        for value, row in rows:
            if value in (None, ""):
                blanks += 1
                continue
            try:
                found[str(value)] = get_marketplace(f"amazon.{value}")
            except InputError:
                raise FileRefused(
                    ctx.source.name,
                    f"the {ctx.match.names[country]!r} column names a country sellerops has no Amazon marketplace for",
                    problems=(
                        Problem(
                            int(row), ctx.match.names[country], str(value), "a 2-letter code such as US or UK"
                        ),
                    ),
                    hint="check that the file is an unmodified download",
                ) from None
    codes = sorted({m.code for m in found.values()})
    if len(codes) == 1:
        ctx.set_marketplace(found[next(iter(found))], f"{ctx.match.names[country or '']!r} column")
    elif len(codes) > 1:
        if ctx.options.marketplace is not None:
            raise FileRefused(
                ctx.source.name,
                f"the file holds rows for {', '.join(codes)}, but --marketplace {ctx.options.marketplace.code} was given",
                hint="drop --marketplace: each row's marketplace is in the file",
            )
        note = f"rows for several marketplaces: {', '.join(codes)}"
        if note not in ctx.notes:
            ctx.notes.append(note)
    if blanks or not found:
        fallback = ctx.require_marketplace(f"a {report} does not name its marketplace")
        found[""] = fallback
        codes = sorted({*codes, fallback.code})
    values = ", ".join(f"('{c}', '{m.code}', '{m.time_zone}', '{m.currency}')" for c, m in found.items())
    cte = f"markets AS (SELECT * FROM (VALUES {values}) t(country, marketplace, time_zone, currency))"
    ref = f"coalesce(upper(p.{country}), '')" if country and ctx.has(country) else "''"
    return RowMarkets(cte, f"k.country = {ref}", tuple(codes))


def download_day(ctx: LoadContext, report: str) -> dt.date:
    """The snapshot day of a report that does not carry one: the last day of --period."""
    period = ctx.require_period(
        f"a {report} does not carry the day it was taken",
        hint="give the day the report was downloaded with --period D..D, e.g. --period 2026-02-26..2026-02-26",
    )
    note = f"snapshot day {period.end} from --period"
    if note not in ctx.notes:
        ctx.notes.append(note)
    return period.end


def local_midnight(day_sql: str, zone_sql: str = "k.time_zone") -> str:
    return f"timezone({zone_sql}, CAST({day_sql} AS TIMESTAMP))"


def of_reports(*names: str) -> str:
    """Rows an earlier file of these report types loaded (for scoping a day's replacement to one family)."""
    listed = ", ".join(f"'{n}'" for n in names)
    return f"import_id IN (SELECT import_id FROM import_ledger WHERE report_type IN ({listed}))"


def snapshot_load(values: dict[str, str], *, source: str, ctes: str = "", where: str | None) -> TableLoad:
    """Rows for inventory_snapshot: the columns in `values` from this file, the rest kept from the row already
    at the same key, usually another family's report of the same day (a report never blanks what it does not
    carry; a column is carried when its SQL is not the literal NULL)."""
    carried = {c for c, sql in values.items() if sql.strip().upper() != "NULL"}
    inner = ", ".join(f"{sql} AS {c}" for c, sql in values.items() if c in carried)
    picked = []
    for column in table("inventory_snapshot").column_names:
        picked.append(f"n.{column}" if column in carried else f"o.{column}")
    on = " AND ".join(f"o.{k} = n.{k}" for k in SNAPSHOT_KEY)
    sql = (
        f"WITH {ctes + ', ' if ctes else ''}n AS (SELECT {inner} FROM {source}) "
        f"SELECT {', '.join(picked)} FROM n LEFT JOIN inventory_snapshot o ON {on}"
    )
    return TableLoad("inventory_snapshot", sql, Replace(keys=True, where=where))


# --- FBA Manage Inventory ---------------------------------------------------------------------------------------
class ManageInventory(ReportSpec):
    name = "amazon.fba_manage_inventory"
    title = "FBA Manage Inventory report"
    columns = (
        key("sku", "sku"),
        _c("fnsku", "fnsku", required=True),
        _c("asin", "asin"),
        _c("product_name", "product-name"),
        _c("condition", "condition"),
        _c("price", "your-price", kind=DEC),
        _c("listing_exists", "afn-listing-exists", kind=Kind.BOOL, required=True),
        _c("fulfillable", "afn-fulfillable-quantity", kind=INT, required=True),
        _c("unsellable", "afn-unsellable-quantity", kind=INT),
        _c("reserved", "afn-reserved-quantity", kind=INT),
        _c("total", "afn-total-quantity", kind=INT, required=True),
        _c("inbound_working", "afn-inbound-working-quantity", kind=INT),
        _c("inbound_shipped", "afn-inbound-shipped-quantity", kind=INT),
        _c("inbound_receiving", "afn-inbound-receiving-quantity", kind=INT),
        _c("researching", "afn-researching-quantity", kind=INT),
    )

    def resolve(self, ctx: LoadContext) -> None:
        ctx.require_marketplace("a Manage Inventory report does not name its marketplace")
        download_day(ctx, "Manage Inventory report")

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        assert ctx.period is not None
        markets = row_markets(ctx, None, "Manage Inventory report")
        day = ctx.period.end.isoformat()
        values = {
            "marketplace": "k.marketplace", "warehouse": f"'{FBA}'", "sku": "p.sku",
            "snapshot_at": local_midnight(f"DATE '{day}'"), "snapshot_date": f"DATE '{day}'",
            "currency": "k.currency", "import_id": str(ctx.import_id),
        }  # fmt: skip
        for column in self.columns:
            if column.target != "sku":
                values[column.target] = f"p.{column.target}" if ctx.has(column.target) else "NULL"
        where = f"{markets.scope()} AND warehouse = '{FBA}' AND snapshot_date = DATE '{day}' AND {of_reports(self.name)}"
        return [
            snapshot_load(
                values, source=f"parsed p JOIN markets k ON {markets.join}", ctes=markets.cte, where=where
            )
        ]


# --- FBA Inventory planning / age -------------------------------------------------------------------------------
def _ais_columns() -> tuple[Column, ...]:
    return tuple(
        _c(f"ais_{band.replace('-', '_')}", f"estimated-ais-{band}-days", kind=DEC) for band in AIS_BANDS
    )


class InventoryPlanning(ReportSpec):
    name = "amazon.fba_inventory_planning"
    title = "FBA Inventory (planning and age) report"
    columns = (
        _c("snapshot_date", "snapshot-date", kind=Kind.DATE, required=True, not_null=True),
        key("sku", "sku"),
        _c("fnsku", "fnsku", required=True),
        _c("asin", "asin"),
        _c("product_name", "product-name"),
        _c("condition", "condition"),
        _c("fulfillable", "available", kind=INT, required=True),
        _c("age_0_90", "inv-age-0-to-90-days", kind=INT),
        _c("age_91_180", "inv-age-91-to-180-days", kind=INT),
        _c("age_181_270", "inv-age-181-to-270-days", kind=INT),
        _c("age_271_365", "inv-age-271-to-365-days", kind=INT),
        _c("age_365_plus", "inv-age-365-plus-days", kind=INT),
        _c("age_0_30", "inv-age-0-to-30-days", kind=INT),
        _c("age_31_60", "inv-age-31-to-60-days", kind=INT),
        _c("age_61_90", "inv-age-61-to-90-days", kind=INT),
        _c("currency", "currency"),
        _c("estimated_ltsf_next", "estimated-ltsf-next-charge", kind=DEC),
        _c("units_shipped_t30", "units-shipped-t30", kind=INT),
        _c("alert", "alert"),
        _c("price", "your-price", kind=DEC),
        _c("recommended_action", "recommended-action"),
        _c("sell_through", "sell-through", kind=DEC),
        _c("country", "marketplace"),
        _c("days_of_supply", "days-of-supply", kind=DEC),
        _c("estimated_excess", "estimated-excess-quantity", kind=INT),
        _c("estimated_storage_cost_next_month", "estimated-storage-cost-next-month", kind=DEC),
        _c("inbound_working", "inbound-working", kind=INT),
        _c("inbound_shipped", "inbound-shipped", kind=INT),
        _c("inbound_receiving", "inbound-received", kind=INT),
        _c("reserved", "reserved-quantity", kind=INT),
        _c("unsellable", "unfulfillable-quantity", kind=INT),
        *_ais_columns(),
    )

    def resolve(self, ctx: LoadContext) -> None:
        row_markets(ctx, "country", "FBA Inventory report")
        ctx.set_period(ctx.period_from_dates("snapshot_date"), "snapshot-date column")
        ctx.require_period("the snapshot-date column is empty")

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        assert ctx.period is not None
        markets = row_markets(ctx, "country", "FBA Inventory report")
        same = ("fnsku", "asin", "product_name", "condition", "fulfillable", "age_91_180", "age_181_270",
                "age_271_365", "age_365_plus", "estimated_ltsf_next", "units_shipped_t30", "alert", "price",
                "recommended_action", "sell_through", "days_of_supply", "estimated_excess",
                "estimated_storage_cost_next_month", "inbound_working", "inbound_shipped", "inbound_receiving",
                "reserved", "unsellable")  # fmt: skip
        values = {
            "marketplace": "k.marketplace", "warehouse": f"'{FBA}'", "sku": "p.sku",
            "snapshot_at": local_midnight("p.snapshot_date"), "snapshot_date": "p.snapshot_date",
            "currency": f"coalesce(upper({'p.currency' if ctx.has('currency') else 'NULL'}), k.currency)", "import_id": str(ctx.import_id),
            "age_0_90": self._age_0_90(ctx), "estimated_ais_next": self._ais(ctx),
        }  # fmt: skip
        values |= {c: f"p.{c}" if ctx.has(c) else "NULL" for c in same}
        where = (
            f"{markets.scope()} AND warehouse = '{FBA}' AND snapshot_date BETWEEN DATE '{ctx.period.start}' "
            f"AND DATE '{ctx.period.end}' AND {of_reports(self.name)}"
        )
        return [
            snapshot_load(
                values, source=f"parsed p JOIN markets k ON {markets.join}", ctes=markets.cte, where=where
            )
        ]

    @staticmethod
    def _age_0_90(ctx: LoadContext) -> str:
        if ctx.has("age_0_90"):
            return "p.age_0_90"
        fine = ("age_0_30", "age_31_60", "age_61_90")
        return " + ".join(f"p.{c}" for c in fine) if all(ctx.has(c) for c in fine) else "NULL"

    @staticmethod
    def _ais(ctx: LoadContext) -> str:
        bands = [f"p.ais_{b.replace('-', '_')}" for b in AIS_BANDS if ctx.has(f"ais_{b.replace('-', '_')}")]
        if not bands:
            return "NULL"
        return (
            f"CASE WHEN coalesce({', '.join(bands)}) IS NOT NULL THEN "
            + " + ".join(f"coalesce({b}, 0)" for b in bands)
            + " END"
        )


SPECS = (ManageInventory(), InventoryPlanning())
