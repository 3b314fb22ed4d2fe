"""Account-health breaches become one finding per marketplace and metric, with the orders at risk."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sellerops.analytics.health import AccountHealth, BreachingOrder, HealthMetric, HealthTarget
from sellerops.core.money import Money
from sellerops.core.text import Text
from sellerops.rules.config import load_rules
from sellerops.rules.findings import Evidence, Finding
from sellerops.rules.health_rules import findings_from_health, health_targets

AS_OF = dt.date(2026, 7, 31)
UK = "amazon.UK"


def _metric(metric: str, kind: str, days: int, num: int, den: int, rate: str | None, target: str, comparison: str,
            status: str) -> HealthMetric:  # fmt: skip
    return HealthMetric(
        UK, metric, kind, days, AS_OF - dt.timedelta(days=days - 1), AS_OF, num, den,
        None if rate is None else Decimal(rate), Decimal(target), comparison, status,
    )  # type: ignore[arg-type]  # fmt: skip


HEALTH = AccountHealth(
    metrics=(
        _metric("order_defect_rate", "mfn", 60, 1, 50, "0.02", "0.01", "<", "breach"),
        _metric("order_defect_rate", "afn", 60, 0, 100, "0", "0.01", "<", "ok"),
        _metric("late_shipment_rate", "mfn", 10, 1, 10, "0.1", "0.04", "<", "breach"),
        _metric("late_shipment_rate", "mfn", 30, 1, 40, "0.025", "0.04", "<", "ok"),
        _metric("pre_fulfillment_cancellation_rate", "mfn", 7, 0, 5, "0", "0.025", "<", "ok"),
        _metric("valid_tracking_rate", "mfn", 30, 40, 40, "1", "0.95", ">", "ok"),
        _metric("on_time_delivery_rate", "mfn", 30, 0, 0, None, "0.9", ">", "no_data"),
    ),
    breaching_orders=(
        BreachingOrder(
            UK, "late_shipment_rate", "O3", "late_shipment", dt.date(2026, 7, 29), Decimal(10), "GBP"
        ),
        BreachingOrder(
            UK, "order_defect_rate", "O1", "a_to_z_claim", dt.date(2026, 7, 20), Decimal(25), "GBP"
        ),
        BreachingOrder(
            UK, "order_defect_rate", "O1", "negative_feedback", dt.date(2026, 7, 30), Decimal(25), "GBP"
        ),
    ),
)


def test_each_breached_metric_is_one_finding_with_its_orders_money() -> None:
    # given a UK account breaching the 10-day late shipment rate and the merchant order defect rate
    config = load_rules()
    # when the health rules run
    findings = findings_from_health(HEALTH, config=config, as_of=AS_OF)
    # then one finding per metric; severity from the bands (10% ≥ 8% and 2% ≥ 2% are critical); money at stake is
    # the total of the distinct orders behind each breach (O3: 10; O1 once although it has two defects: 25)
    assert findings == [
        Finding(
            rule="health.late_shipment_rate", severity="critical", platform="amazon", marketplace=UK, sku=None,
            metric="late_shipment_rate", value=Decimal("0.1"), threshold=Decimal("0.04"), baseline=None,
            evidence=(
                Evidence("mfn.10d.rate", Decimal("0.1"), Decimal("0.04"), "%"),
                Evidence("mfn.30d.rate", Decimal("0.025"), Decimal("0.04"), "%"),
                Evidence("mfn.10d.counts", "1/10"), Evidence("mfn.30d.counts", "1/40"),
                Evidence("orders_at_risk", 1), Evidence("sales_at_risk", Decimal(10), None, "GBP"),
            ),
            process_node="account-health", money_at_stake=Money(Decimal(10), "GBP"),
            suggested_action=Text(
                en="Confirm shipment of every merchant order before its latest ship date; check handling time and "
                "the 1 orders shipped late.",
                zh="所有自发货订单须在最晚发货日前确认发货;检查处理时间设置及 1 个迟发订单。",
            ),
            as_of=AS_OF, entity=UK,
            title=Text(en="amazon.UK: late shipment rate 10% over 10 days is above the 4% target",
                       zh="amazon.UK:10 天迟发率 10% 高于 4% 的目标"),
        ),
        Finding(
            rule="health.order_defect_rate", severity="critical", platform="amazon", marketplace=UK, sku=None,
            metric="order_defect_rate", value=Decimal("0.02"), threshold=Decimal("0.01"), baseline=None,
            evidence=(
                Evidence("mfn.60d.rate", Decimal("0.02"), Decimal("0.01"), "%"),
                Evidence("afn.60d.rate", Decimal(0), Decimal("0.01"), "%"),
                Evidence("mfn.60d.counts", "1/50"), Evidence("afn.60d.counts", "0/100"),
                Evidence("orders_at_risk", 1), Evidence("sales_at_risk", Decimal(25), None, "GBP"),
            ),
            process_node="account-health", money_at_stake=Money(Decimal(25), "GBP"),
            suggested_action=Text(
                en="Contact the buyers of the 1 defective orders today, resolve or contest each A-to-z claim, and ask "
                "for removal of feedback that is about delivery.",
                zh="今天联系 1 个缺陷订单的买家,逐一处理或申诉 A-to-Z 索赔,物流相关的差评申请移除。",
            ),
            as_of=AS_OF, entity=UK,
            title=Text(en="amazon.UK: order defect rate 2% (merchant-fulfilled) is above the 1% target",
                       zh="amazon.UK:订单缺陷率 2%(自发货)高于 1% 的目标"),
        ),
    ]  # fmt: skip


def test_a_disabled_rule_finds_nothing_and_targets_follow_the_overrides(tmp_path: Path) -> None:
    # given a user file that turns the late shipment rule off in the UK and tightens Germany's target
    user = tmp_path / "rules.yaml"
    user.write_text(
        "overrides:\n"
        "  - {marketplace: amazon.UK, rules: {health.late_shipment_rate: {enabled: false}}}\n"
        "  - {marketplace: amazon.DE, rules: {health.late_shipment_rate: {thresholds: {max_rate: 0.03}}}}\n",
        encoding="utf-8",
    )
    config = load_rules(user)
    # when the health rules run on the same breaches
    findings = findings_from_health(HEALTH, config=config, as_of=AS_OF)
    # then only the order defect rate is reported
    assert [f.rule for f in findings] == ["health.order_defect_rate"]
    # and account_health is given Germany's own target and everyone else's defaults
    assert health_targets(config, marketplace="amazon.DE") == {
        "order_defect_rate": HealthTarget(Decimal("0.01"), "<"),
        "late_shipment_rate": HealthTarget(Decimal("0.03"), "<"),
        "pre_fulfillment_cancellation_rate": HealthTarget(Decimal("0.025"), "<"),
        "valid_tracking_rate": HealthTarget(Decimal("0.95"), ">"),
        "on_time_delivery_rate": HealthTarget(Decimal("0.9"), ">"),
    }
