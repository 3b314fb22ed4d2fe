"""Priority from severity and money at stake, and the policy of a rule the policies do not name."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sellerops.core.money import Money
from sellerops.core.text import Text
from sellerops.errors import ConfigError
from sellerops.workflow import RulePolicy, fallback_policy, task_priority


def test_priority_table() -> None:
    # the formula of docs/tasks.md, written out: severity gives the base, $500 or more at stake raises it one step
    at_stake = {
        "none": None,
        "small": Money(Decimal("499.99"), "USD"),
        "large": Money(Decimal("500"), "USD"),
    }
    table = {
        (severity, size): task_priority(severity, money)
        for severity in ("critical", "high", "medium", "low")
        for size, money in at_stake.items()
    }
    assert table == {
        ("critical", "none"): "P1", ("critical", "small"): "P1", ("critical", "large"): "P1",
        ("high", "none"): "P2", ("high", "small"): "P2", ("high", "large"): "P1",
        ("medium", "none"): "P3", ("medium", "small"): "P3", ("medium", "large"): "P2",
        ("low", "none"): "P4", ("low", "small"): "P4", ("low", "large"): "P3",
    }  # fmt: skip


def test_each_currency_meets_its_own_threshold() -> None:
    assert task_priority("medium", Money(Decimal(500), "JPY")) == "P3"  # ¥500 is not $500
    assert task_priority("medium", Money(Decimal(75_000), "JPY")) == "P2"
    assert task_priority("medium", Money(Decimal(400), "GBP")) == "P2"
    assert task_priority("medium", Money(Decimal(10**6), "XYZ")) == "P3"  # no threshold: never raised
    assert task_priority("medium", Money(Decimal(50), "USD"), thresholds={"USD": Decimal(50)}) == "P2"


def test_fallback_policy_answers_after_sales_and_account_health_within_24_hours() -> None:
    hours = {
        node: fallback_policy(node).sla_hours
        for node in ("reviews/after-sales", "account-health", "traffic/ads", "inventory/fulfilment")
    }
    assert hours == {
        "reviews/after-sales": 24,
        "account-health": 24,
        "traffic/ads": 72,
        "inventory/fulfilment": 72,
    }


def test_a_policy_needs_at_least_an_hour_and_a_day() -> None:
    with pytest.raises(ConfigError, match=r"sla_hours=0, close_after_days=3"):
        RulePolicy(sla_hours=0, close_after_days=3, acceptance=Text("", ""))
    with pytest.raises(ConfigError, match=r"sla_hours=24, close_after_days=0"):
        RulePolicy(sla_hours=24, close_after_days=0, acceptance=Text("", ""))
