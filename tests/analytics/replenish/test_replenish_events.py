"""Promotions and shopping events as the per-SKU event days a plan's forecast reads."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from sellerops.analytics.anomalies import KnownEvent
from sellerops.analytics.replenish import event_days, promotion_event

D = dt.date
KEYS = {
    "amazon.US|A": ("A", "amazon.US"),
    "amazon.US|B": ("B", "amazon.US"),
    "amazon.UK|A": ("A", "amazon.UK"),
}


def _rows(frame: pd.DataFrame) -> list[tuple[str, str, str]]:
    return [(u, f"{ds:%m-%d}", e) for u, ds, e in frame.itertuples(index=False)]


def test_each_event_covers_its_marketplaces_and_skus_within_the_window() -> None:
    # given a US-wide event that starts before the window, a promotion of A on the US, a UK event that ends after
    # the window, an event of every marketplace, and one outside the window
    events = [
        KnownEvent("Prime Day 2026", "shopping_event", D(2026, 6, 29), D(2026, 7, 2), "amazon.US"),
        promotion_event("amazon.US", "A", "coupon", D(2026, 7, 2), D(2026, 7, 2)),
        KnownEvent("UK summer sale", "shopping_event", D(2026, 7, 3), D(2026, 7, 9), "amazon.UK"),
        KnownEvent("Site-wide sale", "shopping_event", D(2026, 7, 2), D(2026, 7, 2)),
        KnownEvent("Brand day", "shopping_event", D(2026, 7, 5), D(2026, 7, 5), "amazon.US"),
    ]
    # when they are laid on 1–3 July
    frame = event_days(events, KEYS, start=D(2026, 7, 1), end=D(2026, 7, 3))
    # then Prime Day (named without its year) covers both US SKUs on 1 and 2 July, the coupon US A alone, UK summer sale
    # the UK SKU on 3 July, the every-marketplace event all three series on 2 July; the brand day falls outside
    assert list(frame.columns) == ["unique_id", "ds", "event"]
    assert _rows(frame) == [
        ("amazon.UK|A", "07-02", "Site-wide sale"),
        ("amazon.UK|A", "07-03", "UK summer sale"),
        ("amazon.US|A", "07-01", "Prime Day"),
        ("amazon.US|A", "07-02", "Prime Day"),
        ("amazon.US|A", "07-02", "Site-wide sale"),
        ("amazon.US|A", "07-02", "promotion: coupon"),
        ("amazon.US|B", "07-01", "Prime Day"),
        ("amazon.US|B", "07-02", "Prime Day"),
        ("amazon.US|B", "07-02", "Site-wide sale"),
    ]


def test_a_promotion_is_named_by_its_type_so_that_its_uplift_is_learnt_from_past_ones() -> None:
    # a promotion id never recurs; its type does. Without a type it is a plain "promotion"
    assert promotion_event("amazon.US", "A", "lightning_deal", D(2026, 7, 1), D(2026, 7, 2)) == KnownEvent(
        "promotion: lightning_deal", "lightning_deal", D(2026, 7, 1), D(2026, 7, 2), "amazon.US", ("A",)
    )
    assert promotion_event("amazon.US", "A", None, D(2026, 7, 1), D(2026, 7, 1)).name == "promotion"


def test_no_events_give_an_empty_table_of_the_same_columns() -> None:
    frame = event_days([], KEYS, start=D(2026, 7, 1), end=D(2026, 7, 3))
    assert (list(frame.columns), len(frame)) == (["unique_id", "ds", "event"], 0)


def test_a_promotion_of_a_sku_not_planned_is_left_out() -> None:
    frame = event_days(
        [promotion_event("amazon.US", "Z", "coupon", D(2026, 7, 1), D(2026, 7, 1))],
        KEYS,
        start=D(2026, 7, 1),
        end=D(2026, 7, 3),
    )
    assert _rows(frame) == []
