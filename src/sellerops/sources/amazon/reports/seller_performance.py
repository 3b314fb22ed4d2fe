"""Account Health report (GET_V2_SELLER_PERFORMANCE_REPORT, JSON) → account_health_metric.

Layout read: accountStatuses[] and performanceMetrics[] (one object per marketplace) of the 2020-11-18 schema:
the order defect rate per fulfilment channel with its claims / chargebacks / negative-feedback counts, late
shipment, pre-fulfilment cancellation (also spelt prefulfillmentCancelRate), valid tracking, on-time delivery,
unit on-time delivery, invoice defects, the account health rating, warnings and the policy-violation counters.
Rates here are fractions already (0.009 = 0.9 %). Each metric keeps its own reporting window (UTC dates); the
account status and warnings carry none and are dated by the latest window of their marketplace.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sellerops.core.marketplaces import by_amazon_id
from sellerops.core.periods import Period
from sellerops.errors import FileRefused
from sellerops.sources.columns import col as _c
from sellerops.sources.context import LoadContext
from sellerops.sources.kinds import Kind
from sellerops.sources.spec import Replace, ReportSpec, TableLoad
from sellerops.sources.staging import cell_text

# Rate metrics: (numerator, denominator) inside the metric's object; dotted paths go one level down.
RATES = {
    "orderDefectRate": ("orderWithDefects.count", "orderCount"),
    "lateShipmentRate": ("lateShipmentCount", "orderCount"),
    "preFulfillmentCancellationRate": ("cancellationCount", "orderCount"),
    "validTrackingRate": ("validTrackingCount", "shipmentCount"),
    "onTimeDeliveryRate": ("onTimeDeliveryCount", "shipmentCountWithValidTracking"),
    "unitOnTimeDeliveryRate": ("unitOnTimeDeliveryCount", "totalUnitCount"),
    "invoiceDefectRate": ("invoiceDefect.count", "orderCount"),
}
# Counts that break a rate down; each becomes its own metric row ("orderDefectRate.claims").
PARTS = {
    "orderDefectRate": ("claims", "chargebacks", "negativeFeedback"),
    "invoiceDefectRate": ("missingInvoice", "lateInvoice"),
}
# The schema's property names and the spellings its own example uses.
ALIASES = {
    "prefulfillmentCancelRate": "preFulfillmentCancellationRate",
    "documentRequest": "documentRequests",
    "warningState": "warningStates",
}
HEADER = ["marketplace_id", "marketplace", "metric", "fulfillment_type", "period_from", "period_to", "numerator",
          "denominator", "rate", "target_value", "target_condition", "status"]  # fmt: skip
EXACT = "DECIMAL(18, 10)"


def _get(obj: dict[str, Any], path: str) -> Any:
    value: Any = obj
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _window(obj: dict[str, Any]) -> tuple[str | None, str | None]:
    """'2020-11-18T23:59Z' → '2020-11-18': the reporting window's UTC calendar days."""
    window = obj.get("reportingDateRange") or {}
    start, end = window.get("reportingDateFrom"), window.get("reportingDateTo")
    return (str(start)[:10] if start else None, str(end)[:10] if end else None)


def _metric_rows(market_id: str, name: str, value: Any) -> list[dict[str, Any]]:
    name = ALIASES.get(name, name)
    base = {"marketplace_id": market_id, "metric": name, "fulfillment_type": ""}
    if name == "warningStates" and isinstance(value, list):
        return [
            {**base, "metric": f"warningState.{w.get('warningType')}", "status": w.get("status")}
            for w in value
        ]
    if not isinstance(value, dict):
        return []
    if name == "orderDefectRate":
        # Keyed by channel; the inner fulfillmentType is not trusted (the schema's own example has it wrong).
        return [
            row
            for channel, inner in value.items()
            if isinstance(inner, dict)
            for row in _rate_rows({**base, "fulfillment_type": channel.upper()}, name, inner)
        ]
    if name == "accountHealthRating":
        start, end = _window(value)
        status = value.get("accountHealthRatingStatus") or value.get("ahrStatus")
        return [{**base, "period_from": start, "period_to": end, "status": status}]
    if name in RATES or "rate" in value:
        return _rate_rows(base, name, value)
    if "defectsCount" in value:
        start, end = _window(value)
        return [{**base, "period_from": start, "period_to": end, "numerator": value.get("defectsCount"),
                 **_target(value)}]  # fmt: skip
    return []


def _target(obj: dict[str, Any]) -> dict[str, Any]:
    return {"target_value": obj.get("targetValue"), "target_condition": obj.get("targetCondition"),
            "status": obj.get("status")}  # fmt: skip


def _rate_rows(base: dict[str, Any], name: str, obj: dict[str, Any]) -> list[dict[str, Any]]:
    start, end = _window(obj)
    numerator, denominator = RATES.get(name, ("", ""))
    dated = {**base, "period_from": start, "period_to": end}
    rows = [{**dated, "numerator": _get(obj, numerator) if numerator else None,
             "denominator": _get(obj, denominator) if denominator else None, "rate": obj.get("rate"), **_target(obj)}]  # fmt: skip
    for part in PARTS.get(name, ()):
        if isinstance(obj.get(part), dict):
            rows.append({**dated, "metric": f"{name}.{part}", "numerator": obj[part].get("count"),
                         "denominator": _get(obj, denominator), "status": obj[part].get("status")})  # fmt: skip
    return rows


