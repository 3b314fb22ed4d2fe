"""The sales = sessions x conversion x price decomposition, against shares worked out by hand."""

from __future__ import annotations

import math
from decimal import Decimal

from sellerops.analytics.anomalies import Factors, FactorShares, Funnel, decompose


def test_traffic_fall_is_all_sessions() -> None:
    # given sessions halved with conversion and price unchanged: with the half-unit correction, sessions
    # 1000 -> 500 and conversion (99.5 + 0.5) / 1000 = (49.5 + 0.5) / 500 = 0.1, price 20.00 both times
    before, after = Funnel(999.5, 99.5, 1990.0), Funnel(499.5, 49.5, 990.0)
    # when decomposed
    factors = decompose(before, after)
    # then the whole change is sessions: ln(500/1000) / ln(500/1000) = 1
    assert factors == Factors(
        sessions=(1000.0, 500.0),
        conversion=(0.1, 0.1),
        price=(20.0, 20.0),
        shares=FactorShares(Decimal("1.0"), Decimal("0.0"), Decimal("0.0")),
    )


def test_no_change_has_no_shares() -> None:
    # given the same funnel twice
    factors = decompose(Funnel(100, 10, 200), Funnel(100, 10, 200))
    # then there is nothing to share out
    assert factors.shares is None


def test_a_period_without_sales_keeps_the_other_price() -> None:
    # given a day that sold nothing after one that sold 10 at 20.00
    factors = decompose(Funnel(100, 10, 200), Funnel(60, 0, 0))
    # then its price is taken as unchanged, and the shares split ln S = ln(0.5/10.5) between sessions
    # ln(60.5/100.5) and conversion (the rest)
    ln_s, ln_t = math.log(0.5 / 10.5), math.log(60.5 / 100.5)
    assert factors.price == (20.0, 20.0)
    assert factors.shares == FactorShares(
        Decimal(str(round(ln_t / ln_s, 4))), Decimal(str(round(1 - ln_t / ln_s, 4))), Decimal("0.0")
    )
