"""The events the anomaly detector should know: sellerops' shopping calendar and the team's own `events:`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sellerops.analytics.anomalies import KnownEvent
from sellerops.core.calendar import shopping_events
from sellerops.rules.config import RulesConfig


def known_events(
    config: RulesConfig, *, marketplaces: Sequence[str], start: dt.date, end: dt.date
) -> tuple[KnownEvent, ...]:
    """One KnownEvent per calendar event and marketplace it applies to, then the rules file's events."""
    found = [
        KnownEvent(e.name, "shopping_event", e.start_date, e.end_date, market)
        for e in shopping_events(start, end)
        for market in marketplaces
        if e.applies_to(market)
    ]
    found += [e for e in config.events if e.start_date <= end and start <= e.end_date]
    return tuple(found)
