"""SP-API FBA inventory summaries (FBA Inventory API v1 `getInventorySummaries`): the JSON response, or a CSV
a seller's own script flattened from it (one row per snapshot and SKU, with a `snapshot_at` column).

The JSON response names its marketplace in `payload.granularity` when asked at marketplace granularity; a
flattened CSV does not, so --marketplace is needed. The snapshot time is the file's `snapshot_at` per row;
without that column it is the day given with --period (local midnight, like the daily reports), else the
latest `lastUpdatedTime` in the response: every summary is unchanged since its own lastUpdatedTime, so all of
them hold at the latest one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sellerops.core.marketplaces import by_amazon_id
from sellerops.core.periods import Period
from sellerops.errors import FileRefused
from sellerops.sources.amazon.reports.fba_inventory import (
    FBA,
    download_day,
    local_midnight,
    of_reports,
    snapshot_load,
)
from sellerops.sources.columns import col as _c
from sellerops.sources.columns import key
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.spec import ReportSpec, TableLoad

INT, TS = Kind.INT, Kind.TIMESTAMP
# (header in the flattened document, path inside one summary)
JSON_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sellerSku", ("sellerSku",)),
    ("fnSku", ("fnSku",)),
    ("asin", ("asin",)),
    ("condition", ("condition",)),
    ("productName", ("productName",)),
    ("totalQuantity", ("totalQuantity",)),
    ("lastUpdatedTime", ("lastUpdatedTime",)),
    ("fulfillableQuantity", ("inventoryDetails", "fulfillableQuantity")),
    ("inboundWorkingQuantity", ("inventoryDetails", "inboundWorkingQuantity")),
    ("inboundShippedQuantity", ("inventoryDetails", "inboundShippedQuantity")),
    ("inboundReceivingQuantity", ("inventoryDetails", "inboundReceivingQuantity")),
    ("totalReservedQuantity", ("inventoryDetails", "reservedQuantity", "totalReservedQuantity")),
    (
        "totalUnfulfillableQuantity",
        ("inventoryDetails", "unfulfillableQuantity", "totalUnfulfillableQuantity"),
    ),
    ("totalResearchingQuantity", ("inventoryDetails", "researchingQuantity", "totalResearchingQuantity")),
)


def _summaries(data: Any) -> tuple[list[Any], dict[str, Any]] | None:
    """The summaries list and the granularity, from `{"payload": {...}}` or the payload itself."""
    if not isinstance(data, dict):
        return None
    payload = data.get("payload", data)
    if not isinstance(payload, dict) or not isinstance(payload.get("inventorySummaries"), list):
        return None
    granularity = payload.get("granularity")
    return payload["inventorySummaries"], granularity if isinstance(granularity, dict) else {}


def _dig(item: Any, path: tuple[str, ...]) -> Any:
    for step in path:
        item = item.get(step) if isinstance(item, dict) else None
    return item


class InventorySummaries(ReportSpec):
    name = "amazon.fba_inventory_summaries"
    title = "SP-API FBA inventory summaries"
    formats = frozenset({"text", "json"})
    columns = (
        _c("snapshot_at", "snapshot_at", kind=TS, not_null=True),
        key("sku", "sellerSku"),
        _c("fnsku", "fnSku", required=True),
        _c("asin", "asin"),
        _c("condition", "condition"),
        _c("product_name", "productName"),
        _c("total", "totalQuantity", kind=INT, required=True),
        _c("last_updated_at", "lastUpdatedTime", kind=TS),
        _c("fulfillable", "fulfillableQuantity", "inventoryDetails.fulfillableQuantity", kind=INT),
        _c("inbound_working", "inboundWorkingQuantity", "inventoryDetails.inboundWorkingQuantity", kind=INT),
        _c("inbound_shipped", "inboundShippedQuantity", "inventoryDetails.inboundShippedQuantity", kind=INT),
        _c(
            "inbound_receiving",
            "inboundReceivingQuantity",
            "inventoryDetails.inboundReceivingQuantity",
            kind=INT,
        ),
        _c(
            "reserved",
            "totalReservedQuantity",
            "inventoryDetails.reservedQuantity.totalReservedQuantity",
            kind=INT,
        ),
        _c(
            "unsellable",
            "totalUnfulfillableQuantity",
            "inventoryDetails.unfulfillableQuantity.totalUnfulfillableQuantity",
            kind=INT,
        ),
        _c(
            "researching",
            "totalResearchingQuantity",
            "inventoryDetails.researchingQuantity.totalResearchingQuantity",
            kind=INT,
        ),
        _c("marketplace_id", "granularityId"),
    )

    def accepts_json(self, data: Any) -> bool:
        return _summaries(data) is not None

    def json_rows(self, data: Any) -> tuple[list[str], list[list[str | None]]]:
        found = _summaries(data)
        assert found is not None
        summaries, granularity = found
        market_id = (
            granularity.get("granularityId") if granularity.get("granularityType") == "Marketplace" else None
        )
        header = [name for name, _ in JSON_FIELDS] + ["granularityId"]
        rows: list[list[str | None]] = []
        for item in summaries:
            values = [_dig(item, path) for _, path in JSON_FIELDS]
            rows.append([None if v is None else str(v) for v in values] + [market_id])
        return header, rows

    def resolve(self, ctx: LoadContext) -> None:
        for value in ctx.distinct_values("marketplace_id"):
            found = by_amazon_id(value)
            if found is None:
                raise FileRefused(
                    ctx.source.name,
                    f"the response is for marketplace id {value!r}, which sellerops does not know",
                    hint="check that this is an Amazon marketplace sellerops supports",
                )
            ctx.set_marketplace(found, "granularityId in the response")
        market = ctx.require_marketplace(
            "FBA inventory summaries saved without their granularity do not name the marketplace"
        )
        if ctx.has("snapshot_at"):
            row = ctx.con.execute(
                f"SELECT min(d), max(d) FROM (SELECT CAST(timezone('{market.time_zone}', "
                f"{ctx.parse('snapshot_at')}) AS DATE) AS d FROM raw_file)"
            ).fetchone()
            if row and row[0] is not None:
                ctx.set_period(Period(row[0], row[1]), "snapshot_at column")
            ctx.require_period("the snapshot_at column is empty")
        elif ctx.options.period is None and self._latest_update(ctx) is not None:
            latest = self._latest_update(ctx)
            assert latest is not None
            day = latest.astimezone(ZoneInfo(market.time_zone)).date()
            ctx.set_period(Period(day, day), "latest lastUpdatedTime in the response")
            ctx.notes.append(
                f"snapshot time {latest.isoformat()}: the latest lastUpdatedTime in the response"
            )
        else:
            download_day(ctx, "set of FBA inventory summaries without lastUpdatedTime")

    def _latest_update(self, ctx: LoadContext) -> dt.datetime | None:
        if not ctx.has("last_updated_at"):
            return None
        value = ctx.scalar(f"SELECT max({ctx.parse('last_updated_at')}) FROM raw_file")
        return value if isinstance(value, dt.datetime) else None

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        assert ctx.marketplace is not None
        assert ctx.period is not None
        market = ctx.marketplace
        # A flattened file holds whole snapshots: a later file with the same snapshot_at is that moment's whole
        # stock list, so SKUs it no longer lists go. A JSON response may be one page of several, so it only
        # replaces the SKUs it lists.
        where = None
        if ctx.has("snapshot_at"):
            at = "p.snapshot_at"
            where = (
                f"marketplace = '{market.code}' AND warehouse = '{FBA}' AND snapshot_at IN "
                f"(SELECT snapshot_at FROM parsed) AND {of_reports(self.name)}"
            )
        elif ctx.period_source == "option --period":
            at = local_midnight(f"DATE '{ctx.period.end}'", f"'{market.time_zone}'")
        else:
            latest = self._latest_update(ctx)
            assert latest is not None
            at = f"TIMESTAMPTZ '{latest.isoformat()}'"
        values = {
            "marketplace": f"'{market.code}'", "warehouse": f"'{FBA}'", "sku": "p.sku", "snapshot_at": at,
            "snapshot_date": f"CAST(timezone('{market.time_zone}', {at}) AS DATE)", "import_id": str(ctx.import_id),
        }  # fmt: skip
        for target in ("fnsku", "asin", "condition", "product_name", "total", "fulfillable", "inbound_working",
                       "inbound_shipped", "inbound_receiving", "reserved", "unsellable", "researching"):  # fmt: skip
            values[target] = f"p.{target}" if ctx.has(target) else "NULL"
        return [snapshot_load(values, source="parsed p", where=where)]


SPECS = (InventorySummaries(),)
