"""forecast_demand: daily demand per SKU for the weeks ahead, with intervals and each SKU's backtest accuracy.

The steps, each in its own module:

1. panel — the SKU × day grid; stock-out days (censored), closure days and event days kept out of the baseline.
2. a pooled weekday index — each day's sales divided by its weekday's index give the SKU's selling-day sequence.
3. selection — a rolling-origin backtest of cheap statsforecast models on those sequences picks each SKU's model.
4. the chosen model forecasts the next selling days; the weekday index and the events' uplift give the days.
5. intervals — negative-binomial quantiles, dispersion measured on the backtest (borrowed when new).
6. newsku — SKUs under 8 selling weeks, top-down from their parent.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sellerops.analytics.forecast.events import check_events, estimate_uplifts, event_marks, future_factors
from sellerops.analytics.forecast.intervals import dispersion, quantiles, tails
from sellerops.analytics.forecast.models import ACCURACY_COLUMNS, ADI_CUTOFF, CV2_CUTOFF, DemandForecast
from sellerops.analytics.forecast.newsku import check_parents, forecast_new_skus
from sellerops.analytics.forecast.panel import Panel, build_panel, check_history
from sellerops.analytics.forecast.selection import (
    Backtest,
    Sequences,
    backtest_windows,
    candidate_names,
    choose_models,
    forecast_sequences,
    run_backtest,
)
from sellerops.errors import InputError


def forecast_demand(
    history: pd.DataFrame,
    horizon: int,
    *,
    levels: tuple[int, ...] = (80, 95),
    stock_outs: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    parents: pd.DataFrame | None = None,
    n_jobs: int = 1,
) -> DemandForecast:
    """Forecast each SKU's daily demand for the `horizon` days after the last day of `history`.

    history: unique_id (str), ds (daily), y (units ≥ 0); a missing day sold nothing. Each SKU starts on its first
      row and runs to the last day of the whole history.
    stock_outs: unique_id, ds of days whose sales were held down by missing stock (find_stock_outs): left out.
    events: ds, event (and unique_id for a SKU's own promotion), past and future days: past days are left out of
      the baseline and measure each event's uplift, which multiplies the forecast on its future days.
    parents: unique_id, parent_id: new SKUs are forecast top-down from their parent's established children; a SKU
      listed here without any history is forecast as its parent's average child.
    n_jobs: processes statsforecast may use.
    """
    if isinstance(horizon, bool) or not isinstance(horizon, int | np.integer) or horizon < 1:
        raise InputError(f"forecast horizon must be a whole number of days ≥ 1, not {horizon!r}")
    chosen_levels = _check_levels(levels)
    frame = check_history(history)
    censored = _check_stock_outs(stock_outs)
    event_table = check_events(events)
    parent_table = check_parents(parents)
    launching = sorted(set(parent_table["unique_id"]) - set(frame["unique_id"]))

    panel = build_panel(frame, censored_days=censored, event_days=event_table, extra_ids=launching)
    n = len(panel.ids)
    day_index = panel.day_index()
    sequences = Sequences.of(panel.sales, panel.clean, day_index)
    windows = backtest_windows(sequences.length)
    backtest = run_backtest(sequences, windows, n_jobs=n_jobs)
    chosen = choose_models(backtest, n)

    future_days = pd.date_range(panel.as_of + pd.Timedelta(days=1), periods=horizon, freq="D")
    future_index = panel.weekday_index[future_days.dayofweek]
    steps = int((future_index > 0).sum())
    names = candidate_names()
    established = np.flatnonzero(windows > 0)
    mean = np.zeros((n, steps))
    if len(established) and steps:
        forecasts = forecast_sequences(sequences, established, steps, n_jobs=n_jobs)
        stacked = np.stack([forecasts[name] for name in names])
        picked = stacked[chosen[established], np.arange(len(established))]
        mean[established] = np.where(np.isnan(picked), np.nan_to_num(forecasts["blend"]), picked)
    model = np.array([names[c] if c >= 0 else "" for c in chosen], dtype=object)

    new_rows = np.flatnonzero(windows == 0)
    parent_of = _parent_of_rows(panel, parent_table)
    usable_index = np.where(day_index > 0, day_index, 1.0)
    adjusted = np.where(panel.clean, np.nan_to_num(panel.sales) / usable_index, 0.0)
    new = forecast_new_skus(
        new_rows, adjusted=adjusted, clean=panel.clean, parent_of=parent_of, established=established,
        established_mean=mean[established],
    )  # fmt: skip
    mean[new_rows] = new.mean
    model[new_rows] = new.model
    # A SKU known only from the parents table can be forecast only from established siblings.
    keep = ~np.isin(panel.ids.astype(str), launching) | (model == "top_down")

    accuracy = _accuracy(panel, backtest, chosen)
    accuracy["dispersion"] = dispersion(backtest, chosen, n)
    _borrow(accuracy, mean.mean(axis=1) if steps else np.zeros(n), new_rows, new.donors)

    past_events = event_marks(event_table, panel.ids, panel.days)
    uplifts = estimate_uplifts(panel, past_events, sorted(past_events))
    factor = future_factors(event_marks(event_table, panel.ids, future_days), uplifts, (n, horizon))

    daily = _daily(mean, future_index, factor)
    points = _points(panel.ids, future_days, daily, accuracy["dispersion"].to_numpy(), model, chosen_levels)
    accuracy = accuracy.assign(unique_id=panel.ids, model=model)
    accuracy["demand_class"] = _demand_classes(sequences, windows, n)
    accuracy = accuracy[list(ACCURACY_COLUMNS)]
    kept_ids = set(panel.ids[keep])
    return DemandForecast(
        points=points[points["unique_id"].isin(kept_ids)].sort_values(["unique_id", "ds"], ignore_index=True),
        accuracy=accuracy[keep].sort_values("unique_id", ignore_index=True),
        weekday_index=pd.DataFrame({"weekday": range(7), "index": panel.weekday_index}),
        uplifts=uplifts,
    )


def _check_levels(levels: Sequence[int]) -> tuple[int, ...]:
    chosen = tuple(sorted(set(levels)))
    if not chosen or any(isinstance(x, bool) or not isinstance(x, int) or not 0 < x < 100 for x in chosen):
        raise InputError(
            f"interval levels must be whole percentages between 1 and 99, e.g. (80, 95), not {levels!r}"
        )
    return chosen


def _check_stock_outs(stock_outs: pd.DataFrame | None) -> pd.DataFrame | None:
    if stock_outs is None or stock_outs.empty:
        return None
    missing = [c for c in ("unique_id", "ds") if c not in stock_outs.columns]
    if missing:
        raise InputError(
            f"stock-out table lacks the column(s) {', '.join(missing)}; pass unique_id and ds of each day a SKU "
            "was out of stock (find_stock_outs gives them)"
        )
    return stock_outs[["unique_id", "ds"]].astype({"unique_id": str})


def _parent_of_rows(panel: Panel, parents: pd.DataFrame) -> np.ndarray:
    """Each panel row's parent label, or None."""
    lookup = dict(zip(parents["unique_id"], parents["parent_id"], strict=True))
    return np.array([lookup.get(str(sku)) for sku in panel.ids], dtype=object)


def _accuracy(panel: Panel, backtest: Backtest, chosen: np.ndarray) -> pd.DataFrame:
    """wape, mase, rmse_daily, bias and backtest_days of each SKU's chosen model, in units (NaN without backtest)."""
    n = len(panel.ids)
    names = candidate_names()
    picked = chosen[backtest.series]
    stacked = np.vstack([backtest.forecasts[name] for name in names])
    forecast = stacked[np.maximum(picked, 0), np.arange(len(picked))] * backtest.index
    actual = backtest.actual * backtest.index
    error = actual - np.nan_to_num(forecast)
    days = np.bincount(backtest.series, minlength=n)
    actual_total = np.bincount(backtest.series, weights=actual, minlength=n)
    absolute = np.bincount(backtest.series, weights=np.abs(error), minlength=n)
    squared = np.bincount(backtest.series, weights=error**2, minlength=n)
    forecast_total = np.bincount(backtest.series, weights=np.nan_to_num(forecast), minlength=n)
    first_test_day = np.full(n, panel.sales.shape[1], dtype=np.int64)
    np.minimum.at(first_test_day, backtest.series, backtest.day)
    scale = _seasonal_naive_scale(panel, first_test_day)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = pd.DataFrame(
            {
                "wape": np.where(actual_total > 0, absolute / actual_total, np.nan),
                "mase": np.where((scale > 0) & (days > 0), absolute / np.maximum(days, 1) / scale, np.nan),
                "rmse_daily": np.where(days > 0, np.sqrt(squared / np.maximum(days, 1)), np.nan),
                "bias": np.where(actual_total > 0, forecast_total / actual_total, np.nan),
                "backtest_days": days,
            }
        )
    return out


def _seasonal_naive_scale(panel: Panel, before: np.ndarray) -> np.ndarray:
    """Each SKU's in-sample mean |y_t − y_(t−7)| over the calendar days before `before` (MASE's scale), skipping
    pairs with a stock-out day or a day before the SKU's first."""
    sales = panel.sales
    usable = ~np.isnan(sales) & ~panel.censored
    pair = usable[:, 7:] & usable[:, :-7]
    difference = np.where(pair, np.abs(np.nan_to_num(sales[:, 7:]) - np.nan_to_num(sales[:, :-7])), 0.0)
    n = sales.shape[0]
    total = np.concatenate([np.zeros((n, 1)), np.cumsum(difference, axis=1)], axis=1)
    count = np.concatenate([np.zeros((n, 1)), np.cumsum(pair, axis=1)], axis=1)
    upto = np.clip(before - 7, 0, difference.shape[1])
    rows = np.arange(n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count[rows, upto] > 0, total[rows, upto] / count[rows, upto], np.nan)


def _borrow(accuracy: pd.DataFrame, level: np.ndarray, rows: np.ndarray, donors: list[np.ndarray]) -> None:
    """A new SKU's dispersion and RMSE, borrowed from its donors (its established siblings, else all established
    SKUs): the median φ, and the median RMSE relative to the level times its own level."""
    phi = accuracy["dispersion"].to_numpy(dtype=float).copy()
    rmse = accuracy["rmse_daily"].to_numpy(dtype=float).copy()
    cache: dict[bytes, tuple[float, float]] = {}
    for row, group in zip(rows, donors, strict=True):
        key = group.tobytes()
        if key not in cache:
            usable = group[(level[group] > 0) & ~np.isnan(rmse[group])]
            cache[key] = (
                (float(np.median(phi[usable])), float(np.median(rmse[usable] / level[usable])))
                if len(usable)
                else (0.0, 0.0)
            )
        phi[row] = cache[key][0]
        rmse[row] = cache[key][1] * level[row]
    accuracy["dispersion"] = phi
    accuracy["rmse_daily"] = rmse


def _daily(mean: np.ndarray, day_index: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """(n, horizon) units: the selling-day forecasts laid on the calendar (0 on closed weekdays), times the weekday
    index and the events' uplift."""
    n, horizon = factor.shape
    open_day = day_index > 0
    if not mean.shape[1]:
        return np.zeros((n, horizon))
    step = np.maximum(np.cumsum(open_day) - 1, 0)
    return np.asarray(np.maximum(mean[:, step], 0.0) * np.where(open_day, day_index, 0.0)[None, :] * factor)


def _points(
    ids: np.ndarray,
    days: pd.DatetimeIndex,
    daily: np.ndarray,
    phi: np.ndarray,
    model: np.ndarray,
    levels: tuple[int, ...],
) -> pd.DataFrame:
    n, horizon = daily.shape
    flat = daily.ravel()
    spread = np.repeat(np.nan_to_num(phi), horizon)
    columns: dict[str, object] = {
        "unique_id": np.repeat(ids.astype(str), horizon),
        "ds": np.tile(days.to_numpy(), n),
        "mean": flat,
    }
    for level in levels:
        low, high = tails(level)
        # Quantiles are whole units; the mean (a fraction) is kept inside its interval.
        columns[f"lo_{level}"] = np.minimum(quantiles(flat, spread, low), flat)
        columns[f"hi_{level}"] = np.maximum(quantiles(flat, spread, high), flat)
    columns["model"] = np.repeat(model.astype(str), horizon)
    return pd.DataFrame(columns)


def _demand_classes(sequences: Sequences, windows: np.ndarray, n: int) -> list[str]:
    """Syntetos–Boylan–Croston class of each SKU's selling days (ADI ≥ 1.32: intermittent; CV² ≥ 0.49: erratic)."""
    units = sequences.value * sequences.index
    selling = units > 0
    sales_days = np.bincount(sequences.series, weights=selling, minlength=n)
    total = np.bincount(sequences.series, weights=units, minlength=n)
    squares = np.bincount(sequences.series, weights=units**2, minlength=n)
    classes = []
    for i in range(n):
        if windows[i] == 0:
            classes.append("new")
        elif sales_days[i] == 0:
            classes.append("no_sales")
        else:
            adi = sequences.length[i] / sales_days[i]
            mean_size = total[i] / sales_days[i]
            cv2 = (squares[i] / sales_days[i] - mean_size**2) / mean_size**2
            classes.append(
                ("intermittent" if cv2 < CV2_CUTOFF else "lumpy")
                if adi >= ADI_CUTOFF
                else ("smooth" if cv2 < CV2_CUTOFF else "erratic")
            )
    return classes
