"""From a forecast in statsforecast's long format to the outlooks a plan reads."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from sellerops.analytics.replenish import (
    DemandOutlook,
    StockPosition,
    SupplyTerms,
    outlooks_from_forecast,
    plan_replenishment,
)
from sellerops.analytics.replenish.models import Lane

AS_OF = dt.date(2026, 3, 2)


def test_forecast_points_accuracy_and_history_become_outlooks() -> None:
    # given two series' forecasts for 2 days after the plan day (and a day before it, which is dropped), the
    # backtest errors of two models for the first and none for the second, and some history
    points = pd.DataFrame(
        {
            "unique_id": ["US|A", "US|A", "US|A", "UK|B", "UK|B", "US|C"],
            "ds": pd.to_datetime(
                ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-03", "2026-03-04", "2026-03-03"]
            ),
            "mean": [9.0, 4.0, 6.0, 1.0, 3.0, 1.0],
            "model": ["ses", "ses", "ses", "croston", "croston", "ses"],
        }
    )
    accuracy = pd.DataFrame(
        {"unique_id": ["US|A", "US|A"], "model": ["ses", "window_56"], "rmse_daily": [2.5, 1.5]}
    )
    history = pd.DataFrame(
        {
            "unique_id": ["US|A", "US|A", "UK|B"],
            "ds": pd.to_datetime(["2026-02-27", "2026-03-01", "2026-01-01"]),
            "y": [5.0, 7.0, 2.0],
        }
    )
    keys = {"US|A": ("A", "amazon.US"), "UK|B": ("B", "amazon.UK")}
    # when they are read for the plan day, keeping 4 days of history
    found = outlooks_from_forecast(points, accuracy, as_of=AS_OF, keys=keys, history=history, history_days=4)
    # then A takes its own model's error (2.5, not the better 1.5 of a model it does not use), and its history
    # runs from its first sale in the 4 days (27 Feb) to the plan day: 5, 0, 7, 0; B has no backtest, so its
    # error is √(mean of 1 and 3) = √2, and no sale in those 4 days; C is not asked for
    assert found == [
        DemandOutlook("B", "amazon.UK", (1.0, 3.0), math.sqrt(2.0), ()),
        DemandOutlook("A", "amazon.US", (4.0, 6.0), 2.5, (5.0, 0.0, 7.0, 0.0)),
    ]


def test_a_sku_that_barely_sells_still_gets_a_last_order_date() -> None:
    # given 1 unit a year forecast with a daily error of 1: safety stock = 1.644854 × √56 = 12.3 → 13 units,
    # which is 13 / 0.00274 = 4,745 days of demand: the safety days are capped at the two-year horizon
    plan = plan_replenishment(
        [DemandOutlook("A", "amazon.US", (1 / 365,) * 30, 1.0)],
        [StockPosition("A", "amazon.US")],
        [],
        [SupplyTerms("A", 21)],
        [Lane("amazon.US", "local_to_fba", "sea", 28)],
        as_of=AS_OF,
    )
    # then with nothing in stock it runs out tomorrow, and the last order day is tomorrow − (49 + 730) days
    (line,) = plan.lines
    assert (line.safety_stock, line.stockout_date, line.last_order_date) == (
        13,
        dt.date(2026, 3, 3),
        dt.date(2026, 3, 3) - dt.timedelta(days=49 + 730),
    )
