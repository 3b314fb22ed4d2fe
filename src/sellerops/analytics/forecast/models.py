"""What a demand forecast returns, and the fixed choices the method is built on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

# Reasons a day's sales do not show the demand (find_stock_outs, and the forecast's own marks).
StockOutReason = Literal["zero_stock", "low_stock", "sales_gap"]
STOCK_OUT_REASONS: tuple[StockOutReason, ...] = ("zero_stock", "low_stock", "sales_gap")

# Syntetos–Boylan–Croston demand classes: average interval between sales (ADI) against 1.32 and the squared
# coefficient of variation of the non-zero sales (CV²) against 0.49.
DemandClass = Literal["smooth", "erratic", "intermittent", "lumpy", "new", "no_sales"]
ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49

# The backtest that picks each SKU's model: up to three origins, each forecasting the next 28 selling days, on at
# least 28 selling days of history. A SKU with fewer than 56 selling days (8 weeks) counts as new.
BACKTEST_HORIZON = 28
BACKTEST_WINDOWS = 3
MIN_TRAIN_DAYS = 28
NEW_SKU_DAYS = BACKTEST_HORIZON + MIN_TRAIN_DAYS
# The weekday profile is read from the most recent 26 weeks.
PROFILE_DAYS = 182


ACCURACY_COLUMNS = (
    "unique_id", "model", "wape", "mase", "rmse_daily", "bias", "dispersion", "backtest_days", "demand_class",
)  # fmt: skip


@dataclass(frozen=True)
class DemandForecast:
    """A daily demand forecast per SKU with its intervals, and how well each SKU's model did in the backtest.

    points: unique_id, ds (daily), mean, lo_<level>, hi_<level> for each level (non-negative), model.
    accuracy: unique_id, model, wape, mase, rmse_daily (backtest RMSE per selling day, for safety stock),
      bias (forecast total / actual total in the backtest), dispersion (negative-binomial φ of the daily units:
      variance = mean + φ·mean²), backtest_days (0 when rmse_daily and dispersion are borrowed from similar SKUs
      because the SKU is too new to backtest), demand_class (Syntetos–Boylan class, or new / no_sales).
    weekday_index: weekday (0 = Monday), index (1.0 = an average day; 0 = the shop does not sell that weekday).
    uplifts: event, uplift (actual ÷ baseline sales on its past days), event_days, baseline_units.
    """

    points: pd.DataFrame
    accuracy: pd.DataFrame
    weekday_index: pd.DataFrame = field(default_factory=pd.DataFrame)
    uplifts: pd.DataFrame = field(default_factory=pd.DataFrame)
