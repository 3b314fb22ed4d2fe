"""Robust baselines: what a SKU's day would have been without a move, from its own trailing weeks.

The baseline of day t is the median of the `window` days that end `lag` days before t (the lag keeps a move's own
first week out of the baseline it is judged against). The day factor carries what moves every SKU of a
marketplace together — the weekday, the season, a shopping event — as the median across SKUs of each one's ratio
to its own baseline, so that a SKU is compared with what the whole shop did that day.
"""

from __future__ import annotations

import warnings

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

WINDOW = 28
LAG = 7
MIN_SKUS_FOR_DAY_FACTOR = 5  # fewer SKUs than this and the median across them is the SKU itself: factor 1


def trailing(values: np.ndarray, *, window: int = WINDOW, lag: int = LAG, stat: str = "median") -> np.ndarray:
    """Per row and day t, the median (or mean) of days t-lag-window .. t-lag-1, ignoring NaN; NaN when the
    history is too short (fewer than half the window's days known)."""
    known = _trailing_sums(np.isfinite(values).astype(np.int64), window, lag)
    if stat == "median":
        # Only the windows whose median is kept: the others are NaN whatever it is.
        return _window_medians(values, window, lag, known >= window // 2)
    if _whole_numbers(values):
        # Counts: running sums add them up exactly, as np.nanmean would, without a copy of every window.
        total = _trailing_sums(np.nan_to_num(values, nan=0.0), window, lag)
        with np.errstate(divide="ignore", invalid="ignore"):
            result = total / _trailing_sums((~np.isnan(values)).astype(np.int64), window, lag)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=RuntimeWarning)  # all-NaN windows are NaN, as wanted
            result = np.nanmean(_windows(values, window, lag), axis=2)
    out: np.ndarray = np.where(known >= window // 2, result, np.nan)
    return out


def _windows(values: np.ndarray, window: int, lag: int) -> np.ndarray:
    """Per row and day t, a view of days t-lag-window .. t-lag-1 (NaN before the first day)."""
    n, d = values.shape
    padded = np.concatenate([np.full((n, window + lag), np.nan), values], axis=1)
    views: np.ndarray = sliding_window_view(padded, window, axis=1)[:, :d, :]
    return views


def _window_medians(values: np.ndarray, window: int, lag: int, wanted: np.ndarray) -> np.ndarray:
    """`nan_median` of each trailing window where `wanted`, NaN elsewhere, sorting only the wanted windows."""
    rows, days = np.nonzero(wanted)
    chosen = _windows(values, window, lag)[rows, days]  # a copy, sorted in place
    chosen.sort(axis=-1)
    out = np.full(values.shape, np.nan)
    out[rows, days] = _middle(chosen)
    return out


def _trailing_sums(values: np.ndarray, window: int, lag: int) -> np.ndarray:
    """Per row and day t, the sum of days t-lag-window .. t-lag-1 (those before the first day count as 0)."""
    n, d = values.shape
    running = np.concatenate([np.zeros((n, 1), dtype=values.dtype), np.cumsum(values, axis=1)], axis=1)
    end = np.clip(np.arange(d) - lag, 0, d)
    out: np.ndarray = running[:, end] - running[:, np.clip(end - window, 0, d)]
    return out


def _whole_numbers(values: np.ndarray) -> bool:
    """True when every number is a whole one and all of them add up below 2^53, so that any sum of them is exact
    in float64 whatever the order of the additions."""
    numbers = values[~np.isnan(values)]
    return bool(
        np.all(np.isfinite(numbers))
        and np.all(numbers == np.round(numbers))
        and np.abs(numbers).sum() < 2**53
    )


def weekly_level(values: np.ndarray, *, weeks: int = WINDOW // 7, lag: int = LAG) -> np.ndarray:
    """Per row and day t, the median of the daily means of the `weeks` whole weeks that end `lag` days before t.

    For counts this is the baseline to use: a week's mean holds every weekday once, and is nearly unbiased where
    the median of small daily counts is not (the median of Poisson(2.5) days is 2); the median of the weeks still
    ignores a week or two of a move. NaN where fewer than half the weeks are known."""
    n, d = values.shape
    known = np.isfinite(values).astype(float)
    total = np.concatenate([np.zeros((n, 1)), np.cumsum(np.nan_to_num(values, nan=0.0), axis=1)], axis=1)
    count = np.concatenate([np.zeros((n, 1)), np.cumsum(known, axis=1)], axis=1)
    means = []
    for w in range(weeks):
        hi = np.arange(d) - lag - 7 * w  # the block is days hi-7 .. hi-1
        lo = hi - 7
        ok = lo >= 0
        lo_c, hi_c = np.clip(lo, 0, d), np.clip(hi, 0, d)
        days = count[:, hi_c] - count[:, lo_c]
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = np.where(ok[None, :] & (days >= 4), (total[:, hi_c] - total[:, lo_c]) / days, np.nan)
        means.append(mean)
    stacked = np.stack(means, axis=2)
    level = nan_median(stacked)
    out: np.ndarray = np.where(np.isfinite(stacked).sum(axis=2) * 2 >= weeks, level, np.nan)
    return out


def robust_spread(values: np.ndarray, *, window: int = WINDOW, lag: int = LAG) -> np.ndarray:
    """The scaled median absolute deviation (1.4826 x MAD, a standard deviation for normal data) over the same
    trailing window as `trailing`."""
    # Windows without a number have no spread (NaN): only the others are sorted.
    rows, days = np.nonzero(_trailing_sums((~np.isnan(values)).astype(np.int64), window, lag) > 0)
    chosen = _windows(values, window, lag)[rows, days]
    chosen.sort(axis=-1)
    deviations = np.abs(chosen - _middle(chosen)[:, None])
    deviations.sort(axis=-1)
    out = np.full(values.shape, np.nan)
    out[rows, days] = 1.4826 * _middle(deviations)
    return out


def day_factor(actual: np.ndarray, baseline: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """Per day, the median over eligible SKUs of actual / baseline; 1 where too few SKUs can say."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(eligible & (baseline > 0) & np.isfinite(actual), actual / baseline, np.nan)
    counted = np.isfinite(ratio).sum(axis=0)
    median = nan_median(ratio.T)
    out: np.ndarray = np.where(counted >= MIN_SKUS_FOR_DAY_FACTOR, median, 1.0)
    return out


def nan_median(values: np.ndarray) -> np.ndarray:
    """The median along the last axis ignoring NaN, NaN where a slice has no number: np.nanmedian's values exactly
    (the middle value, or the two middle ones added and halved), without the masked-array sort it uses on short
    slices (seconds at 10,000 SKUs) nor its all-NaN warnings."""
    return _middle(np.sort(values, axis=-1))


def _middle(ordered: np.ndarray) -> np.ndarray:
    """The median of each slice along the last axis, sorted with its NaN last."""
    if ordered.shape[-1] == 0:
        return np.full(ordered.shape[:-1], np.nan)
    count = np.count_nonzero(~np.isnan(ordered), axis=-1)
    upper = np.take_along_axis(ordered, (count // 2)[..., None], axis=-1)[..., 0]
    lower = np.take_along_axis(ordered, np.maximum(count - 1, 0)[..., None] // 2, axis=-1)[..., 0]
    with np.errstate(invalid="ignore", over="ignore"):
        median = np.where(count % 2 == 1, upper, (lower + upper) / 2)
    out: np.ndarray = np.where(count > 0, median, np.nan)
    return out


def window_sums(values: np.ndarray, k: int) -> np.ndarray:
    """Per row and day t, the sum of days t-k+1 .. t (NaN counted as 0); the first k-1 days sum what exists."""
    filled = np.nan_to_num(values, nan=0.0)
    cumulative = np.concatenate([np.zeros((values.shape[0], 1)), np.cumsum(filled, axis=1)], axis=1)
    upto = np.arange(values.shape[1]) + 1
    out: np.ndarray = cumulative[:, upto] - cumulative[:, np.maximum(upto - k, 0)]
    return out
