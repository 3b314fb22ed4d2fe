"""Negative seller feedback, A-to-z claims and chargebacks become findings: one per order, answered within a day."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from sellerops.analytics.health import ClaimCase, FeedbackCase
from sellerops.core.money import Money
from sellerops.rules.config import RulesConfig
from sellerops.rules.findings import Evidence, Finding

FEEDBACK_RULE = "after_sales.negative_feedback"
CLAIM_RULES = {"a_to_z": "after_sales.a_to_z_claim", "chargeback": "after_sales.chargeback"}


def feedback_window(config: RulesConfig, *, marketplace: str | None = None) -> tuple[int, int]:
    """(max_rating, lookback_days) to pass to `unanswered_feedback`."""
    rule = config.rule(FEEDBACK_RULE, marketplace=marketplace)
    return int(rule.threshold("max_rating")), int(rule.threshold("lookback_days"))


def claim_lookback_days(config: RulesConfig, *, marketplace: str | None = None) -> int:
    """The longest lookback of the claim rules, to pass to `recent_claims` (each rule then keeps its own)."""
    return max(
        int(config.rule(r, marketplace=marketplace).threshold("lookback_days")) for r in CLAIM_RULES.values()
    )


def _stake(total: Decimal | None, currency: str | None) -> Money | None:
    return Money(abs(total), currency) if total is not None and currency else None


def findings_from_feedback(
    cases: list[FeedbackCase],
    *,
    config: RulesConfig,
    as_of: dt.date,
    categories: dict[str, str] | None = None,
) -> list[Finding]:
    """One finding per order with unanswered negative feedback. Money at stake is the order's total: the sale a
    refund to settle the complaint would give back. `categories` (SKU → category) picks category overrides."""
    findings = []
    for case in cases:
        category = (categories or {}).get(case.sku or "")
        rule = config.rule(FEEDBACK_RULE, marketplace=case.marketplace, category=category)
        lookback = int(rule.threshold("lookback_days"))
        fresh = as_of - dt.timedelta(days=lookback - 1) <= case.feedback_date <= as_of
        if not rule.enabled or case.rating > rule.threshold("max_rating") or not fresh:
            continue
        stake = _stake(case.order_total, case.currency)
        evidence = [
            Evidence("rating", case.rating, None, ""),
            Evidence("feedback_date", case.feedback_date),
            Evidence("days_unanswered", (as_of - case.feedback_date).days, None, "days"),
        ]
        if case.comments:
            evidence.append(Evidence("comments", case.comments))
        if stake is not None:
            evidence.append(Evidence("order_total", stake.amount, None, stake.currency))
        values = {"marketplace": case.marketplace, "order_id": case.order_id, "rating": case.rating}
        findings.append(
            rule.finding(
                values,
                marketplace=case.marketplace,
                entity=case.order_id,
                metric="seller_feedback_rating",
                as_of=as_of,
                value=Decimal(case.rating),
                sku=case.sku,
                threshold=rule.threshold("max_rating"),
                evidence=evidence,
                money_at_stake=stake,
            )
        )
    return findings


def findings_from_claims(
    cases: list[ClaimCase], *, config: RulesConfig, as_of: dt.date, categories: dict[str, str] | None = None
) -> list[Finding]:
    """One finding per claim or chargeback dated within its rule's lookback. Money at stake is the amount the
    settlements took back for it (a claim posted in two settlements is one claim: its amounts add up)."""
    findings = []
    for case in _one_per_order(cases):
        rule_id = CLAIM_RULES.get(case.claim_type)
        if rule_id is None:
            continue
        category = (categories or {}).get(case.sku or "")
        rule = config.rule(rule_id, marketplace=case.marketplace, category=category)
        lookback = int(rule.threshold("lookback_days"))
        if not rule.enabled or not as_of - dt.timedelta(days=lookback - 1) <= case.claim_date <= as_of:
            continue
        stake = _stake(case.amount, case.currency)
        amount = "—" if stake is None else str(stake)
        evidence = [
            Evidence("claim_date", case.claim_date),
            Evidence("days_open", (as_of - case.claim_date).days, None, "days"),
        ]
        if stake is not None:
            evidence.append(Evidence("claim_amount", stake.amount, None, stake.currency))
        if case.reason:
            evidence.append(Evidence("transaction_type", case.reason))
        values = {"marketplace": case.marketplace, "order_id": case.order_id, "amount": amount}
        findings.append(
            rule.finding(
                values,
                marketplace=case.marketplace,
                entity=case.order_id,
                metric=case.claim_type,
                as_of=as_of,
                value=None if stake is None else stake.amount,
                sku=case.sku,
                evidence=evidence,
                money_at_stake=stake,
                severity=rule.severity_for(None),
            )
        )
    return findings


def _one_per_order(cases: list[ClaimCase]) -> list[ClaimCase]:
    merged: dict[tuple[str, str, str], ClaimCase] = {}
    for case in cases:
        key = (case.marketplace, case.order_id, case.claim_type)
        seen = merged.get(key)
        if seen is None:
            merged[key] = case
            continue
        same_money = seen.currency == case.currency and seen.amount is not None and case.amount is not None
        merged[key] = replace(
            seen,
            claim_date=max(seen.claim_date, case.claim_date),
            amount=(seen.amount or Decimal(0)) + (case.amount or Decimal(0)) if same_money else seen.amount,
        )
    return list(merged.values())
