"""New SKUs, too young to backtest (under 8 selling weeks), forecast top-down from their parent.

A new child of a parent (a parent ASIN, or whatever grouping the caller passes: a category, a product line) starts
as the parent's average established child and moves towards its own ratio to its siblings as its history grows:

    ratio = w × (own mean selling day ÷ siblings' mean selling day, over the same days) + (1 − w) × 1 / siblings
    w = selling days seen ÷ 56

and its forecast is that ratio times the sum of its established siblings' forecasts, so it inherits their level,
trend of the moment and calendar. A SKU without a parent, or whose parent has no established child, is forecast
at its own mean selling day so far (`own_rate`); one with no history at all and no parent cannot be forecast.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sellerops.analytics.forecast.models import NEW_SKU_DAYS
from sellerops.errors import InputError


def check_parents(parents: pd.DataFrame | None) -> pd.DataFrame:
    if parents is None or parents.empty:
        return pd.DataFrame({"unique_id": pd.Series(dtype=str), "parent_id": pd.Series(dtype=str)})
    missing = [c for c in ("unique_id", "parent_id") if c not in parents.columns]
    if missing:
        raise InputError(
            f"parents table lacks the column(s) {', '.join(missing)}; pass unique_id and parent_id (the parent "
            "ASIN, or the category) for each SKU"
        )
    frame = parents[["unique_id", "parent_id"]].dropna().astype(str).drop_duplicates()
    repeated = frame.duplicated("unique_id")
    if repeated.any():
        sku = frame.loc[repeated, "unique_id"].iloc[0]
        raise InputError(f"parents table gives SKU {sku} more than one parent; keep one parent per SKU")
    return frame.reset_index(drop=True)


@dataclass(frozen=True)
class NewSkuForecast:
    mean: np.ndarray  # (len(rows), steps) ÷ weekday index
    model: list[str]  # "top_down" | "own_rate"
    donors: list[np.ndarray]  # the established SKU rows whose intervals and errors a new SKU borrows


def forecast_new_skus(
    rows: np.ndarray,
    *,
    adjusted: np.ndarray,
    clean: np.ndarray,
    parent_of: np.ndarray,
    established: np.ndarray,
    established_mean: np.ndarray,
) -> NewSkuForecast:
    """rows: the new SKUs' rows; adjusted, clean: (n, d) panel (units ÷ weekday index, and which days count);
    parent_of: (n,) parent label or None; established: rows with a backtested model, whose forecasts (÷ weekday
    index) are established_mean (len(established), steps)."""
    steps = established_mean.shape[1]
    mean = np.zeros((len(rows), steps))
    models: list[str] = []
    donors: list[np.ndarray] = []
    position = {int(r): k for k, r in enumerate(established)}
    children: dict[object, list[int]] = {}
    for r in established:
        if parent_of[r] is not None:
            children.setdefault(parent_of[r], []).append(int(r))
    for k, row in enumerate(rows):
        seen = clean[row]
        own = float(adjusted[row, seen].mean()) if seen.any() else 0.0
        siblings = np.array(
            children.get(parent_of[row], []) if parent_of[row] is not None else [], dtype=np.int64
        )
        if not len(siblings):
            mean[k] = own
            models.append("own_rate")
            donors.append(established)
            continue
        sibling_mean = float(
            sum(adjusted[s, seen & clean[s]].mean() if (seen & clean[s]).any() else 0.0 for s in siblings)
        )
        weight = min(seen.sum() / NEW_SKU_DAYS, 1.0) if sibling_mean > 0 else 0.0
        observed_ratio = own / sibling_mean if sibling_mean > 0 else 0.0
        ratio = weight * observed_ratio + (1 - weight) / len(siblings)
        mean[k] = ratio * established_mean[[position[int(s)] for s in siblings]].sum(axis=0)
        models.append("top_down")
        donors.append(siblings)
    return NewSkuForecast(mean, models, donors)