class SellerPerformanceJson(ReportSpec):
    name = "amazon.seller_performance"
    title = "Account Health report (seller performance, SP-API JSON)"
    formats = frozenset({"json"})
    columns = (
        _c("marketplace_id", "marketplace_id", required=True),
        _c("marketplace", "marketplace", required=True),
        _c("metric", "metric", required=True, not_null=True),
        _c("fulfillment_type", "fulfillment_type", required=True),
        _c("period_from", "period_from", kind=Kind.DATE, required=True),
        _c("period_to", "period_to", kind=Kind.DATE, required=True),
        _c("numerator", "numerator", kind=Kind.INT, required=True),
        _c("denominator", "denominator", kind=Kind.INT, required=True),
        # Exact text: the generic decimal keeps four places, and rates such as 0.03203973037 have more.
        _c("rate", "rate", required=True),
        _c("target_value", "target_value", required=True),
        _c("target_condition", "target_condition", required=True),
        _c("status", "status", required=True),
    )

    def accepts_json(self, data: Any) -> bool:
        return isinstance(data, dict) and ("performanceMetrics" in data or "accountStatuses" in data)

    def json_rows(self, data: Any) -> tuple[list[str], list[list[str | None]]]:
        rows: list[dict[str, Any]] = []
        for status in data.get("accountStatuses") or []:
            rows.append({"marketplace_id": status.get("marketplaceId"), "metric": "accountStatus",
                         "fulfillment_type": "", "status": status.get("status")})  # fmt: skip
        for metrics in data.get("performanceMetrics") or []:
            market_id = str(metrics.get("marketplaceId") or "")
            for name, value in metrics.items():
                if name != "marketplaceId":
                    rows.extend(_metric_rows(market_id, name, value))
        for row in rows:
            found = by_amazon_id(str(row.get("marketplace_id") or ""))
            row["marketplace"] = found.code if found else None
        return HEADER, [[cell_text(row.get(h)) for h in HEADER] for row in rows]

    def resolve(self, ctx: LoadContext) -> None:
        unknown = ctx.con.execute(
            f"SELECT DISTINCT coalesce({ctx.raw('marketplace_id')}, '(none)') FROM raw_file "
            f"WHERE {ctx.raw('marketplace')} IS NULL ORDER BY 1"
        ).fetchall()
        if unknown:
            raise FileRefused(
                ctx.source.name,
                f"the report names marketplace ids sellerops does not know: {', '.join(str(u[0]) for u in unknown)}",
                hint="check that this is an unmodified Account Health report",
            )
        markets = ctx.distinct_values("marketplace", limit=50)
        given = ctx.options.marketplace
        if given is not None and given.code not in markets:
            raise FileRefused(
                ctx.source.name,
                f"--marketplace {given.code} was given but the report covers {', '.join(markets) or 'no marketplace'}",
                hint="drop --marketplace to load every marketplace in the report",
            )
        if given is not None:
            ctx.set_marketplace(given, "")
        elif len(markets) == 1:
            found = by_amazon_id(ctx.distinct_values("marketplace_id")[0])
            ctx.set_marketplace(found, "marketplaceId in the report")
        else:
            ctx.notes.append(f"the report covers {', '.join(markets)}; each row keeps its own marketplace")
        row = ctx.con.execute(
            f"SELECT min(least(f, t)), max(greatest(f, t)) FROM (SELECT {ctx.parse('period_from')} AS f, "
            f"{ctx.parse('period_to')} AS t FROM raw_file)"
        ).fetchone()
        if row and isinstance(row[0], dt.date) and isinstance(row[1], dt.date):
            ctx.set_period(Period(row[0], row[1]), "reportingDateRange of the metrics (UTC dates)")
        ctx.require_period("no metric in the report has a reportingDateRange")

    def checks(self, ctx: LoadContext) -> list[tuple[str, str, str]]:
        return [
            (f"{t} IS NOT NULL AND TRY_CAST({t} AS {EXACT}) IS NULL", t, "a number such as 0.009")
            for t in ("rate", "target_value")
        ]

    def plan(self, ctx: LoadContext) -> list[TableLoad]:
        assert ctx.period is not None
        only = f"WHERE marketplace = '{ctx.options.marketplace.code}'" if ctx.options.marketplace else ""
        # The account status and warnings are undated: they are as of the marketplace's latest window.
        as_of = f"coalesce(max(period_to) OVER (PARTITION BY marketplace), max(period_to) OVER (), DATE '{ctx.period.end}')"
        sql = f"""
            SELECT marketplace, metric, coalesce(fulfillment_type, '') AS fulfillment_type,
                   coalesce(period_from, as_of) AS period_from,
                   coalesce(period_to, as_of) AS period_to, numerator, denominator,
                   CAST(rate AS {EXACT}) AS rate, CAST(target_value AS {EXACT}) AS target_value, target_condition,
                   status, {ctx.import_id} AS import_id
            FROM (SELECT *, {as_of} AS as_of FROM parsed {only})"""
        return [TableLoad("account_health_metric", sql, Replace(keys=True))]


SPECS = (SellerPerformanceJson(),)
