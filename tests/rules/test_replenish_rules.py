"""SKUs at or below their reorder point become findings; one that runs out before new stock can arrive is critical."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sellerops.analytics.replenish import PlanSettings, ReplenishmentLine, ReplenishmentPlan
from sellerops.core.text import Text
from sellerops.rules.config import load_rules
from sellerops.rules.findings import Evidence
from sellerops.rules.replenish_rules import findings_from_plan

AS_OF = dt.date(2026, 10, 31)


def _line(sku: str, cover: int, *, order_now: bool = True) -> ReplenishmentLine:
    # 4 units a day, a 56-day lead time (42 days to make, 14 at sea), 40 units of safety stock
    return ReplenishmentLine(
        sku=sku, marketplace="amazon.US", as_of=AS_OF, fba_on_hand=4 * cover, fba_inbound=0, overseas_on_hand=0,
        shared_allocated=0, mean_daily_demand=4.0, forecast_rmse_daily=2.0, fba_days_of_cover=cover,
        fba_stockout_date=AS_OF + dt.timedelta(days=cover), days_of_cover=cover,
        stockout_date=AS_OF + dt.timedelta(days=cover), lead_time_days=56, safety_stock=40, reorder_point=264,
        order_up_to=292, need=292 - 4 * cover, last_order_date=AS_OF + dt.timedelta(days=cover - 56 - 10),
        order_now=order_now,
    )  # fmt: skip


def test_only_skus_to_order_now_are_findings_and_a_short_one_is_critical() -> None:
    # given A with 40 days of cover (runs out 16 days before an order placed today arrives), B with 60 days
    # (at its reorder point, 4 days of slack), and C with 80 days (not yet)
    plan = ReplenishmentPlan(AS_OF, PlanSettings(), (_line("A", 40), _line("B", 60), _line("C", 80, order_now=False)),
                             (), (), (), ())  # fmt: skip
    # when the rule judges the plan
    findings = findings_from_plan(plan, config=load_rules())
    # then A is critical (slack 40 − 56 = −16 ≤ 0) and B high; C is not a finding
    assert [(f.sku, f.severity, f.value, f.threshold) for f in findings] == [
        ("A", "critical", Decimal(40), Decimal(56)),
        ("B", "high", Decimal(60), Decimal(56)),
    ]
    a = findings[0]
    assert a.title == Text(
        "amazon.US A: order now — 40 days of cover against a 56-day lead time",
        "amazon.US A:需立即下单 — 可售 40 天,补货周期 56 天",
    )
    assert a.evidence[:4] == (
        Evidence("days_of_cover", 40, None, "days"), Evidence("stockout_date", dt.date(2026, 12, 10)),
        Evidence("lead_time_days", 56, None, "days"), Evidence("last_order_date", dt.date(2026, 10, 5)),
    )  # fmt: skip
    assert a.evidence[-1] == Evidence("units_needed", 132)  # 292 − 4 × 40
