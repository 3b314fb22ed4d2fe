"""The demo's calendar: the days it covers, weekly and yearly seasonality, and the shopping events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

# Relative demand by month (mid-month anchor), the shape a general-merchandise seller sees: January lull,
# flat summer, Q4 ramp into the December peak.
_MONTH_LEVEL = (0.84, 0.86, 0.92, 0.95, 0.97, 0.96, 1.0, 1.0, 0.97, 1.04, 1.28, 1.42)
# Monday = 0; online shopping peaks Sunday-Monday and dips Friday-Saturday.
_WEEKDAY_LEVEL = (1.07, 1.03, 1.0, 0.98, 0.93, 0.93, 1.06)


@dataclass(frozen=True)
class ShoppingEvent:
    name: str
    start: date
    end: date
    traffic: float  # multiplier on sessions on these days
    deals: bool  # lightning deals run on selected SKUs


def history_start(end: date, months: int) -> date:
    """The first day of `months` months of history ending on `end` (inclusive)."""
    year, month = end.year, end.month - months
    while month <= 0:
        month += 12
        year -= 1
    day = min(end.day, _days_in_month(year, month))
    return date(year, month, day) + timedelta(days=1)


def _days_in_month(year: int, month: int) -> int:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


def day_range(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def shopping_events(days: list[date]) -> list[ShoppingEvent]:
    """Prime Day (July), Prime Big Deal Days (October), Black Friday to Cyber Monday, the Christmas lull."""
    events = []
    for year in sorted({d.year for d in days}):
        prime = _nth_weekday(year, 7, 1, 2)
        events.append(ShoppingEvent("Prime Day", prime, prime + timedelta(days=1), 2.3, True))
        big_deal = _nth_weekday(year, 10, 1, 2)
        events.append(
            ShoppingEvent("Prime Big Deal Days", big_deal, big_deal + timedelta(days=1), 1.45, True)
        )
        black_friday = _nth_weekday(year, 11, 3, 4) + timedelta(days=1)
        events.append(
            ShoppingEvent(
                "Black Friday week",
                black_friday - timedelta(days=4),
                black_friday - timedelta(days=1),
                1.3,
                False,
            )
        )
        events.append(
            ShoppingEvent(
                "Black Friday to Cyber Monday", black_friday, black_friday + timedelta(days=3), 2.0, True
            )
        )
        events.append(ShoppingEvent("After Christmas", date(year, 12, 23), date(year, 12, 31), 0.75, False))
    return [e for e in events if e.end >= days[0] and e.start <= days[-1]]


def season_curve(days: list[date], events: list[ShoppingEvent]) -> np.ndarray:
    """Daily demand level (about 1.0) from the month curve, the weekday and the shopping events."""
    anchors = []
    levels = []
    for year in range(days[0].year - 1, days[-1].year + 2):
        for month, level in enumerate(_MONTH_LEVEL, 1):
            anchors.append(date(year, month, 15).toordinal())
            levels.append(level)
    ordinals = np.array([d.toordinal() for d in days], dtype=float)
    curve = np.interp(ordinals, np.array(anchors, dtype=float), np.array(levels))
    curve *= np.array([_WEEKDAY_LEVEL[d.weekday()] for d in days])
    index = {d: i for i, d in enumerate(days)}
    for event in events:
        for i in (index[d] for d in day_range(event.start, event.end) if d in index):
            curve[i] *= event.traffic
    result: np.ndarray = curve
    return result
