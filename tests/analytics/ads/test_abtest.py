"""A/B tests: the two-proportion test, its interval, the sample needed and the control, against values worked out by
hand from the textbook formulas; and the arms gathered from ads and Business Report rows."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from sellerops.analytics.ads import (
    AbTestSettings,
    Arm,
    ArmSpec,
    ControlChange,
    ProportionTest,
    ab_test,
    compare_proportions,
    needed_per_arm,
)
from sellerops.core.periods import Period
from sellerops.core.text import Text
from sellerops.errors import InputError
from sellerops.warehouse import Warehouse

US = "amazon.US"
BEFORE, AFTER = Period.parse("2025-05-01..2025-05-02"), Period.parse("2025-05-03..2025-05-04")

# Hand reference for A = 100/1000 and B = 130/1000:
#   pooled p = 230/2000 = 0.115; SE = √(0.115 · 0.885 · (1/1000 + 1/1000)) = 0.0142671; z = 0.03 / 0.0142671 = 2.10274
#   p = 2 · (1 − Φ(2.10274)) = 0.035488 → 0.0355
#   Wilson 95 % (z = 1.959964): A [0.0829094, 0.1201520], B [0.1105638, 0.1522680]
#   Newcombe: low = 0.03 − √((0.13 − 0.1105638)² + (0.1201520 − 0.1)²) = 0.0020023
#             high = 0.03 + √((0.1522680 − 0.13)² + (0.1 − 0.0829094)²) = 0.0580705
#   n per arm = (1.959964·√(2·0.115·0.885) + 0.841621·√(0.1·0.9 + 0.13·0.87))² / 0.03² = 1773.98 → 1774
HEAD_EN = (
    "Ad conversion 10.00% (A, 100/1,000 clicks) → 13.00% (B, 130/1,000): +3.00 pp [+0.20 pp, +5.81 pp], "
    "p = 0.0355 (z-test (pooled))."
)
HEAD_ZH = "广告转化率 10.00%(A,100/1,000 次点击)→ 13.00%(B,130/1,000):+3.00 pp [+0.20 pp, +5.81 pp],p = 0.0355(z-test (pooled))。"


def test_a_difference_the_z_test_finds_is_a_verdict_with_its_interval_and_the_sample_it_needs() -> None:
    # given 100 orders of 1,000 clicks before and 130 of 1,000 after
    a, b = Arm("A", 100, 1000), Arm("B", 130, 1000)
    # when they are compared
    test = compare_proportions(a, b, metric="ad_conversion")
    # then B is higher: every figure as worked out by hand above
    assert test == ProportionTest(
        metric="ad_conversion", a=a, b=b, verdict="higher", difference=D("0.030000"), ci_low=D("0.002002"),
        ci_high=D("0.058070"), p_value=D("0.0355"), method="z-test (pooled)", needed_per_arm=1774,
        reason=Text(en=HEAD_EN + " B is higher (significant at 0.05).", zh=HEAD_ZH + "B 更高(在 0.05 水平显著)。"),
    )  # fmt: skip


def test_the_same_rise_in_the_rest_of_the_shop_leaves_nothing_beyond_it() -> None:
    # given the subject rose 10 % → 13 % and the rest of the shop rose 1,000/10,000 → 1,300/10,000 over the same periods
    a, b = Arm("A", 100, 1000), Arm("B", 130, 1000)
    control = (Arm("A rest", 1000, 10000), Arm("B rest", 1300, 10000))
    # when compared with the control
    test = compare_proportions(a, b, metric="ad_conversion", control=control)
    # then the excess is 0.03 − 0.03 = 0; its variance 0.1·0.9/1000 + 0.13·0.87/1000 + 0.1·0.9/10000 + 0.13·0.87/10000
    # = 0.00022341, SE 0.0149469, half-width 1.959964 · 0.0149469 = 0.0292954; p = 1: no effect beyond the shop's
    assert test.control == ControlChange(
        control[0], control[1], difference=D("0.030000"), excess=D("0.000000"), ci_low=D("-0.029295"),
        ci_high=D("0.029295"), p_value=D("1.0000"),
    )  # fmt: skip
    assert (test.verdict, test.p_value) == ("no_detectable_difference", D("0.0355"))
    assert test.reason.en == (
        HEAD_EN + " The rest of the shop moved +3.00 pp over the same periods; beyond that: +0.00 pp "
        "[-2.93 pp, +2.93 pp], p = 1.0000. No detectable difference at 0.05."
    )


def test_small_counts_use_fishers_exact_test() -> None:
    # given 1 order of 20 clicks against 6 of 20, with a minimum of 20 clicks per arm
    a, b = Arm("A", 1, 20), Arm("B", 6, 20)
    # when compared
    test = compare_proportions(a, b, metric="ad_conversion", settings=AbTestSettings(min_clicks=20))
    # then an expected cell is 20 · 7/40 = 3.5 < 5, so Fisher's exact test: with 7 orders in 40 clicks, P(B has k)
    # = C(20,k)·C(20,7−k)/C(40,7); the tables as or less likely than k = 6 (0.041580) are k = 0, 1, 6, 7:
    # p = 2 · (0.004158 + 0.041580) = 0.091476 → 0.0915, not significant; Newcombe [0.008087, 0.472800]
    # (Fisher is conservative: the interval may clear 0 while p ≥ 0.05, and the verdict follows the test);
    # n per arm = (1.959964·√(2·0.175·0.825) + 0.841621·√(0.05·0.95 + 0.3·0.7))² / 0.25² = 35.06 → 36
    assert (test.method, test.p_value, test.ci_low, test.ci_high, test.needed_per_arm, test.verdict) == (
        "Fisher's exact", D("0.0915"), D("0.008087"), D("0.472800"), 36, "no_detectable_difference",
    )  # fmt: skip
    assert test.reason.en.endswith(
        "No detectable difference at 0.05: a difference this size needs about 36 clicks per arm."
    )


def test_below_the_minimum_sample_the_answer_is_not_enough_data() -> None:
    # given 99 clicks in arm A, one under the default minimum of 100
    a, b = Arm("A", 5, 99), Arm("B", 30, 400)
    # when compared
    test = compare_proportions(a, b, metric="ad_conversion")
    # then nothing is tested and the reason says how much is needed
    assert test == ProportionTest(
        "ad_conversion", a, b, "not_enough_data", None, None, None, None, "", None,
        Text(en="Not enough data: A has 99 clicks, B 400; Ad conversion needs at least 100 per arm to be tested.",
             zh="数据不足:A 有 99 次点击,B 有 400 次;广告转化率每组至少需要 100 次才能检验。"),
    )  # fmt: skip


def test_more_orders_than_clicks_is_not_a_proportion() -> None:
    # given an arm with 120 orders from 110 clicks (one click can bring several orders)
    test = compare_proportions(Arm("A", 120, 110), Arm("B", 10, 200), metric="ad_conversion")
    # then it is not tested
    assert (test.verdict, test.p_value) == ("not_testable", None)


def test_needed_per_arm_is_none_without_a_difference() -> None:
    # equal rates: no sample detects a difference of zero
    assert needed_per_arm(0.1, 0.1, alpha=0.05, power=0.8) is None


def _campaign_day(
    w: Warehouse, row: int, campaign: str, day: str, impressions: int, clicks: int, orders: int
) -> None:
    w.con.execute(
        "INSERT INTO ad_performance (report_type, marketplace, period_from, period_to, ad_product, campaign_name, "
        "impressions, clicks, spend, currency, attribution_days, sales, orders, source_row, import_id) VALUES "
        "('campaign', ?, ?, ?, 'SPONSORED_PRODUCTS', ?, ?, ?, 1, 'USD', 7, 0, ?, ?, 1)",
        [US, day, day, campaign, impressions, clicks, orders, row],
    )


def _traffic(w: Warehouse, day: str, sku: str, asin: str, sessions: int, order_items: int) -> None:
    w.con.execute(
        "INSERT INTO sales_traffic (marketplace, period_from, period_to, parent_asin, child_asin, sku, sessions, "
        "order_items, currency, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'USD', 2)",
        [US, day, day, asin, asin, sku, sessions, order_items],
    )


def test_a_campaign_before_and_after_is_judged_against_the_rest_of_the_shop(warehouse: Warehouse) -> None:
    # given campaign C over two days before (600 + 400 clicks, 60 + 40 orders) and two days after (130 orders of
    # 1,000 clicks), and campaign R, the rest of the shop, flat at 10 % (1,000/10,000 then 1,000/10,000)
    rows = [("C", "2025-05-01", 6000, 600, 60), ("C", "2025-05-02", 4000, 400, 40), ("C", "2025-05-03", 5000, 500, 65),
            ("C", "2025-05-04", 5000, 500, 65), ("R", "2025-05-01", 50000, 5000, 500), ("R", "2025-05-02", 50000, 5000, 500),
            ("R", "2025-05-03", 50000, 5000, 500), ("R", "2025-05-04", 50000, 5000, 500)]  # fmt: skip
    for n, row in enumerate(rows, start=1):
        _campaign_day(warehouse, n, *row)
    backend = warehouse.ibis()
    # when C's two periods are tested
    result = ab_test(
        backend.table("ad_performance"), backend.table("sales_traffic"), marketplace=US,
        a=ArmSpec(BEFORE, campaign="C"), b=ArmSpec(AFTER, campaign="C"),
    )  # fmt: skip
    # then CTR 1,000/10,000 → 1,000/10,000 shows nothing, and conversion 100/1000 → 130/1000 is higher beyond the flat
    # shop: excess 0.03 − 0 = 0.03, SE √(0.00009 + 0.0001131 + 0.000009 + 0.000009) = 0.0148695, z = 2.0176, p = 0.0436
    assert result.design == "before_after"
    ctr, conversion = result.tests
    assert (ctr.metric, ctr.a, ctr.b, ctr.verdict) == (
        "ctr", Arm("A: C 2025-05-01..2025-05-02", 1000, 10000, 2), Arm("B: C 2025-05-03..2025-05-04", 1000, 10000, 2),
        "no_detectable_difference",
    )  # fmt: skip
    assert (conversion.metric, conversion.a.successes, conversion.b.successes, conversion.verdict) == (
        "ad_conversion",
        100,
        130,
        "higher",
    )
    assert conversion.control == ControlChange(
        Arm("A: rest 2025-05-01..2025-05-02", 1000, 10000, 2), Arm("B: rest 2025-05-03..2025-05-04", 1000, 10000, 2),
        difference=D("0.000000"), excess=D("0.030000"), ci_low=D("0.000856"), ci_high=D("0.059144"),
        p_value=D("0.0436"),
    )  # fmt: skip


def test_session_conversion_counts_an_asins_sessions_once_across_its_skus(warehouse: Warehouse) -> None:
    # given SKUs S-1 and S-1B of one ASIN (Amazon repeats the ASIN's 500 sessions on both rows) and SKU T-1 of another
    for day, s1, s1b in (("2025-05-01", 40, 10), ("2025-05-03", 70, 10)):
        _traffic(warehouse, day, "S-1", "B0S", 500, s1)
        _traffic(warehouse, day, "S-1B", "B0S", 500, s1b)
        _traffic(warehouse, day, "T-1", "B0T", 1000, 100)
    backend = warehouse.ibis()
    # when the two SKUs' ASIN is tested across a day before and a day after (ASIN B0S as the subject)
    result = ab_test(
        backend.table("ad_performance"), backend.table("sales_traffic"), marketplace=US,
        a=ArmSpec(Period.parse("2025-05-01"), product="B0S"), b=ArmSpec(Period.parse("2025-05-03"), product="B0S"),
    )  # fmt: skip
    # then 50/500 → 80/500 (sessions once per ASIN and day, order items of both SKUs); the control is T-1's 100/1000
    (test,) = result.tests
    assert (test.metric, test.a, test.b) == (
        "session_conversion", Arm("A: B0S 2025-05-01..2025-05-01", 50, 500, 1),
        Arm("B: B0S 2025-05-03..2025-05-03", 80, 500, 1),
    )  # fmt: skip
    assert test.control is not None
    assert (test.control.a, test.control.b) == (
        Arm("A: rest 2025-05-01..2025-05-01", 100, 1000, 1),
        Arm("B: rest 2025-05-03..2025-05-03", 100, 1000, 1),
    )
    # and the ads metrics, with no ads rows, are left out with a note that says why
    assert result.notes[0].en == (
        "CTR not tested: no rows of an ads report listing impressions (campaign, targeting or advertised product) "
        "lie inside both 2025-05-01..2025-05-01 (B0S) and 2025-05-03..2025-05-03 (B0S)."
    )


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        (ArmSpec(BEFORE, product="S"), ArmSpec(Period.parse("2025-05-02..2025-05-05"), product="S"),
         "the periods 2025-05-01..2025-05-02 and 2025-05-02..2025-05-05 overlap for the same S"),
        (ArmSpec(BEFORE, product="S"), ArmSpec(AFTER, campaign="C"), "compare like with like"),
        (ArmSpec(BEFORE, product="S", campaign="C"), ArmSpec(AFTER, product="S", campaign="C"),
         "arm A names both a SKU and a campaign"),
    ],
)  # fmt: skip
def test_comparisons_that_cannot_mean_anything_are_refused(
    warehouse: Warehouse, a: ArmSpec, b: ArmSpec, message: str
) -> None:
    backend = warehouse.ibis()
    with pytest.raises(InputError, match=message):
        ab_test(backend.table("ad_performance"), None, marketplace=US, a=a, b=b)
