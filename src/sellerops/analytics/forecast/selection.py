"""Each SKU's model, chosen by a rolling-origin backtest among cheap statsforecast models, and its forecast.

The models see each SKU's *selling-day sequence*: its clean days only (no stock-out, closure or event day), each
divided by its weekday index, so that a level model forecasts an average day and the weekday index puts the week's
shape back. Candidates are level models for steady sellers (simple exponential smoothing, moving averages) and for
slow and lumpy ones (TSB, Croston SBA, ADIDA, IMAPA), plus an equal blend of three of them. Each SKU keeps the
blend unless another candidate's absolute error over the SKU's backtest origins is clearly smaller; the same
backtest errors give the SKU's accuracy and its intervals' dispersion, so nothing is fitted twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import (
    ADIDA,
    IMAPA,
    TSB,
    CrostonSBA,
    NaNModel,
    SimpleExponentialSmoothing,
    SimpleExponentialSmoothingOptimized,
    WindowAverage,
)

from sellerops.analytics.forecast.models import BACKTEST_HORIZON, BACKTEST_WINDOWS, MIN_TRAIN_DAYS

# The blend's parts: a slow exponential smoothing, a slow TSB and an 8-week average — three different ways to
# read a level, whose errors partly cancel.
BLEND_PARTS = ("ses_a05", "tsb_a05", "window_56")
# Three origins of lumpy daily sales are a noisy judge: a SKU leaves the blend for another candidate only when that
# candidate's backtest error is at least 20% lower. On the UCI tuning origins (docs/forecast.md), picking the
# plain minimum was 0.4% worse (WAPE) than the blend for everyone, and this margin 0.7% better.
SWITCH_MARGIN = 0.2


def candidate_models() -> list[object]:
    """The statsforecast models every established SKU is backtested with (all cost well under a millisecond)."""
    return [
        SimpleExponentialSmoothing(alpha=0.05, alias="ses_a05"),
        SimpleExponentialSmoothing(alpha=0.1, alias="ses_a10"),
        SimpleExponentialSmoothingOptimized(alias="ses_opt"),
        WindowAverage(window_size=28, alias="window_28"),
        WindowAverage(window_size=56, alias="window_56"),
        TSB(alpha_d=0.05, alpha_p=0.05, alias="tsb_a05"),
        TSB(alpha_d=0.1, alpha_p=0.1, alias="tsb_a10"),
        CrostonSBA(alias="croston_sba"),
        ADIDA(alias="adida"),
        IMAPA(alias="imapa"),
    ]


def _engine(n_jobs: int) -> StatsForecast:
    # A model that fails on a series yields NaN there, which takes it out of that SKU's choice (choose_models)
    # instead of failing the whole call.
    return StatsForecast(models=candidate_models(), freq=1, n_jobs=n_jobs, fallback_model=NaNModel())


def candidate_names() -> list[str]:
    """Model names in tie-breaking order: the blend first (the most robust when the backtest cannot tell)."""
    return ["blend", *(str(m.alias) for m in candidate_models())]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Sequences:
    """Every SKU's clean days laid end to end (SKU-major, oldest first), as the models see them."""

    series: np.ndarray  # (m,) SKU row of each value
    day: np.ndarray  # (m,) calendar column of each value
    value: np.ndarray  # (m,) units ÷ weekday index
    index: np.ndarray  # (m,) the weekday index the value was divided by
    length: np.ndarray  # (n,) values per SKU
    offset: np.ndarray  # (n,) where each SKU's values start

    @classmethod
    def of(cls, sales: np.ndarray, clean: np.ndarray, day_index: np.ndarray) -> Sequences:
        series, day = np.nonzero(clean)
        index = day_index[day]
        length = np.bincount(series, minlength=clean.shape[0])
        offset = np.concatenate([[0], np.cumsum(length)[:-1]])
        return cls(series, day, sales[series, day] / index, index, length, offset)

    def frame(self, rows: np.ndarray) -> pd.DataFrame:
        """The long frame of the chosen SKUs (unique_id = SKU row, ds = position in its sequence)."""
        keep = np.isin(self.series, rows)
        series = self.series[keep]
        return pd.DataFrame(
            {"unique_id": series, "ds": np.arange(len(series)) - _starts(series), "y": self.value[keep]}
        )


def _starts(series: np.ndarray) -> np.ndarray:
    """For sorted SKU rows, the position where each value's SKU starts."""
    first = np.r_[True, series[1:] != series[:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(len(series)), 0))
    return np.asarray(start, dtype=np.int64)


def backtest_windows(length: np.ndarray) -> np.ndarray:
    """How many 28-day origins each SKU's history allows (0 = too new to backtest)."""
    possible = (length - MIN_TRAIN_DAYS) // BACKTEST_HORIZON
    return np.asarray(np.clip(possible, 0, BACKTEST_WINDOWS), dtype=np.int64)


