"""How urgent a task is (P1..P4), from the finding's severity and the money it puts at stake."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from sellerops.core.money import Money
from sellerops.core.process import ProcessNode
from sellerops.core.text import Text
from sellerops.rules.findings import Severity
from sellerops.workflow.models import PRIORITIES, Priority, RulePolicy

# Severity alone gives the base priority; a large sum at stake raises it one step (never above P1).
BASE_PRIORITY: dict[Severity, Priority] = {"critical": "P1", "high": "P2", "medium": "P3", "low": "P4"}

# "Large" is about 500 US dollars, written as a round sum in each marketplace currency (and CNY for the team):
# amounts in different currencies are never compared with each other, each meets its own line.
MONEY_AT_STAKE_THRESHOLDS: dict[str, Decimal] = {
    "USD": Decimal(500), "CAD": Decimal(700), "MXN": Decimal(10_000), "BRL": Decimal(2_500),
    "GBP": Decimal(400), "EUR": Decimal(500), "SEK": Decimal(5_000), "PLN": Decimal(2_000),
    "TRY": Decimal(20_000), "AED": Decimal(2_000), "SAR": Decimal(2_000), "INR": Decimal(40_000),
    "JPY": Decimal(75_000), "AUD": Decimal(750), "SGD": Decimal(700), "CNY": Decimal(3_500),
}  # fmt: skip


def task_priority(
    severity: Severity,
    money_at_stake: Money | None,
    *,
    thresholds: Mapping[str, Decimal] = MONEY_AT_STAKE_THRESHOLDS,
) -> Priority:
    """critical → P1, high → P2, medium → P3, low → P4; one step more urgent when the money at stake reaches the
    threshold of its currency. A currency without a threshold never raises the priority."""
    base = BASE_PRIORITY[severity]
    if money_at_stake is None:
        return base
    threshold = thresholds.get(money_at_stake.currency)
    if threshold is None or money_at_stake.amount < threshold:
        return base
    return PRIORITIES[max(PRIORITIES.index(base) - 1, 0)]


# The seeds: negative reviews, A-to-z claims and account-health warnings are answered within 24 hours.
URGENT_NODES: frozenset[ProcessNode] = frozenset({"reviews/after-sales", "account-health"})


def fallback_policy(process_node: ProcessNode) -> RulePolicy:
    """The policy of a rule the policies do not name: 24 h for after-sales and account health, 72 h otherwise;
    closed after 3 clear days."""
    days = 3
    return RulePolicy(
        sla_hours=24 if process_node in URGENT_NODES else 72,
        close_after_days=days,
        acceptance=Text(
            en=f"The check finds nothing for {days} days in a row.",
            zh=f"连续 {days} 天检查不再发现该问题。",
        ),
    )
