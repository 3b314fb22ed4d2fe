"""Days whose sales were held down by missing stock: their sales are a floor of the demand, not the demand.

A forecast that reads a stock-out as "nobody wanted it" plans too little and causes the next stock-out. Three
kinds of day are found:

- `zero_stock`: the day ended with no fulfillable unit. It covers the sell-out day too, whose sales stopped when
  the shelf emptied.
- `low_stock`: the day started with some stock but less than one day of the running rate, did not end with more,
  and sold far less than that rate (a Poisson probability under 1% of selling so little) — the offer was limping
  on its last units (the buy box, ads and search placement fade as stock runs low).
- `sales_gap`, only for SKUs with no stock figures at all: a run of at least a week without a sale, ended by
  sales coming back, that the SKU's own selling frequency makes implausible ((1 − p)^days < 1/10,000 with p the
  share of selling days in the 8 weeks before). A run still going at the end of the history is not called a
  stock-out without stock figures: it may as well be a product that stopped selling.

The running rate is the mean daily sales of the 28 days before, counting only days that did not end out of stock.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy.special import pdtr

from sellerops.analytics.forecast.models import STOCK_OUT_REASONS
from sellerops.analytics.forecast.panel import check_history
from sellerops.errors import InputError

RATE_DAYS = 28
MIN_RATE_DAYS = 7
LOW_SALES_PROBABILITY = 0.01
GAP_MIN_DAYS = 7
GAP_FREQUENCY_DAYS = 56
GAP_PROBABILITY = 1e-4


def find_stock_outs(sales: pd.DataFrame, stock: pd.DataFrame | None) -> pd.DataFrame:
    """Stock-out days per SKU: unique_id, ds, reason (zero_stock | low_stock | sales_gap), sorted.

    sales: unique_id, ds, y — units sold per SKU and day (a missing day sold nothing).
    stock: unique_id, ds, fulfillable — units available to sell at the end of each day (Amazon's FBA
      fulfillable quantity of the day's inventory snapshot), or None when no stock figures are known.
    """
    history = check_history(sales)
    checked = _check_stock(stock)
    ids = pd.Index(pd.unique(pd.concat([history["unique_id"], checked["unique_id"]])))
    start = min(history["ds"].min(), checked["ds"].min()) if len(checked) else history["ds"].min()
    end = max(history["ds"].max(), checked["ds"].max()) if len(checked) else history["ds"].max()
    days = pd.date_range(start, end, freq="D")
    n, d = len(ids), len(days)

    units = np.zeros((n, d))
    units[ids.get_indexer(history["unique_id"]), (history["ds"] - start).dt.days.to_numpy()] = history["y"]
    first_sale = np.full(n, d, dtype=np.int64)
    np.minimum.at(
        first_sale, ids.get_indexer(history["unique_id"]), (history["ds"] - start).dt.days.to_numpy()
    )
    selling = np.arange(d)[None, :] >= first_sale[:, None]
    on_hand = np.full((n, d), np.nan)
    on_hand[ids.get_indexer(checked["unique_id"]), (checked["ds"] - start).dt.days.to_numpy()] = checked[
        "fulfillable"
    ]

    zero = on_hand == 0
    rate = _running_rate(units, selling & ~zero)
    opening = np.concatenate([np.full((n, 1), np.nan), on_hand[:, :-1]], axis=1)
    with np.errstate(invalid="ignore"):
        limping = selling & ~zero & (opening > 0) & (opening < rate) & ~(on_hand > opening)
        low = limping & (pdtr(units, np.nan_to_num(rate)) < LOW_SALES_PROBABILITY)
    no_stock_figures = np.isnan(on_hand).all(axis=1)
    gap = _sales_gaps(units, selling) & no_stock_figures[:, None]

    frames = []
    for reason, marks in zip(STOCK_OUT_REASONS, (zero, low, gap), strict=True):
        row, column = np.nonzero(marks)
        frames.append(pd.DataFrame({"unique_id": ids[row].astype(str), "ds": days[column], "reason": reason}))
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["unique_id", "ds"], ignore_index=True)


def _check_stock(stock: pd.DataFrame | None) -> pd.DataFrame:
    empty = pd.DataFrame({"unique_id": pd.Series(dtype=str), "ds": pd.Series(dtype="datetime64[ns]"),
                          "fulfillable": pd.Series(dtype=float)})  # fmt: skip
    if stock is None or stock.empty:
        return empty
    missing = [c for c in ("unique_id", "ds", "fulfillable") if c not in stock.columns]
    if missing:
        raise InputError(
            f"stock table lacks the column(s) {', '.join(missing)}; pass unique_id, ds and fulfillable "
            "(units available at the end of each day), or None when stock is not known"
        )
    frame = stock[["unique_id", "ds", "fulfillable"]].copy()
    frame["unique_id"] = frame["unique_id"].astype(str)
    frame["ds"] = pd.to_datetime(frame["ds"]).dt.normalize()
    frame["fulfillable"] = pd.to_numeric(frame["fulfillable"], errors="coerce")
    if frame["fulfillable"].isna().any() or (frame["fulfillable"] < 0).any():
        row = frame.loc[frame["fulfillable"].isna() | (frame["fulfillable"] < 0)].iloc[0]
        raise InputError(
            f"stock table has a missing or negative fulfillable quantity for {row['unique_id']} on "
            f"{row['ds'].date()}; leave days without a snapshot out instead"
        )
    # Two snapshots of one day (a report pulled twice): the later figure of the day is the end-of-day stock.
    return frame.drop_duplicates(["unique_id", "ds"], keep="last")


def _running_rate(units: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """Mean daily units over the RATE_DAYS days before each day, over usable days only (NaN below 7 of them)."""
    n = units.shape[0]
    total = np.concatenate([np.zeros((n, 1)), np.cumsum(np.where(usable, units, 0.0), axis=1)], axis=1)
    count = np.concatenate([np.zeros((n, 1)), np.cumsum(usable, axis=1)], axis=1)
    upto = np.arange(units.shape[1])
    since = np.maximum(upto - RATE_DAYS, 0)
    days = count[:, upto] - count[:, since]
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = (total[:, upto] - total[:, since]) / days
    return np.where(days >= MIN_RATE_DAYS, rate, np.nan)


def _sales_gaps(units: np.ndarray, selling: np.ndarray) -> np.ndarray:
    """Closed runs of zero-sales days that the SKU's selling frequency before the run makes implausible."""
    n, d = units.shape
    sold = (units > 0) & selling
    cumulative = np.concatenate([np.zeros((n, 1)), np.cumsum(sold, axis=1)], axis=1)
    observed = np.concatenate([np.zeros((n, 1)), np.cumsum(selling, axis=1)], axis=1)
    marks = np.zeros((n, d), dtype=bool)
    for row in range(n):
        sale_days = [int(day) for day in np.flatnonzero(sold[row])]
        for before, after in itertools.pairwise(sale_days):
            length = after - before - 1
            if length < GAP_MIN_DAYS:
                continue
            since = max(before + 1 - GAP_FREQUENCY_DAYS, 0)
            seen = observed[row, before + 1] - observed[row, since]
            if seen < GAP_FREQUENCY_DAYS / 2:
                continue
            share = (cumulative[row, before + 1] - cumulative[row, since]) / seen
            if (1 - share) ** length < GAP_PROBABILITY:
                marks[row, before + 1 : after] = True
    return marks
