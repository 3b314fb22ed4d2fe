"""Turning a demand forecast (statsforecast's long format) into the outlooks a plan reads."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from sellerops.analytics.replenish.models import DemandOutlook
from sellerops.errors import InputError


def outlooks_from_forecast(
    points: pd.DataFrame,
    accuracy: pd.DataFrame | None,
    *,
    as_of: dt.date,
    keys: Mapping[str, tuple[str, str]],
    history: pd.DataFrame | None = None,
    history_days: int = 365,
) -> list[DemandOutlook]:
    """One outlook per series named in `keys` (unique_id → (sku, marketplace)).

    `points` has unique_id, ds, mean (and optionally model); `accuracy` has unique_id, model and rmse_daily, the
    backtest error of one day's forecast. Where a series has no backtest (too short a history), its error is
    taken as √(mean daily demand), the spread of Poisson demand: a floor, said so in docs/replenish.md.
    `history` (unique_id, ds, y: the demand the forecast was made from) gives each outlook its last
    `history_days` days up to `as_of`, a missing day counting as none sold.
    """
    missing = {"unique_id", "ds", "mean"} - set(points.columns)
    if missing:
        raise InputError(f"the forecast lacks the columns {sorted(missing)}; it must be long-format points")
    after = points[pd.to_datetime(points["ds"]).dt.date > as_of]
    errors = _errors(accuracy)
    past = _past(history, as_of, history_days)
    out = []
    for unique_id, group in after.sort_values("ds").groupby("unique_id", sort=True):
        key = keys.get(str(unique_id))
        if key is None:
            continue
        daily = tuple(max(float(v), 0.0) for v in group["mean"].fillna(0.0))
        model = str(group["model"].iloc[0]) if "model" in group.columns else None
        rmse = errors.get((str(unique_id), model)) or errors.get((str(unique_id), None))
        if rmse is None:
            rmse = math.sqrt(sum(daily) / len(daily)) if daily else 0.0
        out.append(DemandOutlook(key[0], key[1], daily, rmse, past.get(str(unique_id), ())))
    return out


def _past(history: pd.DataFrame | None, as_of: dt.date, days: int) -> dict[str, tuple[float, ...]]:
    """Each series' daily demand over the `days` days up to `as_of`, from its first sale on (oldest first)."""
    if history is None or history.empty:
        return {}
    first = pd.Timestamp(as_of) - pd.Timedelta(days=days - 1)
    stamps = pd.to_datetime(history["ds"])
    recent = history[(stamps >= first) & (stamps <= pd.Timestamp(as_of))]
    grid = (
        recent.assign(ds=pd.to_datetime(recent["ds"]))
        .pivot_table(index="unique_id", columns="ds", values="y", aggfunc="sum")
        .reindex(columns=pd.date_range(first, pd.Timestamp(as_of), freq="D"))
    )
    found: dict[str, tuple[float, ...]] = {}
    for unique_id, row in grid.iterrows():
        sold = pd.notna(row).to_numpy()
        if sold.any():
            begin = int(sold.argmax())
            found[str(unique_id)] = tuple(float(v) for v in row.iloc[begin:].fillna(0.0))
    return found


def _errors(accuracy: pd.DataFrame | None) -> dict[tuple[str, str | None], float]:
    """Backtest RMSE per (series, model), and per series the best model's (under model None)."""
    found: dict[tuple[str, str | None], float] = {}
    if accuracy is None or accuracy.empty or "rmse_daily" not in accuracy.columns:
        return found
    rows: list[dict[str, Any]] = accuracy.to_dict("records")
    for row in rows:
        value = row.get("rmse_daily")
        if value is None or value != value:  # NaN: no backtest for this model
            continue
        uid, model = str(row["unique_id"]), row.get("model")
        found[(uid, None if model is None else str(model))] = float(value)
        best = found.get((uid, None))
        found[(uid, None)] = float(value) if best is None else min(best, float(value))
    return found
