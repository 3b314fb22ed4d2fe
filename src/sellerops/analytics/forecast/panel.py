"""The daily demand panel a forecast works on: SKUs by calendar days, with the days whose sales are not demand marked.

History arrives long (unique_id, ds, y); a missing day is a day without sales. Each SKU's row starts on its first
day in the history and runs to the last day of the whole history (`as_of`), so a SKU that stopped selling shows its
zeros. Days whose sales do not measure demand — stock-outs, days the shop was closed, promotion and holiday days —
are kept apart (`clean` is False) so that the baseline is fitted on ordinary selling days only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sellerops.analytics.forecast.models import PROFILE_DAYS
from sellerops.errors import InputError

# A weekday whose share of sales is below 2% of an average day is a day the shop does not sell (the UCI retailer
# never opens on Saturdays; an Amazon shop sells every day).
CLOSED_WEEKDAY_INDEX = 0.02
# A date on which no SKU sold while the shop normally sells at least this many units a day was a closure
# (a holiday shutdown, a suspended account), not a day of zero demand: P(0 | Poisson(10)) < 0.0001.
CLOSURE_MIN_UNITS = 10.0
# Below this many units in the profile window the weekday profile is too thin to estimate: all weekdays count 1.
PROFILE_MIN_UNITS = 50.0


@dataclass(frozen=True)
class Panel:
    ids: np.ndarray  # (n,) object: the SKUs, in order of first appearance
    days: pd.DatetimeIndex  # (d,) the calendar, first day of the history .. as_of
    sales: np.ndarray  # (n, d) float units; NaN before a SKU's first day
    clean: np.ndarray  # (n, d) bool: an observed, open day whose sales measure the baseline demand
    censored: np.ndarray  # (n, d) bool: a stock-out day (demand unknown)
    weekday_index: np.ndarray  # (7,) 1.0 = average day, 0.0 = closed weekday
    closed: np.ndarray  # (d,) bool: a weekday the shop does not sell, or a closure date

    @property
    def as_of(self) -> pd.Timestamp:
        return pd.Timestamp(self.days[-1])

    def day_index(self) -> np.ndarray:
        """Each calendar day's weekday index, (d,)."""
        return np.asarray(self.weekday_index[self.days.dayofweek], dtype=float)


def check_history(history: pd.DataFrame) -> pd.DataFrame:
    """The history as unique_id (str), ds (datetime64, midnight), y (float ≥ 0), or an InputError saying what is
    wrong and with which rows."""
    missing = [c for c in ("unique_id", "ds", "y") if c not in history.columns]
    if missing:
        raise InputError(
            f"demand history lacks the column(s) {', '.join(missing)}; pass a long table with unique_id, ds, y "
            "(one row per SKU and day with sales)"
        )
    if history.empty:
        raise InputError("demand history is empty; pass at least one day of sales for one SKU")
    frame = history[["unique_id", "ds", "y"]].copy()
    frame["unique_id"] = frame["unique_id"].astype(str)
    try:
        frame["ds"] = pd.to_datetime(frame["ds"])
    except (TypeError, ValueError) as error:
        raise InputError(f"demand history column ds holds values that are not dates ({error})") from error
    if frame["ds"].dt.tz is not None:
        frame["ds"] = frame["ds"].dt.tz_localize(None)
    timed = frame["ds"] != frame["ds"].dt.normalize()
    if timed.any():
        raise InputError(
            f"demand history is not daily: {int(timed.sum())} ds value(s) carry a time of day, "
            f"e.g. {frame.loc[timed, 'ds'].iloc[0]}; add sales up per local day first"
        )
    y = pd.to_numeric(frame["y"], errors="coerce")
    bad = y.isna() | ~np.isfinite(y) | (y < 0)
    if bad.any():
        row = frame.loc[bad].iloc[0]
        raise InputError(
            f"demand history has {int(bad.sum())} row(s) whose y is missing, negative or not a number, e.g. "
            f"{row['unique_id']} on {row['ds'].date()}: {history.loc[row.name, 'y']!r}; "
            "demand is units sold (≥ 0): leave returns and cancellations out"
        )
    frame["y"] = y.astype(float)
    repeated = frame.duplicated(["unique_id", "ds"])
    if repeated.any():
        row = frame.loc[repeated].iloc[0]
        raise InputError(
            f"demand history has {int(repeated.sum())} repeated (unique_id, ds) row(s), e.g. {row['unique_id']} "
            f"on {row['ds'].date()}; add the units of one SKU and day up into one row"
        )
    return frame


