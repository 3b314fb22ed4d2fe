"""The shopping calendar and the team's own events, as the anomaly detector receives them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sellerops.analytics.anomalies import KnownEvent
from sellerops.core.calendar import ShoppingEvent, shopping_events
from sellerops.rules.config import load_rules
from sellerops.rules.events import known_events

D = dt.date


def test_the_calendar_of_november_2025() -> None:
    # when the events of November 2025 are listed: the fourth Thursday is the 27th, so Black Friday is the 28th
    # and Cyber Monday 1 December; 11.11 on the Southeast Asian platforms and AliExpress
    events = shopping_events(D(2025, 11, 1), D(2025, 11, 30))
    # then
    assert events == [
        ShoppingEvent("11.11", D(2025, 11, 11), D(2025, 11, 11), "aliexpress"),
        ShoppingEvent("11.11", D(2025, 11, 11), D(2025, 11, 11), "lazada"),
        ShoppingEvent("11.11", D(2025, 11, 11), D(2025, 11, 11), "shopee"),
        ShoppingEvent("11.11", D(2025, 11, 11), D(2025, 11, 11), "tiktok"),
        ShoppingEvent("Black Friday to Cyber Monday", D(2025, 11, 28), D(2025, 12, 1)),
    ]


def test_black_friday_is_the_day_after_the_fourth_thursday() -> None:
    # 2026: 1 November is a Sunday, Thursdays 5, 12, 19, 26 → Black Friday 27 November
    # 2024: 1 November is a Friday, Thursdays 7, 14, 21, 28 → Black Friday 29 November
    fridays = {e.start_date for y in (2024, 2026) for e in shopping_events(D(y, 11, 1), D(y, 11, 30))
               if e.name.startswith("Black Friday")}  # fmt: skip
    assert fridays == {D(2024, 11, 29), D(2026, 11, 27)}


def test_known_events_give_each_marketplace_its_own_and_add_the_teams(tmp_path: Path) -> None:
    # given a team that knows its own Prime Day 2026 dates and a lightning deal on one SKU
    user = tmp_path / "rules.yaml"
    user.write_text(
        "events:\n"
        "  - {name: Prime Day 2026, start: 2026-07-14, end: 2026-07-15, marketplace: amazon.US}\n"
        "  - {name: Lightning deal, start: 2026-08-03, end: 2026-08-03, marketplace: amazon.UK, skus: [D-1]}\n",
        encoding="utf-8",
    )
    # when the events of July and August 2026 are asked for two Amazon marketplaces
    events = known_events(load_rules(user), marketplaces=["amazon.UK", "amazon.US"], start=D(2026, 7, 1),
                          end=D(2026, 8, 31))  # fmt: skip
    # then only the team's events fall in that window (2026's Prime Day is not in sellerops' list)
    assert events == (
        KnownEvent("Prime Day 2026", "shopping_event", D(2026, 7, 14), D(2026, 7, 15), "amazon.US"),
        KnownEvent("Lightning deal", "shopping_event", D(2026, 8, 3), D(2026, 8, 3), "amazon.UK", ("D-1",)),
    )
    # and a window holding Prime Day 2025 gives it once per Amazon marketplace, Boxing Day only to the UK
    july = known_events(load_rules(), marketplaces=["amazon.UK", "amazon.US", "shopee.SG"], start=D(2025, 7, 1),
                        end=D(2025, 7, 31))  # fmt: skip
    assert [(e.name, e.marketplace) for e in july] == [("Prime Day", "amazon.UK"), ("Prime Day", "amazon.US")]
    boxing = known_events(load_rules(), marketplaces=["amazon.UK", "amazon.US"], start=D(2025, 12, 26),
                          end=D(2025, 12, 26))  # fmt: skip
    assert [(e.name, e.marketplace) for e in boxing] == [("Boxing Day", "amazon.UK")]
