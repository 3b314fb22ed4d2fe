"""The hold list becomes findings: one per open order and reason, to act on before the order ships."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sellerops.analytics.orders import HeldOrder, HoldPolicy, HoldReasonCode
from sellerops.core.money import Money
from sellerops.rules.config import RulesConfig
from sellerops.rules.findings import Evidence, Finding

RULE_OF: dict[HoldReasonCode, str] = {
    "address_invalid": "orders.address_invalid",
    "payment_pending": "orders.payment_pending",
    "duplicate": "orders.duplicate",
    "quantity_outlier": "orders.quantity_outlier",
    "ship_by_near": "orders.ship_by_near",
}
_METRIC: dict[HoldReasonCode, str] = {
    "address_invalid": "ship_to_address",
    "payment_pending": "hours_pending",
    "duplicate": "hours_since_same_order",
    "quantity_outlier": "line_quantity",
    "ship_by_near": "hours_to_latest_ship",
}


def hold_policy(config: RulesConfig, *, marketplace: str) -> HoldPolicy:
    """The thresholds `hold_list` should use for a marketplace, from the `orders.*` rules."""

    def value(rule_id: str, key: str) -> Decimal:
        return config.rule(rule_id, marketplace=marketplace).threshold(key)

    quantity = "orders.quantity_outlier"
    return HoldPolicy(
        pending_hours=int(value("orders.payment_pending", "pending_hours")),
        ship_by_hours=int(value("orders.ship_by_near", "ship_by_hours")),
        duplicate_hours=int(value("orders.duplicate", "duplicate_hours")),
        quantity_floor=int(value(quantity, "quantity_floor")),
        quantity_factor=value(quantity, "quantity_factor"),
        history_days=int(value(quantity, "history_days")),
        min_history_lines=int(value(quantity, "min_history_lines")),
    )


def findings_from_holds(
    holds: tuple[HeldOrder, ...], *, config: RulesConfig, as_of: dt.date
) -> list[Finding]:
    """One finding per held order and reason (an order with two reasons needs both looked at). Money at stake is
    the order's total: what shipping it wrongly, or late, would put at risk. Several lines of one order over the
    quantity limit are one finding, with every line in its detail."""
    findings = []
    for held in holds:
        by_code: dict[HoldReasonCode, list[str]] = {}
        figures: dict[HoldReasonCode, tuple[Decimal | None, Decimal | None]] = {}
        for reason in held.reasons:
            by_code.setdefault(reason.code, []).append(reason.detail)
            figures.setdefault(reason.code, (reason.value, reason.threshold))
        for code, details in by_code.items():
            rule = config.rule(RULE_OF[code], marketplace=held.marketplace)
            if not rule.enabled:
                continue
            value, threshold = figures[code]
            stake = (
                Money(held.order_total, held.currency)
                if held.order_total is not None and held.currency
                else None
            )
            detail = "; ".join(details)
            evidence = [
                Evidence("order_status", held.status),
                Evidence("purchase_at", held.purchase_at.isoformat(timespec="minutes")),
                Evidence("detail", detail),
            ]
            if held.latest_ship_at is not None:
                evidence.append(Evidence("latest_ship_at", held.latest_ship_at.isoformat(timespec="minutes")))
            if value is not None:
                evidence.append(
                    Evidence(_METRIC[code], value, threshold, "" if code == "quantity_outlier" else "hours")
                )
            if stake is not None:
                evidence.append(Evidence("order_total", stake.amount, None, stake.currency))
            values = {"marketplace": held.marketplace, "order_id": held.order_id, "detail": detail}
            findings.append(
                rule.finding(
                    values,
                    marketplace=held.marketplace,
                    entity=held.order_id,
                    metric=_METRIC[code],
                    as_of=as_of,
                    value=value,
                    sku=held.skus[0] if len(held.skus) == 1 else None,
                    threshold=threshold,
                    evidence=evidence,
                    money_at_stake=stake,
                )
            )
    return findings
