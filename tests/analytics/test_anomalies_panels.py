"""The daily panels: filled from the warehouse in whole arrays, read once and cut per detector; the medians."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
from anomaly_rows import START, add_stock, add_traffic, tables

from sellerops.analytics.anomalies import PanelStore
from sellerops.analytics.anomalies.baseline import nan_median, trailing
from sellerops.analytics.anomalies.series import Panel, load_panels
from sellerops.warehouse import Warehouse

NAN = np.nan


def same_panel(a: Panel, b: Panel) -> bool:
    for f in dataclasses.fields(Panel):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            if not (x.dtype == y.dtype and np.array_equal(x, y, equal_nan=x.dtype.kind == "f")):
                return False
        elif x != y:
            return False
    return True


class CountingTables(dict[str, Any]):
    """Warehouse tables that count how often a detector asks for sales_traffic (once per read of the panels)."""

    reads = 0

    def __getitem__(self, name: str) -> Any:
        self.reads += name == "sales_traffic"
        return super().__getitem__(name)


def test_nan_median_takes_the_middle_number_or_halves_the_two_middle_ones() -> None:
    # given slices with an odd and an even count of numbers among NaN, and one with no number at all
    values = np.array(
        [[1.0, NAN, 10.0, 3.0], [4.0, 1.0, NAN, 2.0], [1.0, 4.0, 2.0, 3.0], [NAN, NAN, NAN, NAN]]
    )
    # when their medians are taken (pytest turns any warning into an error: an all-NaN slice raises none)
    medians = nan_median(values)
    # then 3 of (1, 3, 10), 2 of (1, 2, 4), (2 + 3) / 2 of (1, 2, 3, 4), and NaN
    assert np.array_equal(medians, [3.0, 2.0, 2.5, NAN], equal_nan=True)


def test_trailing_mean_of_counts_and_of_fractions() -> None:
    # given a count series with a missing day, and the same halved (no longer whole numbers)
    counts = np.array([[1.0, 2.0, NAN, 4.0, 5.0, 6.0]])
    # when each day's mean of the 3 days that end 1 day before it is taken (1 known day is enough)
    of_counts = trailing(counts, window=3, lag=1, stat="mean")
    of_halves = trailing(counts / 2, window=3, lag=1, stat="mean")
    # then day 2 has day 0 (1), day 3 days 0-1 (1.5), day 4 days 0-2 (1.5, one missing), day 5 days 1-3 (3)
    assert np.array_equal(of_counts, [[NAN, NAN, 1.0, 1.5, 1.5, 3.0]], equal_nan=True)
    assert np.array_equal(of_halves, [[NAN, NAN, 0.5, 0.75, 0.75, 1.5]], equal_nan=True)


def _seller(warehouse: Warehouse) -> None:
    # OLD sells on the first 10 days only; NEW every day, with a price shown 20.00 and a listing made inactive
    # (" Inactive ", as a report may spell it) on day 30, and one order with a promotion on day 25
    add_traffic(warehouse, "OLD", START + dt.timedelta(days=9), lambda d: (50, 5, "10.00"))
    add_traffic(warehouse, "NEW", START + dt.timedelta(days=40), lambda d: (100, 10, "20.00"), parent="P2")
    add_stock(warehouse, "NEW", START + dt.timedelta(days=40), lambda d: 200)
    warehouse.con.execute(
        "INSERT INTO listing (marketplace, sku, snapshot_date, price, status, import_id) VALUES "
        "('amazon.US', 'NEW', ?, 20.00, 'Active', 1), ('amazon.US', 'NEW', ?, 21.00, ' Inactive ', 1)",
        [START + dt.timedelta(days=29), START + dt.timedelta(days=30)],
    )
    at = dt.datetime(2026, 5, 26, 9, tzinfo=dt.UTC)
    warehouse.con.execute(
        "INSERT INTO order_line (marketplace, order_id, line_id, purchase_at, purchase_date, order_status, sku, "
        "quantity, promotion_ids, import_id) VALUES ('amazon.US', 'O1', '1', ?, ?, 'Shipped', 'NEW', 1, 'SPRING', 1)",
        [at, at.date()],
    )


def test_panels_are_filled_cell_by_cell(warehouse: Warehouse) -> None:
    # given the seller
    _seller(warehouse)
    # when days 20..40 are loaded
    panel = load_panels(
        tables(warehouse), start=START + dt.timedelta(days=20), end=START + dt.timedelta(days=40)
    )
    # then only NEW (OLD has no row in those days), 100 sessions, 10 units and 200.00 a day, 200 in stock; the
    # listing's price on days 9 and 10 of the window and inactive on day 10; the promotion's order on day 5
    (market,) = panel
    p = panel[market]
    assert (market, p.currency, p.skus, p.parent_asin, len(p.days)) == (
        "amazon.US",
        "USD",
        ["NEW"],
        ["P2"],
        21,
    )
    assert np.array_equal(p.sessions, np.full((1, 21), 100.0))
    assert np.array_equal(p.sales, np.full((1, 21), 200.0))
    assert np.array_equal(p.fulfillable, np.full((1, 21), 200.0))
    assert np.array_equal(p.listing_price, [[NAN] * 9 + [20.0, 21.0] + [NAN] * 10], equal_nan=True)
    assert np.flatnonzero(p.listing_inactive[0]).tolist() == [10]
    assert np.flatnonzero(p.order_lines[0]).tolist() == [5]
    assert np.flatnonzero(p.promo_lines[0]).tolist() == [5]
    assert p.promo_ids == {(0, 5): "SPRING"}


def test_store_reads_once_and_cuts_the_narrower_window(warehouse: Warehouse) -> None:
    # given the seller, and a store over its tables
    _seller(warehouse)
    wide, narrow = START + dt.timedelta(days=5), START + dt.timedelta(days=20)
    end = START + dt.timedelta(days=40)
    counted = CountingTables(tables(warehouse))
    store = PanelStore(counted)
    # when the wide window is asked for, then a narrower one that ends the same day
    first = store.panels(start=wide, end=end)
    second = store.panels(start=narrow, end=end)
    # then the warehouse was read once; the wide window has both SKUs, the narrow one only NEW, and each is what
    # a read of its own window gives, the promotion's order moved to day 5 of the narrow window
    assert counted.reads == 1
    assert (first["amazon.US"].skus, second["amazon.US"].skus) == (["NEW", "OLD"], ["NEW"])
    assert second["amazon.US"].promo_ids == {(0, 5): "SPRING"}
    direct: Mapping[str, Panel] = load_panels(tables(warehouse), start=narrow, end=end)
    assert same_panel(second["amazon.US"], direct["amazon.US"])
    assert same_panel(first["amazon.US"], load_panels(tables(warehouse), start=wide, end=end)["amazon.US"])


def test_store_reads_again_for_a_window_beyond_the_last_read(warehouse: Warehouse) -> None:
    # given the seller and a store that read days 20..40
    _seller(warehouse)
    counted = CountingTables(tables(warehouse))
    store = PanelStore(counted)
    store.panels(start=START + dt.timedelta(days=20), end=START + dt.timedelta(days=40))
    # when days 0..40 are asked for
    panels = store.panels(start=START, end=START + dt.timedelta(days=40))
    # then the warehouse is read again, and OLD is back
    assert counted.reads == 2
    assert panels["amazon.US"].skus == ["NEW", "OLD"]
