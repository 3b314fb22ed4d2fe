"""Held orders become findings: one per order and reason, with the rule's thresholds, severity and texts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sellerops.analytics.orders import HeldOrder, HoldPolicy, HoldReason
from sellerops.core.money import Money
from sellerops.core.text import Text
from sellerops.rules.config import RulesConfig, load_rules
from sellerops.rules.findings import Evidence, Finding
from sellerops.rules.order_rules import findings_from_holds, hold_policy

AS_OF = dt.date(2026, 10, 31)
PURCHASED = dt.datetime(2026, 10, 31, 9, 0, tzinfo=dt.UTC)
LATEST = dt.datetime(2026, 10, 31, 22, 0, tzinfo=dt.UTC)


def test_the_default_policy_is_the_rules_files_thresholds(tmp_path: Path) -> None:
    # given the default rules, and a file that gives the UK 48 hours for payments
    overrides = (
        "rules: {}\n"
        "overrides:\n"
        "  - marketplace: amazon.UK\n"
        "    rules:\n"
        "      orders.payment_pending: {thresholds: {pending_hours: 48}}\n"
    )
    config = load_rules(None)
    custom = _with(tmp_path, overrides)
    # when each marketplace's hold policy is read
    # then it is the defaults of docs/rules.md, with the UK's own payment window
    assert hold_policy(config, marketplace="amazon.US") == HoldPolicy(
        pending_hours=24, ship_by_hours=24, duplicate_hours=2, quantity_floor=5, quantity_factor=Decimal(3),
        history_days=90, min_history_lines=20,
    )  # fmt: skip
    assert hold_policy(custom, marketplace="amazon.UK").pending_hours == 48
    assert hold_policy(custom, marketplace="amazon.US").pending_hours == 24


def _with(folder: Path, text: str) -> RulesConfig:
    path = folder / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return load_rules(path)


def test_each_reason_of_a_held_order_is_one_finding() -> None:
    # given an order 2 h past its latest ship time whose two lines are both above the quantity limit of 6
    held = HeldOrder(
        "amazon.US", "111-1", "Unshipped", PURCHASED, LATEST, Decimal("45.50"), "USD", ("LAMP", "MUG"),
        (HoldReason("quantity_outlier", "LAMP quantity 7 > 6", Decimal(7), Decimal(6)),
         HoldReason("quantity_outlier", "MUG quantity 9 > 6", Decimal(9), Decimal(6)),
         HoldReason("ship_by_near", "overdue by 2.0 h", Decimal("-2.0"), Decimal(24))),
    )  # fmt: skip
    # when the rules judge it
    findings = findings_from_holds((held,), config=load_rules(None), as_of=AS_OF)
    # then the two quantity lines are one finding (the first line's figures), and the overdue shipment is
    # critical (hours left ≤ 0 is the rule's critical band)
    common = (
        Evidence("order_status", "Unshipped"),
        Evidence("purchase_at", "2026-10-31T09:00+00:00"),
    )
    stake = Money(Decimal("45.50"), "USD")
    assert findings == [
        Finding(
            rule="orders.quantity_outlier", severity="medium", platform="amazon", marketplace="amazon.US", sku=None,
            metric="line_quantity", value=Decimal(7), threshold=Decimal(6), baseline=None,
            evidence=(*common, Evidence("detail", "LAMP quantity 7 > 6; MUG quantity 9 > 6"),
                      Evidence("latest_ship_at", "2026-10-31T22:00+00:00"),
                      Evidence("line_quantity", Decimal(7), Decimal(6), ""),
                      Evidence("order_total", Decimal("45.50"), None, "USD")),
            process_node="inventory/fulfilment", money_at_stake=stake,
            suggested_action=Text(
                "Check order 111-1 before shipping: confirm the quantity with the buyer, and check the stock it "
                "would take from other orders.",
                "发货前核实订单 111-1:与买家确认数量,并检查其占用的库存是否影响其他订单。"),
            as_of=AS_OF, entity="111-1",
            title=Text("amazon.US: order 111-1 asks for an unusual quantity (LAMP quantity 7 > 6; MUG quantity 9 > 6)",
                       "amazon.US:订单 111-1 的数量异常(LAMP quantity 7 > 6; MUG quantity 9 > 6)"),
        ),
        Finding(
            rule="orders.ship_by_near", severity="critical", platform="amazon", marketplace="amazon.US", sku=None,
            metric="hours_to_latest_ship", value=Decimal("-2.0"), threshold=Decimal(24), baseline=None,
            evidence=(*common, Evidence("detail", "overdue by 2.0 h"),
                      Evidence("latest_ship_at", "2026-10-31T22:00+00:00"),
                      Evidence("hours_to_latest_ship", Decimal("-2.0"), Decimal(24), "hours"),
                      Evidence("order_total", Decimal("45.50"), None, "USD")),
            process_node="inventory/fulfilment", money_at_stake=stake,
            suggested_action=Text(
                "Ship order 111-1 and confirm the shipment with a tracking number before its latest ship time.",
                "在最晚发货时间前发出订单 111-1 并上传物流追踪号。"),
            as_of=AS_OF, entity="111-1",
            title=Text("amazon.US: ship order 111-1 now (overdue by 2.0 h)",
                       "amazon.US:请立即发货订单 111-1(overdue by 2.0 h)"),
        ),
    ]  # fmt: skip


def test_a_disabled_rule_gives_no_finding_and_a_single_sku_order_names_its_sku(tmp_path: Path) -> None:
    # given a pending order with one SKU, an invalid address and no total, and the address rule switched off
    held = HeldOrder(
        "amazon.US", "111-2", "Pending", PURCHASED, None, None, None, ("MUG",),
        (HoldReason("address_invalid", "postal_code invalid"),
         HoldReason("payment_pending", "pending for 30.0 h", Decimal(30), Decimal(24))),
    )  # fmt: skip
    config = _with(tmp_path, "rules:\n  orders.address_invalid: {enabled: false}\n")
    # when the rules judge it
    findings = findings_from_holds((held,), config=config, as_of=AS_OF)
    # then only the payment finding is left, about the order's one SKU, with no money at stake
    assert [(f.rule, f.sku, f.severity, f.value, f.money_at_stake) for f in findings] == [
        ("orders.payment_pending", "MUG", "medium", Decimal(30), None)
    ]