@dataclass(frozen=True)
class Backtest:
    """The backtest of every established SKU: one row per SKU, origin and step, with each model's forecast."""

    series: np.ndarray  # (r,) SKU row
    day: np.ndarray  # (r,) calendar column of the forecast day
    actual: np.ndarray  # (r,) units ÷ weekday index
    index: np.ndarray  # (r,) weekday index of the day
    forecasts: dict[
        str, np.ndarray
    ]  # model → (r,) forecast ÷ weekday index (NaN when the model could not run)


def run_backtest(sequences: Sequences, windows: np.ndarray, *, n_jobs: int) -> Backtest:
    """Rolling origins every 28 selling days: cohorts of SKUs with 3, 2 and 1 possible origins are run apart,
    because statsforecast asks one test size per call."""
    parts: list[Backtest] = []
    for k in range(BACKTEST_WINDOWS, 0, -1):
        rows = np.flatnonzero(windows == k)
        if not len(rows):
            continue
        frame = sequences.frame(rows)
        engine = _engine(n_jobs)
        result = engine.cross_validation(
            df=frame, h=BACKTEST_HORIZON, step_size=BACKTEST_HORIZON, test_size=k * BACKTEST_HORIZON
        )
        series = result["unique_id"].to_numpy(dtype=np.int64)
        flat = sequences.offset[series] + result["ds"].to_numpy(dtype=np.int64)
        forecasts = {name: result[name].to_numpy(dtype=float) for name in candidate_names()[1:]}
        parts.append(
            Backtest(series, sequences.day[flat], sequences.value[flat], sequences.index[flat], forecasts)
        )
    if not parts:
        empty = np.zeros(0)
        return Backtest(empty.astype(np.int64), empty.astype(np.int64), empty, empty,
                        dict.fromkeys(candidate_names(), empty))  # fmt: skip
    forecasts = {name: np.concatenate([p.forecasts[name] for p in parts]) for name in candidate_names()[1:]}
    forecasts = {"blend": _blend(forecasts), **forecasts}
    return Backtest(
        np.concatenate([p.series for p in parts]),
        np.concatenate([p.day for p in parts]),
        np.concatenate([p.actual for p in parts]),
        np.concatenate([p.index for p in parts]),
        forecasts,
    )


def _blend(forecasts: dict[str, np.ndarray]) -> np.ndarray:
    parts = np.vstack([forecasts[name] for name in BLEND_PARTS])
    usable = ~np.isnan(parts)
    total = np.where(usable, parts, 0.0).sum(axis=0)
    count = usable.sum(axis=0)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def choose_models(backtest: Backtest, n_series: int) -> np.ndarray:
    """Each SKU's model: the blend, unless another candidate's total absolute error in units over the SKU's origins
    is at least SWITCH_MARGIN below the blend's (then the smallest); a model that could not run on some origin is
    out. Returns (n,) positions in candidate_names(), -1 for SKUs without a backtest."""
    names = candidate_names()
    error = np.full((n_series, len(names)), np.inf)
    tested = np.bincount(backtest.series, minlength=n_series) > 0
    for j, name in enumerate(names):
        forecast = backtest.forecasts[name]
        failed = np.bincount(backtest.series, weights=np.isnan(forecast), minlength=n_series) > 0
        absolute = np.abs(backtest.actual - np.nan_to_num(forecast)) * backtest.index
        total = np.bincount(backtest.series, weights=absolute, minlength=n_series)
        error[:, j] = np.where(tested & ~failed, total, np.inf)
    best = np.argmin(error, axis=1)
    # (The absolute millionth of a unit keeps rounding noise of exact fits from counting as a difference.)
    clearly_better = error[np.arange(n_series), best] < (1 - SWITCH_MARGIN) * error[:, 0] - 1e-6
    chosen = np.where(clearly_better, best, 0)
    return np.where(tested, chosen, -1)


def forecast_sequences(
    sequences: Sequences, rows: np.ndarray, steps: int, *, n_jobs: int
) -> dict[str, np.ndarray]:
    """Every candidate's forecast of the next `steps` selling days for the SKU rows (sorted ascending, as
    statsforecast returns them): model → (len(rows), steps), ÷ weekday index."""
    frame = sequences.frame(rows)
    engine = _engine(n_jobs)
    result = engine.forecast(df=frame, h=steps)
    out = {
        name: result[name].to_numpy(dtype=float).reshape(len(rows), steps) for name in candidate_names()[1:]
    }
    out["blend"] = _blend({n: v.ravel() for n, v in out.items()}).reshape(len(rows), steps)
    return out
