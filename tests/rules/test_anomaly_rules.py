"""Explained moves become findings: one per SKU and step of the process, explained plans and old moves left out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sellerops.analytics.anomalies import ExplainedMove, FactorShares, MoveEvidence
from sellerops.core.money import Money
from sellerops.core.text import Text
from sellerops.rules.anomaly_rules import CAUSE_ACTIONS, findings_from_moves
from sellerops.rules.config import load_rules
from sellerops.rules.findings import Evidence, Finding

AS_OF = dt.date(2026, 10, 20)


def _move(
    cause: str,
    *,
    sku: str = "SKU-1",
    score: str = "6",
    end: dt.date = AS_OF,
    node: str = "inventory/fulfilment",
) -> ExplainedMove:
    return ExplainedMove(
        marketplace="amazon.US", sku=sku, parent_asin="B0PARENT", campaign=None,
        start_date=dt.date(2026, 10, 16), end_date=end, metric="ordered_sales", direction="down",
        value=Decimal("40"), baseline=Decimal("100"), change=Decimal("-0.6"),
        shares=FactorShares(Decimal("0.9"), Decimal("0.1"), Decimal("0")), process_node=node,  # type: ignore[arg-type]
        cause=cause, evidence=(MoveEvidence("fulfillable_quantity", 0, 35, ""),),
        money_at_stake=Money(Decimal("300"), "USD"), score=Decimal(score),
    )  # fmt: skip


def test_a_stock_out_move_becomes_one_finding_with_its_evidence_and_action() -> None:
    # given a stock-out still showing on the day, and a weaker low-stock move of the same SKU and step
    moves = [_move("out_of_stock"), _move("low_stock", score="3")]
    # when the moves become findings
    findings = findings_from_moves(moves, config=load_rules(defaults_text=None), as_of=AS_OF)
    # then the stronger one speaks for the SKU's step, with the shares and the move's days as evidence
    assert findings == [
        Finding(
            rule="anomaly.sales_move", severity="medium", platform="amazon", marketplace="amazon.US", sku="SKU-1",
            metric="ordered_sales", value=Decimal("40"), threshold=None, baseline=Decimal("100"),
            evidence=(
                Evidence("fulfillable_quantity", 0, 35, ""), Evidence("share_sessions", Decimal("0.9"), None, "share"),
                Evidence("share_conversion", Decimal("0.1"), None, "share"),
                Evidence("share_price", Decimal("0"), None, "share"), Evidence("move_days", 5, None, "days"),
            ),
            process_node="inventory/fulfilment", money_at_stake=Money(Decimal("300"), "USD"),
            suggested_action=CAUSE_ACTIONS["out_of_stock"], as_of=AS_OF, entity="SKU-1@inventory/fulfilment",
            title=Text("amazon.US SKU-1: ordered sales moved -60%", "amazon.US SKU-1:ordered sales 变化 -60%"),
        )
    ]  # fmt: skip


def test_plans_and_moves_that_ended_before_the_day_open_nothing() -> None:
    # given a promotion's lift, a move that ended the day before, and a standing category streak of another SKU
    moves = [
        _move("promotion", node="price/promotion"),
        _move("out_of_stock", end=AS_OF - dt.timedelta(days=1)),
        _move("conversion_below_category", sku="SKU-2", node="listing/content"),
    ]
    # when the moves become findings
    findings = findings_from_moves(moves, config=load_rules(defaults_text=None), as_of=AS_OF)
    # then only the category streak is left, under the seeds' own rule
    assert [(f.rule, f.entity, f.suggested_action) for f in findings] == [
        (
            "listing.conversion_below_category",
            "SKU-2@listing/content",
            CAUSE_ACTIONS["conversion_below_category"],
        )
    ]
