"""Negative feedback, A-to-z claims and chargebacks become one finding per order, due within a day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sellerops.analytics.health import ClaimCase, FeedbackCase
from sellerops.core.money import Money
from sellerops.core.text import Text
from sellerops.rules.after_sales_rules import findings_from_claims, findings_from_feedback
from sellerops.rules.config import load_rules
from sellerops.rules.findings import Evidence, Finding

D = dt.date
AS_OF = D(2026, 7, 31)
US = "amazon.US"
FEEDBACK_ACTION = Text(
    en="Reply to the buyer within 24 hours, solve the problem, and ask for removal if the feedback is about delivery "
    "or is a product review.",
    zh="24 小时内联系买家并解决问题;如属物流问题或产品评论,申请移除该反馈。",
)


def test_negative_feedback_without_a_reply_is_one_finding_per_order() -> None:
    # given four unanswered feedbacks: 1 star, 2 stars, 3 stars (neutral), and 1 star on day 61 of the 60-day lookback
    cases = [
        FeedbackCase(US, "111-1", D(2026, 7, 30), 1, "Late", "S1", Decimal("20.00"), "USD"),
        FeedbackCase(US, "111-2", D(2026, 7, 31), 2, None, None, None, None),
        FeedbackCase(US, "111-3", D(2026, 7, 31), 3, "Fine", "S1", Decimal(5), "USD"),
        FeedbackCase(US, "111-4", D(2026, 6, 1), 1, "Old", "S1", Decimal(5), "USD"),
    ]
    # when the feedback rule runs
    findings = findings_from_feedback(cases, config=load_rules(), as_of=AS_OF)
    # then the 1-star is high, the 2-star medium; the neutral and the old one are not findings
    assert findings == [
        Finding(
            rule="after_sales.negative_feedback", severity="high", platform="amazon", marketplace=US, sku="S1",
            metric="seller_feedback_rating", value=Decimal(1), threshold=Decimal(2), baseline=None,
            evidence=(Evidence("rating", 1), Evidence("feedback_date", D(2026, 7, 30)),
                      Evidence("days_unanswered", 1, None, "days"), Evidence("comments", "Late"),
                      Evidence("order_total", Decimal(20), None, "USD")),
            process_node="reviews/after-sales", money_at_stake=Money(Decimal(20), "USD"),
            suggested_action=FEEDBACK_ACTION, as_of=AS_OF, entity="111-1",
            title=Text(en="amazon.US: 1-star seller feedback on order 111-1", zh="amazon.US:订单 111-1 收到 1 星卖家反馈"),
        ),
        Finding(
            rule="after_sales.negative_feedback", severity="medium", platform="amazon", marketplace=US, sku=None,
            metric="seller_feedback_rating", value=Decimal(2), threshold=Decimal(2), baseline=None,
            evidence=(Evidence("rating", 2), Evidence("feedback_date", D(2026, 7, 31)),
                      Evidence("days_unanswered", 0, None, "days")),
            process_node="reviews/after-sales", money_at_stake=None, suggested_action=FEEDBACK_ACTION, as_of=AS_OF,
            entity="111-2",
            title=Text(en="amazon.US: 2-star seller feedback on order 111-2", zh="amazon.US:订单 111-2 收到 2 星卖家反馈"),
        ),
    ]  # fmt: skip


def test_claims_and_chargebacks_are_one_finding_per_order_within_their_lookback() -> None:
    # given an A-to-z claim, a chargeback posted in two settlements, a claim 15 days old, and an unknown kind
    cases = [
        ClaimCase(
            US, "111-5", "a_to_z", D(2026, 7, 25), Decimal("-30.00"), "USD", "A-to-z Guarantee Claim", "S2"
        ),
        ClaimCase(
            US, "111-6", "chargeback", D(2026, 7, 20), Decimal("-10.00"), "USD", "Chargeback Refund", None
        ),
        ClaimCase(
            US, "111-6", "chargeback", D(2026, 7, 22), Decimal("-5.00"), "USD", "Chargeback Refund", None
        ),
        ClaimCase(
            US, "111-7", "a_to_z", D(2026, 7, 17), Decimal("-9.00"), "USD", "A-to-z Guarantee Claim", "S2"
        ),
        ClaimCase(US, "111-8", "safe_t", D(2026, 7, 30), Decimal("-9.00"), "USD", "SAFE-T", "S2"),
    ]
    # when the claim rules run
    findings = findings_from_claims(cases, config=load_rules(), as_of=AS_OF)
    # then the claim (critical) and the chargeback (high, 10 + 5 taken back, dated by its last posting)
    assert findings == [
        Finding(
            rule="after_sales.a_to_z_claim", severity="critical", platform="amazon", marketplace=US, sku="S2",
            metric="a_to_z", value=Decimal(30), threshold=None, baseline=None,
            evidence=(Evidence("claim_date", D(2026, 7, 25)), Evidence("days_open", 6, None, "days"),
                      Evidence("claim_amount", Decimal(30), None, "USD"),
                      Evidence("transaction_type", "A-to-z Guarantee Claim")),
            process_node="reviews/after-sales", money_at_stake=Money(Decimal(30), "USD"),
            suggested_action=Text(
                en="Answer the claim in Seller Central within 24 hours with tracking and delivery proof, or refund "
                "the buyer.",
                zh="24 小时内在卖家后台回应索赔,提供物流与签收证明,或直接给买家退款。",
            ),
            as_of=AS_OF, entity="111-5",
            title=Text(en="amazon.US: A-to-z Guarantee claim on order 111-5 (30.00 USD)",
                       zh="amazon.US:订单 111-5 的 A-to-Z 索赔(30.00 USD)"),
        ),
        Finding(
            rule="after_sales.chargeback", severity="high", platform="amazon", marketplace=US, sku=None,
            metric="chargeback", value=Decimal(15), threshold=None, baseline=None,
            evidence=(Evidence("claim_date", D(2026, 7, 22)), Evidence("days_open", 9, None, "days"),
                      Evidence("claim_amount", Decimal(15), None, "USD"),
                      Evidence("transaction_type", "Chargeback Refund")),
            process_node="reviews/after-sales", money_at_stake=Money(Decimal(15), "USD"),
            suggested_action=Text(
                en="Send Amazon the order's proof of delivery and the invoice within 24 hours so the chargeback can "
                "be contested.",
                zh="24 小时内向亚马逊提交签收证明和发票,以便对拒付提出申诉。",
            ),
            as_of=AS_OF, entity="111-6",
            title=Text(en="amazon.US: chargeback on order 111-6 (15.00 USD)", zh="amazon.US:订单 111-6 发生拒付(15.00 USD)"),
        ),
    ]  # fmt: skip
