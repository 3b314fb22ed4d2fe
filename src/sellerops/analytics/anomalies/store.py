"""The daily SKU panels read once per check and cut to each detector's window, instead of read by each one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from sellerops.analytics.anomalies.series import Panel, read_panels


@dataclass(frozen=True)
class _Read:
    start: dt.date
    end: dt.date
    panels: dict[str, Panel]
    reported: dict[str, np.ndarray]


class PanelStore:
    """Hands out `load_panels(tables, start=, end=)`, reading the warehouse only when a window reaches beyond the
    last one read: the morning check asks for the sales detector's window, then the narrower one of the category
    rule. Asked twice for the same window, it hands out the same panels: detectors only read them."""

    def __init__(self, tables: Mapping[str, Any]) -> None:
        self.tables = tables
        self._read: _Read | None = None

    def panels(self, *, start: dt.date, end: dt.date) -> dict[str, Panel]:
        read = self._read
        if read is None or not (read.start <= start and end <= read.end):
            read = self._read = _Read(start, end, *read_panels(self.tables, start=start, end=end))
        if (read.start, read.end) == (start, end):
            return read.panels
        return {
            market: cut
            for market, panel in read.panels.items()
            if (cut := _cut(panel, read.reported[market], start=start, end=end)) is not None
        }


def _cut(panel: Panel, reported: np.ndarray, *, start: dt.date, end: dt.date) -> Panel | None:
    """The panel `load_panels` gives for start..end, from one of a wider window: the SKUs with a sales_traffic row
    in the window (None if there is none) and its days. Every cell is filled from its own SKU and day, so the cut
    holds the values a read of the narrower window would. (A SKU whose rows disagree on the parent ASIN keeps the
    wider read's first; in the narrower read it would be whichever row came first.)"""
    lo, hi = panel.index(start), panel.index(end) + 1
    rows = np.flatnonzero(reported[:, lo:hi].any(axis=1))
    if len(rows) == 0:
        return None
    position = np.full(len(panel.skus), -1)
    position[rows] = np.arange(len(rows))
    promo_ids = {}
    for (i, t), name in panel.promo_ids.items():
        if position[i] >= 0 and lo <= t < hi:
            promo_ids[(int(position[i]), t - lo)] = name
    return Panel(
        panel.marketplace, panel.currency, panel.days[lo:hi], [panel.skus[i] for i in rows],
        [panel.parent_asin[i] for i in rows],
        **{name: getattr(panel, name)[rows, lo:hi] for name in _ARRAYS}, promo_ids=promo_ids,
    )  # fmt: skip


_ARRAYS = (
    "sessions", "units", "sales", "buy_box", "fulfillable", "inbound", "listing_inactive", "listing_price",
    "order_lines", "promo_lines", "mfn_shipped", "mfn_late", "mfn_lag_hours", "defect_returns", "negative_feedback",
)  # fmt: skip
