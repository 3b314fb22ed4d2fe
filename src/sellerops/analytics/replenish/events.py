"""The promotions and shopping events a plan's forecast knows, as the per-SKU event days `forecast_demand` reads.

Past event days are kept out of the forecast's baseline and measure each event's uplift; future days get it. The
uplift is pooled by event name, so the name decides what a future event learns from: a shopping event is named as
the calendar names it, without a year (the team's "Prime Day 2026" learns from the calendar's past "Prime Day"), a
promotion by its type (a deal next month learns from the seller's past deals: a promotion id never recurs, so it
would have no past days of its own).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from sellerops.analytics.anomalies import KnownEvent

_YEAR = re.compile(r"(?<!\S)(?:19|20)\d{2}(?!\S)")  # a year standing as a word of its own


def promotion_event(
    marketplace: str, sku: str, promotion_type: str | None, start_date: dt.date, end_date: dt.date
) -> KnownEvent:
    """One SKU's promotion, named by its type ("promotion: lightning_deal"; "promotion" when the type is unknown)."""
    kind = promotion_type or "promotion"
    name = f"promotion: {promotion_type}" if promotion_type else "promotion"
    return KnownEvent(name, kind, start_date, end_date, marketplace, (sku,))


def event_name(name: str) -> str:
    """The name an event's uplift is pooled under: without a year, which would keep it from its past editions."""
    return " ".join(_YEAR.sub(" ", name).split()) or name


def event_days(
    events: Sequence[KnownEvent], keys: Mapping[str, tuple[str, str]], *, start: dt.date, end: dt.date
) -> pd.DataFrame:
    """unique_id, ds, event: one row per series and day, within start..end, of each event that covers it; `event`
    is the event's name without a year (`event_name`).

    `keys` maps each series' unique_id to its (sku, marketplace). An event without a marketplace covers every
    marketplace, one without SKUs every SKU of its marketplaces (`KnownEvent.covers`)."""
    by_series = {series: unique_id for unique_id, series in keys.items()}
    rows: list[tuple[str, dt.date, str]] = []
    for event in events:
        first, last = max(event.start_date, start), min(event.end_date, end)
        if first > last:
            continue
        if event.marketplace is not None and event.skus:  # a promotion: look its SKUs up, not every series
            named = [(sku, event.marketplace) for sku in event.skus]
            covered = [by_series[series] for series in named if series in by_series]
        else:
            covered = [uid for uid, (sku, market) in keys.items() if event.covers(market, sku, first, last)]
        days = [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]
        name = event_name(event.name)
        rows += [(unique_id, day, name) for unique_id in covered for day in days]
    frame = pd.DataFrame(rows, columns=["unique_id", "ds", "event"])
    frame["ds"] = pd.to_datetime(frame["ds"])
    return frame.drop_duplicates().sort_values(["unique_id", "ds", "event"], ignore_index=True)