def build_panel(
    history: pd.DataFrame,
    *,
    censored_days: pd.DataFrame | None = None,
    event_days: pd.DataFrame | None = None,
    extra_ids: Sequence[str] = (),
) -> Panel:
    """The panel of a checked history; `censored_days` and `event_days` are (unique_id, ds) pairs to keep out of
    the baseline (see mark_cells); `extra_ids` are SKUs without any history, added as rows never observed."""
    codes, seen = pd.factorize(history["unique_id"], sort=False)
    ids = pd.Index([*seen, *extra_ids])
    start = history["ds"].min()
    days = pd.date_range(start, history["ds"].max(), freq="D")
    column = ((history["ds"] - start).dt.days).to_numpy()
    n, d = len(ids), len(days)
    sales = np.zeros((n, d))
    sales[codes, column] = history["y"].to_numpy()
    first = np.full(n, d, dtype=np.int64)  # SKUs without history are never observed
    np.minimum.at(first, codes, column)
    observed = np.arange(d)[None, :] >= first[:, None]
    sales[~observed] = np.nan

    censored = mark_cells(censored_days, ids, days)
    event = mark_cells(event_days, ids, days)
    usable = observed & ~censored & ~event
    # Closures are found against a first weekday index, then left out of the index itself.
    closure = _closures(sales, observed & ~censored, days, _weekday_index(sales, usable, days))
    weekday_index = _weekday_index(sales, usable & ~closure[None, :], days)
    closed = (weekday_index[days.dayofweek] == 0) | closure
    clean = usable & ~closed[None, :]
    return Panel(np.asarray(ids, dtype=object), days, sales, clean, censored, weekday_index, closed)


def mark_cells(pairs: pd.DataFrame | None, ids: np.ndarray | pd.Index, days: pd.DatetimeIndex) -> np.ndarray:
    """The (n, d) cells named by (unique_id, ds) pairs; a row without a unique_id (no column, or a missing value)
    marks that day for every SKU. Pairs outside the calendar or of unknown SKUs are ignored."""
    index = pd.Index(ids)
    marks = np.zeros((len(index), len(days)), dtype=bool)
    if pairs is None or pairs.empty:
        return marks
    column = days.get_indexer(pd.to_datetime(pairs["ds"]).dt.normalize())
    if "unique_id" in pairs.columns:
        everyone = pairs["unique_id"].isna().to_numpy()
        row = index.get_indexer(pairs["unique_id"].where(~everyone, "").astype(str))
    else:
        everyone = np.ones(len(pairs), dtype=bool)
        row = np.full(len(pairs), -1)
    single = (column >= 0) & (row >= 0) & ~everyone
    marks[row[single], column[single]] = True
    marks[:, np.unique(column[(column >= 0) & everyone])] = True
    return marks


def _weekday_index(sales: np.ndarray, usable: np.ndarray, days: pd.DatetimeIndex) -> np.ndarray:
    """Average units per SKU-day on each weekday, relative to the average weekday, pooled over all SKUs of the
    recent 26 weeks. Pooling is what makes it usable for slow SKUs, whose own weekday pattern is mostly noise."""
    recent = np.arange(len(days)) >= len(days) - PROFILE_DAYS
    cells = usable & recent[None, :]
    units = np.where(cells, sales, 0.0).sum(axis=0)
    count = cells.sum(axis=0)
    weekday = days.dayofweek.to_numpy()
    per_day = np.array(
        [units[weekday == w].sum() / max(count[weekday == w].sum(), 1) for w in range(7)], dtype=float
    )
    if units.sum() < PROFILE_MIN_UNITS or per_day.mean() <= 0:
        return np.ones(7)
    index = per_day / per_day.mean()
    index[index < CLOSED_WEEKDAY_INDEX] = 0.0
    return np.asarray(index / index.mean(), dtype=float)


def _closures(
    sales: np.ndarray, usable: np.ndarray, days: pd.DatetimeIndex, weekday_index: np.ndarray
) -> np.ndarray:
    """Open-weekday dates on which nothing sold although the shop's usual sales that day were at least
    CLOSURE_MIN_UNITS (the mean daily total of the 28 days before, times the weekday's index)."""
    index = weekday_index[days.dayofweek]
    total = np.where(usable, sales, 0.0).sum(axis=0)
    open_weekday = index > 0
    adjusted = pd.Series(np.where(open_weekday, total / np.where(open_weekday, index, 1.0), np.nan))
    usual = adjusted.rolling(28, min_periods=7).mean().shift(1).to_numpy() * index
    return np.asarray(open_weekday & (total == 0) & (np.nan_to_num(usual) >= CLOSURE_MIN_UNITS), dtype=bool)
