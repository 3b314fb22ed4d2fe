"""The shopping events every seller lives through, so a rise on those days is read as the event and not as news.

Rule-based events recur by the calendar: Black Friday to Cyber Monday (the day after the fourth Thursday of
November through the Monday after) on every marketplace; the "double" days of the Southeast Asian and Chinese
platforms (9.9, 10.10, 11.11, 12.12 on Shopee, Lazada, TikTok Shop; 11.11 on AliExpress); Boxing Day in the UK.
Amazon's Prime Day and Prime Big Deal Days move every year and are announced a few weeks ahead: the years below
are the dates Amazon announced; a later year's dates go in the rules file (`events:`) once they are known.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

D = dt.date

# Amazon's announced dates (press releases of each year), both days included.
PRIME_DAYS: tuple[tuple[str, D, D], ...] = (
    ("Prime Day", D(2022, 7, 12), D(2022, 7, 13)),
    ("Prime Early Access Sale", D(2022, 10, 11), D(2022, 10, 12)),
    ("Prime Day", D(2023, 7, 11), D(2023, 7, 12)),
    ("Prime Big Deal Days", D(2023, 10, 10), D(2023, 10, 11)),
    ("Prime Day", D(2024, 7, 16), D(2024, 7, 17)),
    ("Prime Big Deal Days", D(2024, 10, 8), D(2024, 10, 9)),
    ("Prime Day", D(2025, 7, 8), D(2025, 7, 11)),
    ("Prime Big Deal Days", D(2025, 10, 7), D(2025, 10, 8)),
)
DOUBLE_DAY_PLATFORMS = ("shopee", "lazada", "tiktok")


@dataclass(frozen=True)
class ShoppingEvent:
    """An event on one platform (None: all) or one marketplace (None: all of the platform), both days included."""

    name: str
    start_date: D
    end_date: D
    platform: str | None = None
    marketplace: str | None = None

    def applies_to(self, marketplace: str) -> bool:
        platform = marketplace.split(".")[0]
        return (self.platform is None or self.platform == platform) and (
            self.marketplace is None or self.marketplace == marketplace
        )


def _fourth_thursday(year: int) -> D:
    first = D(year, 11, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)


def shopping_events(start: D, end: D) -> list[ShoppingEvent]:
    """Every known event that overlaps start..end, in date order."""
    events: list[ShoppingEvent] = []
    for year in range(start.year, end.year + 1):
        black_friday = _fourth_thursday(year) + dt.timedelta(days=1)
        events.append(
            ShoppingEvent("Black Friday to Cyber Monday", black_friday, black_friday + dt.timedelta(days=3))
        )
        for month in (9, 10, 11, 12):
            for platform in DOUBLE_DAY_PLATFORMS:
                events.append(
                    ShoppingEvent(f"{month}.{month}", D(year, month, month), D(year, month, month), platform)
                )
        events.append(ShoppingEvent("11.11", D(year, 11, 11), D(year, 11, 11), "aliexpress"))
        events.append(ShoppingEvent("Boxing Day", D(year, 12, 26), D(year, 12, 26), marketplace="amazon.UK"))
    events += [ShoppingEvent(name, a, b, "amazon") for name, a, b in PRIME_DAYS]
    found = [e for e in events if e.start_date <= end and start <= e.end_date]
    return sorted(found, key=lambda e: (e.start_date, e.name, e.platform or "", e.marketplace or ""))
