"""Promotion and holiday uplift: how much more (or less) a SKU sells on an event day than its baseline says.

Event days are kept out of the baseline fit. Each event's uplift is read from its past days, pooled over every SKU
it touched: the units sold on those days divided by what the baseline (the SKU's mean selling day of the 8 weeks
before, times the weekday index) would have sold. Pooling is deliberate: one SKU sees a given event a few times
a year at most, too few days to estimate its own reaction. An event never seen before, or seen on too little
baseline (under 5 units), gets no uplift, and the table says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sellerops.analytics.forecast.panel import Panel, mark_cells
from sellerops.errors import InputError

BASELINE_DAYS = 56
MIN_BASELINE_DAYS = 7
MIN_BASELINE_UNITS = 5.0


def check_events(events: pd.DataFrame | None) -> pd.DataFrame:
    """ds, event and, when the event is a SKU's own promotion, unique_id."""
    columns = ["ds", "event"]
    if events is None or events.empty:
        return pd.DataFrame({"ds": pd.Series(dtype="datetime64[ns]"), "event": pd.Series(dtype=str)})
    missing = [c for c in columns if c not in events.columns]
    if missing:
        raise InputError(
            f"events table lacks the column(s) {', '.join(missing)}; pass ds and event (a name per promotion or "
            "holiday day), with unique_id when an event concerns one SKU only"
        )
    keep = [*columns, "unique_id"] if "unique_id" in events.columns else columns
    frame = events[keep].copy()
    frame["ds"] = pd.to_datetime(frame["ds"]).dt.normalize()
    frame["event"] = frame["event"].astype(str)
    if "unique_id" in frame.columns:
        named = frame["unique_id"].notna()
        frame["unique_id"] = frame["unique_id"].astype(object).where(~named, frame["unique_id"].astype(str))
    return frame.drop_duplicates(ignore_index=True)


def event_marks(events: pd.DataFrame, ids: np.ndarray, days: pd.DatetimeIndex) -> dict[str, np.ndarray]:
    """Per event name, the (n, d) cells it covers on the given calendar."""
    return {str(name): mark_cells(rows, ids, days) for name, rows in events.groupby("event", sort=True)}


def estimate_uplifts(panel: Panel, past: dict[str, np.ndarray], names: list[str]) -> pd.DataFrame:
    """event, uplift (NaN when not estimable), event_days, baseline_units — one row per event name."""
    day_index = panel.day_index()
    usable_index = np.where(day_index > 0, day_index, 1.0)
    adjusted = np.where(panel.clean, panel.sales / usable_index, 0.0)
    n = adjusted.shape[0]
    total = np.concatenate([np.zeros((n, 1)), np.cumsum(adjusted, axis=1)], axis=1)
    count = np.concatenate([np.zeros((n, 1)), np.cumsum(panel.clean, axis=1)], axis=1)
    upto = np.arange(adjusted.shape[1])
    since = np.maximum(upto - BASELINE_DAYS, 0)
    days = count[:, upto] - count[:, since]
    with np.errstate(invalid="ignore", divide="ignore"):
        level = (total[:, upto] - total[:, since]) / days
    baseline = np.where(days >= MIN_BASELINE_DAYS, level, np.nan) * day_index[None, :]
    observed = ~np.isnan(panel.sales) & ~panel.censored & ~panel.closed[None, :]
    rows = []
    for name in names:
        cells = past.get(name, np.zeros_like(observed)) & observed & ~np.isnan(baseline)
        actual = float(panel.sales[cells].sum())
        expected = float(baseline[cells].sum())
        uplift = actual / expected if expected >= MIN_BASELINE_UNITS else float("nan")
        rows.append(
            {"event": name, "uplift": uplift, "event_days": int(cells.sum()), "baseline_units": expected}
        )
    return pd.DataFrame(rows, columns=["event", "uplift", "event_days", "baseline_units"])


def future_factors(
    future: dict[str, np.ndarray], uplifts: pd.DataFrame, shape: tuple[int, int]
) -> np.ndarray:
    """(n, horizon) multipliers for the future days: 1 where no event, else the event's uplift; when several events
    fall on one cell, the strongest effect (largest |log uplift|) applies."""
    factor = np.ones(shape)
    known = dict(zip(uplifts["event"], uplifts["uplift"], strict=True))
    for name, cells in future.items():
        uplift = known.get(name, float("nan"))
        if not np.isfinite(uplift) or uplift <= 0:
            continue
        stronger = cells & (abs(np.log(uplift)) > np.abs(np.log(factor)))
        factor[stronger] = uplift
    return factor
